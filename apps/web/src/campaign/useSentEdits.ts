/** A panel's {@link SentEdits}, kept for the panel's life, and its state for rendering. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { SentEdits, type SentEditsState } from './SentEdits';

/**
 * The panel's sent changes: `edits.track(what, sent)` after each write through tableWrites.ts,
 * and `state` to show (SentEditStatus.tsx).
 */
export function useSentEdits(): { readonly edits: SentEdits; readonly state: SentEditsState } {
  const [edits] = useState(() => new SentEdits());
  useEffect(() => () => edits.close(), [edits]);
  const state = useSyncExternalStore(
    (listener) => edits.subscribe(listener),
    () => edits.get(),
  );
  return { edits, state };
}
