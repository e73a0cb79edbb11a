/**
 * The rules every table has, whatever its game system: who may move a token, edit a sheet, roll,
 * apply damage or run a chat command, and what those intents change when the module has no rule
 * of its own. ruleIntent.ts says when each runs: the checks here always run first for the core
 * kinds, so a module can be stricter than they are but never more generous.
 */
import { roll } from '@meshtable/dice';
import type { JsonValue, ValidateResult } from '@meshtable/sandbox';
import { gmEditPayloadSchema } from '../client/intentKinds';
import type { TableChange } from '../doc/tableCollections';
import { validateInitiative } from './initiativeRules';
import { recordOf, type TableSnapshot } from './tableSnapshot';

/** The intent kinds the core knows (client/intentKinds.ts names them), `join` aside. */
export const CORE_KINDS = Object.freeze([
  'token.move',
  'roll',
  'damage.apply',
  'sheet.edit',
  'chat.command',
  'combat.initiative',
  'gm.edit',
] as const);

/** A core intent kind. */
export type CoreKind = (typeof CORE_KINDS)[number];

/** A chat command's name, as modules may export them (`attack`, `save-vs-poison`). */
const COMMAND_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The longest text a chat command takes (the message a module may post is as long). */
const MAX_COMMAND_TEXT = 10_000;

/** Who is asking, as the validator established it. */
export interface Asker {
  readonly userId: string;
  readonly isGm: boolean;
}

/**
 * What an applied intent does: the changes to commit and what the receipt shows. A module's
 * changes name record maps only (packages/sandbox checks them); a GM's edit may name the other
 * GM-owned maps too (doc/tableCollections.ts).
 */
export interface Ruling {
  readonly changes: TableChange[];
  readonly result?: JsonValue;
}

type Payload = { readonly [key: string]: JsonValue };

const ok: ValidateResult = { ok: true };
const no = (reason: string): ValidateResult => ({ ok: false, reason });

/**
 * The core's checks of a core intent: its payload's shape, that what it names exists, and that
 * the asker may touch it (its owner or a GM).
 */
export function validateCore(
  kind: CoreKind,
  payload: JsonValue,
  asker: Asker,
  table: TableSnapshot,
): ValidateResult {
  const fields = (
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : {}
  ) as Payload;
  switch (kind) {
    case 'token.move': {
      const token =
        typeof fields.tokenId === 'string' ? recordOf(table, 'tokens', fields.tokenId) : undefined;
      if (token === undefined) return no('there is no such token');
      if (
        typeof fields.x !== 'number' ||
        typeof fields.y !== 'number' ||
        !Number.isFinite(fields.x) ||
        !Number.isFinite(fields.y)
      ) {
        return no('a move needs a position (x and y)');
      }
      if (asker.isGm || (token.owners as string[]).includes(asker.userId)) return ok;
      return no('you do not control this token');
    }
    case 'roll':
      return typeof fields.notation === 'string' ? ok : no('a roll needs a notation');
    case 'sheet.edit': {
      const actor =
        typeof fields.actorId === 'string' ? recordOf(table, 'actors', fields.actorId) : undefined;
      if (actor === undefined) return no('there is no such character');
      if (!isPath(fields.path)) return no('a sheet edit needs a field path');
      if (asker.isGm || (actor.owners as string[]).includes(asker.userId)) return ok;
      return no('you do not own this character');
    }
    case 'damage.apply': {
      const actor =
        typeof fields.actorId === 'string' ? recordOf(table, 'actors', fields.actorId) : undefined;
      if (actor === undefined) return no('there is no such character');
      if (typeof fields.amount !== 'number' || !Number.isFinite(fields.amount))
        return no('damage needs an amount');
      if (fields.type !== undefined && typeof fields.type !== 'string')
        return no('a damage type is a word');
      if (asker.isGm || (actor.owners as string[]).includes(asker.userId)) return ok;
      return no('only the GM or its owner may change this character’s hit points');
    }
    case 'chat.command': {
      if (typeof fields.name !== 'string' || !COMMAND_NAME.test(fields.name))
        return no('a command needs a name such as "attack"');
      if (typeof fields.text !== 'string' || fields.text.length > MAX_COMMAND_TEXT)
        return no(`a command's text is at most ${MAX_COMMAND_TEXT} characters`);
      if (fields.actorId === undefined) return ok;
      const actor =
        typeof fields.actorId === 'string' ? recordOf(table, 'actors', fields.actorId) : undefined;
      if (actor === undefined) return no('there is no such character to speak as');
      if (asker.isGm || (actor.owners as string[]).includes(asker.userId)) return ok;
      return no('you do not own the character you speak as');
    }
    case 'combat.initiative':
      return validateInitiative(payload, asker, table);
    case 'gm.edit': {
      if (!asker.isGm) return no('only a GM edits the table’s records');
      const parsed = gmEditPayloadSchema.safeParse(payload);
      return parsed.success
        ? ok
        : no(`a GM edit needs a list of changes: ${parsed.error.issues[0]?.message}`);
    }
  }
}

