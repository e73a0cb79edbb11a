import { useCallback, useRef } from 'react';
import type * as Y from 'yjs';
import { useChangeVersion } from '../campaign/useChangeVersion';

/**
 * A number that changes after each transaction on `doc` that touched one of the top-level types
 * `watch` picks (by name), for components that re-read those parts of the doc with useMemo. One
 * subscription instead of observers on logs that may not exist yet; and a token dragged across
 * the board (many transactions a second on `tokens`) does not make the chat read itself again.
 */
export function useDocVersion(doc: Y.Doc, watch: (rootName: string) => boolean): number {
  const watchRef = useRef(watch);
  watchRef.current = watch;
  const listen = useCallback(
    (changed: () => void) => {
      const onTransaction = (transaction: Y.Transaction) => {
        if (touchesWatched(doc, transaction, watchRef.current)) changed();
      };
      doc.on('afterTransaction', onTransaction);
      return () => doc.off('afterTransaction', onTransaction);
    },
    [doc],
  );
  return useChangeVersion(listen);
}

/** A shared type as the doc holds them (its event type left open). */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

/** Whether the transaction changed anything under a watched top-level type. */
function touchesWatched(
  doc: Y.Doc,
  transaction: Y.Transaction,
  watch: (rootName: string) => boolean,
): boolean {
  if (transaction.changed.size === 0) return false;
  const watched = new Set<SharedType>();
  const roots = new Set<SharedType>();
  for (const [name, type] of doc.share) {
    roots.add(type);
    if (watch(name)) watched.add(type);
  }
  for (const changed of transaction.changed.keys()) {
    let type: SharedType = changed;
    // Up to the top-level type: a nested type's item names its parent.
    while (type._item !== null) type = type._item.parent as SharedType;
    if (watched.has(type)) return true;
    // A top-level type that first came from a peer is a placeholder until someone asks for it by
    // its kind (getArray); one who does during this transaction (the audit) replaces it in
    // `share`, so it cannot be named here. It may be a log: count it as watched.
    if (!roots.has(type)) return true;
  }
  return false;
}
