/**
 * The kinds of value a `meshtable relay` setting takes: how a flag's or variable's text becomes
 * a value, and how a value (from there or from the JSON config file) is checked.
 */
import { type LogLevel, parseRedisUrl } from '@meshtable/relay';

/** How a setting's value is read and checked. */
export interface ValueKind {
  /** What a valid value is, for messages and the help ("a whole number of at least 1"). */
  readonly describes: string;
  /** Turns a flag's or variable's text into the value the file would hold. */
  fromText(text: string): unknown;
  /** The checked value, or undefined when `value` is not one. */
  check(value: unknown): unknown;
}

const wholeNumber = (text: string): unknown => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text);

const UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Every kind, by name. */
export const KINDS = {
  text: {
    describes: 'a non-empty string',
    fromText: (text) => text,
    check: (value) => (typeof value === 'string' && value !== '' ? value : undefined),
  },
  port: {
    describes: 'a whole number from 0 to 65535',
    fromText: wholeNumber,
    check: (value) =>
      Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
        ? value
        : undefined,
  },
  count: {
    describes: 'a whole number of at least 1',
    fromText: wholeNumber,
    check: (value) =>
      Number.isSafeInteger(value) && (value as number) >= 1 ? (value as number) : undefined,
  },
  bytes: {
    describes: 'a size in bytes of at least 1, with an optional unit: 65536, 64KiB, 16MiB, 1GiB',
    fromText: wholeNumber,
    check: (value) => {
      if (Number.isSafeInteger(value) && (value as number) >= 1) return value;
      const match = typeof value === 'string' && /^\s*(\d+)\s*(b|kib|mib|gib)?\s*$/i.exec(value);
      if (!match) return undefined;
      const bytes = Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? Number.NaN);
      return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
    },
  },
  mebibytes: {
    describes: 'a positive number of MiB (fractions allowed: 0.5 is 512 KiB)',
    fromText: (text) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text),
    check: (value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const bytes = Math.round(value * 1024 * 1024);
      return bytes >= 1 ? bytes : undefined;
    },
  },
  boolean: {
    describes: 'true or false',
    fromText: (text) =>
      ({ true: true, '1': true, yes: true, false: false, '0': false, no: false })[
        text.trim().toLowerCase()
      ] ?? text,
    check: (value) => (typeof value === 'boolean' ? value : undefined),
  },
  syncMs: {
    describes: '"always" or a whole number of milliseconds of at least 1',
    fromText: wholeNumber,
    check: (value) =>
      value === 'always' || (Number.isSafeInteger(value) && (value as number) >= 1)
        ? value
        : undefined,
  },
  logLevel: {
    describes: 'one of debug, info, warn, error, silent',
    fromText: (text) => text,
    check: (value) =>
      typeof value === 'string' && ['debug', 'info', 'warn', 'error', 'silent'].includes(value)
        ? (value as LogLevel)
        : undefined,
  },
  redisUrl: {
    describes: 'a Redis URL: redis://[user:password@]host[:port][/db], or rediss:// for TLS',
    fromText: (text) => text,
    check: (value) => {
      if (typeof value !== 'string') return undefined;
      try {
        parseRedisUrl(value);
        return value;
      } catch {
        return undefined;
      }
    },
  },
  iceServers: {
    describes: 'a JSON array of {"urls", "username"?, "credential"?}',
    fromText: (text) => {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    },
    check: checkIceServers,
  },
} satisfies Record<string, ValueKind>;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * ICE servers as RTCPeerConnection takes them: each `{ urls, username?, credential? }` with no
 * other key, `urls` a non-empty string or a non-empty list of them. (Checked by hand rather than
 * with zod: the relay then never loads zod, docs/benchmarks.md.)
 */
function checkIceServers(value: unknown): unknown {
  if (!Array.isArray(value)) return undefined;
  for (const server of value) {
    if (typeof server !== 'object' || server === null || Array.isArray(server)) return undefined;
    const { urls, username, credential, ...rest } = server as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return undefined;
    const urlsOk = isText(urls) || (Array.isArray(urls) && urls.length > 0 && urls.every(isText));
    if (!urlsOk) return undefined;
    if (username !== undefined && typeof username !== 'string') return undefined;
    if (credential !== undefined && typeof credential !== 'string') return undefined;
  }
  return value;
}
