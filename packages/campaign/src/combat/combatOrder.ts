/**
 * The initiative order of an encounter (a `combat` record), as pure functions: the GM's panel
 * and the validator's initiative ruling change an encounter only through these, so every device
 * orders alike.
 *
 * The record's `combatants` array *is* the order, and `turn` indexes it. Rules:
 * - **Order**: highest initiative first; combatants without one (not rolled yet) last. Ties keep
 *   the order they had (the sort is stable), so whoever was added first stays first until the
 *   GM edits a value. Re-ordering keeps `turn` on the same combatant.
 * - **Round 0** is the set-up: no one's turn yet. The first *next* starts round 1 with the first
 *   in the order. *Next* past the last starts the next round; *previous* before the first goes
 *   back to the last of the round before (from round 1, back to the set-up).
 * - **Removing** the combatant whose turn it is hands the turn to the one after it (the next
 *   round's first, when it was the last).
 */
import type { Combat, Combatant } from '@meshtable/schema';

/** Combatants by initiative, highest first, unrolled last; ties keep their order (stable). */
export function sortByInitiative(combatants: readonly Combatant[]): Combatant[] {
  // Array.prototype.sort is stable (ES2019): equal keys keep their relative order.
  return [...combatants].sort((a, b) => {
    if (a.initiative === b.initiative) return 0;
    if (a.initiative === null) return 1;
    if (b.initiative === null) return -1;
    return b.initiative - a.initiative;
  });
}

/** The combatant whose turn it is, or null in the set-up (round 0) or an empty encounter. */
export function currentCombatant(combat: Combat): Combatant | null {
  if (combat.round === 0) return null;
  return combat.combatants[combat.turn] ?? null;
}

/**
 * The encounter with its combatants replaced by `combatants`, ordered, and `turn` kept on the
 * combatant whose turn it was (the same index, clamped, when that one is gone).
 */
export function withCombatants(combat: Combat, combatants: readonly Combatant[]): Combat {
  const current = currentCombatant(combat);
  const ordered = sortByInitiative(combatants);
  const kept = current === null ? -1 : ordered.findIndex((c) => c.id === current.id);
  let { round, turn } = combat;
  if (kept >= 0) turn = kept;
  else if (round === 0 || ordered.length === 0) turn = 0;
  else if (turn >= ordered.length) {
    // The last of the round is gone: the next round's first is up.
    turn = 0;
    if (round > 0) round++;
  }
  return { ...combat, combatants: ordered, round, turn };
}

/** The encounter with these initiatives set (by combatant id), re-ordered. */
export function withInitiatives(
  combat: Combat,
  values: ReadonlyMap<string, number | null>,
): Combat {
  return withCombatants(
    combat,
    combat.combatants.map((c) =>
      values.has(c.id) ? { ...c, initiative: values.get(c.id) ?? null } : c,
    ),
  );
}

/** The encounter without the combatant `id` (see the module's note on whose turn follows). */
export function withoutCombatant(combat: Combat, id: string): Combat {
  const index = combat.combatants.findIndex((c) => c.id === id);
  if (index < 0) return combat;
  const combatants = combat.combatants.filter((c) => c.id !== id);
  let { round, turn } = combat;
  if (index < turn) turn--;
  if (combatants.length === 0) turn = 0;
  else if (turn >= combatants.length) {
    turn = 0;
    if (round > 0) round++;
  }
  return { ...combat, combatants, round, turn };
}

/** The next turn: the set-up starts round 1; past the last, the next round starts. */
export function nextTurn(combat: Combat): Combat {
  if (combat.combatants.length === 0) return combat;
  if (combat.round === 0) return { ...combat, round: 1, turn: 0 };
  if (combat.turn + 1 < combat.combatants.length) return { ...combat, turn: combat.turn + 1 };
  return { ...combat, round: combat.round + 1, turn: 0 };
}

/** The previous turn: before the first, the last of the round before; round 1's first, the set-up. */
export function previousTurn(combat: Combat): Combat {
  if (combat.round === 0 || combat.combatants.length === 0) return combat;
  if (combat.turn > 0) return { ...combat, turn: combat.turn - 1 };
  if (combat.round === 1) return { ...combat, round: 0, turn: 0 };
  return { ...combat, round: combat.round - 1, turn: combat.combatants.length - 1 };
}
