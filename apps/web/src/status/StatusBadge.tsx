import type { RelayState, SyncSession, SyncState } from '@meshtable/sync';
import { connectionLoss } from './connectionLoss';
import { useSyncState } from './useSyncState';

const RELAY_LABEL: Record<RelayState, string> = {
  off: 'off',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'disconnected',
  refused: 'refused',
};

function webrtcLabel(state: SyncState): string {
  switch (state.webrtc) {
    case 'off':
      return 'WebRTC: off';
    case 'needs-secure-context':
      return 'WebRTC: needs HTTPS';
    case 'on':
      return `WebRTC: ${state.webrtcPeers} ${state.webrtcPeers === 1 ? 'peer' : 'peers'}`;
  }
}

function persistedLabel(state: SyncState): string {
  switch (state.persisted) {
    case 'ready':
      return 'Saved locally';
    case 'loading':
      return 'Opening local copy…';
    case 'off':
      return 'Not saved locally';
  }
}

/**
 * The connection status of a board: WebRTC peers, the relay, offline, the local copy.
 *
 * Every item has a `data-testid` and its value in a data attribute, so the e2e tests can wait
 * for a named condition (`[data-testid=status-webrtc-peers][data-peers="1"]`) instead of text.
 */
export function StatusBadge({ session }: { readonly session: SyncSession }) {
  const state = useSyncState(session);
  const loss = connectionLoss(state);
  return (
    <output className="mt-status" data-testid="status" aria-live="polite">
      <span
        className="mt-status-item"
        data-testid="status-webrtc-peers"
        data-peers={state.webrtcPeers}
        data-state={state.webrtc}
        title={
          state.webrtc === 'needs-secure-context'
            ? 'Peer-to-peer sync needs the page served over HTTPS (or localhost). Syncing through the relay instead.'
            : undefined
        }
      >
        {webrtcLabel(state)}
      </span>
      <span
        className={`mt-status-item mt-relay-${state.relay}`}
        data-testid="status-relay"
        data-state={state.relay}
        title={
          state.relay === 'refused'
            ? 'The relay refused this board: the link’s key does not match the one this board was created with.'
            : undefined
        }
      >
        Relay: {RELAY_LABEL[state.relay]}
      </span>
      {loss !== null && (
        <span className="mt-status-item mt-offline" data-testid="status-offline" data-state={loss}>
          {loss === 'offline'
            ? 'Offline — your changes are kept and will sync'
            : 'Reconnecting — your changes are kept and will sync'}
        </span>
      )}
      <span className="mt-status-item" data-testid="status-persisted" data-state={state.persisted}>
        {persistedLabel(state)}
      </span>
    </output>
  );
}
