import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * A number that changes after every transaction on `doc`, for components that re-read the doc
 * (the chat's logs, receipts, members) with useMemo: one subscription instead of observers on
 * logs that may not exist yet.
 */
export function useDocVersion(doc: Y.Doc): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const bump = () => {
        version.current++;
        onChange();
      };
      doc.on('afterTransaction', bump);
      return () => doc.off('afterTransaction', bump);
    },
    [doc],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}
