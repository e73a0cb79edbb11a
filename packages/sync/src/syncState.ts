/**
 * The connection state of a sync session, as the status badge and the e2e tests read it. Pure
 * types and transition helpers; the transports feed them.
 */

/** State of the WebSocket connection to the relay's `/sync/<room>`. */
export type RelayState =
  /** The relay transport is turned off (`?sync=webrtc`). */
  | 'off'
  /** Opening a socket (first attempt or a retry after a drop). */
  | 'connecting'
  /** The socket is open. */
  | 'connected'
  /** The socket dropped; a retry is scheduled. */
  | 'disconnected'
  /** The relay refused the room (wrong or missing token: close code 4401, or any 44xx). No retry. */
  | 'refused';

/** Whether WebRTC is in use. */
export type WebrtcAvailability =
  /** Turned off (`?sync=relay`). */
  | 'off'
  /** Signalling through the relay and connecting to peers. */
  | 'on'
  /**
   * Wanted but impossible: y-webrtc encrypts signalling with WebCrypto, which only exists in a
   * secure context (https, or localhost). Over plain http on a LAN address we do not fall back
   * to unencrypted signalling, because then anyone who learns the room id could join as a peer
   * and read the table without the table key.
   */
  | 'needs-secure-context';

/** State of the local IndexedDB copy. */
export type PersistenceState = 'off' | 'loading' | 'ready';

/** Everything the UI shows about a session's connections. */
export interface SyncState {
  /** Whether WebRTC is in use, and if not, why. */
  readonly webrtc: WebrtcAvailability;
  /** Peers with an open WebRTC data channel. */
  readonly webrtcPeers: number;
  /** The relay `/sync` connection. */
  readonly relay: RelayState;
  /** `navigator.onLine`: false means the browser knows it has no network. */
  readonly online: boolean;
  /** The IndexedDB copy: `ready` once the stored updates are loaded into the document. */
  readonly persisted: PersistenceState;
}

/** Which transports a session attaches. */
export interface SyncTransports {
  /** Peer-to-peer over WebRTC, signalled through the relay's `/signal`. */
  readonly webrtc: boolean;
  /** y-websocket to the relay's `/sync/<room>` (fallback and durable copy). */
  readonly relay: boolean;
  /** y-indexeddb in this browser (offline copy). */
  readonly indexeddb: boolean;
}

/**
 * The state a session starts in.
 *
 * @param transports - which transports are wanted
 * @param environment - facts about the browser: online, and whether WebCrypto is available
 */
export function initialSyncState(
  transports: SyncTransports,
  environment: { online: boolean; secureContext: boolean },
): SyncState {
  return {
    webrtc: !transports.webrtc ? 'off' : environment.secureContext ? 'on' : 'needs-secure-context',
    webrtcPeers: 0,
    relay: transports.relay ? 'connecting' : 'off',
    online: environment.online,
    persisted: transports.indexeddb ? 'loading' : 'off',
  };
}

/**
 * Whether a close code from the relay means "do not retry": the 44xx range (which includes 4401,
 * `RelayCloseCode.unauthorized`) mirrors HTTP 4xx (the relay decided; the same request will fail
 * again), as y-websocket's own default also assumes.
 */
export function isRefusalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** What the y-websocket provider reports, reduced to what the relay state depends on. */
export type RelayEvent =
  /** A `status` event: the socket is opening, open, or dropped. */
  | { readonly type: 'status'; readonly status: 'connecting' | 'connected' | 'disconnected' }
  /** The initial sync with the relay completed (`sync` event with `true`). */
  | { readonly type: 'synced' }
  /** The socket closed with this code (`connection-close` event). */
  | { readonly type: 'closed'; readonly code: number };

/**
 * The relay state after a provider event.
 *
 * `connected` means the initial sync completed, not just that the socket opened: the relay opens
 * the socket before it checks the token, so an open socket may still be refused a moment later,
 * and "connected" should promise that updates flow. A refusal is final, and `off` stays off.
 */
export function nextRelayState(current: RelayState, event: RelayEvent): RelayState {
  if (current === 'refused' || current === 'off') return current;
  switch (event.type) {
    case 'status':
      return event.status === 'disconnected' ? 'disconnected' : 'connecting';
    case 'synced':
      return 'connected';
    case 'closed':
      return isRefusalCloseCode(event.code) ? 'refused' : current;
  }
}
