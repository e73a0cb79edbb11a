/**
 * The audit's rule for actors (DESIGN.md §3): a player writes directly only "the fields of
 * actors it owns that the module marks player-editable". Everything else of an actor (its id,
 * type, image, owners, and the fields the sheet leaves to the GM or to the rules) has one
 * writer, the validating GM's peer.
 *
 * For each field a remote change touched, the audit asks three things:
 * 1. who wrote it: the client id of the Yjs item that now holds the value, as memberDevices.ts
 *    knows it (a deletion names nobody: see below);
 * 2. whether that member owns the actor (as the audit last accepted it: a player cannot make
 *    themselves an owner in the same change);
 * 3. whether the module's sheet for the actor's type marks the field `"editable": "owner"`
 *    (a list: the whole list), and the new value fits the field (a number for a number field).
 * A field that fails any of them is put back; the others are kept, so that an owner's edit in
 * the same sync as an intruder's survives.
 *
 * A deletion of a field is the one change that names nobody, and it is also how half of a
 * concurrent edit delivered out of order looks (a delete set travels in every sync message,
 * ahead of the value that replaced what it deletes). So the audit leaves a deleted field as it
 * is, remembering its old value: what is written there next is judged against that, and an
 * intruder's value puts the old one back. (The app never deletes a field: it sets values.) The
 * name and `data` as a whole, which every actor needs, are always put back. Until the module's
 * sheets are known (the rules load after the audit starts), any field of `data` counts as
 * editable and `name` as not.
 */
import { checkActorData, type Sheet } from '@meshtable/schema';
import * as Y from 'yjs';
import { isJsonObject, jsonEqual } from '../doc/yRecords';
import type { MemberDevices } from './memberDevices';

type Json = Parameters<typeof jsonEqual>[0];
type JsonRecord = { [key: string]: Json };

/** The fields of an actor that a sheet may let owners edit; the rest are the GM's. */
const SHEET_FIELDS = ['name', 'data'] as const;

/**
 * The actor-relative paths a sheet lets owners edit (`['data', 'abilities', 'str']`,
 * `['name']`, a list's whole path).
 */
export function ownerEditablePaths(sheet: Pick<Sheet, 'sections'>): string[][] {
  const paths: string[][] = [];
  for (const section of sheet.sections) {
    for (const field of section.fields) {
      if ('editable' in field && field.editable === 'owner' && 'field' in field) {
        paths.push(field.field.split('.'));
      }
    }
  }
  return paths;
}

/** What {@link OwnerWrites.review} decided for one actor. */
export interface ActorReview {
  /** The actor as the audit lets it stand. */
  readonly actor: JsonRecord;
  /** Fields found deleted: left as they are, their old value still remembered by the audit. */
  readonly deferred: readonly string[][];
}

/**
 * `remembered` with the value at each of `paths` as in `expected`: the audit keeps remembering a
 * deferred field's old value, so that what replaces it is judged against that.
 */
export function rememberDeferred(
  remembered: JsonRecord,
  expected: JsonRecord,
  paths: readonly string[][],
): JsonRecord {
  const kept = structuredClone(remembered);
  for (const path of paths) putBack(kept, expected, path);
  return kept;
}

/** The sheets by actor type, with their owner-editable paths. */
export class OwnerWrites {
  readonly #devices: MemberDevices;
  #sheets: ReadonlyMap<string, { sheet: Sheet; editable: string[][] }> | null = null;

  constructor(devices: MemberDevices) {
    this.#devices = devices;
  }

