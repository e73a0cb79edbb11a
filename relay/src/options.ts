/**
 * The relay's options and their defaults (DESIGN.md §5–6).
 */
import { fileURLToPath } from 'node:url';
import type { RelayClientConfig } from '@meshtable/schema';
import type { Logger, LogLevel } from './logger';

/** How the relay is started. Every field has a default. */
export interface RelayOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Folder for the LevelDB database (and later, assets). Default ./data. */
  dataDir?: string;
  /** The built web app to serve at `/`; null serves none. Default apps/web/dist of this repo. */
  webDir?: string | null;
  /** tldraw license key handed to the web app by `GET /config`; never baked into the build. */
  tldrawLicenseKey?: string | null;
  /** ICE servers handed to the web app; default none (host candidates: LAN and loopback). */
  iceServers?: RelayClientConfig['iceServers'];
  /** PEM certificate and key: the relay serves HTTPS and WSS instead of HTTP and WS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How long a room without connections stays in memory. Default 30 s. */
  roomIdleMs?: number;
  /** Compact a room's stored log into one snapshot after this many updates. Default 500. */
  compactAfterUpdates?: number;
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
  /** Interval of WebSocket pings; a connection that misses one is closed. Default 30 s. */
  keepAliveMs?: number;
  /** Log level for the default logger. Default info. */
  logLevel?: LogLevel;
  /** A logger to use instead of the default one. */
  logger?: Logger;
}

/** The web app build inside this repository. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** Defaults for every numeric option. */
export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  roomIdleMs: 30_000,
  compactAfterUpdates: 500,
  maxSyncFrameBytes: 16 * 1024 * 1024,
  maxSignalMessageBytes: 64 * 1024,
  maxSyncBufferedBytes: 64 * 1024 * 1024,
  maxSignalBufferedBytes: 1024 * 1024,
  maxTopicsPerConnection: 64,
  maxTopicLength: 256,
  keepAliveMs: 30_000,
} as const;
