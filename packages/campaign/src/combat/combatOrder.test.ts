/**
 * The initiative order (combatOrder.ts): ordering with stable ties, the turn kept on its
 * combatant, next and previous across rounds, and removing combatants.
 */
import type { Combat, Combatant } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  currentCombatant,
  nextTurn,
  previousTurn,
  sortByInitiative,
  withCombatants,
  withInitiatives,
  withoutCombatant,
} from './combatOrder';

function combatant(id: string, initiative: number | null): Combatant {
  return { id, tokenId: null, actorId: null, name: id.toUpperCase(), initiative };
}

function encounter(combatants: Combatant[], round = 0, turn = 0): Combat {
  return { id: 'fight', sceneId: 'scene', active: true, round, turn, combatants };
}

const ids = (combat: Combat) => combat.combatants.map((c) => c.id);

describe('the order', () => {
  it('puts the highest initiative first and the unrolled last', () => {
    const order = sortByInitiative([
      combatant('a', null),
      combatant('b', 12),
      combatant('c', 19.5),
      combatant('d', -1),
    ]);
    expect(order.map((c) => c.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('keeps tied combatants in the order they had, unrolled ones too', () => {
    const order = sortByInitiative([
      combatant('x', 10),
      combatant('u1', null),
      combatant('y', 15),
      combatant('z', 10),
      combatant('u2', null),
    ]);
    expect(order.map((c) => c.id)).toEqual(['y', 'x', 'z', 'u1', 'u2']);
  });

  it('keeps the turn on its combatant when new initiatives re-order the encounter', () => {
    const fight = encounter([combatant('a', 18), combatant('b', 12), combatant('c', null)], 2, 1);
    const rolled = withInitiatives(fight, new Map([['c', 20]]));
    expect(ids(rolled)).toEqual(['c', 'a', 'b']);
    expect(currentCombatant(rolled)?.id).toBe('b');
    expect(rolled.round).toBe(2);
  });

  it('orders combatants added to the set-up, with no turn yet', () => {
    const fight = withCombatants(encounter([combatant('a', 5)]), [
      combatant('a', 5),
      combatant('b', 9),
    ]);
    expect(ids(fight)).toEqual(['b', 'a']);
    expect(fight.turn).toBe(0);
    expect(currentCombatant(fight)).toBeNull();
  });
});

describe('turns and rounds', () => {
  const three = () => encounter([combatant('a', 18), combatant('b', 12), combatant('c', 3)]);

  it('starts round 1 from the set-up, goes down the order, and starts the next round after the last', () => {
    let fight = three();
    expect(currentCombatant(fight)).toBeNull();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      fight = nextTurn(fight);
      seen.push(`${fight.round}:${currentCombatant(fight)?.id}`);
    }
    expect(seen).toEqual(['1:a', '1:b', '1:c', '2:a', '2:b']);
  });

  it('goes back down the order, into the round before, and from round 1 back to the set-up', () => {
    let fight = encounter(three().combatants, 2, 0);
    fight = previousTurn(fight);
    expect([fight.round, currentCombatant(fight)?.id]).toEqual([1, 'c']);
    fight = previousTurn(previousTurn(fight));
    expect([fight.round, currentCombatant(fight)?.id]).toEqual([1, 'a']);
    fight = previousTurn(fight);
    expect(fight.round).toBe(0);
    expect(previousTurn(fight)).toEqual(fight);
  });

  it('leaves an empty encounter as it is', () => {
    const empty = encounter([]);
    expect(nextTurn(empty)).toEqual(empty);
    expect(previousTurn(encounter([], 3, 0))).toEqual(encounter([], 3, 0));
  });
});

describe('removing a combatant', () => {
  const fight = () => encounter([combatant('a', 18), combatant('b', 12), combatant('c', 3)], 4, 1);

  it('keeps the turn on its combatant when one before it goes', () => {
    const left = withoutCombatant(fight(), 'a');
    expect(ids(left)).toEqual(['b', 'c']);
    expect(currentCombatant(left)?.id).toBe('b');
  });

  it('hands the turn to the next when the current one goes, and to the next round after the last', () => {
    expect(currentCombatant(withoutCombatant(fight(), 'b'))?.id).toBe('c');
    const last = withoutCombatant(encounter(fight().combatants, 4, 2), 'c');
    expect([last.round, currentCombatant(last)?.id]).toEqual([5, 'a']);
  });

  it('ignores an id that is not in the encounter, and empties to turn 0', () => {
    expect(withoutCombatant(fight(), 'nobody')).toEqual(fight());
    const alone = withoutCombatant(encounter([combatant('a', 1)], 1, 0), 'a');
    expect(alone).toMatchObject({ combatants: [], turn: 0 });
  });
});
