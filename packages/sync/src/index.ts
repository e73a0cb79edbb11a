/**
 * @meshtable/sync — the browser transports of a Meshtable document: y-indexeddb (local copy),
 * y-webrtc (peers, signalled via the relay, with a glare watchdog), y-websocket (the relay's
 * `/sync/<room>`), the connection state they produce, and helpers for table credentials and
 * conflict-free seeding.
 */
export type { SyncErrorCode } from './errors';
export { SyncError } from './errors';
export { indexeddbName } from './localScope';
export type { StateListener } from './observableState';
export type { RelayEndpoints } from './relay/relayEndpoints';
export { relayEndpoints } from './relay/relayEndpoints';
export { deriveRelayToken, RELAY_TOKEN_DOMAIN } from './relay/relayToken';
export type { SeedMap } from './sharedSeed';
export { applySharedSeed } from './sharedSeed';
export type { SyncSession, SyncSessionEvent, SyncSessionOptions } from './syncSession';
export { openSyncSession } from './syncSession';
export type {
  PersistenceState,
  RelayState,
  SyncState,
  SyncTransports,
  WebrtcAvailability,
} from './syncState';
export { isRefusalCloseCode } from './syncState';
export { createRoomId, createTableKey, isValidTableKey } from './tableCredentials';
export type { GlareWatchdogOptions, WatchedConnection } from './webrtc/webrtcGlareWatchdog';
export { WebrtcGlareWatchdog } from './webrtc/webrtcGlareWatchdog';
export type { IceServers, WebrtcTransport, WebrtcTransportOptions } from './webrtc/webrtcTransport';
export { attachWebrtc } from './webrtc/webrtcTransport';
