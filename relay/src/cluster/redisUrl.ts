/**
 * The `--redis` URL: `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). It is
 * checked at start, so that a typo fails with a message naming the part at fault rather than as
 * an endless reconnect loop.
 */

/** A checked Redis URL. */
export interface RedisTarget {
  /** The URL as given, for the client library. */
  readonly url: string;
  /** `host:port/db`, without credentials: safe to log and to show on /healthz. */
  readonly shown: string;
}

/** A `--redis` value that is not a Redis URL. */
export class RedisUrlError extends Error {
  readonly code = 'RELAY_INVALID_OPTIONS';
}

/**
 * Checks a Redis URL.
 * @throws {RedisUrlError} saying what is wrong with it
 * @example parseRedisUrl('redis://127.0.0.1:6379/0').shown // '127.0.0.1:6379/0'
 */
export function parseRedisUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RedisUrlError(`${JSON.stringify(text)} is not a URL; use redis://host:port[/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RedisUrlError(
      `${JSON.stringify(redact(url))} must start with redis:// or rediss://, not ${url.protocol}//`,
    );
  }
  if (url.hostname === '') {
    throw new RedisUrlError(`${JSON.stringify(redact(url))} names no host`);
  }
  // URL accepts ports only as digits within 0..65535; 0 cannot be connected to.
  if (url.port === '0') throw new RedisUrlError(`${JSON.stringify(redact(url))}: port 0`);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) {
    throw new RedisUrlError(
      `${JSON.stringify(redact(url))}: the path must be a database number (0-99), not "${db}"`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new RedisUrlError(`${JSON.stringify(redact(url))}: no query or fragment is accepted`);
  }
  return { url: text, shown: `${url.hostname}:${url.port || '6379'}/${db || '0'}` };
}

/** The URL without its password, for messages. */
function redact(url: URL): string {
  if (url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}
