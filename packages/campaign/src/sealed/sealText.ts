/**
 * Sealing a text to chosen members (chat whispers, handouts for some players only), so that the
 * table doc, which every member and the relay hold, carries only ciphertext for everyone else.
 * The composition follows lifecycle/sealedKey.ts, with one more layer because a text has many
 * readers:
 *
 * 1. **One random content key per text**, and the text encrypted once with XChaCha20-Poly1305
 *    under it (a random 24-byte nonce). Encrypting the text per reader would multiply its size by
 *    the number of readers; a 32-byte key per reader does not.
 * 2. **The content key sealed to each reader** in the box (sealBox.ts) a table key is sealed in:
 *    the reader's Ed25519 key as X25519, a fresh ephemeral X25519 key per box, HKDF-SHA256 over
 *    the shared secret with the domain string and both public keys as `info`, XChaCha20-Poly1305.
 * 3. **Associated data** binds every part to where it lives. The caller names the place (`context`:
 *    the campaign and the post or handout id); a key box is bound to `{ context, to }` and the
 *    body to `{ context, readers }` (the sorted reader ids). So an envelope does not open when
 *    copied into another post or handout, a box does not open in another reader's slot, and a
 *    reader's slot that was dropped (or added without the content key) breaks the body for all.
 *
 * What it does not do: say who sealed the text. Boxes use ephemeral keys, so authorship comes
 * from where the envelope is stored (a post in its author's own log, which the audit guards).
 * Any reader can of course re-seal what they read to someone else.
 */

import {
  MAX_SEALED_TEXT_BYTES,
  MAX_SEALED_TEXT_READERS,
  SEALED_TEXT_VERSION,
  type SealedContentKey,
  type SealedText,
  sealedTextSchema,
} from '@meshtable/schema';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import type { Identity } from '../identity/identity';
import { decodePublicKey, userIdOf } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { SealedTextError } from './SealedTextError';
import { type BoxBinding, openBox, sealBox } from './sealBox';

/** HKDF `info` prefix of a reader's box key, so the derived key serves this use alone. */
export const SEALED_TEXT_DOMAIN = 'meshtable sealed text v1\0';

/** The longest `context` a text can be sealed for, in characters. */
export const MAX_SEALED_CONTEXT_CHARS = 256;

const CONTENT_KEY_BYTES = 32;
// With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches: it has
// no UTF-8 form, and TextEncoder would silently turn it into U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

/** A member a text is sealed to: their user id and Ed25519 public key (a member record fits). */
export interface SealedTextReader {
  readonly userId: string;
  /** As in a member record (43 characters of base64url), or the 32 bytes. */
  readonly publicKey: string | Uint8Array;
}

/**
 * Seals `text` so that only `readers` can read it. Put the author among the readers, or they
 * cannot read their own text back.
 * @param text UTF-8 text, at most {@link MAX_SEALED_TEXT_BYTES} bytes once encoded
 * @param readers 1 to 64 distinct members; each user id must be the hash of its public key
 * @param context where the envelope will live (the campaign and the post or handout id, say):
 *   it opens only with the same context; 1 to 256 characters
 * @throws SealedTextError `SEALED_INVALID_INPUT` naming what is wrong
 * @example
 * ```ts
 * const sealed = sealText('The key is under the mat.', [me, gm], `${campaignId}/post/${postId}`);
 * openSealedText(sealed, gmIdentity, `${campaignId}/post/${postId}`); // 'The key is under…'
 * ```
 */
export function sealText(
  text: string,
  readers: readonly SealedTextReader[],
  context: string,
): SealedText {
  checkContext(context);
  if (typeof text !== 'string' || LONE_SURROGATE.test(text)) {
    throw invalid('The text must be a string of well-formed Unicode.');
  }
  const plain = utf8ToBytes(text);
  if (plain.length > MAX_SEALED_TEXT_BYTES) {
    throw invalid(
      `The text is ${plain.length} bytes; at most ${MAX_SEALED_TEXT_BYTES} can be sealed.`,
    );
  }
  const keys = readerKeys(readers);
  const contentKey = randomBytes(CONTENT_KEY_BYTES);
  try {
    const boxes: Record<string, SealedContentKey> = {};
    for (const [userId, publicKey] of keys) {
      boxes[userId] = sealContentKey(contentKey, userId, publicKey, context);
    }
    const nonce = randomBytes(NONCE_BYTES);
    const body = xchacha20poly1305(contentKey, nonce, bodyData(context, [...keys.keys()])).encrypt(
      plain,
    );
    return {
      v: SEALED_TEXT_VERSION,
      nonce: encodeBase64Url(nonce),
      body: encodeBase64Url(body),
      keys: boxes,
    };
  } finally {
    contentKey.fill(0);
  }
}

