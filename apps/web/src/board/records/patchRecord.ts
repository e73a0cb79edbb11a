/**
 * Changes some fields of a stored record, field by field (packages/campaign patchYMap), so a
 * concurrent change of another field on another device survives the merge. The record and the
 * result are checked against the record's schema first: a change that would break it writes
 * nothing and says what is wrong.
 */
import { fromYValue, patchYMap, toYValue } from '@meshtable/campaign';
import type { Change, JsonObject, JsonValue } from '@meshtable/sandbox';
import * as Y from 'yjs';
import { BoardWriteError } from './BoardWriteError';

/** What the board needs of a record's zod schema (packages/schema). */
export interface RecordSchema<T> {
  safeParse(value: unknown):
    | { readonly success: true; readonly data: T }
    | {
        readonly success: false;
        readonly error: {
          readonly issues: readonly {
            readonly path: readonly PropertyKey[];
            readonly message: string;
          }[];
        };
      };
}

/** A record's checked value as stored in `map`, or undefined when absent or unreadable. */
export function readRecord<T extends { id: string }>(
  map: Y.Map<unknown>,
  id: string,
  schema: RecordSchema<T>,
): T | undefined {
  const checked = schema.safeParse(fromYValue(map.get(id)));
  return checked.success && checked.data.id === id ? checked.data : undefined;
}

/**
 * Applies `patch` to the record `id` of `map`. Call inside a transaction of the map's doc.
 * @returns the record as it now is
 * @throws BoardWriteError `BOARD_NO_SUCH_RECORD`, `BOARD_INVALID_RECORD`
 */
export function patchRecord<T extends { id: string }>(
  map: Y.Map<unknown>,
  id: string,
  schema: RecordSchema<T>,
  patch: Partial<Omit<T, 'id'>>,
  what: string,
): T {
  const before = readRecord(map, id, schema);
  if (before === undefined) {
    throw new BoardWriteError('BOARD_NO_SUCH_RECORD', `There is no ${what} "${id}" to change.`);
  }
  const after = checkRecord(schema, { ...before, ...patch }, what);
  const stored = map.get(id);
  if (stored instanceof Y.Map) {
    patchYMap(stored, before as unknown as JsonObject, after as unknown as JsonObject);
  } else {
    map.set(id, toYValue(after as unknown as JsonObject));
  }
  return after;
}

/**
 * Checks a whole record against its schema.
 * @throws BoardWriteError `BOARD_INVALID_RECORD` naming the fields that are wrong
 */
export function checkRecord<T>(schema: RecordSchema<T>, value: unknown, what: string): T {
  const checked = schema.safeParse(value);
  if (checked.success) return checked.data;
  const problems = checked.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || what}: ${issue.message}`);
  throw new BoardWriteError(
    'BOARD_INVALID_RECORD',
    `That would make the ${what} invalid (${problems.join('; ')}); nothing was changed.`,
  );
}

/** A fresh record id: 12 random base64url characters. */
export function newRecordId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * A patch of a record's fields as a change list (`gm.edit`, records/gmWrites.ts): one `set` a
 * field; fields whose value is undefined are left out, as {@link patchRecord} leaves them.
 */
export function patchChanges(
  collection: Change['collection'],
  id: string,
  patch: Readonly<Record<string, unknown>>,
): Change[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({
      op: 'set',
      collection,
      id,
      path: [field],
      value: value as JsonValue,
    }));
}
