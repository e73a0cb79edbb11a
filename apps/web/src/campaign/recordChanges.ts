/**
 * A record's change as a change list (`TableChange`s of packages/campaign), for the table's
 * shared write path (tableWrites.ts): a new record is one `set` of the whole, a deleted one one
 * `delete`, and a changed one a `set` or `delete` of each top-level field that differs. Field by
 * field, so a concurrent change of another field on another device survives the merge, as the
 * validating device's own patchYMap keeps it.
 */
import { jsonEqual, type TableChange, type TableCollection } from '@meshtable/campaign';
import type { JsonObject } from '@meshtable/sandbox';

/**
 * The changes that take record `id` of `collection` from `before` to `after`.
 * @param before the record as stored now; undefined when there is none
 * @param after the record wanted; null to delete it
 * @returns the change list, empty when nothing differs
 */
export function recordChanges(
  collection: TableCollection,
  id: string,
  before: JsonObject | undefined,
  after: JsonObject | null,
): TableChange[] {
  if (after === null) {
    return before === undefined ? [] : [{ op: 'delete', collection, id, path: [] }];
  }
  if (before === undefined) return [{ op: 'set', collection, id, path: [], value: after }];
  const changes: TableChange[] = [];
  for (const [field, value] of Object.entries(after)) {
    const was = before[field];
    if (was === undefined || !jsonEqual(was, value)) {
      changes.push({ op: 'set', collection, id, path: [field], value });
    }
  }
  for (const field of Object.keys(before)) {
    if (!Object.hasOwn(after, field)) changes.push({ op: 'delete', collection, id, path: [field] });
  }
  return changes;
}
