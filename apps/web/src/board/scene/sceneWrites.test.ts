import { isHidden, toYValue } from '@meshtable/campaign';
import { ACTIVE_SCENE_META_KEY, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { fakeBoardSession } from '../campaignBoard/fakeBoardSession';
import { pickViewedScene, readActiveSceneId, readSceneEntries } from './sceneRecords';
import {
  activateScene,
  createScene,
  moveSceneInList,
  newSceneRecord,
  setSceneHidden,
  updateScene,
} from './sceneWrites';

const names = (session: ReturnType<typeof fakeBoardSession>) =>
  readSceneEntries(session.table, session.gm).map(
    (e) => `${e.scene.name}${e.hidden ? ' (hidden)' : ''}${e.active ? ' *' : ''}`,
  );

describe('scene writes', () => {
  it('creates scenes hidden, last in the list', () => {
    const session = fakeBoardSession({ role: 'gm', validating: false });
    const crypt = createScene(session, 'Crypt');
    createScene(session, 'Tower');
    expect(names(session)).toEqual(['Crypt (hidden)', 'Tower (hidden)']);
    expect(isHidden(session.gm as never, 'scenes', crypt)).toBe(true);
    expect(session.table.getMap(TABLE_MAPS.scenes).size).toBe(0);
  });

  it('moves the party: shares a hidden scene and makes it the active one', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    activateScene(session, crypt);
    expect(readActiveSceneId(session.table)).toBe(crypt);
    expect(names(session)).toEqual(['Crypt *']);
    expect(session.table.getMap(TABLE_MAPS.meta).get(ACTIVE_SCENE_META_KEY)).toEqual({
      sceneId: crypt,
    });
  });

  it('hides the active scene again and leaves the party nowhere', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    activateScene(session, crypt);
    setSceneHidden(session, crypt, true);
    expect(names(session)).toEqual(['Crypt (hidden)']);
    expect(readActiveSceneId(session.table)).toBeNull();
  });

  it('moving the party needs the GM device that runs the table', () => {
    const session = fakeBoardSession({ role: 'gm', validating: false });
    const crypt = createScene(session, 'Crypt');
    expect(() => activateScene(session, crypt)).toThrow(
      expect.objectContaining({ code: 'BOARD_NOT_VALIDATING' }),
    );
    expect(names(session)).toEqual(['Crypt (hidden)']);
  });

  it('edits a hidden scene in the gm doc and a shared one in the table doc', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    updateScene(session, crypt, { name: 'The crypt' });
    setSceneHidden(session, crypt, false);
    updateScene(session, crypt, { grid: { ...newSceneRecord('x', 'x', 0).grid, type: 'hexRows' } });
    expect(readSceneEntries(session.table, session.gm)[0]?.scene).toMatchObject({
      name: 'The crypt',
      grid: { type: 'hexRows' },
    });
    expect(() => updateScene(session, crypt, { width: 0 })).toThrow(/invalid/);
  });

  it('reorders across both docs, writing only the scenes whose place changes', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const a = createScene(session, 'A');
    const b = createScene(session, 'B');
    createScene(session, 'C');
    setSceneHidden(session, b, false);
    moveSceneInList(session, b, -1);
    expect(names(session)).toEqual(['B', 'A (hidden)', 'C (hidden)']);
    moveSceneInList(session, a, 1);
    expect(names(session)).toEqual(['B', 'C (hidden)', 'A (hidden)']);
    // Past either end: nothing happens.
    moveSceneInList(session, b, -1);
    expect(names(session)).toEqual(['B', 'C (hidden)', 'A (hidden)']);
  });

  it('shows players the active scene, else the first shared one; a choice wins while it exists', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const a = newSceneRecord('a', 'A', 0);
    const b = newSceneRecord('b', 'B', 1);
    session.table.transact(() => {
      session.table.getMap(TABLE_MAPS.scenes).set('a', toYValue(a as never));
      session.table.getMap(TABLE_MAPS.scenes).set('b', toYValue(b as never));
    });
    const entries = () => readSceneEntries(session.table, null);
    expect(pickViewedScene(entries(), null)?.scene.id).toBe('a');
    activateScene(session, 'b');
    expect(pickViewedScene(entries(), null)?.scene.id).toBe('b');
    expect(pickViewedScene(entries(), 'a')?.scene.id).toBe('a');
    expect(pickViewedScene(entries(), 'gone')?.scene.id).toBe('b');
    expect(pickViewedScene([], null)).toBeNull();
  });
});
