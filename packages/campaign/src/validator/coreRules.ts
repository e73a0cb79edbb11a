/**
 * The rules every table has, whatever its game system: who may move a token, edit a sheet or
 * roll, and what those intents change. They decide when the module does not export the hook
 * (`validate` or `apply`); a module that does export it decides instead, and may be stricter or
 * more generous (a shove that moves another's token).
 */
import { roll } from '@meshtable/dice';
import type { Change, JsonValue, ValidateResult } from '@meshtable/sandbox';
import { recordOf, type TableSnapshot } from './tableSnapshot';

/** Who is asking, as the validator established it. */
export interface Asker {
  readonly userId: string;
  readonly isGm: boolean;
}

/** What an applied intent does: the changes to commit and what the receipt shows. */
export interface Ruling {
  readonly changes: Change[];
  readonly result?: JsonValue;
}

type Payload = { readonly [key: string]: JsonValue };

const ok: ValidateResult = { ok: true };
const no = (reason: string): ValidateResult => ({ ok: false, reason });

/** The default `validate` of the core intent kinds; other kinds are the GM's alone. */
export function validateCore(
  kind: string,
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
    default:
      return asker.isGm ? ok : no(`only the GM may do "${kind}" in this game system`);
  }
}

/**
 * The default `apply` of the core intent kinds.
 * @param seed the call's roll seed (for `roll`)
 * @throws {Error} with a reason for the player when the intent cannot be applied
 */
export function applyCore(kind: string, payload: JsonValue, seed: Uint8Array): Ruling {
  const fields = payload as Payload;
  switch (kind) {
    case 'token.move':
      return {
        changes: [
          {
            op: 'set',
            collection: 'tokens',
            id: fields.tokenId as string,
            path: ['x'],
            value: fields.x as number,
          },
          {
            op: 'set',
            collection: 'tokens',
            id: fields.tokenId as string,
            path: ['y'],
            value: fields.y as number,
          },
        ],
      };
    case 'roll': {
      const result = roll(fields.notation as string, seed);
      const label = typeof fields.label === 'string' ? fields.label : undefined;
      return {
        changes: [],
        result: {
          notation: result.notation,
          total: result.total,
          text: result.text,
          ...(label === undefined ? {} : { label }),
        },
      };
    }
    case 'sheet.edit': {
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
    }
    default:
      throw new Error(`the game system has no rule to apply "${kind}"`);
  }
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
