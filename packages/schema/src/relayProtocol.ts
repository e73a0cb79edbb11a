/**
 * Constants of the relay's wire protocol, shared by the relay and its clients so that both sides
 * name the same numbers. The y-websocket message types are the ones y-protocols defines; the close
 * codes are Meshtable's own (4000–4999 is the range RFC 6455 leaves to applications).
 */

/** First varUint of every frame on `/sync/<room>`, as the y-websocket protocol numbers them. */
export const SyncMessageType = {
  /** A y-protocols sync message: step 1 (state vector), step 2 (missing updates) or an update. */
  sync: 0,
  /** A y-protocols awareness update (presence: cursors, names). */
  awareness: 1,
  /** Authentication messages of y-protocols/auth (permission denied). */
  auth: 2,
  /** Asks the other side to send all the awareness states it knows. */
  queryAwareness: 3,
} as const;

/**
 * Close codes the relay sends on a WebSocket. As y-websocket 3 reads them, 4400–4499 are final
 * (reconnecting cannot help: the token is wrong) and every other code is transient.
 */
export const RelayCloseCode = {
  /** The room's token did not match, or none was given. Retrying with the same token is futile. */
  unauthorized: 4401,
  /** The room name is not valid (see {@link isValidRoomName}). */
  badRoom: 4400,
  /** The frame could not be decoded; the connection is dropped and nothing of it is kept. */
  malformedFrame: 4002,
  /** The relay could not store an update or load the room; reconnect, and the resync resends. */
  storageFailure: 4500,
  /** The client let too much pile up unread; reconnect (the resync sends what was missed). */
  slowConsumer: 4503,
  /**
   * The client sent more messages per second than its allowance (on `/signal` also: more bytes
   * of publishes per second). Reconnect after a pause; nothing of the refused message was kept.
   */
  rateLimited: 4529,
  /**
   * The relay is at a configured capacity: connections in all, connections to this room (or
   * subscribers of this signalling topic), or rooms in memory. Reconnect later.
   */
  overCapacity: 4507,
  /**
   * A frame over the size cap. Sent by the WebSocket layer itself (RFC 6455 "message too big"),
   * before the frame is read whole.
   */
  frameTooLarge: 1009,
  /** The relay is shutting down; reconnect later (possibly to another relay). */
  goingAway: 1001,
} as const;

/** Longest room name the relay accepts. */
export const MAX_ROOM_NAME_LENGTH = 128;

const ROOM_NAME = /^[A-Za-z0-9_.:-]+$/;

/**
 * Whether a room name is acceptable: 1 to {@link MAX_ROOM_NAME_LENGTH} characters of letters,
 * digits, `_`, `.`, `:` and `-` (a campaign id, or a campaign id with the `:gm` suffix).
 */
export function isValidRoomName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_ROOM_NAME_LENGTH && ROOM_NAME.test(name);
}

/** Shape of `GET /config`: what the relay tells the web app at run time. */
export interface RelayClientConfig {
  /** The tldraw license key from the relay's configuration, or null when none is set. */
  tldrawLicenseKey: string | null;
  /** ICE servers for WebRTC; empty means host candidates only (LAN and loopback). */
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  /**
   * The relay's asset caps, so that the app refuses a file too large before it uploads it
   * (absent from relays older than this field: the app then assumes the defaults).
   */
  assetLimits?: RelayAssetLimits;
}

/** The size caps of a relay's asset store (`--max-asset-mb`, `--max-json-asset-mb`, `--asset-quota-mb`). */
export interface RelayAssetLimits {
  /** The largest asset, in bytes. */
  maxAssetBytes: number;
  /** The largest JSON asset (a Universal VTT map), in bytes. */
  maxJsonAssetBytes: number;
  /** The most bytes of assets one room may store. */
  quotaBytesPerRoom: number;
}
