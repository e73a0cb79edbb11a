/**
 * Writes to actors from a sheet: one field of one actor (a direct edit by its owner, or the
 * validating GM's), a new character from a sheet's defaults, and a character deleted. A field
 * edit is one Yjs transaction that the caller opens (a plain one for an owner, writeAsGm for
 * the GM); a character is made or deleted through the table's one write path
 * (campaign/tableWrites.ts: directly on the GM device that runs the table, as a `gm.edit` from
 * a GM's other device). Each checks the record against its schema before writing, so nothing
 * half-valid is stored. Fields are written where they are: an owner's edit of
 * `data.abilities.str` sets that key of the nested map only, so the audit (packages/campaign
 * ownerWrites.ts) can name its writer and a concurrent edit of another field survives.
 */
import { type IntentTicket, toYValue } from '@meshtable/campaign';
import type { JsonObject, JsonValue } from '@meshtable/sandbox';
import { actorSchema, type Sheet, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { recordChanges } from '../campaign/recordChanges';
import { type TableWriter, writeTableChanges } from '../campaign/tableWrites';
import { SheetError } from './SheetError';

/** What a new character is made of. */
export interface NewCharacter {
  readonly id: string;
  readonly name: string;
  /** The actor type: a key of the manifest's `sheets`. */
  readonly type: string;
  /** The member who plays it; null for a character of the GM's (an NPC). */
  readonly owner: string | null;
}

/**
 * Sets the field at `path` of actor `actorId` (`['data', 'abilities', 'str']`, `['name']`).
 * Call inside a transaction of `table`.
 * @throws SheetError `SHEET_NO_SUCH_ACTOR`, `SHEET_INVALID_VALUE` (the actor would not be valid)
 */
export function writeActorField(
  table: Y.Doc,
  actorId: string,
  path: readonly string[],
  value: JsonValue,
): void {
  const stored = table.getMap(TABLE_MAPS.actors).get(actorId);
  if (!(stored instanceof Y.Map)) {
    throw new SheetError('SHEET_NO_SUCH_ACTOR', 'This character is no longer at the table.');
  }
  const after = structuredClone(stored.toJSON()) as Record<string, unknown>;
  let into = after;
  for (const key of path.slice(0, -1)) {
    const next = into[key];
    into[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
    into = into[key] as Record<string, unknown>;
  }
  into[path[path.length - 1] as string] = value;
  const checked = actorSchema.safeParse(after);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SheetError(
      'SHEET_INVALID_VALUE',
      `That would make the character invalid (${issue?.path.join('.')}: ${issue?.message}); nothing was changed.`,
    );
  }
  let map: Y.Map<unknown> = stored;
  for (const key of path.slice(0, -1)) {
    const next = map.get(key);
    if (next instanceof Y.Map) map = next;
    else {
      const made = new Y.Map<unknown>();
      map.set(key, made);
      map = made;
    }
  }
  map.set(path[path.length - 1] as string, toYValue(value));
}

/**
 * Adds a character made from the sheet's `defaults`, from any GM device.
 * @returns the `gm.edit` sent from a GM's other device (its receipt says whether the table made
 *   it), or null when this device wrote it
 * @throws SheetError `SHEET_INVALID_VALUE` for an empty or too long name, a bad id;
 *   TableWriteError `TABLE_NOT_GM` for anyone but a GM
 */
export function createCharacter(
  session: TableWriter,
  sheet: Sheet,
  character: NewCharacter,
): IntentTicket | null {
  const record = {
    id: character.id,
    type: character.type,
    name: character.name.trim(),
    image: null,
    owners: character.owner === null ? [] : [character.owner],
    data: structuredClone(sheet.defaults),
  };
  const checked = actorSchema.safeParse(record);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SheetError(
      'SHEET_INVALID_VALUE',
      `The character cannot be made: ${issue?.path.join('.') || 'it'}: ${issue?.message}.`,
    );
  }
  const made = checked.data as unknown as JsonObject;
  return writeTableChanges(
    session,
    'make a character',
    recordChanges('actors', record.id, undefined, made),
  );
}

/**
 * Deletes a character, from any GM device.
 * @returns as {@link createCharacter}
 * @throws SheetError `SHEET_NO_SUCH_ACTOR` when it is gone already; TableWriteError
 *   `TABLE_NOT_GM` for anyone but a GM
 */
export function deleteCharacter(session: TableWriter, actorId: string): IntentTicket | null {
  if (!session.table.getMap(TABLE_MAPS.actors).has(actorId)) {
    throw new SheetError('SHEET_NO_SUCH_ACTOR', 'This character is no longer at the table.');
  }
  return writeTableChanges(session, 'delete a character', [
    { op: 'delete', collection: 'actors', id: actorId, path: [] },
  ]);
}
