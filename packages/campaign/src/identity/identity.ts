/**
 * A person's identity (DESIGN.md §3): an Ed25519 key pair, a display name and a colour. The
 * userId is a short hash of the public key, so nobody can take another person's id without
 * holding their secret key.
 *
 * Keys and signatures come from @noble/curves in every realm, not from WebCrypto's Ed25519:
 * - `crypto.subtle` exists only in secure contexts. A table served over plain HTTP on a LAN
 *   address (http://192.168.1.20:8080) is not one, and identities must work there too;
 *   `crypto.getRandomValues`, all noble needs, is there in every context.
 * - WebCrypto's Ed25519 reached all major browsers only recently (Chrome last, in 2025), so a
 *   table of mixed browsers would need the noble path anyway: two implementations to test.
 * - Its one advantage, a non-extractable CryptoKey kept in IndexedDB that page script can use
 *   but not read, contradicts the identity being exportable (people carry it to another device as
 *   a file), and a non-extractable key still signs for any script that runs in the page.
 * Ed25519 signing is deterministic (RFC 8032), so the choice changes no signature.
 */

import { colorSchema, nameSchema, timestampSchema } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { z } from 'zod';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { IdentityError } from './IdentityError';

/** Bytes in an Ed25519 public key, and in its secret key (the RFC 8032 seed). */
export const ED25519_KEY_BYTES = 32;

/** Hashed in front of the public key to make a userId, so the hash means nothing else. */
export const USER_ID_DOMAIN = 'meshtable user v1\0';

/** Bytes of the SHA-256 a userId keeps: 128 bits, 22 base64url characters. */
const USER_ID_BYTES = 16;

const USER_ID_PREFIX = utf8ToBytes(USER_ID_DOMAIN);

/** What others may know of a person: everything but the secret key. */
export interface PublicIdentity {
  /** {@link userIdOf} the public key: 22 base64url characters. */
  readonly userId: string;
  /** The Ed25519 public key, 32 bytes. */
  readonly publicKey: Uint8Array;
  /** The display name, 1 to 100 characters, trimmed. */
  readonly name: string;
  /** The person's colour as `#rrggbb`. */
  readonly color: string;
  /** When the key pair was made, in ms since 1970 (informational). */
  readonly createdAt: number;
}

/**
 * A person's identity with its secret key. The object is frozen, and `secretKey` is not
 * enumerable: JSON.stringify (through `toJSON`, which writes the public part), `String()`,
 * spreading, console.log and structured cloning (postMessage, IndexedDB) all leave it out.
 * {@link exportIdentity} is the one way to write the secret key down.
 */
export interface Identity extends PublicIdentity {
  /** The Ed25519 secret key: the 32-byte seed of RFC 8032. */
  readonly secretKey: Uint8Array;
}

/** Options of {@link createIdentity}. */
export interface CreateIdentityOptions {
  /** A 32-byte secret key to use instead of a fresh random one (tests and known answers). */
  readonly secretKey?: Uint8Array;
  /** The creation time in ms since 1970; defaults to now. */
  readonly createdAt?: number;
}

/**
 * Makes a new identity: a fresh Ed25519 key pair from the realm's CSPRNG, with a name and colour.
 * @param name the display name (trimmed; 1 to 100 characters)
 * @param color `#rrggbb`
 * @throws IdentityError `IDENTITY_INVALID_PROFILE` for a bad name, colour or time,
 *   `IDENTITY_INVALID_KEY` for a given secret key that is not 32 bytes
 * @example
 * ```ts
 * const me = createIdentity('Aria', '#3366ff');
 * await store.put(me);
 * members.set(me.userId, { userId: me.userId, publicKey: encodePublicKey(me.publicKey), … });
 * ```
 */
export function createIdentity(
  name: string,
  color: string,
  options: CreateIdentityOptions = {},
): Identity {
  const secretKey =
    options.secretKey === undefined
      ? ed25519.utils.randomSecretKey()
      : Uint8Array.from(checkKeyBytes(options.secretKey, 'secret key'));
  const publicKey = ed25519.getPublicKey(secretKey);
  return sealIdentity({
    userId: userIdOf(publicKey),
    publicKey,
    secretKey,
    ...checkProfile(name, color, options.createdAt ?? Date.now()),
  });
}

/**
 * The userId of a public key: base64url of the first 16 bytes of
 * SHA-256("meshtable user v1\0" ‖ publicKey), 22 characters.
 * @throws IdentityError `IDENTITY_INVALID_KEY` when `publicKey` is not 32 bytes
 */
export function userIdOf(publicKey: Uint8Array): string {
  checkKeyBytes(publicKey, 'public key');
  const digest = sha256(concatBytes(USER_ID_PREFIX, publicKey));
  return encodeBase64Url(digest.subarray(0, USER_ID_BYTES));
}

