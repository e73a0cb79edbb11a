import { useMemo, useRef, useSyncExternalStore } from 'react';

/**
 * Subscribes a change callback to some sources (docs, maps, awareness, a sync state) and returns
 * how to unsubscribe it.
 */
export type ChangeSources = (changed: () => void) => () => void;

/**
 * A change counter over `listen`'s sources: it moves on each change they report. It is the store's
 * snapshot for useSyncExternalStore, cheap to compare, so that a hook re-reads its data once per
 * change in useMemo (keyed on the counter) rather than on every render.
 * @param listen subscribes to the sources; keep it stable (useCallback) or it re-subscribes on
 *   every render
 * @example
 * const listen = useCallback((changed: () => void) => {
 *   doc.on('update', changed);
 *   return () => doc.off('update', changed);
 * }, [doc]);
 * const version = useChangeVersion(listen);
 * const rows = useMemo(() => readRows(doc, version), [doc, version]);
 */
export function useChangeVersion(listen: ChangeSources): number {
  const version = useRef(0);
  const subscribe = useMemo(
    () => (onChange: () => void) =>
      listen(() => {
        version.current++;
        onChange();
      }),
    [listen],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}
