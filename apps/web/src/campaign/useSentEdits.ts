/** A panel's {@link SentEdits}, kept for the panel's life, and its state for rendering. */
import { useCallback, useState, useSyncExternalStore } from 'react';
import { SentEdits, type SentEditsState } from './SentEdits';

/**
 * The panel's sent changes: `edits.track(what, sent)` after each write through tableWrites.ts,
 * and `state` to show (SentEditStatus.tsx). An answer that comes after the panel is gone
 * changes a store nobody listens to any more.
 */
export function useSentEdits(): { readonly edits: SentEdits; readonly state: SentEditsState } {
  const [edits] = useState(() => new SentEdits());
  const subscribe = useCallback((listener: () => void) => edits.subscribe(listener), [edits]);
  const read = useCallback(() => edits.get(), [edits]);
  const state = useSyncExternalStore(subscribe, read);
  return { edits, state };
}
