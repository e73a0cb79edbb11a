/**
 * Verifying an intent: the first thing the GM's validator (and any peer re-running it) does with
 * an entry of a log. Verification never throws: any input gives a result.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeBase64Url } from '../identity/base64url';
import { ED25519_KEY_BYTES, userIdOf } from '../identity/identity';
import { describeIssues, type Intent, intentSchema, intentSigningBytes } from './intent';

/** Bytes in an Ed25519 signature. */
const SIGNATURE_BYTES = 64;

/**
 * Why an intent failed verification:
 * - `malformed`: it does not fit intentSchema (a field missing or malformed, a size cap
 *   exceeded, `id` not `author.seq`, a payload canonical JSON refuses);
 * - `bad-public-key`: the key given is not an Ed25519 public key (a damaged member record);
 * - `wrong-author`: `author` is not the userId of the key given: it claims to be someone else;
 * - `bad-signature`: the signature does not cover these fields under this key (a field was
 *   changed after signing, or another key signed).
 */
export type IntentRejection = 'malformed' | 'bad-public-key' | 'wrong-author' | 'bad-signature';

/** The result of {@link verifyIntent}. */
export type IntentVerification =
  | { readonly ok: true; readonly intent: Intent }
  | { readonly ok: false; readonly reason: IntentRejection; readonly message: string };

/**
 * Checks that `intent` is well formed, is by the holder of `publicKey` and carries their valid
 * signature (strict RFC 8032 verification: non-canonical encodings and small-order keys are
 * refused, so no second valid signature can be made from a first). It does not check
 * membership, the campaign, or that `seq` follows the author's previous intent: that is the
 * validator's part.
 * @param intent anything read from a log
 * @param publicKey the author's key: 32 bytes, or as written in a member record (base64url)
 * @returns `{ ok: true, intent }` with the checked intent, or `{ ok: false, reason, message }`
 * @example
 * ```ts
 * const member = members.get(userIdFromLogName);
 * const verdict = verifyIntent(entry, member.publicKey);
 * if (!verdict.ok) return reject(entry, verdict.reason, verdict.message);
 * ```
 */
export function verifyIntent(intent: unknown, publicKey: Uint8Array | string): IntentVerification {
  const parsed = intentSchema.safeParse(intent);
  if (!parsed.success) {
    return reject('malformed', `The intent is malformed: ${describeIssues(parsed.error)}.`);
  }
  const checked: Intent = parsed.data;
  const key = publicKeyBytes(publicKey);
  if (key === null) {
    return reject('bad-public-key', 'The public key given is not an Ed25519 public key.');
  }
  const keyHolder = userIdOf(key);
  if (checked.author !== keyHolder) {
    return reject(
      'wrong-author',
      `Intent ${checked.id} names ${checked.author} as its author, but the key is ${keyHolder}'s.`,
    );
  }
  if (!signatureHolds(checked, key)) {
    return reject(
      'bad-signature',
      `The signature of intent ${checked.id} does not match its content and author.`,
    );
  }
  return { ok: true, intent: checked };
}

/** Signature checks remembered, by signature: the GM's validator and its audit both check each entry. */
const checkedSignatures = new Map<
  string,
  { readonly key: Uint8Array; readonly message: Uint8Array; readonly valid: boolean }
>();
/** Checks remembered before the oldest are forgotten (an entry is checked again within moments). */
const MAX_CHECKED_SIGNATURES = 4096;

/**
 * Whether `intent.sig` is `key`'s signature of the intent's signing bytes. Ed25519 verification
 * is the slow part of reading a log (milliseconds in a busy page) and gives the same answer for
 * the same signature, message and key, so a verdict is reused when all three are the same.
 */
function signatureHolds(intent: Intent, key: Uint8Array): boolean {
  const message = intentSigningBytes(intent);
  const known = checkedSignatures.get(intent.sig);
  if (known !== undefined && sameBytes(known.key, key) && sameBytes(known.message, message)) {
    return known.valid;
  }
  // The schema admits only the canonical spelling of 64 bytes.
  const signature = decodeBase64Url(intent.sig, SIGNATURE_BYTES) as Uint8Array;
  const valid = ed25519.verify(signature, message, key, { zip215: false });
  if (checkedSignatures.size >= MAX_CHECKED_SIGNATURES) {
    checkedSignatures.delete(checkedSignatures.keys().next().value as string);
  }
  checkedSignatures.set(intent.sig, { key, message, valid });
  return valid;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * Public keys as written in member records, already decoded and checked: a check decodes the
 * key's curve point (most of a millisecond in a busy page), and a table has few keys, each
 * read for every intent its member sends.
 */
const checkedKeys = new Map<string, Uint8Array | null>();
/** Keys remembered before the oldest is forgotten (far more than a table's members). */
const MAX_CHECKED_KEYS = 256;

function publicKeyBytes(publicKey: Uint8Array | string): Uint8Array | null {
  if (typeof publicKey !== 'string') return checkedPublicKey(publicKey);
  const known = checkedKeys.get(publicKey);
  if (known !== undefined) return known;
  const bytes = checkedPublicKey(publicKey);
  if (checkedKeys.size >= MAX_CHECKED_KEYS) {
    checkedKeys.delete(checkedKeys.keys().next().value as string);
  }
  checkedKeys.set(publicKey, bytes);
  return bytes;
}

function checkedPublicKey(publicKey: Uint8Array | string): Uint8Array | null {
  const bytes =
    typeof publicKey === 'string'
      ? decodeBase64Url(publicKey, ED25519_KEY_BYTES)
      : publicKey instanceof Uint8Array && publicKey.length === ED25519_KEY_BYTES
        ? publicKey
        : null;
  return bytes !== null && ed25519.utils.isValidPublicKey(bytes, false) ? bytes : null;
}

function reject(reason: IntentRejection, message: string): IntentVerification {
  return { ok: false, reason, message };
}
