import type { RelayClientConfig } from '@meshtable/schema';
import { unsubscribe } from 'lib0/broadcastchannel';
import type { Awareness } from 'y-protocols/awareness';
import { type Room, WebrtcProvider } from 'y-webrtc';
import type * as Y from 'yjs';
import { type WatchedConnection, WebrtcGlareWatchdog } from './webrtcGlareWatchdog';

/** ICE servers as the relay's `GET /config` lists them. */
export type IceServers = RelayClientConfig['iceServers'];

/** Options of {@link attachWebrtc}. */
export interface WebrtcTransportOptions {
  /** The relay's signalling endpoint, e.g. `ws://127.0.0.1:8080/signal`. */
  readonly signalUrl: string;
  /** Room name (also the salt of y-webrtc's key derivation). */
  readonly room: string;
  /** The table key: y-webrtc's password, which encrypts signalling and gates who can connect. */
  readonly password: string;
  /** ICE servers; empty means host candidates only. */
  readonly iceServers: IceServers;
  /** Shared awareness, so presence is the same over every transport. */
  readonly awareness: Awareness;
  /** Called with the number of peers whose data channel is open, whenever it may have changed. */
  readonly onPeers: (connectedPeers: number) => void;
  /**
   * A WebRTC implementation for runtimes that lack one (in Node: `@roamhq/wrtc`); browsers use
   * their own when this is absent.
   */
  readonly wrtc?: unknown;
  /** Told when the watchdog destroys a stalled attempt (diagnostics; libraries do not print). */
  readonly onStalled?: (remotePeerId: string, consecutiveFailures: number) => void;
}

/** A running WebRTC transport. */
export interface WebrtcTransport {
  /** Leaves the room. Resolves once y-webrtc has forgotten it, so the room can be opened again. */
  destroy(): Promise<void>;
}

/**
 * y-webrtc keeps a module-global registry of rooms and throws if a room is opened while the
 * previous provider for it is still tearing down (its destroy waits for the key derivation).
 * That happens on a fast remount (React StrictMode, navigating away and back), so a new provider
 * for a room waits for the previous teardown of the same room.
 */
const pendingTeardowns = new Map<string, Promise<void>>();

/**
 * Takes a y-webrtc room off the BroadcastChannel it keeps to the browser's other tabs. y-webrtc
 * encrypts every document and awareness update it sees and posts it on that channel, whether or
 * not another tab listens: in the 8-peer benchmark (docs/benchmarks.md) a sixth of a player's
 * page's CPU and a tenth of the GM's. y-webrtc has no option to leave it out. Two tabs of one
 * browser then reach each other as any two peers do, over WebRTC and the relay (with
 * `filterBcConns` off, y-webrtc does not skip the WebRTC link to a tab it heard on the channel).
 */
function leaveBroadcastChannel(room: Room): void {
  unsubscribe(room.name, room._bcSubscriber);
  room.bcconnected = false;
}

/**
 * Connects `doc` to peers over WebRTC with an unmodified y-webrtc provider, signalled through the
 * relay, plus the {@link WebrtcGlareWatchdog} that un-sticks stalled connection attempts.
 *
 * Requires a secure context (y-webrtc derives the signalling key with WebCrypto); the session
 * checks that before calling.
 */
export function attachWebrtc(doc: Y.Doc, options: WebrtcTransportOptions): WebrtcTransport {
  let provider: WebrtcProvider | null = null;
  let destroyed = false;
  const observedPeers = new WeakSet<object>();

  const connections = (): Iterable<WatchedConnection> => provider?.room?.webrtcConns.values() ?? [];
  const reportPeers = (): void => {
    let connected = 0;
    for (const conn of connections()) if (conn.connected) connected++;
    options.onPeers(connected);
  };
  // y-webrtc emits `peers` when it creates a connection, not when the channel opens, so we
  // listen on each simple-peer for `connect`/`close` to keep the count exact.
  const observeNewConnections = (): void => {
    for (const conn of provider?.room?.webrtcConns.values() ?? []) {
      if (observedPeers.has(conn.peer)) continue;
      observedPeers.add(conn.peer);
      conn.peer.on('connect', reportPeers);
      conn.peer.on('close', reportPeers);
    }
    reportPeers();
  };

  const watchdog = new WebrtcGlareWatchdog({ connections, onStalled: options.onStalled });

  const start = (): void => {
    if (destroyed) return;
    provider = new WebrtcProvider(options.room, doc, {
      signaling: [options.signalUrl],
      password: options.password,
      awareness: options.awareness,
      // Always pass our ICE servers: simple-peer's default config points at Google's STUN
      // servers, which a Meshtable page must never contact.
      peerOpts: {
        config: { iceServers: options.iceServers },
        ...(options.wrtc === undefined ? {} : { wrtc: options.wrtc }),
      },
      // Tabs of one browser connect over WebRTC like any two peers (see leaveBroadcastChannel).
      filterBcConns: false,
    });
    // y-webrtc opens the room, and joins the channel, in a `then` on the key registered before
    // this one.
    const opened = provider;
    void opened.key.then(
      () => {
        if (opened.room) leaveBroadcastChannel(opened.room);
      },
      // A key that cannot be derived opens no room: there is no channel to leave.
      () => {},
    );
    provider.on('peers', observeNewConnections);
    watchdog.start();
  };

  const previousTeardown = pendingTeardowns.get(options.room);
  if (previousTeardown) void previousTeardown.then(start);
  else start();

  return {
    destroy(): Promise<void> {
      destroyed = true;
      watchdog.stop();
      const current = provider;
      if (current === null) return previousTeardown ?? Promise.resolve();
      provider = null;
      current.off('peers', observeNewConnections);
      // disconnect() releases the shared signalling socket; destroy() alone would leave it open.
      current.disconnect();
      current.destroy();
      // destroy() forgets the room in a `key.then`; ours is registered after it, so it runs after.
      const teardown = Promise.resolve(current.key).then(
        () => undefined,
        () => undefined,
      );
      pendingTeardowns.set(options.room, teardown);
      void teardown.then(() => {
        if (pendingTeardowns.get(options.room) === teardown) pendingTeardowns.delete(options.room);
      });
      return teardown;
    },
  };
}
