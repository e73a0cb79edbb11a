/**
 * Applying a change list (a module's `Change` of packages/sandbox, or a GM's edit: a
 * `TableChange`) to the table's maps: first to JSON copies, then every touched entry is checked
 * against its map's rule (tableCollections.ts: its schema, its key), and only when all pass are
 * they written, field by field, in the caller's transaction. A change list is applied whole or
 * not at all.
 */
import type { JsonObject, JsonValue } from '@meshtable/sandbox';
import * as Y from 'yjs';
import { TABLE_COLLECTION_RULES, type TableChange, type TableCollection } from './tableCollections';
import { isJsonObject, patchYMap, toYValue } from './yRecords';

/** An entry as a change list leaves it: its new value, or null when deleted. */
export interface TouchedRecord {
  readonly collection: TableCollection;
  readonly id: string;
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | null;
}

/** Why a change list cannot be applied. */
export class ChangeError extends Error {}

/**
 * Works out what `changes` do to the entries `read` returns, without writing anything.
 * @throws {ChangeError} a path through a value that is not an object, a record that breaks its
 * schema afterwards, a record stored under another key than its own (its `id` field, say), a
 * key its map never holds, or a field change of an entry that is written whole (a fog edit)
 */
export function planChanges(
  changes: readonly TableChange[],
  read: (collection: TableCollection, id: string) => JsonObject | undefined,
): TouchedRecord[] {
  const touched = new Map<
    string,
    {
      collection: TableCollection;
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
    const rule = TABLE_COLLECTION_RULES[change.collection];
    if (!rule.validKey(change.id))
      throw new ChangeError(`${where}: "${change.id}" is no key of ${change.collection}`);
    if (rule.plain && change.path.length > 0)
      throw new ChangeError(`${where}: ${change.collection} entries are replaced whole`);
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
      const rule = TABLE_COLLECTION_RULES[entry.collection];
      const checked = rule.schema.safeParse(entry.after);
      if (!checked.success) {
        const problems = checked.error.issues.map(
          (issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`,
        );
        throw new ChangeError(
          `${entry.collection}/${entry.id} would be invalid: ${problems.slice(0, 3).join('; ')}`,
        );
      }
      if (rule.keyOf(entry.after) !== entry.id) {
        throw new ChangeError(
          `${entry.collection}/${entry.id}: a record's id field must be its key (${rule.keyOf(entry.after)})`,
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
  maps: (collection: TableCollection) => Y.Map<unknown>,
): void {
  for (const { collection, id, before, after } of touched) {
    const map = maps(collection);
    const stored = map.get(id);
    if (after === null) {
      map.delete(id);
    } else if (TABLE_COLLECTION_RULES[collection].plain) {
      map.set(id, after);
    } else if (before !== undefined && stored instanceof Y.Map) {
      patchYMap(stored, before, after);
    } else {
      map.set(id, toYValue(after));
    }
  }
}
