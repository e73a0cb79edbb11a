/**
 * The GM's changes to encounters. Combat records are GM-owned (DESIGN.md §3): the validating GM's
 * device writes them (`session.writeAsGm`, one transaction each); a GM's other device is told to
 * use that one (it can still roll initiative, which is an intent). Every change goes through
 * packages/campaign's combatOrder, so the order, the turn and the round follow one set of rules
 * on every device, and the record is checked against its schema before it is written.
 */
import {
  fromYValue,
  nextTurn,
  patchYMap,
  previousTurn,
  toYValue,
  withCombatants,
  withInitiatives,
  withoutCombatant,
} from '@meshtable/campaign';
import {
  type Combat,
  type Combatant,
  combatSchema,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import * as Y from 'yjs';
import type { CampaignSession } from '../campaign/CampaignSession';
import { CombatError } from './CombatError';

/** What the writes need of the session. */
export type CombatSession = Pick<CampaignSession, 'writeAsGm' | 'state'>;

/** A fresh record id (12 base64url characters: 72 random bits). */
export function newCombatId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * Starts an encounter on a scene: round 0 (the set-up), no combatants yet.
 * @returns the encounter's id
 * @throws CombatError `COMBAT_NOT_GM`, `COMBAT_ALREADY_RUNNING`, `COMBAT_NOT_VALIDATING`
 */
export function startEncounter(session: CombatSession, sceneId: string): string {
  const combat = checked({
    id: newCombatId(),
    sceneId,
    active: true,
    round: 0,
    turn: 0,
    combatants: [],
  });
  write(session, 'start an encounter', (table) => {
    const map = table.getMap<unknown>(TABLE_MAPS.combat);
    for (const stored of map.values()) {
      const other = combatSchema.safeParse(fromYValue(stored));
      if (other.success && other.data.active && other.data.sceneId === sceneId) {
        throw new CombatError(
          'COMBAT_ALREADY_RUNNING',
          'An encounter is already running on this scene: end it before starting another.',
        );
      }
    }
    map.set(combat.id, toYValue(combat as never));
  });
  return combat.id;
}

/** Adds tokens as combatants (each once; a token already in the encounter is skipped). */
export function addCombatants(
  session: CombatSession,
  combatId: string,
  tokens: readonly Pick<Token, 'id' | 'actorId' | 'name'>[],
): void {
  update(session, combatId, 'add combatants', (combat) => {
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
export function removeCombatant(session: CombatSession, combatId: string, combatantId: string) {
  update(session, combatId, 'remove a combatant', (combat) => {
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
): void {
  if (value !== null && !Number.isFinite(value)) {
    throw new CombatError('COMBAT_INVALID', 'An initiative is a number, such as 14 or 12.5.');
  }
  update(session, combatId, 'change an initiative', (combat) => {
    requireCombatant(combat, combatantId);
    return withInitiatives(combat, new Map([[combatantId, value]]));
  });
}

/** Next turn (from the set-up: round 1 starts). */
export function advanceTurn(session: CombatSession, combatId: string): void {
  update(session, combatId, 'move to the next turn', nextTurn);
}

/** Previous turn. */
export function rewindTurn(session: CombatSession, combatId: string): void {
  update(session, combatId, 'move back a turn', previousTurn);
}

/** Ends an encounter: its record goes, and with it the turn marker on the board. */
export function endEncounter(session: CombatSession, combatId: string): void {
  write(session, 'end the encounter', (table) => {
    const map = table.getMap<unknown>(TABLE_MAPS.combat);
    if (!map.has(combatId)) throw noSuchEncounter();
    map.delete(combatId);
  });
}

function update(
  session: CombatSession,
  combatId: string,
  what: string,
  change: (combat: Combat) => Combat,
): void {
  write(session, what, (table) => {
    const map = table.getMap<unknown>(TABLE_MAPS.combat);
    const stored = map.get(combatId);
    const before = combatSchema.safeParse(fromYValue(stored));
    if (!before.success || before.data.id !== combatId) throw noSuchEncounter();
    const after = checked(change(before.data));
    if (stored instanceof Y.Map) patchYMap(stored, before.data as never, after as never);
    else map.set(combatId, toYValue(after as never));
  });
}

/**
 * Runs `change` as the table doc's one writer; what it throws is thrown after the transaction
 * (checks come before any write, so nothing is half-written).
 */
function write(session: CombatSession, what: string, change: (table: Y.Doc) => void): void {
  if (session.state().role !== 'gm') {
    throw new CombatError('COMBAT_NOT_GM', 'Only a GM runs an encounter.');
  }
  let failure: unknown = null;
  const wrote = session.writeAsGm((table) => {
    try {
      change(table);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== null) throw failure;
  if (!wrote) {
    throw new CombatError(
      'COMBAT_NOT_VALIDATING',
      `Only the GM device that runs the table can ${what}: use that device (initiative rolls work from here).`,
    );
  }
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