/** A public key as it is written in records and files: 43 characters of base64url. */
export function encodePublicKey(publicKey: Uint8Array): string {
  return encodeBase64Url(checkKeyBytes(publicKey, 'public key'));
}

/**
 * Reads a public key written by {@link encodePublicKey} (a member record's `publicKey`).
 * @throws IdentityError `IDENTITY_INVALID_KEY` unless it is the canonical base64url of a point
 *   on the curve
 */
export function decodePublicKey(text: string): Uint8Array {
  const bytes = typeof text === 'string' ? decodeBase64Url(text, ED25519_KEY_BYTES) : null;
  if (bytes === null || !ed25519.utils.isValidPublicKey(bytes, false)) {
    throw new IdentityError(
      'IDENTITY_INVALID_KEY',
      'The public key is not an Ed25519 public key as 43 characters of base64url.',
    );
  }
  return bytes;
}

/** The parts of an identity as read from a file or a store, before they are checked. */
export interface IdentityParts {
  readonly userId: string;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly name: string;
  readonly color: string;
  readonly createdAt: number;
}

/**
 * Rebuilds an identity from stored parts, checking that they belong together. Internal to the
 * package (the identity file and the IndexedDB store use it).
 * @throws IdentityError `IDENTITY_INVALID_PROFILE`, `IDENTITY_INVALID_KEY`,
 *   `IDENTITY_KEY_MISMATCH` or `IDENTITY_USER_ID_MISMATCH`
 */
export function restoreIdentity(parts: IdentityParts): Identity {
  const secretKey = Uint8Array.from(checkKeyBytes(parts.secretKey, 'secret key'));
  const publicKey = Uint8Array.from(checkKeyBytes(parts.publicKey, 'public key'));
  if (!equalBytes(ed25519.getPublicKey(secretKey), publicKey)) {
    throw new IdentityError(
      'IDENTITY_KEY_MISMATCH',
      'secretKey does not belong to publicKey: the identity was altered or is damaged.',
    );
  }
  if (userIdOf(publicKey) !== parts.userId) {
    throw new IdentityError(
      'IDENTITY_USER_ID_MISMATCH',
      'userId is not the hash of publicKey: the identity was altered or is damaged.',
    );
  }
  return sealIdentity({
    userId: parts.userId,
    publicKey,
    secretKey,
    ...checkProfile(parts.name, parts.color, parts.createdAt),
  });
}

/** The public part of an identity, as JSON: what `JSON.stringify(identity)` writes. */
export interface PublicIdentityJSON {
  readonly userId: string;
  readonly publicKey: string;
  readonly name: string;
  readonly color: string;
  readonly createdAt: number;
}

function sealIdentity(parts: IdentityParts): Identity {
  const { secretKey, ...profile } = parts;
  const json: PublicIdentityJSON = Object.freeze({
    ...profile,
    publicKey: encodeBase64Url(profile.publicKey),
  });
  const identity = { ...profile };
  // Non-enumerable, so that serialising, spreading, logging or cloning the object cannot leak
  // the secret key or trip over the methods.
  Object.defineProperties(identity, {
    secretKey: { value: secretKey, enumerable: false },
    toJSON: { value: () => json, enumerable: false },
    toString: { value: () => `Identity ${profile.userId} (${profile.name})`, enumerable: false },
  });
  return Object.freeze(identity) as Identity;
}

function checkProfile(
  name: string,
  color: string,
  createdAt: number,
): { name: string; color: string; createdAt: number } {
  const parsedName = nameSchema.safeParse(name);
  const parsedColor = colorSchema.safeParse(color);
  const parsedCreatedAt = timestampSchema.safeParse(createdAt);
  if (parsedName.success && parsedColor.success && parsedCreatedAt.success) {
    return { name: parsedName.data, color: parsedColor.data, createdAt: parsedCreatedAt.data };
  }
  const problems = [
    problemOf('name', parsedName),
    problemOf('color', parsedColor),
    problemOf('createdAt', parsedCreatedAt),
  ].filter((problem) => problem !== null);
  throw new IdentityError('IDENTITY_INVALID_PROFILE', `Identity ${problems.join('; ')}.`);
}

function problemOf(field: string, result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : `${field}: ${result.error.issues[0]?.message ?? 'invalid'}`;
}

function checkKeyBytes(key: Uint8Array, what: string): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== ED25519_KEY_BYTES) {
    throw new IdentityError(
      'IDENTITY_INVALID_KEY',
      `The ${what} must be ${ED25519_KEY_BYTES} bytes (a Uint8Array).`,
    );
  }
  return key;
}
