/**
 * The GM's changes to encounters (combatWrites.ts) on a real Yjs table doc: who may write, one
 * encounter per scene, combatants added once, hand-set values checked and re-ordered, turns, and
 * the end; a refused change writes nothing. From a GM's other device the same changes go as
 * `gm.edit`s that the table commits to the same encounter.
 */
import { fromYValue, toYValue } from '@meshtable/campaign';
import { type Combat, TABLE_MAPS, type Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fakeTableWriter } from '../campaign/fakeTableWriter';
import {
  addCombatants,
  advanceTurn,
  type CombatSent,
  type CombatSession,
  endEncounter,
  removeCombatant,
  rewindTurn,
  setInitiative,
  startEncounter,
} from './combatWrites';

/** A session on `table` as a GM's (running the table or not) or a player's device. */
function sessionOn(table: Y.Doc, role: 'gm' | 'player' = 'gm', validating = true) {
  return fakeTableWriter({ role, validating }, table);
}

/** Starts an encounter on `sceneId`, written here. */
function start(gm: CombatSession, sceneId: string): string {
  const { combatId, sent } = startEncounter(gm, sceneId);
  expect(sent).toBeNull();
  return combatId;
}

const token = (id: string, name: string): Pick<Token, 'id' | 'actorId' | 'name'> => ({
  id,
  actorId: `a-${id}`,
  name,
});

const read = (table: Y.Doc, id: string) =>
  fromYValue(table.getMap(TABLE_MAPS.combat).get(id)) as Combat;

function codeOf(change: () => void): string | undefined {
  try {
    change();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('combat writes', () => {
  it('starts one encounter per scene in the set-up, and adds each token once', () => {
    const table = new Y.Doc();
    const gm = sessionOn(table);
    const id = start(gm, 'arena');
    expect(read(table, id)).toMatchObject({ sceneId: 'arena', active: true, round: 0, turn: 0 });
    expect(codeOf(() => startEncounter(gm, 'arena'))).toBe('COMBAT_ALREADY_RUNNING');
    expect(table.getMap(TABLE_MAPS.combat).size).toBe(1);

    addCombatants(gm, id, [token('t1', 'Ann'), token('t2', 'Bob')]);
    addCombatants(gm, id, [token('t2', 'Bob'), token('t3', 'Goblin')]);
    const fight = read(table, id);
    expect(fight.combatants.map((c) => [c.tokenId, c.actorId, c.name, c.initiative])).toEqual([
      ['t1', 'a-t1', 'Ann', null],
      ['t2', 'a-t2', 'Bob', null],
      ['t3', 'a-t3', 'Goblin', null],
    ]);
  });

  it('re-orders on a hand-set value, moves the turn, and refuses what is not a number', () => {
    const table = new Y.Doc();
    const gm = sessionOn(table);
    const id = start(gm, 'arena');
    addCombatants(gm, id, [token('t1', 'Ann'), token('t2', 'Bob')]);
    const [ann, bob] = read(table, id).combatants as [
      Combat['combatants'][0],
      Combat['combatants'][0],
    ];
    setInitiative(gm, id, ann.id, 9);
    setInitiative(gm, id, bob.id, 15);
    advanceTurn(gm, id);
    expect(read(table, id)).toMatchObject({ round: 1, turn: 0 });
    expect(read(table, id).combatants.map((c) => c.name)).toEqual(['Bob', 'Ann']);
    // Ann overtakes Bob, whose turn it stays.
    setInitiative(gm, id, ann.id, 20);
    expect(read(table, id).combatants.map((c) => c.name)).toEqual(['Ann', 'Bob']);
    expect(read(table, id).turn).toBe(1);
    advanceTurn(gm, id);
    expect(read(table, id)).toMatchObject({ round: 2, turn: 0 });
    rewindTurn(gm, id);
    expect(read(table, id)).toMatchObject({ round: 1, turn: 1 });

    const before = read(table, id);
    expect(codeOf(() => setInitiative(gm, id, ann.id, Number.NaN))).toBe('COMBAT_INVALID');
    expect(codeOf(() => setInitiative(gm, id, 'nobody', 3))).toBe('COMBAT_NO_SUCH_RECORD');
    expect(read(table, id)).toEqual(before);
  });

  it('removes combatants and ends the encounter', () => {
    const table = new Y.Doc();
    const gm = sessionOn(table);
    const id = start(gm, 'arena');
    addCombatants(gm, id, [token('t1', 'Ann')]);
    removeCombatant(gm, id, (read(table, id).combatants[0] as { id: string }).id);
    expect(read(table, id).combatants).toEqual([]);
    endEncounter(gm, id);
    expect(table.getMap(TABLE_MAPS.combat).has(id)).toBe(false);
    expect(codeOf(() => advanceTurn(gm, id))).toBe('COMBAT_NO_SUCH_RECORD');
    expect(codeOf(() => endEncounter(gm, id))).toBe('COMBAT_NO_SUCH_RECORD');
  });

  it('refuses a player, writing nothing', () => {
    const table = new Y.Doc();
    const id = start(sessionOn(table), 'arena');
    const before = read(table, id);
    expect(codeOf(() => advanceTurn(sessionOn(table, 'player', false), id))).toBe('COMBAT_NOT_GM');
    expect(codeOf(() => startEncounter(sessionOn(table, 'player', false), 'cave'))).toBe(
      'COMBAT_NOT_GM',
    );
    expect(codeOf(() => endEncounter(sessionOn(table, 'player', false), id))).toBe('COMBAT_NOT_GM');
    expect(read(table, id)).toEqual(before);
  });

  it('runs an encounter from a GM’s other device: each change sent, committed by the table', async () => {
    const table = new Y.Doc();
    const phone = sessionOn(table, 'gm', false);
    const commit = async (sent: CombatSent) => {
      expect(sent).not.toBeNull();
      phone.rule();
      await expect(sent?.receipt).resolves.toMatchObject({ status: 'applied' });
    };
    const { combatId: id, sent } = startEncounter(phone, 'arena');
    expect(table.getMap(TABLE_MAPS.combat).size).toBe(0);
    await commit(sent);
    await commit(addCombatants(phone, id, [token('t1', 'Ann'), token('t2', 'Bob')]));
    const [ann] = read(table, id).combatants as [Combat['combatants'][0]];
    await commit(setInitiative(phone, id, ann.id, 12));
    await commit(advanceTurn(phone, id));
    expect(read(table, id)).toMatchObject({ round: 1, turn: 0 });
    expect(read(table, id).combatants.map((c) => [c.name, c.initiative])).toEqual([
      ['Ann', 12],
      ['Bob', null],
    ]);
    // Only the turn changed: one field sent.
    advanceTurn(phone, id);
    expect(phone.sent.at(-1)?.payload).toEqual({
      changes: [{ op: 'set', collection: 'combat', id, path: ['turn'], value: 1 }],
    });
    phone.rule();
    await commit(endEncounter(phone, id));
    expect(table.getMap(TABLE_MAPS.combat).has(id)).toBe(false);
  });

  it('reads a record stored as plain JSON as well as field by field', () => {
    const table = new Y.Doc();
    const gm = sessionOn(table);
    const plain: Combat = {
      id: 'old',
      sceneId: 'arena',
      active: true,
      round: 3,
      turn: 0,
      combatants: [{ id: 'c1', tokenId: null, actorId: null, name: 'Ogre', initiative: 4 }],
    };
    table.getMap(TABLE_MAPS.combat).set('old', toYValue(plain as never));
    advanceTurn(gm, 'old');
    expect(read(table, 'old')).toMatchObject({ round: 4, turn: 0 });
  });
});
