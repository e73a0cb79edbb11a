import type { SyncSession, SyncState } from '@meshtable/sync';
import { useCallback, useSyncExternalStore } from 'react';

/** The session's connection state, re-rendering on every change. */
export function useSyncState(session: SyncSession): SyncState {
  const subscribe = useCallback(
    (onChange: () => void) => session.subscribe(() => onChange()),
    [session],
  );
  return useSyncExternalStore(subscribe, session.getState);
}
