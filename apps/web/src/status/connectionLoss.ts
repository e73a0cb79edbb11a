import type { SyncState } from '@meshtable/sync';

/** Why a device reaches nobody: see {@link connectionLoss}. */
export type ConnectionLoss = 'offline' | 'reconnecting';

/**
 * Why this device reaches nobody, or null when it reaches the relay or a peer: `offline` when the
 * browser knows it has no network, `reconnecting` when it has one but neither the relay nor any
 * peer answers (the relay is down, say). Either way, edits go on into the local copy and sync
 * once someone is reachable. A first connection still opening is not a loss.
 */
export function connectionLoss(state: SyncState): ConnectionLoss | null {
  if (!state.online) return 'offline';
  if (state.relay === 'connected' || state.webrtcPeers > 0) return null;
  return state.relay === 'disconnected' ? 'reconnecting' : null;
}
