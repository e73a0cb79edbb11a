/**
 * The relay's options and their defaults (DESIGN.md §5–6).
 */
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_ASSET_QUOTA_BYTES,
  DEFAULT_MAX_ASSET_BYTES,
  DEFAULT_MAX_JSON_ASSET_BYTES,
  type RelayClientConfig,
} from '@meshtable/schema/relay';
import type { Logger, LogLevel } from './logger';
import type { SyncPolicy } from './storage/DocStore';

/** How the relay is started. Every field has a default. */
export interface RelayOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Folder for the LevelDB database and the assets (`<dataDir>/assets`). Default ./data. */
  dataDir?: string;
  /** The built web app to serve at `/`; null serves none. Default apps/web/dist of this repo. */
  webDir?: string | null;
  /** tldraw license key handed to the web app by `GET /config`; never baked into the build. */
  tldrawLicenseKey?: string | null;
  /** ICE servers handed to the web app; default none (host candidates: LAN and loopback). */
  iceServers?: RelayClientConfig['iceServers'];
  /** PEM certificate and key: the relay serves HTTPS and WSS instead of HTTP and WS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Serve HTTPS with a self-signed certificate kept in `<dataDir>/tls` (made on first start,
   * reused after), for LAN play. Not together with `tls`.
   */
  tlsSelfSigned?: boolean;
  /**
   * When LevelDB writes are flushed to the disk: `'always'` (every batch, before it is
   * forwarded) or at most this many milliseconds after each write. Default 100.
   */
  syncPolicy?: SyncPolicy;
  /** How long a room without connections stays in memory. Default 30 s. */
  roomIdleMs?: number;
  /** Compact a room's stored log into one snapshot after this many updates. Default 500. */
  compactAfterUpdates?: number;
  /** Compact it, too, once the updates since its snapshot weigh this much. Default 8 MiB. */
  compactAfterBytes?: number;
  /** Most rooms in memory; idle rooms are unloaded early to make space. Default 1000. */
  maxRooms?: number;
  /** Most open WebSockets, /sync and /signal together. Default 2000. */
  maxConnections?: number;
  /** Most /sync connections to one room, and subscribers of one signalling topic. Default 64. */
  maxConnectionsPerRoom?: number;
  /** Frames per second one /sync connection may send, sustained. Default 500. */
  syncMessagesPerSecond?: number;
  /** Frames one /sync connection may send at once above that rate. Default 5000. */
  syncMessageBurst?: number;
  /** Messages per second one /signal connection may send, sustained. Default 50. */
  signalMessagesPerSecond?: number;
  /** Messages one /signal connection may send at once above that rate. Default 500. */
  signalMessageBurst?: number;
  /** Bytes of publishes per second one /signal connection may send, sustained. Default 64 KiB. */
  signalBytesPerSecond?: number;
  /** Bytes of publishes one /signal connection may send at once. Default 1 MiB. */
  signalByteBurst?: number;
  /** Largest /sync frame accepted, in bytes. Default 16 MiB. */
  maxSyncFrameBytes?: number;
  /** Largest /signal message accepted, in bytes. Default 64 KiB. */
  maxSignalMessageBytes?: number;
  /** Unread bytes a client may let pile up before it is disconnected. Default 64 MiB on /sync. */
  maxSyncBufferedBytes?: number;
  /** The same for /signal. Default 1 MiB. */
  maxSignalBufferedBytes?: number;
  /** Topics one /signal connection may subscribe to. Default 64. */
  maxTopicsPerConnection?: number;
  /** Longest signalling topic. Default 256 characters. */
  maxTopicLength?: number;
  /** Largest asset `PUT /assets/<sha256>` accepts, in bytes. Default 25 MiB. */
  maxAssetBytes?: number;
  /**
   * Largest JSON asset (a Universal VTT map), in bytes; the smaller of this and `maxAssetBytes`
   * applies. Default 16 MiB.
   */
  maxJsonAssetBytes?: number;
  /** Asset bytes one room may store; an asset stored by two rooms counts in each. Default 512 MiB. */
  assetQuotaBytesPerRoom?: number;
  /** Interval of WebSocket pings; a connection that misses one is closed. Default 30 s. */
  keepAliveMs?: number;
  /**
   * Join a cluster of relays that serve the same rooms through this Redis:
   * `redis://[user:password@]host[:port][/db]` (docs/scaling.md). Default none: a single relay.
   */
  redis?: string | null;
  /** Log level for the default logger. Default info. */
  logLevel?: LogLevel;
  /** A logger to use instead of the default one. */
  logger?: Logger;
}

/** The web app build inside this repository. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** Defaults of every option that has one (numbers, the sync policy, where to listen). */
export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  roomIdleMs: 30_000,
  syncPolicy: 100 as SyncPolicy,
  compactAfterUpdates: 500,
  compactAfterBytes: 8 * 1024 * 1024,
  maxRooms: 1000,
  maxConnections: 2000,
  maxConnectionsPerRoom: 64,
  syncMessagesPerSecond: 500,
  syncMessageBurst: 5000,
  signalMessagesPerSecond: 50,
  signalMessageBurst: 500,
  signalBytesPerSecond: 64 * 1024,
  signalByteBurst: 1024 * 1024,
  maxSyncFrameBytes: 16 * 1024 * 1024,
  maxSignalMessageBytes: 64 * 1024,
  maxSyncBufferedBytes: 64 * 1024 * 1024,
  maxSignalBufferedBytes: 1024 * 1024,
  maxTopicsPerConnection: 64,
  maxTopicLength: 256,
  // Shared with the web app, which checks a file against them before it uploads it.
  maxAssetBytes: DEFAULT_MAX_ASSET_BYTES,
  maxJsonAssetBytes: DEFAULT_MAX_JSON_ASSET_BYTES,
  assetQuotaBytesPerRoom: DEFAULT_ASSET_QUOTA_BYTES,
  keepAliveMs: 30_000,
} as const;
