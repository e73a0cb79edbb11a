/**
 * A Node client of the relay's `/sync/<room>` (DESIGN.md §5): an unmodified y-websocket provider
 * over the `ws` package, as the browser's is over its own WebSocket. It connects once and never
 * retries: a command that cannot reach a room says so and stops, instead of waiting forever.
 *
 * The relay token and the endpoint mapping are written here rather than imported from
 * @meshtable/sync, which is the browser's transport package (DOM types, y-webrtc, IndexedDB);
 * the token's derivation must stay byte for byte the same as sync's deriveRelayToken, and the
 * integration test proves it does by exporting a campaign that a browser-style client pushed.
 */
import { createHash } from 'node:crypto';
import { CampaignTransferError, docHolds } from '@meshtable/campaign';
import { RelayCloseCode } from '@meshtable/schema';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Domain prefix of the relay token: the same as @meshtable/sync's RELAY_TOKEN_DOMAIN. */
const RELAY_TOKEN_DOMAIN = 'meshtable/relay-token/v1\0';

/**
 * The relay token of a room from its key: lowercase hex SHA-256(domain ‖ key), as
 * @meshtable/sync's deriveRelayToken computes it. The relay never sees the key.
 */
export function relayTokenOf(key: string): string {
  return createHash('sha256')
    .update(RELAY_TOKEN_DOMAIN + key, 'utf8')
    .digest('hex');
}

/**
 * The y-websocket base URL of a relay: `http(s)://host/path` → `ws(s)://host/path/sync`.
 * @param relayUrl an absolute http(s) URL (checked by the caller)
 */
export function relaySyncUrl(relayUrl: URL): string {
  const protocol = relayUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${relayUrl.host}${relayUrl.pathname.replace(/\/+$/, '')}/sync`;
}

/** Where and how to open one room. */
export interface RoomTarget {
  /** y-websocket base URL (see {@link relaySyncUrl}). */
  readonly syncUrl: string;
  readonly room: string;
  /** The room's key; the token presented is derived from it. */
  readonly key: string;
  /** The room for people, in messages: "the table room", "the gm room". */
  readonly what: string;
  /** What to try when the relay refuses the key, if there is more to say. */
  readonly refusedHint?: string;
  /** How long to wait for the relay at each step. */
  readonly timeoutMs: number;
}

/** A room opened and synced: `doc` holds everything the relay held when it answered. */
export interface OpenRoom {
  readonly doc: Y.Doc;
  /** How the relay closed the connection, or null while it is open. */
  closedWith(): { code: number; reason: string } | null;
  /** Closes the connection (what was sent before is still delivered) and frees the doc. */
  close(): void;
}

/**
 * Connects to a room with a fresh doc and resolves once the relay's state is in it.
 * @throws CampaignTransferError `RELAY_REFUSED` when the relay refuses the key (close 4401),
 *   `RELAY_FAILED` when it cannot be reached, closes the connection, or does not answer in time
 */
export function openRoom(target: RoomTarget): Promise<OpenRoom> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.syncUrl, target.room, doc, {
    params: { token: relayTokenOf(target.key) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
    shouldReconnect: () => false,
  });
  // A command is not a person at the table: it announces no presence.
  provider.awareness.setLocalState(null);
  let closed: { code: number; reason: string } | null = null;
  let lastError = '';
  const room: OpenRoom = {
    doc,
    closedWith: () => closed,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };

  return new Promise<OpenRoom>((resolve, reject) => {
    let settled = false;
    const settle = (error: CampaignTransferError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === null) {
        resolve(room);
      } else {
        room.close();
        reject(error);
      }
    };
    const timer = setTimeout(
      () =>
        settle(
          new CampaignTransferError(
            'RELAY_FAILED',
            `The relay did not sync ${target.what} within ${target.timeoutMs / 1000} s.`,
          ),
        ),
      target.timeoutMs,
    );
    provider.on('connection-error', (event) => {
      lastError = (event as { message?: unknown }).message?.toString() ?? '';
    });
    provider.on('connection-close', (event) => {
      if (event === null) return;
      closed = { code: event.code, reason: event.reason };
      settle(closeError(target, closed, lastError));
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) settle(null);
    });
    provider.connect();
  });
}

/**
 * Waits until the relay's copy of a room holds all of `update`, as seen by `readBack`, a second
 * connection opened after the update was sent (the relay stores an update before it forwards
 * it, and answers a sync only with what it has stored).
 * @param sender the connection that sent the update: if the relay closes it first, that is why
 * @throws CampaignTransferError `RELAY_FAILED` when the relay closes a connection or the update
 *   does not arrive in time
 */
export async function waitUntilStored(
  target: RoomTarget,
  sender: OpenRoom,
  readBack: OpenRoom,
  update: Uint8Array,
): Promise<void> {
  const deadline = Date.now() + target.timeoutMs;
  let changed = true;
  const onUpdate = () => {
    changed = true;
  };
  readBack.doc.on('update', onUpdate);
  try {
    for (;;) {
      if (changed) {
        changed = false;
        if (docHolds(readBack.doc, update)) return;
      }
      const closed = sender.closedWith() ?? readBack.closedWith();
      if (closed !== null) throw closeError(target, closed, '');
      if (Date.now() > deadline) {
        throw new CampaignTransferError(
          'RELAY_FAILED',
          `The relay did not confirm that it stored ${target.what} within ${target.timeoutMs / 1000} s.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    readBack.doc.off('update', onUpdate);
  }
}

function closeError(
  target: RoomTarget,
  closed: { code: number; reason: string },
  lastError: string,
): CampaignTransferError {
  const where = `${target.what} (${target.room})`;
  if (closed.code === RelayCloseCode.unauthorized) {
    return new CampaignTransferError(
      'RELAY_REFUSED',
      `The relay refused ${where} (close ${closed.code}): the key is not the one this room was claimed with${target.refusedHint === undefined ? '' : ` (${target.refusedHint})`}.`,
    );
  }
  if (closed.code === 1006 && lastError !== '') {
    return new CampaignTransferError(
      'RELAY_FAILED',
      `Cannot reach the relay at ${target.syncUrl}: ${lastError}.`,
    );
  }
  const reason = closed.reason === '' ? '' : `: ${closed.reason}`;
  return new CampaignTransferError(
    'RELAY_FAILED',
    `The relay closed the connection to ${where} (code ${closed.code}${reason}).`,
  );
}
