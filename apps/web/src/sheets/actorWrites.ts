/**
 * Writes to actors from a sheet: one field of one actor (a direct edit by its owner, or the
 * validating GM's), a new character from a sheet's defaults, and a character deleted. Each
 * write is one Yjs transaction that the caller opens (a plain one for an owner, writeAsGm for
 * the GM), and checks the record against its schema before writing, so nothing half-valid is
 * stored. Fields are written where they are: an owner's edit of `data.abilities.str` sets that
 * key of the nested map only, so the audit (packages/campaign ownerWrites.ts) can name its
 * writer and a concurrent edit of another field survives.
 */
import { toYValue } from '@meshtable/campaign';
import type { JsonValue } from '@meshtable/sandbox';
import { type Actor, actorSchema, type Sheet, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
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
 * Adds a character made from the sheet's `defaults`. Call inside the validating GM's write.
 * @returns the record written
 * @throws SheetError `SHEET_INVALID_VALUE` for an empty or too long name, a bad id
 */
export function createCharacter(table: Y.Doc, sheet: Sheet, character: NewCharacter): Actor {
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
  table.getMap(TABLE_MAPS.actors).set(record.id, toYValue(checked.data as never));
  return checked.data;
}

/** Deletes a character. Call inside the validating GM's write. */
export function deleteCharacter(table: Y.Doc, actorId: string): void {
  const actors = table.getMap(TABLE_MAPS.actors);
  if (!actors.has(actorId)) {
    throw new SheetError('SHEET_NO_SUCH_ACTOR', 'This character is no longer at the table.');
  }
  actors.delete(actorId);
}
