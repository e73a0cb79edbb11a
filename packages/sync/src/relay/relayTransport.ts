import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { isRefusalCloseCode, nextRelayState, type RelayEvent, type RelayState } from '../syncState';

/** Options of {@link attachRelay}. */
export interface RelayTransportOptions {
  /** y-websocket base URL, e.g. `ws://127.0.0.1:8080/sync` (see `relayEndpoints`). */
  readonly syncUrl: string;
  /** Room name; becomes the last path segment. */
  readonly room: string;
  /** Relay token (see `deriveRelayToken`), sent as `?token=`. */
  readonly token: string;
  /** Shared awareness, so presence is the same over every transport. */
  readonly awareness: Awareness;
  /**
   * The BroadcastChannel on which y-websocket also syncs same-browser tabs (see
   * `relayBroadcastChannelName`: it must name the table key, not just the room), or null for
   * none. Null when y-webrtc runs, since y-webrtc already does that (encrypted) and doing it
   * twice is waste.
   */
  readonly broadcastChannel: string | null;
  /** Called with each new relay state. */
  readonly onState: (state: RelayState) => void;
}

/** A running relay connection. */
export interface RelayTransport {
  /** Closes the socket and stops retrying. */
  destroy(): void;
}

/**
 * Longest pause between reconnect attempts. y-websocket backs off exponentially from 200 ms; a
 * relay restart should be noticed within seconds, without hammering a relay that is down.
 */
const MAX_BACKOFF_MS = 5000;

/**
 * Connects `doc` to the relay's `/sync/<room>?token=…` with an unmodified y-websocket provider,
 * and turns its events into a {@link RelayState}.
 *
 * A 44xx close (4401: wrong or missing token) is final: we stop the provider instead of letting
 * it retry forever with a token that cannot start working, and report `refused`. An HTTP 401 on
 * the upgrade cannot be told apart from a network failure in a browser (the page only sees close
 * code 1006), so that case keeps retrying with backoff; the relay closes with 4401 to be precise.
 */
export function attachRelay(doc: Y.Doc, options: RelayTransportOptions): RelayTransport {
  let state: RelayState = 'connecting';
  const apply = (event: RelayEvent): void => {
    const next = nextRelayState(state, event);
    if (next === state) return;
    state = next;
    options.onState(next);
  };

  const provider = new WebsocketProvider(options.syncUrl, options.room, doc, {
    params: { token: options.token },
    awareness: options.awareness,
    disableBc: options.broadcastChannel === null,
    maxBackoffTime: MAX_BACKOFF_MS,
    shouldReconnect: (event) => !isRefusalCloseCode(event.code),
    // Not yet: y-websocket names its channel `<serverUrl>/<room>` and offers no option to change
    // that, so we rename it before `connect()` subscribes to it.
    connect: false,
  });
  if (options.broadcastChannel !== null) provider.bcChannel = options.broadcastChannel;

  provider.on('status', ({ status }) => apply({ type: 'status', status }));
  provider.on('sync', (synced) => {
    if (synced) apply({ type: 'synced' });
  });
  provider.on('connection-close', (event) => {
    // `null` means we closed it ourselves (disconnect, or y-websocket's silence watchdog).
    if (event === null) return;
    apply({ type: 'closed', code: event.code });
    if (!isRefusalCloseCode(event.code)) return;
    // Set synchronously so the reconnect that y-websocket schedules right after this event turns
    // into a no-op even if a future version stops honouring `shouldReconnect`.
    provider.shouldConnect = false;
    // disconnect() also leaves the BroadcastChannel; deferred because we are inside the
    // provider's own close handling, which must finish first.
    queueMicrotask(() => provider.disconnect());
  });

  // The browser knows when its network goes and comes back. Going offline, a socket often stays
  // "open" with nothing flowing until y-websocket's 30 s silence watchdog gives up on it: drop it
  // at once, so the state says so. Back online, connect now rather than at the end of a backoff
  // grown long while there was no network.
  const onOffline = (): void => {
    if (state !== 'refused') provider.disconnect();
  };
  const onOnline = (): void => {
    if (state !== 'refused') provider.connect();
  };
  globalThis.addEventListener?.('offline', onOffline);
  globalThis.addEventListener?.('online', onOnline);

  options.onState(state);
  provider.connect();
  return {
    destroy() {
      globalThis.removeEventListener?.('offline', onOffline);
      globalThis.removeEventListener?.('online', onOnline);
      provider.destroy();
    },
  };
}