/**
 * Opens a text sealed to `identity`.
 * @param sealed the envelope as read from a doc (checked against its schema here)
 * @param context the same context it was sealed for
 * @returns the text
 * @throws SealedTextError `SEALED_MALFORMED` (not an envelope), `SEALED_NOT_FOR_YOU` (no key for
 *   this identity), `SEALED_TAMPERED` (a part does not open: altered or moved), or
 *   `SEALED_INVALID_INPUT` (a bad context)
 */
export function openSealedText(sealed: unknown, identity: Identity, context: string): string {
  checkContext(context);
  const parsed = sealedTextSchema.safeParse(sealed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SealedTextError(
      'SEALED_MALFORMED',
      `The sealed text is malformed${where}: ${issue?.message}.`,
    );
  }
  const envelope = parsed.data;
  const box = Object.hasOwn(envelope.keys, identity.userId)
    ? envelope.keys[identity.userId]
    : undefined;
  if (box === undefined) {
    throw new SealedTextError('SEALED_NOT_FOR_YOU', 'This text was not sealed to you.');
  }
  const contentKey = openContentKey(box, identity, context);
  if (contentKey === null) {
    throw tampered('The key sealed to you does not open: the text was altered or moved.');
  }
  try {
    const nonce = decodeBase64Url(envelope.nonce, NONCE_BYTES);
    const body = decodeVariable(envelope.body);
    if (nonce === null || body === null || body.length < TAG_BYTES) {
      throw tampered('The sealed text is not canonical base64url.');
    }
    let plain: Uint8Array;
    try {
      const readers = Object.keys(envelope.keys);
      plain = xchacha20poly1305(contentKey, nonce, bodyData(context, readers)).decrypt(body);
    } catch {
      throw tampered('The text does not open: it, or its list of readers, was altered or moved.');
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      throw tampered('The text opens but is not UTF-8: it was sealed wrongly.');
    }
  } finally {
    contentKey.fill(0);
  }
}

/** The readers' X25519 keys by user id, checked, in a stable order. */
function readerKeys(readers: readonly SealedTextReader[]): Map<string, Uint8Array> {
  if (!Array.isArray(readers) || readers.length < 1 || readers.length > MAX_SEALED_TEXT_READERS) {
    throw invalid(`A text is sealed to 1 to ${MAX_SEALED_TEXT_READERS} readers.`);
  }
  const keys = new Map<string, Uint8Array>();
  for (const reader of [...readers].sort((a, b) => compare(a.userId, b.userId))) {
    let publicKey: Uint8Array;
    try {
      publicKey =
        typeof reader.publicKey === 'string' ? decodePublicKey(reader.publicKey) : reader.publicKey;
      if (userIdOf(publicKey) !== reader.userId) throw new Error('mismatch');
    } catch {
      throw invalid(`Reader ${String(reader.userId)} has no valid public key of their own.`);
    }
    if (keys.has(reader.userId)) throw invalid(`Reader ${reader.userId} is named twice.`);
    let montgomery: Uint8Array;
    try {
      montgomery = ed25519.utils.toMontgomery(publicKey);
    } catch {
      throw invalid(`Reader ${reader.userId}'s key cannot receive a sealed text.`);
    }
    keys.set(reader.userId, montgomery);
  }
  return keys;
}

function sealContentKey(
  contentKey: Uint8Array,
  userId: string,
  recipient: Uint8Array,
  context: string,
): SealedContentKey {
  const sealed = sealBox(contentKey, recipient, binding(context, userId));
  // A low-order point (an all-zero shared secret) could be read by anyone.
  if (sealed === null) throw invalid(`Reader ${userId}'s key cannot receive a sealed text.`);
  return sealed;
}

function openContentKey(
  sealed: SealedContentKey,
  identity: Identity,
  context: string,
): Uint8Array | null {
  return openBox(sealed, identity, binding(context, identity.userId), CONTENT_KEY_BYTES);
}

function binding(context: string, to: string): BoxBinding {
  return { domain: SEALED_TEXT_DOMAIN, associatedData: boxData(context, to) };
}

function boxData(context: string, to: string): Uint8Array {
  return utf8ToBytes(encodeCanonicalJson({ context, to }));
}

function bodyData(context: string, readers: readonly string[]): Uint8Array {
  return utf8ToBytes(encodeCanonicalJson({ context, readers: [...readers].sort(compare) }));
}

/** Decodes unpadded base64url of any length (strictly), or null. */
function decodeVariable(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  return decodeBase64Url(text, Math.floor((text.length * 3) / 4));
}

function checkContext(context: string): void {
  if (
    typeof context !== 'string' ||
    context.length < 1 ||
    context.length > MAX_SEALED_CONTEXT_CHARS ||
    LONE_SURROGATE.test(context)
  ) {
    throw invalid(`The context must be 1 to ${MAX_SEALED_CONTEXT_CHARS} characters of text.`);
  }
}

/** Code-unit order, the same in every realm and locale (unlike localeCompare). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalid(message: string): SealedTextError {
  return new SealedTextError('SEALED_INVALID_INPUT', message);
}

function tampered(message: string): SealedTextError {
  return new SealedTextError('SEALED_TAMPERED', message);
}