  /** The module's sheets by actor type (a module without sheets: an empty record). */
  setSheets(sheets: Readonly<Record<string, Sheet>>): void {
    this.#sheets = new Map(
      Object.entries(sheets).map(([type, sheet]) => [
        type,
        { sheet, editable: ownerEditablePaths(sheet) },
      ]),
    );
  }

  /**
   * The actor as the audit lets it stand after a remote change: `current` with every field the
   * writer had no right to put back as in `expected`. Both are present (an added or deleted
   * actor is the GM's business alone).
   * @param stored the actor's Y.Map as it is now, to find who wrote each changed field
   */
  review(expected: JsonRecord, current: JsonRecord, stored: unknown): ActorReview {
    const result: JsonRecord = structuredClone(current);
    const deferred: string[][] = [];
    for (const key of new Set([...Object.keys(expected), ...Object.keys(current)])) {
      if ((SHEET_FIELDS as readonly string[]).includes(key)) continue;
      if (Object.hasOwn(expected, key)) result[key] = structuredClone(expected[key] as Json);
      else delete result[key];
    }
    const owners = Array.isArray(expected.owners) ? (expected.owners as string[]) : [];
    const type = typeof expected.type === 'string' ? expected.type : '';
    for (const key of SHEET_FIELDS) {
      for (const path of changedPaths(expected[key], current[key], [key])) {
        const writer = writerAt(stored, path);
        // A field inside data may be left deleted (see above); the name and data as a whole,
        // which every actor must have, never are.
        if (writer === null && path[0] === 'data' && path.length > 1) {
          deferred.push(path);
          continue;
        }
        const user = writer === null ? null : this.#devices.userOf(writer);
        const allowed =
          user !== null && owners.includes(user) && this.#editable(type, path, result);
        if (!allowed) putBack(result, expected, path);
      }
    }
    return { actor: result, deferred };
  }

  #editable(type: string, path: readonly string[], actor: JsonRecord): boolean {
    if (this.#sheets === null) return path[0] === 'data';
    const entry = this.#sheets.get(type);
    if (entry === undefined) return false;
    const covering = entry.editable.find((editable) => startsWith(path, editable));
    if (covering === undefined) return false;
    if (covering[0] !== 'data') {
      return typeof actor.name === 'string' && actor.name.trim() !== '';
    }
    // The new value must fit its field, as the sheet would have let the owner write it.
    const fieldPath = covering.slice(1);
    return !checkActorData(entry.sheet, actor.data).some((problem) =>
      startsWith(problem.path.map(String), fieldPath),
    );
  }
}

/** Whether `path` begins with all of `prefix`. */
function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => path[index] === key);
}

/**
 * The paths where two JSON values differ: objects are compared key by key, anything else
 * (arrays included: they are stored whole) as one value.
 */
function changedPaths(before: unknown, after: unknown, at: string[]): string[][] {
  if (isJsonObject(before as Json) && isJsonObject(after as Json)) {
    const left = before as JsonRecord;
    const right = after as JsonRecord;
    const paths: string[][] = [];
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      paths.push(...changedPaths(left[key], right[key], [...at, key]));
    }
    return paths;
  }
  if (before === undefined && after === undefined) return [];
  if (before === undefined || after === undefined) return [at];
  return jsonEqual(before as Json, after as Json) ? [] : [at];
}

/**
 * The client id of the Yjs item that holds the value at `path` of a stored record: where a
 * plain value replaced a nested map on the way, the item of that value. Null when the value
 * was deleted (nobody can be named for a deletion).
 */
function writerAt(stored: unknown, path: readonly string[]): number | null {
  let map = stored;
  for (const [index, key] of path.entries()) {
    if (!(map instanceof Y.Map)) return null;
    const item = map._map.get(key);
    if (item === undefined || item.deleted) return null;
    const value = map.get(key);
    if (index === path.length - 1 || !(value instanceof Y.Map)) return item.id.client;
    map = value;
  }
  return null;
}

/** Sets `path` of `target` back to its value in `source` (deleting it where source has none). */
function putBack(target: JsonRecord, source: JsonRecord, path: readonly string[]): void {
  let into: JsonRecord = target;
  let from: Json | undefined = source;
  for (const key of path.slice(0, -1)) {
    from = isJsonObject(from as Json) ? (from as JsonRecord)[key] : undefined;
    const next = into[key];
    if (!isJsonObject(next as Json)) {
      // The writer replaced an object by a plain value: the object comes back whole.
      if (from === undefined) delete into[key];
      else into[key] = structuredClone(from);
      return;
    }
    into = next as JsonRecord;
  }
  const last = path[path.length - 1] as string;
  const original = isJsonObject(from as Json) ? (from as JsonRecord)[last] : undefined;
  if (original === undefined) delete into[last];
  else into[last] = structuredClone(original);
}
