import { isValidRoomName } from '@meshtable/schema';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { SyncError } from './errors';
import { indexeddbName, relayBroadcastChannelName } from './localScope';
import { ObservableState, type StateListener } from './observableState';
import { attachIndexeddb, type IndexeddbTransport } from './persistence/indexeddbTransport';
import { relayEndpoints } from './relay/relayEndpoints';
import { deriveRelayToken } from './relay/relayToken';
import { attachRelay, type RelayTransport } from './relay/relayTransport';
import { initialSyncState, type SyncState, type SyncTransports } from './syncState';
import { isValidTableKey } from './tableCredentials';
import { attachWebrtc, type IceServers, type WebrtcTransport } from './webrtc/webrtcTransport';

/** Something worth knowing that is not state: for logs and diagnostics (libraries do not print). */
export type SyncSessionEvent =
  | {
      /** The glare watchdog destroyed a WebRTC attempt that did not connect in time. */
      readonly kind: 'webrtc-stalled';
      readonly remotePeerId: string;
      readonly consecutiveFailures: number;
    }
  | {
      /** IndexedDB could not be opened; the session runs without a local copy. */
      readonly kind: 'indexeddb-unavailable';
      readonly error: unknown;
    };

/** Options of {@link openSyncSession}. */
export interface SyncSessionOptions {
  /** Room name on the relay and in y-webrtc (the table id). Must pass `isValidRoomName`. */
  readonly room: string;
  /** The table key from the invite link: y-webrtc password and source of the relay token. */
  readonly tableKey: string;
  /** http(s) origin of the relay, usually `location.origin` (the relay serves the app). */
  readonly relayUrl: string;
  /** Which transports to attach. */
  readonly transports: SyncTransports;
  /** ICE servers from the relay's `GET /config`. Default `[]`: host candidates only. */
  readonly iceServers?: IceServers;
  /** Receives diagnostic events. */
  readonly onEvent?: (event: SyncSessionEvent) => void;
}

/** A document attached to its transports. Made by {@link openSyncSession}. */
export interface SyncSession {
  /** The document being synced. */
  readonly doc: Y.Doc;
  /** Presence shared by the WebRTC and relay transports (cursors and names, later). */
  readonly awareness: Awareness;
  /** Resolves once the IndexedDB copy is loaded into `doc` (at once when IndexedDB is off). */
  readonly whenPersisted: Promise<void>;
  /** The current connection state. */
  getState(): SyncState;
  /**
   * Calls `listener` after every state change.
   * @returns a function that removes the listener
   */
  subscribe(listener: StateListener<SyncState>): () => void;
  /** Removes a listener added with `subscribe`. */
  unsubscribe(listener: StateListener<SyncState>): void;
  /** Detaches every transport. Resolves once they are closed and the room can be reopened. */
  destroy(): Promise<void>;
}

/**
 * Attaches a Yjs document to Meshtable's transports: y-indexeddb (local copy), y-webrtc
 * (peers, signalled via the relay's `/signal`, with a glare watchdog) and y-websocket (the
 * relay's `/sync/<room>` with the token derived from the table key).
 *
 * Everything kept in the browser is named after the room and the table key together (see
 * `indexeddbName`), so a link with a known room id and another key opens an empty table.
 *
 * @throws {SyncError} `SYNC_INVALID_ROOM`, `SYNC_INVALID_TABLE_KEY` or `SYNC_INVALID_RELAY_URL`
 * @example
 * ```ts
 * const doc = new Y.Doc();
 * const session = openSyncSession(doc, {
 *   room: 'k3x9…', tableKey: 'q3Jf…', relayUrl: location.origin,
 *   transports: { webrtc: true, relay: true, indexeddb: true },
 * });
 * session.subscribe((state) => console.log(state.webrtcPeers, state.relay));
 * await session.whenPersisted;
 * // … later
 * await session.destroy();
 * ```
 */
export function openSyncSession(doc: Y.Doc, options: SyncSessionOptions): SyncSession {
  const { room, tableKey, transports } = options;
  if (!isValidRoomName(room)) {
    throw new SyncError('SYNC_INVALID_ROOM', `Not a valid room name: ${JSON.stringify(room)}`);
  }
  if (!isValidTableKey(tableKey)) {
    throw new SyncError(
      'SYNC_INVALID_TABLE_KEY',
      'The table key must be base64url with at least 128 bits (22 characters)',
    );
  }
  const endpoints = relayEndpoints(options.relayUrl);
  const emit = options.onEvent ?? (() => {});

  const state = new ObservableState<SyncState>(
    initialSyncState(transports, {
      online: navigator.onLine,
      // y-webrtc's signalling encryption needs crypto.subtle, which only secure contexts have.
      secureContext: globalThis.isSecureContext === true && globalThis.crypto?.subtle !== undefined,
    }),
  );
  const awareness = new Awareness(doc);

  const onOnline = (): void => state.update({ online: true });
  const onOffline = (): void => state.update({ online: false });
  globalThis.addEventListener('online', onOnline);
  globalThis.addEventListener('offline', onOffline);

  let indexeddb: IndexeddbTransport | null = null;
  if (transports.indexeddb) {
    indexeddb = attachIndexeddb(
      doc,
      indexeddbName(room, tableKey),
      (persisted) => state.update({ persisted }),
      (error) => emit({ kind: 'indexeddb-unavailable', error }),
    );
  }

  let webrtc: WebrtcTransport | null = null;
  if (state.get().webrtc === 'on') {
    webrtc = attachWebrtc(doc, {
      signalUrl: endpoints.signalUrl,
      room,
      password: tableKey,
      iceServers: options.iceServers ?? [],
      awareness,
      onPeers: (webrtcPeers) => state.update({ webrtcPeers }),
      onStalled: (remotePeerId, consecutiveFailures) =>
        emit({ kind: 'webrtc-stalled', remotePeerId, consecutiveFailures }),
    });
  }

  let relay: RelayTransport | null = null;
  if (transports.relay) {
    relay = attachRelay(doc, {
      syncUrl: endpoints.syncUrl,
      room,
      token: deriveRelayToken(tableKey),
      awareness,
      // y-webrtc already syncs tabs (encrypted with the key) when it runs.
      broadcastChannel: webrtc === null ? relayBroadcastChannelName(room, tableKey) : null,
      onState: (relayState) => state.update({ relay: relayState }),
    });
  }

  let destroying: Promise<void> | null = null;
  return {
    doc,
    awareness,
    whenPersisted: indexeddb?.whenLoaded ?? Promise.resolve(),
    getState: () => state.get(),
    subscribe: (listener) => state.subscribe(listener),
    unsubscribe: (listener) => state.unsubscribe(listener),
    destroy(): Promise<void> {
      destroying ??= (async () => {
        globalThis.removeEventListener('online', onOnline);
        globalThis.removeEventListener('offline', onOffline);
        state.clear();
        relay?.destroy();
        const closing = [webrtc?.destroy(), indexeddb?.destroy()];
        awareness.destroy();
        await Promise.all(closing);
      })();
      return destroying;
    },
  };
}
