import { addHiddenToken, isHidden, toYValue } from '@meshtable/campaign';
import { tokenRecord } from '@meshtable/campaign/testing';
import { ACTIVE_SCENE_META_KEY, GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { fakeBoardSession } from '../campaignBoard/fakeBoardSession';
import { pickViewedScene, readActiveSceneId, readSceneEntries } from './sceneRecords';
import {
  activateScene,
  createScene,
  deleteScene,
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
    // Written here: no intent to wait for.
    expect(activateScene(session, crypt)).toBeNull();
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

  it('moves the party from a GM device that does not run the table: a reveal decided, a gm.edit sent', () => {
    const session = fakeBoardSession({ role: 'gm', validating: false });
    const crypt = createScene(session, 'Crypt');
    // What it returns is the intent sent, whose receipt the scene panel watches for a refusal.
    expect(activateScene(session, crypt)).toMatchObject({ id: expect.any(String) });
    // The validating device carries the reveal out (watchHidden) and commits the move.
    expect(session.gm?.getMap(GM_MAPS.revealing).has(`scenes/${crypt}`)).toBe(true);
    expect(session.requestedIntents).toEqual([
      {
        kind: 'gm.edit',
        payload: {
          changes: [
            {
              op: 'set',
              collection: 'meta',
              id: ACTIVE_SCENE_META_KEY,
              path: [],
              value: { sceneId: crypt },
            },
          ],
        },
      },
    ]);
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

describe('deleting a scene', () => {
  /** A GM's table with two shared scenes, each with a token, fog, a template, a drawing and an encounter. */
  function table() {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    const tower = createScene(session, 'Tower');
    activateScene(session, tower);
    activateScene(session, crypt);
    session.table.transact(() => {
      for (const sceneId of [crypt, tower]) {
        const put = (map: string, id: string, record: object) =>
          session.table.getMap(map).set(id, toYValue(record as never));
        put(TABLE_MAPS.tokens, `token-${sceneId}`, tokenRecord(`token-${sceneId}`, sceneId));
        put(TABLE_MAPS.annotations, `drawing-${sceneId}`, { id: `drawing-${sceneId}`, sceneId });
        put(TABLE_MAPS.combat, `fight-${sceneId}`, { id: `fight-${sceneId}`, sceneId });
        put(TABLE_MAPS.templates, `template-${sceneId}`, { id: `template-${sceneId}`, sceneId });
        session.table.getMap(TABLE_MAPS.fog).set(`${sceneId}/edit-1`, { kind: 'reveal' });
      }
    });
    addHiddenToken(session.table, session.gm as never, tokenRecord('lurker', crypt));
    return { session, crypt, tower };
  }
  const keys = (session: ReturnType<typeof fakeBoardSession>, map: string) =>
    [...session.table.getMap(map).keys()].sort();

  it('takes everything on the scene with it, and moves the party off it', () => {
    const { session, crypt, tower } = table();
    expect(readActiveSceneId(session.table)).toBe(crypt);
    deleteScene(session, crypt);
    expect(names(session)).toEqual(['Tower']);
    expect(keys(session, TABLE_MAPS.tokens)).toEqual([`token-${tower}`]);
    expect(keys(session, TABLE_MAPS.annotations)).toEqual([`drawing-${tower}`]);
    expect(keys(session, TABLE_MAPS.combat)).toEqual([`fight-${tower}`]);
    expect(keys(session, TABLE_MAPS.fog)).toEqual([`${tower}/edit-1`]);
    expect(readActiveSceneId(session.table)).toBeNull();
    expect(isHidden(session.gm as never, 'tokens', 'lurker')).toBe(false);
    expect(session.gm?.getMap('tokens').has('lurker')).toBe(false);
  });

  it('deletes a hidden scene and its hidden tokens from the gm doc', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const vault = createScene(session, 'Vault');
    addHiddenToken(session.table, session.gm as never, tokenRecord('guard', vault));
    deleteScene(session, vault);
    expect(names(session)).toEqual([]);
    expect(session.gm?.getMap('scenes').size).toBe(0);
    expect(session.gm?.getMap('tokens').size).toBe(0);
  });

  it('is refused to players, and for no scene', () => {
    const { session, crypt } = table();
    const player = fakeBoardSession({ role: 'player', validating: false });
    expect(() => deleteScene(player, crypt)).toThrow(
      expect.objectContaining({ code: 'BOARD_NOT_GM' }),
    );
    expect(() => deleteScene(session, 'no-such-scene')).toThrow(
      expect.objectContaining({ code: 'BOARD_NO_SUCH_RECORD' }),
    );
    expect(names(session)).toEqual(['Crypt *', 'Tower']);
  });
});

describe('a GM device that does not run the table', () => {
  it('asks the one that does, with gm.edit, to change a shared scene', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    activateScene(session, crypt);
    session.setState({ validating: false });
    updateScene(session, crypt, { name: 'The Crypt', width: 2100 });
    expect(session.requestedIntents).toEqual([
      {
        kind: 'gm.edit',
        payload: {
          changes: [
            { op: 'set', collection: 'scenes', id: crypt, path: ['name'], value: 'The Crypt' },
            { op: 'set', collection: 'scenes', id: crypt, path: ['width'], value: 2100 },
          ],
        },
      },
    ]);
    // Nothing is written here: the table doc changes when the validator commits the edit.
    expect(names(session)).toEqual(['Crypt *']);
  });

  it('sends a shared scene’s deletion, and deletes its hidden tokens from the gm doc itself', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    activateScene(session, crypt);
    addHiddenToken(session.table, session.gm as never, tokenRecord('lurker', crypt));
    session.setState({ validating: false });
    deleteScene(session, crypt);
    // One change: the validator takes what is on the scene along as it commits it.
    expect(session.requestedIntents).toEqual([
      {
        kind: 'gm.edit',
        payload: { changes: [{ op: 'delete', collection: 'scenes', id: crypt, path: [] }] },
      },
    ]);
    expect(names(session)).toEqual(['Crypt *']);
    expect(session.gm?.getMap('tokens').has('lurker')).toBe(false);
  });

  it('hides the party’s scene and sends the party off it', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    const crypt = createScene(session, 'Crypt');
    activateScene(session, crypt);
    session.setState({ validating: false });
    setSceneHidden(session, crypt, true);
    expect(session.requestedIntents).toEqual([
      {
        kind: 'gm.edit',
        payload: {
          changes: [{ op: 'delete', collection: 'meta', id: ACTIVE_SCENE_META_KEY, path: [] }],
        },
      },
    ]);
  });
});
