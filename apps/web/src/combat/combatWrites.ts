/**
 * The GM's changes to encounters. Combat records are GM-owned (DESIGN.md §3), written through
 * the table's one write path (campaign/tableWrites.ts): directly on the GM device that runs the
 * table, as a `gm.edit` from a GM's other device, field by field either way (recordChanges.ts),
 * so a concurrent change of another field survives. Every change goes through packages/campaign's
 * combatOrder, so the order, the turn and the round follow one set of rules on every device, and
 * the record is checked against its schema before anything is written or sent.
 */
import {
  fromYValue,
  type IntentTicket,
  nextTurn,
  previousTurn,
  withCombatants,
  withInitiatives,
  withoutCombatant,
} from '@meshtable/campaign';
import type { JsonObject } from '@meshtable/sandbox';
import {
  type Combat,
  type Combatant,
  combatSchema,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import { recordChanges } from '../campaign/recordChanges';
import { type TableWriter, writeTableChanges } from '../campaign/tableWrites';
import { CombatError } from './CombatError';

/** What the writes need of the session (a CampaignSession is one). */
export type CombatSession = TableWriter;

/**
 * What a change became: null when this device wrote it, else the `gm.edit` sent from a GM's
 * other device, whose receipt says whether the table made it.
 */
export type CombatSent = IntentTicket | null;

/** A fresh record id (12 base64url characters: 72 random bits). */
export function newCombatId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * Starts an encounter on a scene: round 0 (the set-up), no combatants yet.
 * @returns the encounter's id, and the change sent (null when written here)
 * @throws CombatError `COMBAT_NOT_GM`, `COMBAT_ALREADY_RUNNING`
 */
export function startEncounter(
  session: CombatSession,
  sceneId: string,
): { readonly combatId: string; readonly sent: CombatSent } {
  requireGm(session);
  const combat = checked({
    id: newCombatId(),
    sceneId,
    active: true,
    round: 0,
    turn: 0,
    combatants: [],
  });
  for (const stored of session.table.getMap<unknown>(TABLE_MAPS.combat).values()) {
    const other = combatSchema.safeParse(fromYValue(stored));
    if (other.success && other.data.active && other.data.sceneId === sceneId) {
      throw new CombatError(
        'COMBAT_ALREADY_RUNNING',
        'An encounter is already running on this scene: end it before starting another.',
      );
    }
  }
  const sent = writeTableChanges(
    session,
    'start an encounter',
    recordChanges('combat', combat.id, undefined, asJson(combat)),
  );
  return { combatId: combat.id, sent };
}

/** Adds tokens as combatants (each once; a token already in the encounter is skipped). */
export function addCombatants(
  session: CombatSession,
  combatId: string,
  tokens: readonly Pick<Token, 'id' | 'actorId' | 'name'>[],
): CombatSent {
  return update(session, combatId, 'add combatants', (combat) => {
    const present = new Set(combat.combatants.map((c) => c.tokenId));
    const added: Combatant[] = tokens
      .filter((token) => !present.has(token.id))
      .map((token) => ({
        id: newCombatId(),
        tokenId: token.id,
        actorId: token.actorId,
        name: token.name,
        initiative: null,
      }));
    return withCombatants(combat, [...combat.combatants, ...added]);
  });
}

/** Removes a combatant; whose turn follows is combatOrder's rule. */
export function removeCombatant(
  session: CombatSession,
  combatId: string,
  combatantId: string,
): CombatSent {
  return update(session, combatId, 'remove a combatant', (combat) => {
    requireCombatant(combat, combatantId);
    return withoutCombatant(combat, combatantId);
  });
}

/**
 * Sets a combatant's initiative by hand (null: not rolled), and re-orders.
 * @throws CombatError `COMBAT_INVALID` for a value that is not a finite number
 */
export function setInitiative(
  session: CombatSession,
  combatId: string,
  combatantId: string,
  value: number | null,
): CombatSent {
  if (value !== null && !Number.isFinite(value)) {
    throw new CombatError('COMBAT_INVALID', 'An initiative is a number, such as 14 or 12.5.');
  }
  return update(session, combatId, 'change an initiative', (combat) => {
    requireCombatant(combat, combatantId);
    return withInitiatives(combat, new Map([[combatantId, value]]));
  });
}

/** Next turn (from the set-up: round 1 starts). */
export function advanceTurn(session: CombatSession, combatId: string): CombatSent {
  return update(session, combatId, 'move to the next turn', nextTurn);
}

/** Previous turn. */
export function rewindTurn(session: CombatSession, combatId: string): CombatSent {
  return update(session, combatId, 'move back a turn', previousTurn);
}

/** Ends an encounter: its record goes, and with it the turn marker on the board. */
export function endEncounter(session: CombatSession, combatId: string): CombatSent {
  requireGm(session);
  if (!session.table.getMap<unknown>(TABLE_MAPS.combat).has(combatId)) throw noSuchEncounter();
  return writeTableChanges(session, 'end the encounter', [
    { op: 'delete', collection: 'combat', id: combatId, path: [] },
  ]);
}

/**
 * Changes encounter `combatId` as the table holds it here by `change`, checked, and writes or
 * sends the fields that differ.
 */
function update(
  session: CombatSession,
  combatId: string,
  what: string,
  change: (combat: Combat) => Combat,
): CombatSent {
  requireGm(session);
  const stored = session.table.getMap<unknown>(TABLE_MAPS.combat).get(combatId);
  const before = combatSchema.safeParse(fromYValue(stored));
  if (!before.success || before.data.id !== combatId) throw noSuchEncounter();
  const after = checked(change(before.data));
  return writeTableChanges(
    session,
    what,
    recordChanges('combat', combatId, asJson(before.data), asJson(after)),
  );
}

function requireGm(session: CombatSession): void {
  if (session.state().role !== 'gm') {
    throw new CombatError('COMBAT_NOT_GM', 'Only a GM runs an encounter.');
  }
}

function asJson(combat: Combat): JsonObject {
  return combat as unknown as JsonObject;
}

function checked(combat: Combat): Combat {
  const result = combatSchema.safeParse(combat);
  if (!result.success) {
    throw new CombatError(
      'COMBAT_INVALID',
      `The encounter would be invalid: ${result.error.issues[0]?.message ?? 'unknown problem'}.`,
    );
  }
  return result.data;
}

function requireCombatant(combat: Combat, combatantId: string): void {
  if (!combat.combatants.some((c) => c.id === combatantId)) {
    throw new CombatError('COMBAT_NO_SUCH_RECORD', 'That combatant has left the encounter.');
  }
}

function noSuchEncounter(): CombatError {
  return new CombatError('COMBAT_NO_SUCH_RECORD', 'This encounter has ended.');
}