/**
 * The core's `apply` of a move, a sheet edit, or damage when the module has no `apply`: what the
 * payload says, checked by {@link validateCore} already.
 * @throws {Error} with a reason for the player when the intent cannot be applied
 */
export function applyCore(
  kind: 'token.move' | 'sheet.edit' | 'damage.apply',
  payload: JsonValue,
  table: TableSnapshot,
): Ruling {
  const fields = payload as Payload;
  switch (kind) {
    case 'token.move': {
      const id = fields.tokenId as string;
      return {
        changes: [
          { op: 'set', collection: 'tokens', id, path: ['x'], value: fields.x as number },
          { op: 'set', collection: 'tokens', id, path: ['y'], value: fields.y as number },
        ],
      };
    }
    case 'sheet.edit':
      return {
        changes: [
          {
            op: 'set',
            collection: 'actors',
            id: fields.actorId as string,
            path: ['data', ...(fields.path as string[])],
            value: fields.value ?? null,
          },
        ],
      };
    case 'damage.apply':
      return applyDamage(fields, table);
  }
}

/**
 * Damage without a game system's rule: `data.hp` goes down by the amount (up, for a negative
 * amount), never below 0 nor above `data.maxHp` when the sheet has one. A system with temporary
 * hit points, resistances or wound levels rules on damage in its own `apply`.
 */
function applyDamage(fields: Payload, table: TableSnapshot): Ruling {
  const actorId = fields.actorId as string;
  const data = (recordOf(table, 'actors', actorId)?.data ?? {}) as Payload;
  const { hp, maxHp } = data;
  if (typeof hp !== 'number') {
    throw new Error('this character has no hit points (data.hp) for the core rules to change');
  }
  const amount = fields.amount as number;
  let next = Math.max(0, hp - amount);
  if (typeof maxHp === 'number' && amount < 0) next = Math.min(next, Math.max(hp, maxHp));
  return {
    changes: [{ op: 'set', collection: 'actors', id: actorId, path: ['data', 'hp'], value: next }],
    result: { actorId, hp: next, change: next - hp },
  };
}

/**
 * The core roll: the request's notation rolled with the ruling's seed by @meshtable/dice. Its
 * result is what verifyReceipt.ts recomputes from the revealed seed.
 * @throws {Error} for a request without a notation, or a notation that does not roll
 */
export function coreRoll(request: JsonValue, seed: Uint8Array): JsonValue {
  const fields = (
    typeof request === 'object' && request !== null && !Array.isArray(request) ? request : {}
  ) as Payload;
  if (typeof fields.notation !== 'string') throw new Error('a roll needs a notation');
  const result = roll(fields.notation, seed);
  const label = typeof fields.label === 'string' ? fields.label : undefined;
  return {
    notation: result.notation,
    total: result.total,
    text: result.text,
    ...(label === undefined ? {} : { label }),
  };
}

function isPath(value: JsonValue | undefined): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 16 &&
    value.every(
      (segment) => typeof segment === 'string' && segment.length > 0 && segment.length <= 200,
    )
  );
}
