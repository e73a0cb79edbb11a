import { useMemo, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { type IntentQueue, type IntentQueueOptions, readIntentQueue } from './intentQueue';

/**
 * The intent queue, read again whenever the table doc or (on a GM's device) the gm doc changes:
 * a receipt, a held marker, a policy, a decision.
 */
export function useIntentQueue(
  table: Y.Doc,
  gm: Y.Doc | null,
  author: string | undefined,
): IntentQueue {
  // A change counter is the store's snapshot: cheap to compare, and the queue is read once per
  // change in useMemo rather than on every render.
  const version = useRef(0);
  const subscribe = useMemo(
    () => (onChange: () => void) => {
      const changed = () => {
        version.current++;
        onChange();
      };
      table.on('update', changed);
      gm?.on('update', changed);
      return () => {
        table.off('update', changed);
        gm?.off('update', changed);
      };
    },
    [table, gm],
  );
  const seen = useSyncExternalStore(subscribe, () => version.current);
  return useMemo(() => {
    void seen;
    const options: IntentQueueOptions = author === undefined ? {} : { author };
    return readIntentQueue(table, gm, options);
  }, [table, gm, author, seen]);
}
