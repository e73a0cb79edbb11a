/**
 * Applying a module's change list (packages/sandbox `Change`) to the table's records: first to
 * JSON copies, then every touched record is checked against its schema, and only when all pass
 * are they written, field by field, in the caller's transaction. A change list is applied whole
 * or not at all.
 */
import type { Change, JsonObject, JsonValue } from '@meshtable/sandbox';
import { RECORD_SCHEMAS, type RecordMapName } from '@meshtable/schema';
import * as Y from 'yjs';
import { isJsonObject, patchYMap, toYValue } from './yRecords';

/** A record as a change list leaves it: its new value, or null when deleted. */
export interface TouchedRecord {
  readonly collection: RecordMapName;
  readonly id: string;
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | null;
}

/** Why a change list cannot be applied. */
export class ChangeError extends Error {}

/**
 * Works out what `changes` do to the records `read` returns, without writing anything.
 * @throws {ChangeError} a path through a value that is not an object, a record that breaks its
 * schema afterwards, or a record whose `id` field differs from its key
 */
export function planChanges(
  changes: readonly Change[],
  read: (collection: RecordMapName, id: string) => JsonObject | undefined,
): TouchedRecord[] {
  const touched = new Map<
    string,
    {
      collection: RecordMapName;
      id: string;
      before: JsonObject | undefined;
      after: JsonObject | null;
    }
  >();
  for (const [index, change] of changes.entries()) {
    const key = `${change.collection}\0${change.id}`;
    let entry = touched.get(key);
    if (entry === undefined) {
      const before = read(change.collection, change.id);
      entry = {
        collection: change.collection,
        id: change.id,
        before,
        after: before === undefined ? null : structuredClone(before),
      };
      touched.set(key, entry);
    }
    const where = `change ${index} (${change.op} ${change.collection}/${change.id}${change.path.map((segment) => `.${segment}`).join('')})`;
    if (change.path.length === 0) {
      if (change.op === 'delete') {
        entry.after = null;
      } else {
        if (!isJsonObject(change.value))
          throw new ChangeError(`${where}: a record must be an object`);
        entry.after = structuredClone(change.value);
      }
      continue;
    }
    if (entry.after === null) throw new ChangeError(`${where}: there is no such record`);
    let parent: JsonObject = entry.after;
    for (const segment of change.path.slice(0, -1)) {
      const next = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (next === undefined && change.op === 'set') {
        const created: JsonObject = {};
        parent[segment] = created;
        parent = created;
      } else if (isJsonObject(next)) {
        parent = next;
      } else {
        throw new ChangeError(`${where}: "${segment}" is not an object`);
      }
    }
    const last = change.path[change.path.length - 1] as string;
    if (change.op === 'delete') delete parent[last];
    else parent[last] = structuredClone(change.value) as JsonValue;
  }

  const result: TouchedRecord[] = [];
  for (const entry of touched.values()) {
    if (entry.after !== null) {
      const checked = RECORD_SCHEMAS[entry.collection].safeParse(entry.after);
      if (!checked.success) {
        const problems = checked.error.issues.map(
          (issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`,
        );
        throw new ChangeError(
          `${entry.collection}/${entry.id} would be invalid: ${problems.slice(0, 3).join('; ')}`,
        );
      }
      if (entry.after.id !== entry.id) {
        throw new ChangeError(
          `${entry.collection}/${entry.id}: a record's id field must be its key`,
        );
      }
    }
    result.push(entry);
  }
  return result;
}

/** Writes planned records into `maps` (call inside a transaction). */
export function commitChanges(
  touched: readonly TouchedRecord[],
  maps: (collection: RecordMapName) => Y.Map<unknown>,
): void {
  for (const { collection, id, before, after } of touched) {
    const map = maps(collection);
    const stored = map.get(id);
    if (after === null) {
      map.delete(id);
    } else if (before !== undefined && stored instanceof Y.Map) {
      patchYMap(stored, before, after);
    } else {
      map.set(id, toYValue(after));
    }
  }
}
