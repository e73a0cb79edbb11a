/**
 * The core's rules on `combat.initiative` (docs/combat.md): who may roll initiative for whom,
 * the seed each combatant's roll draws from, and what a ruling writes. ruleIntent.ts runs the
 * rolls themselves (the module's `initiative` hook in the sandbox, or a plain d20).
 *
 * The intent is ruled by the core alone: the module's say is its `initiative` hook, not its
 * `validate` (which, for a system written before this kind existed, would refuse a kind it does
 * not know).
 */
import { roll } from '@meshtable/dice';
import type { Change, JsonObject, JsonValue, ValidateResult } from '@meshtable/sandbox';
import type { Combat, Combatant } from '@meshtable/schema';
import { sha256 } from '@noble/hashes/sha2.js';
import { combatInitiativePayloadSchema } from '../client/intentKinds';
import { withInitiatives } from '../combat/combatOrder';
import type { Asker } from './coreRules';
import { recordOf, type TableSnapshot } from './tableSnapshot';

/** What separates a ruling's seed from the combatant's id in {@link initiativeSeed}. */
export const INITIATIVE_SEED_DOMAIN = 'meshtable initiative v1\0';

/** The die a combatant rolls when the game system has no `initiative` hook, or no actor. */
export const FALLBACK_INITIATIVE_NOTATION = '1d20';

/** An intent's encounter and the combatants it rolls for, as the table holds them. */
export interface InitiativeTargets {
  readonly combat: Combat;
  readonly combatants: readonly Combatant[];
}

/** One combatant's roll, as the receipt's result lists it. */
export interface InitiativeRoll {
  readonly combatantId: string;
  readonly name: string;
  readonly initiative: number;
  /** The dice this roll drew, in order (the receipt's `roll.draws` holds them all). */
  readonly dice: readonly number[];
  /** `module` for the game system's hook, `d20` for the core's plain d20. */
  readonly by: 'module' | 'd20';
}

/**
 * Reads the encounter and combatants a `combat.initiative` payload names.
 * @returns them, or the reason the intent cannot be ruled on
 */
export function initiativeTargets(
  payload: JsonValue,
  table: TableSnapshot,
): InitiativeTargets | { readonly reason: string } {
  const parsed = combatInitiativePayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return { reason: 'initiative needs an encounter and the combatants to roll for, each once' };
  }
  const stored = recordOf(table, 'combat', parsed.data.combatId);
  if (stored === undefined) return { reason: 'there is no such encounter' };
  const combat = stored as unknown as Combat;
  if (!combat.active) return { reason: 'this encounter has ended' };
  const combatants: Combatant[] = [];
  for (const id of parsed.data.combatantIds) {
    const combatant = combat.combatants.find((c) => c.id === id);
    if (combatant === undefined) return { reason: `there is no combatant ${id} in this encounter` };
    combatants.push(combatant);
  }
  return { combat, combatants };
}

/**
 * Who may roll: a GM for anyone; a player for combatants whose actor or token they own, and
 * only once (a rolled value is the GM's to change).
 */
export function validateInitiative(
  payload: JsonValue,
  asker: Asker,
  table: TableSnapshot,
): ValidateResult {
  const targets = initiativeTargets(payload, table);
  if ('reason' in targets) return { ok: false, reason: targets.reason };
  if (asker.isGm) return { ok: true };
  for (const combatant of targets.combatants) {
    if (!ownsCombatant(combatant, asker.userId, table)) {
      return {
        ok: false,
        reason: `you may roll initiative only for your own combatants, not ${combatant.name}`,
      };
    }
    if (combatant.initiative !== null) {
      return {
        ok: false,
        reason: `${combatant.name} has rolled initiative already: only the GM may change it`,
      };
    }
  }
  return { ok: true };
}

/** Whether `userId` owns the combatant's actor or its token. */
export function ownsCombatant(combatant: Combatant, userId: string, table: TableSnapshot): boolean {
  const owners = (collection: 'actors' | 'tokens', id: string | null) =>
    id === null ? [] : ((recordOf(table, collection, id)?.owners ?? []) as string[]);
  return (
    owners('actors', combatant.actorId).includes(userId) ||
    owners('tokens', combatant.tokenId).includes(userId)
  );
}

/**
 * The actor a combatant rolls as: its own actor, else its token's; undefined for neither (a
 * token that stands for no sheet rolls the plain d20).
 */
export function combatantActor(combatant: Combatant, table: TableSnapshot): JsonObject | undefined {
  const actorId =
    combatant.actorId ??
    (combatant.tokenId === null
      ? null
      : ((recordOf(table, 'tokens', combatant.tokenId)?.actorId ?? null) as string | null));
  return actorId === null ? undefined : recordOf(table, 'actors', actorId);
}

/**
 * The seed of one combatant's roll: SHA-256(domain ‖ combatant id ‖ 0 ‖ the ruling's seed). One
 * ruling has one seed (derived from the revealed chain seed, the player's nonce and the intent
 * id, rollSeeds.ts); each combatant gets its own from it, so two combatants never share their
 * dice, and any peer recomputes each from the receipt.
 */
export function initiativeSeed(rulingSeed: Uint8Array, combatantId: string): Uint8Array {
  const prefix = new TextEncoder().encode(`${INITIATIVE_SEED_DOMAIN}${combatantId}\0`);
  const input = new Uint8Array(prefix.length + rulingSeed.length);
  input.set(prefix);
  input.set(rulingSeed, prefix.length);
  return sha256(input);
}

/** The core's initiative, for a system without the hook: a plain d20 from the combatant's seed. */
export function fallbackInitiative(seed: Uint8Array): number {
  return roll(FALLBACK_INITIATIVE_NOTATION, seed).total;
}

/**
 * What a ruling writes: the encounter's combatants with their new initiatives, re-ordered
 * (combatOrder.ts), and the turn, when the re-ordering moved whoever had it. Nothing else: the
 * GM may move the turn or the round on the validating device while a roll is being ruled, and a
 * field the ruling did not need to change is not written back from its snapshot.
 */
export function initiativeChanges(combat: Combat, rolls: readonly InitiativeRoll[]): Change[] {
  const next = withInitiatives(
    combat,
    new Map(rolls.map((rolled) => [rolled.combatantId, rolled.initiative])),
  );
  return [
    {
      op: 'set',
      collection: 'combat',
      id: combat.id,
      path: ['combatants'],
      value: next.combatants as unknown as JsonValue,
    },
    ...(next.turn === combat.turn
      ? []
      : [
          {
            op: 'set',
            collection: 'combat',
            id: combat.id,
            path: ['turn'],
            value: next.turn,
          } satisfies Change,
        ]),
  ];
}
