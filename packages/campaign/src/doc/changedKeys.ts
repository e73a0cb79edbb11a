/**
 * Which top-level entries a Yjs transaction changed, for code that keeps a copy of the table
 * doc's maps and wants to read again only what changed (the validator's snapshot, the audit's
 * shadow). A change inside a nested type (a record's field, a field of a field) counts for the
 * key its outermost container is stored under in the top-level map.
 *
 * Yjs lists in `transaction.changed` every type a transaction inserted into or deleted from, with
 * the map keys it touched (null for a sequence): a deletion marks the type the deleted item sat
 * in, and a change inside a type created or deleted in the same transaction shows as a change of
 * that type's own key in its parent. So a top-level key not listed holds what it held before.
 */
import type * as Y from 'yjs';

/** What the walk up from a changed type reads of each type on the way. */
type Nested = { readonly _item: Y.Item | null };

/**
 * Top-level types a transaction changed (as the doc's `getMap` and `getArray` return them), each
 * with the keys changed in it; `null` among a type's keys means a change without a key (an insertion into or a deletion from a sequence).
 */
export function changedTopLevelKeys(transaction: Y.Transaction): Map<unknown, Set<string | null>> {
  const changed = new Map<unknown, Set<string | null>>();
  const note = (type: unknown, key: string | null) => {
    let keys = changed.get(type);
    if (!keys) {
      keys = new Set();
      changed.set(type, keys);
    }
    keys.add(key);
  };
  for (const [type, keys] of transaction.changed) {
    if (type._item === null) {
      for (const key of keys) note(type, key);
      continue;
    }
    // Up to the child of the top-level type: its key (parentSub) is the entry that changed.
    let child: Nested = type;
    let parent = child._item?.parent as Nested;
    while (parent._item !== null) {
      child = parent;
      parent = child._item?.parent as Nested;
    }
    note(parent, child._item?.parentSub ?? null);
  }
  return changed;
}
