/** Whose turn it is on the board (turnTokens.ts): running encounters only, from round 1. */
import { toYValue } from '@meshtable/campaign';
import { type Combat, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTurnTokenIds } from './turnTokens';

function encounter(id: string, fields: Partial<Combat>): Combat {
  return {
    id,
    sceneId: 's1',
    active: true,
    round: 1,
    turn: 1,
    combatants: [
      { id: 'c1', tokenId: 't1', actorId: null, name: 'Ann', initiative: 18 },
      { id: 'c2', tokenId: 't2', actorId: null, name: 'Bob', initiative: 12 },
      { id: 'c3', tokenId: null, actorId: 'a3', name: 'Reinforcements', initiative: 3 },
    ],
    ...fields,
  };
}

describe('readTurnTokenIds', () => {
  it('names the token of the current combatant of each running encounter, and none in the set-up, when ended or without a token', () => {
    const table = new Y.Doc();
    const combat = table.getMap(TABLE_MAPS.combat);
    const put = (record: Combat) => combat.set(record.id, toYValue(record as never));
    put(encounter('a', {}));
    expect(readTurnTokenIds(table)).toEqual(new Set(['t2']));
    put(encounter('b', { sceneId: 's2', turn: 0 }));
    expect(readTurnTokenIds(table)).toEqual(new Set(['t1', 't2']));
    put(encounter('a', { round: 0 }));
    put(encounter('b', { active: false }));
    expect(readTurnTokenIds(table)).toEqual(new Set());
    put(encounter('a', { turn: 2 }));
    expect(readTurnTokenIds(table)).toEqual(new Set());
    // A malformed record is left out rather than thrown.
    combat.set('bad', toYValue({ id: 'bad', round: -1 } as never));
    put(encounter('a', {}));
    expect(readTurnTokenIds(table)).toEqual(new Set(['t2']));
  });
});
