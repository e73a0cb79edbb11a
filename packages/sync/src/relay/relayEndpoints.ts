import { SyncError } from '../errors';

/** The WebSocket endpoints of one relay. */
export interface RelayEndpoints {
  /** y-webrtc signalling, e.g. `ws://127.0.0.1:8080/signal`. */
  readonly signalUrl: string;
  /** y-websocket base URL; the provider appends `/<room>?token=…`. */
  readonly syncUrl: string;
}

/**
 * Maps the http(s) origin of a relay (the page's own origin when the relay serves the app) to its
 * WebSocket endpoints: `http:` → `ws:`, `https:` → `wss:`. A path prefix is kept, so a relay
 * behind a reverse proxy at `https://host/meshtable/` works too.
 *
 * @param relayUrl - absolute http(s) URL of the relay
 * @throws {SyncError} `SYNC_INVALID_RELAY_URL` when the URL is not absolute http(s)
 */
export function relayEndpoints(relayUrl: string): RelayEndpoints {
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    throw new SyncError('SYNC_INVALID_RELAY_URL', `Relay URL is not an absolute URL: ${relayUrl}`);
  }
  const wsProtocol = WS_PROTOCOL_OF[url.protocol];
  if (wsProtocol === undefined) {
    throw new SyncError(
      'SYNC_INVALID_RELAY_URL',
      `Relay URL must be http: or https:, got ${url.protocol} (${relayUrl})`,
    );
  }
  const base = `${wsProtocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { signalUrl: `${base}/signal`, syncUrl: `${base}/sync` };
}

const WS_PROTOCOL_OF: Readonly<Record<string, string>> = { 'http:': 'ws:', 'https:': 'wss:' };
