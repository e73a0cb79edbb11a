import { fromYValue, isHidden, toYValue } from '@meshtable/campaign';
import { type Scene, TABLE_MAPS, type Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { fakeBoardSession } from '../campaignBoard/fakeBoardSession';
import { BoardWriteError } from '../records/BoardWriteError';
import { newSceneRecord } from '../scene/sceneWrites';
import { createToken, deleteToken, moveToken, setTokenHidden, updateToken } from './tokenWrites';

const scene: Scene = newSceneRecord('s1', 'Crypt', 0);

function token(id: string, fields: Partial<Token> = {}): Token {
  return {
    id,
    sceneId: 's1',
    actorId: null,
    name: id,
    image: null,
    x: 0,
    y: 0,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
    ...fields,
  };
}

function withRecords(session: ReturnType<typeof fakeBoardSession>, tokens: Token[]) {
  session.table.transact(() => {
    session.table.getMap(TABLE_MAPS.scenes).set(scene.id, toYValue(scene as never));
    for (const t of tokens) session.table.getMap(TABLE_MAPS.tokens).set(t.id, toYValue(t as never));
  });
}

const stored = (doc: { getMap: (name: string) => { get: (id: string) => unknown } }, id: string) =>
  fromYValue(doc.getMap('tokens').get(id)) as Token | undefined;

describe('token writes', () => {
  it("writes the validating GM's move into the table doc, field by field", () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    withRecords(session, [token('t1')]);
    const record = session.table.getMap(TABLE_MAPS.tokens).get('t1');
    expect(moveToken(session, 't1', { x: 50, y: 100 })).toEqual({ kind: 'written' });
    expect(stored(session.table, 't1')).toMatchObject({ x: 50, y: 100 });
    // The same Y.Map, changed in place: a concurrent rename elsewhere survives.
    expect(session.table.getMap(TABLE_MAPS.tokens).get('t1')).toBe(record);
    expect(session.requested).toEqual([]);
  });

  it("asks for a player's move, and a GM's on a device that does not run the table", () => {
    for (const state of [
      { role: 'player', validating: false },
      { role: 'gm', validating: false },
    ] as const) {
      const session = fakeBoardSession(state);
      withRecords(session, [token('t1')]);
      expect(moveToken(session, 't1', { x: 50, y: 0 }).kind).toBe('requested');
      expect(session.requested).toEqual([{ tokenId: 't1', x: 50, y: 0 }]);
      expect(stored(session.table, 't1')).toMatchObject({ x: 0, y: 0 });
    }
  });

  it('moves a hidden token in the gm doc, from any GM device', () => {
    const session = fakeBoardSession({ role: 'gm', validating: false });
    withRecords(session, []);
    const id = createToken(session, { sceneId: 's1', name: 'Lurker' }, true);
    expect(moveToken(session, id, { x: 150, y: 50 })).toEqual({ kind: 'written' });
    expect(stored(session.gm as never, id)).toMatchObject({ x: 150, y: 50 });
    expect(session.requested).toEqual([]);
  });

  it('places a token on a shared scene in the table doc, and one on a hidden scene hidden', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    withRecords(session, []);
    const shown = createToken(session, { sceneId: 's1', name: 'Mira', x: 50, owners: [] });
    expect(stored(session.table, shown)).toMatchObject({ name: 'Mira', x: 50, size: 1 });
    const lurker = createToken(session, { sceneId: 's1', name: 'Lurker' }, true);
    expect(stored(session.table, lurker)).toBeUndefined();
    expect(isHidden(session.gm as never, 'tokens', lurker)).toBe(true);
  });

  it('refuses a token that breaks the schema, and writes nothing', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    withRecords(session, [token('t1')]);
    expect(() => updateToken(session, 't1', { size: -1 })).toThrow(BoardWriteError);
    expect(() => createToken(session, { sceneId: 's1', name: '' })).toThrow(/invalid/);
    expect(stored(session.table, 't1')).toMatchObject({ size: 1 });
    expect(session.table.getMap(TABLE_MAPS.tokens).size).toBe(1);
  });

  it('refuses GM-only changes to players', () => {
    const player = fakeBoardSession({ role: 'player', validating: false });
    withRecords(player, [token('t1')]);
    expect(() => updateToken(player, 't1', { name: 'X' })).toThrow(
      expect.objectContaining({ code: 'BOARD_NOT_GM' }),
    );
    expect(player.requestedIntents).toEqual([]);
  });

  it('sends a GM device’s edits of shown tokens to the one that runs the table (gm.edit)', () => {
    const second = fakeBoardSession({ role: 'gm', validating: false });
    withRecords(second, [token('t1')]);
    updateToken(second, 't1', { name: 'Grom', size: 2 });
    deleteToken(second, 't1');
    expect(() => deleteToken(second, 'nobody')).toThrow(
      expect.objectContaining({ code: 'BOARD_NO_SUCH_RECORD' }),
    );
    expect(second.requestedIntents).toEqual([
      {
        kind: 'gm.edit',
        payload: {
          changes: [
            { op: 'set', collection: 'tokens', id: 't1', path: ['name'], value: 'Grom' },
            { op: 'set', collection: 'tokens', id: 't1', path: ['size'], value: 2 },
          ],
        },
      },
      {
        kind: 'gm.edit',
        payload: { changes: [{ op: 'delete', collection: 'tokens', id: 't1', path: [] }] },
      },
    ]);
    // Written only when the validator commits them.
    expect(stored(second.table, 't1')).toBeDefined();
  });

  it('hides a token into the gm doc and brings it back', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    withRecords(session, [token('t1', { x: 100 })]);
    setTokenHidden(session, 't1', true);
    expect(stored(session.table, 't1')).toBeUndefined();
    expect(stored(session.gm as never, 't1')).toMatchObject({ x: 100 });
    setTokenHidden(session, 't1', false);
    expect(stored(session.table, 't1')).toMatchObject({ x: 100 });
  });

  it('removes a token for good, shown or hidden', () => {
    const session = fakeBoardSession({ role: 'gm', validating: true });
    withRecords(session, [token('t1')]);
    const hidden = createToken(session, { sceneId: 's1', name: 'Lurker' }, true);
    deleteToken(session, 't1');
    deleteToken(session, hidden);
    expect(session.table.getMap(TABLE_MAPS.tokens).size).toBe(0);
    expect(isHidden(session.gm as never, 'tokens', hidden)).toBe(false);
    expect(() => deleteToken(session, 't1')).toThrow(
      expect.objectContaining({ code: 'BOARD_NO_SUCH_RECORD' }),
    );
  });
});
