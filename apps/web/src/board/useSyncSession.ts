import type { RelayClientConfig } from '@meshtable/schema';
import { openSyncSession, type SyncSession, type SyncTransports } from '@meshtable/sync';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';

/** Result of {@link useSyncSession}. */
export type SyncSessionState =
  | { readonly status: 'opening' }
  | { readonly status: 'open'; readonly session: SyncSession }
  | { readonly status: 'failed'; readonly error: Error };

/**
 * Opens a fresh Y.Doc and its sync session for a board, and closes both on unmount or when any
 * input changes. The doc is destroyed only after the session has let go of it.
 */
export function useSyncSession(
  room: string,
  tableKey: string,
  transports: SyncTransports,
  iceServers: RelayClientConfig['iceServers'],
): SyncSessionState {
  const [state, setState] = useState<SyncSessionState>({ status: 'opening' });
  const { webrtc, relay, indexeddb } = transports;

  useEffect(() => {
    const doc = new Y.Doc();
    let session: SyncSession;
    try {
      session = openSyncSession(doc, {
        room,
        tableKey,
        relayUrl: window.location.origin,
        transports: { webrtc, relay, indexeddb },
        iceServers,
        onEvent: (event) => {
          // The browser console is the app's log; the library itself does not print.
          console.info(`meshtable sync: ${event.kind}`, event);
        },
      });
    } catch (error) {
      doc.destroy();
      setState({
        status: 'failed',
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return;
    }
    setState({ status: 'open', session });
    return () => {
      setState({ status: 'opening' });
      void session.destroy().then(() => doc.destroy());
    };
  }, [room, tableKey, webrtc, relay, indexeddb, iceServers]);

  return state;
}
