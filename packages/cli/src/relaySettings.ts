/**
 * Every setting of `meshtable relay`, by section: its flag, its environment variable and config
 * file key (both derived from the flag), its kind, and the option of `startRelay` it sets. The
 * help, the argument parser and the config file schema are all made from this one table.
 */
import { RELAY_DEFAULTS, type RelayOptions } from '@meshtable/relay';
import type { KINDS } from './relaySettingKinds';

/** One setting: its flag, variable, file key, kind and where it goes in RelayOptions. */
export interface RelaySetting {
  /** The flag without dashes, e.g. `max-rooms`; the file key is its camelCase, `maxRooms`. */
  readonly flag: string;
  /** What the help shows after the flag, e.g. `N`. */
  readonly arg: string;
  readonly kind: keyof typeof KINDS;
  /** The help line(s). */
  readonly help: string;
  /** The option of `startRelay` it sets, or null for settings the command handles itself. */
  readonly option: keyof RelayOptions | null;
  /** The default shown in the help, when the relay has one. */
  readonly shownDefault?: string;
  /** Whether a file value is a path, resolved from the config file's folder. */
  readonly path?: boolean;
  /** Whether the value must never be printed (a secret). */
  readonly secret?: boolean;
}

function bytesText(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

const D = RELAY_DEFAULTS;

/** Every setting of `meshtable relay`, in the order of the help, by section. */
export const RELAY_SETTINGS: readonly { section: string; settings: readonly RelaySetting[] }[] = [
  {
    section: 'Where',
    settings: [
      {
        flag: 'config',
        arg: 'FILE',
        kind: 'text',
        option: null,
        help: 'read settings from this JSON file (keys below)',
      },
      {
        flag: 'host',
        arg: 'H',
        kind: 'text',
        option: 'host',
        shownDefault: D.host,
        help: 'interface to listen on; 0.0.0.0 serves the LAN',
      },
      {
        flag: 'port',
        arg: 'P',
        kind: 'port',
        option: 'port',
        shownDefault: String(D.port),
        help: 'port, 0 for any free one',
      },
      {
        flag: 'data',
        arg: 'DIR',
        kind: 'text',
        option: 'dataDir',
        path: true,
        shownDefault: D.dataDir,
        help: 'data directory: LevelDB, assets, the self-signed certificate',
      },
      {
        flag: 'web',
        arg: 'DIR',
        kind: 'text',
        option: 'webDir',
        path: true,
        shownDefault: 'apps/web/dist',
        help: 'serve this built web app',
      },
      {
        flag: 'tldraw-license-key',
        arg: 'K',
        kind: 'text',
        option: 'tldrawLicenseKey',
        secret: true,
        help: 'tldraw license key, handed to the web app by GET /config',
      },
      {
        flag: 'ice-servers',
        arg: 'JSON',
        kind: 'iceServers',
        option: 'iceServers',
        shownDefault: '[]',
        help: 'STUN/TURN servers for WebRTC, handed to the web app',
      },
      {
        flag: 'redis',
        arg: 'URL',
        kind: 'redisUrl',
        option: 'redis',
        secret: true,
        help: 'serve rooms together with the other relays on this Redis\n(docs/scaling.md); off by default: a single relay',
      },
    ],
  },
  {
    section: 'HTTPS',
    settings: [
      {
        flag: 'tls-cert',
        arg: 'FILE',
        kind: 'text',
        option: null,
        path: true,
        help: 'serve HTTPS and WSS with this PEM certificate (with --tls-key)',
      },
      {
        flag: 'tls-key',
        arg: 'FILE',
        kind: 'text',
        option: null,
        path: true,
        help: 'the PEM private key of --tls-cert',
      },
      {
        flag: 'tls-self-signed',
        arg: '',
        kind: 'boolean',
        option: 'tlsSelfSigned',
        shownDefault: 'false',
        help: 'serve HTTPS with a self-signed certificate for LAN play, made once\nand kept in <data>/tls; its SHA-256 fingerprint is printed at start',
      },
    ],
  },
  {
    section: 'Storage',
    settings: [
      {
        flag: 'sync-ms',
        arg: 'MS|always',
        kind: 'syncMs',
        option: 'syncPolicy',
        shownDefault: String(D.syncPolicy),
        help: 'flush writes to the disk within this many ms (a power cut loses\nat most that), or "always" before each update is forwarded',
      },
      {
        flag: 'compact-after-updates',
        arg: 'N',
        kind: 'count',
        option: 'compactAfterUpdates',
        shownDefault: String(D.compactAfterUpdates),
        help: "merge a room's stored updates into one snapshot after N updates",
      },
      {
        flag: 'compact-after-bytes',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'compactAfterBytes',
        shownDefault: bytesText(D.compactAfterBytes),
        help: '… or once the updates since the snapshot weigh this much',
      },
      {
        flag: 'room-idle-ms',
        arg: 'MS',
        kind: 'count',
        option: 'roomIdleMs',
        shownDefault: String(D.roomIdleMs),
        help: 'keep a room without connections in memory this long',
      },
      {
        flag: 'max-asset-mb',
        arg: 'N',
        kind: 'mebibytes',
        option: 'maxAssetBytes',
        shownDefault: String(D.maxAssetBytes / 1024 ** 2),
        help: 'largest asset PUT /assets/<sha256> accepts, in MiB',
      },
      {
        flag: 'max-json-asset-mb',
        arg: 'N',
        kind: 'mebibytes',
        option: 'maxJsonAssetBytes',
        shownDefault: String(D.maxJsonAssetBytes / 1024 ** 2),
        help: 'largest JSON asset (Universal VTT map), in MiB',
      },
      {
        flag: 'asset-quota-mb',
        arg: 'N',
        kind: 'mebibytes',
        option: 'assetQuotaBytesPerRoom',
        shownDefault: String(D.assetQuotaBytesPerRoom / 1024 ** 2),
        help: 'asset storage per room, in MiB; an asset two rooms store counts in each',
      },
    ],
  },
  {
    section: 'Limits (a connection over one is closed with its code: docs/errors.md)',
    settings: [
      {
        flag: 'max-rooms',
        arg: 'N',
        kind: 'count',
        option: 'maxRooms',
        shownDefault: String(D.maxRooms),
        help: 'rooms in memory; idle ones are unloaded early to make space',
      },
      {
        flag: 'max-connections',
        arg: 'N',
        kind: 'count',
        option: 'maxConnections',
        shownDefault: String(D.maxConnections),
        help: 'open WebSockets, /sync and /signal together',
      },
      {
        flag: 'max-connections-per-room',
        arg: 'N',
        kind: 'count',
        option: 'maxConnectionsPerRoom',
        shownDefault: String(D.maxConnectionsPerRoom),
        help: '/sync connections to one room, and peers of one signalling topic',
      },
      {
        flag: 'max-sync-frame-bytes',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'maxSyncFrameBytes',
        shownDefault: bytesText(D.maxSyncFrameBytes),
        help: 'largest /sync frame',
      },
      {
        flag: 'max-signal-message-bytes',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'maxSignalMessageBytes',
        shownDefault: bytesText(D.maxSignalMessageBytes),
        help: 'largest /signal message',
      },
      {
        flag: 'sync-messages-per-second',
        arg: 'N',
        kind: 'count',
        option: 'syncMessagesPerSecond',
        shownDefault: String(D.syncMessagesPerSecond),
        help: 'frames per second one /sync connection may send, sustained',
      },
      {
        flag: 'sync-message-burst',
        arg: 'N',
        kind: 'count',
        option: 'syncMessageBurst',
        shownDefault: String(D.syncMessageBurst),
        help: '… and at once',
      },
      {
        flag: 'signal-messages-per-second',
        arg: 'N',
        kind: 'count',
        option: 'signalMessagesPerSecond',
        shownDefault: String(D.signalMessagesPerSecond),
        help: 'messages per second one /signal connection may send, sustained',
      },
      {
        flag: 'signal-message-burst',
        arg: 'N',
        kind: 'count',
        option: 'signalMessageBurst',
        shownDefault: String(D.signalMessageBurst),
        help: '… and at once',
      },
      {
        flag: 'signal-bytes-per-second',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'signalBytesPerSecond',
        shownDefault: bytesText(D.signalBytesPerSecond),
        help: 'bytes of publishes per second one /signal connection may send',
      },
      {
        flag: 'signal-byte-burst',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'signalByteBurst',
        shownDefault: bytesText(D.signalByteBurst),
        help: '… and at once (at least --max-signal-message-bytes)',
      },
      {
        flag: 'max-sync-buffered-bytes',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'maxSyncBufferedBytes',
        shownDefault: bytesText(D.maxSyncBufferedBytes),
        help: 'unread bytes a /sync client may let pile up',
      },
      {
        flag: 'max-signal-buffered-bytes',
        arg: 'SIZE',
        kind: 'bytes',
        option: 'maxSignalBufferedBytes',
        shownDefault: bytesText(D.maxSignalBufferedBytes),
        help: 'unread bytes a /signal client may let pile up',
      },
      {
        flag: 'max-topics-per-connection',
        arg: 'N',
        kind: 'count',
        option: 'maxTopicsPerConnection',
        shownDefault: String(D.maxTopicsPerConnection),
        help: 'signalling topics one connection may subscribe to',
      },
      {
        flag: 'max-topic-length',
        arg: 'N',
        kind: 'count',
        option: 'maxTopicLength',
        shownDefault: String(D.maxTopicLength),
        help: 'longest signalling topic',
      },
      {
        flag: 'keep-alive-ms',
        arg: 'MS',
        kind: 'count',
        option: 'keepAliveMs',
        shownDefault: String(D.keepAliveMs),
        help: 'ping interval; a connection that misses a ping is closed',
      },
    ],
  },
  {
    section: 'Logs',
    settings: [
      {
        flag: 'log-level',
        arg: 'L',
        kind: 'logLevel',
        option: 'logLevel',
        shownDefault: 'info',
        help: 'debug, info, warn, error or silent (JSON lines on stderr)',
      },
    ],
  },
];

/** The settings of every section. */
export const ALL_SETTINGS = RELAY_SETTINGS.flatMap((group) => group.settings);

/** The environment variable of a setting: `max-rooms` → `MESHTABLE_MAX_ROOMS`. */
export function envName(setting: RelaySetting): string {
  return `MESHTABLE_${setting.flag.toUpperCase().replaceAll('-', '_')}`;
}

/** The config file key of a setting: `max-rooms` → `maxRooms`. */
export function fileKey(setting: RelaySetting): string {
  return setting.flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
