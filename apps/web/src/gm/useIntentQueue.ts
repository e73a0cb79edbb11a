import { useCallback, useMemo } from 'react';
import type * as Y from 'yjs';
import { useChangeVersion } from '../campaign/useChangeVersion';
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
  const listen = useCallback(
    (changed: () => void) => {
      table.on('update', changed);
      gm?.on('update', changed);
      return () => {
        table.off('update', changed);
        gm?.off('update', changed);
      };
    },
    [table, gm],
  );
  const seen = useChangeVersion(listen);
  return useMemo(() => {
    void seen;
    const options: IntentQueueOptions = author === undefined ? {} : { author };
    return readIntentQueue(table, gm, options);
  }, [table, gm, author, seen]);
}
