/**
 * The relay's options merged over their defaults and checked, so that a bad value fails at start
 * with a message naming the option, never later on a connection.
 */
import { parseRedisUrl, type RedisTarget, RedisUrlError } from './cluster/redisUrl';
import { RELAY_DEFAULTS, type RelayOptions } from './options';

/** Every defaulted option, set. */
export type RelaySettings = {
  -readonly [K in keyof typeof RELAY_DEFAULTS]: (typeof RELAY_DEFAULTS)[K] extends number
    ? number
    : (typeof RELAY_DEFAULTS)[K] extends string
      ? string
      : (typeof RELAY_DEFAULTS)[K];
};

/** An option with a value the relay cannot run with. */
export class RelayOptionsError extends Error {
  readonly code = 'RELAY_INVALID_OPTIONS';
}

/**
 * The Redis the relay shares its rooms through, or null for a single relay.
 * @throws {RelayOptionsError} when `redis` is not a Redis URL
 */
export function resolveRedis(options: RelayOptions): RedisTarget | null {
  if (options.redis === undefined || options.redis === null) return null;
  try {
    return parseRedisUrl(options.redis);
  } catch (error) {
    if (error instanceof RedisUrlError) throw new RelayOptionsError(`redis: ${error.message}`);
    throw error;
  }
}

/** Options that must be whole numbers of at least 1. */
const POSITIVE_INTEGERS = [
  'roomIdleMs',
  'compactAfterUpdates',
  'compactAfterBytes',
  'maxRooms',
  'maxConnections',
  'maxConnectionsPerRoom',
  'syncMessagesPerSecond',
  'syncMessageBurst',
  'signalMessagesPerSecond',
  'signalMessageBurst',
  'signalBytesPerSecond',
  'signalByteBurst',
  'maxSyncFrameBytes',
  'maxSignalMessageBytes',
  'maxSyncBufferedBytes',
  'maxSignalBufferedBytes',
  'maxTopicsPerConnection',
  'maxTopicLength',
  'keepAliveMs',
  'maxAssetBytes',
  'maxJsonAssetBytes',
  'assetQuotaBytesPerRoom',
] as const satisfies readonly (keyof RelaySettings)[];

/**
 * Merges `options` over {@link RELAY_DEFAULTS} and checks the result.
 * @throws {RelayOptionsError} naming the first option at fault
 */
export function resolveSettings(options: RelayOptions): RelaySettings {
  const settings = { ...RELAY_DEFAULTS } as RelaySettings;
  for (const key of Object.keys(RELAY_DEFAULTS) as (keyof RelaySettings)[]) {
    const value = options[key];
    if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
  }
  for (const key of POSITIVE_INTEGERS) {
    const value = settings[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RelayOptionsError(`${key} must be a whole number of at least 1, not ${value}`);
    }
  }
  if (!Number.isInteger(settings.port) || settings.port < 0 || settings.port > 65535) {
    throw new RelayOptionsError(
      `port must be a whole number from 0 to 65535, not ${settings.port}`,
    );
  }
  const sync = settings.syncPolicy;
  if (sync !== 'always' && (!Number.isSafeInteger(sync) || sync < 1)) {
    throw new RelayOptionsError(
      `syncPolicy must be 'always' or a whole number of milliseconds of at least 1, not ${sync}`,
    );
  }
  if (settings.signalByteBurst < settings.maxSignalMessageBytes) {
    // Otherwise a publish of the largest allowed size could never pass.
    throw new RelayOptionsError(
      `signalByteBurst (${settings.signalByteBurst}) must be at least maxSignalMessageBytes (${settings.maxSignalMessageBytes})`,
    );
  }
  if (options.tls && options.tlsSelfSigned) {
    throw new RelayOptionsError('tls and tlsSelfSigned exclude each other: give one of them');
  }
  return settings;
}
