/**
 * One secret sealed to one member: the box that both a rekey's table key (lifecycle/sealedKey.ts)
 * and a sealed text's content key (sealText.ts) are carried in. Why each step is as it is, is
 * told in sealedKey.ts; in short: a fresh ephemeral X25519 key per box, HKDF-SHA256 over the
 * shared secret with `info` = the caller's domain string ‖ the ephemeral public key ‖ the
 * recipient's X25519 public key, and XChaCha20-Poly1305 under a random 24-byte nonce with the
 * caller's associated data. The domain string and associated data are the caller's: they keep
 * one use's boxes from opening as another's.
 */

import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import type { Identity } from '../identity/identity';

const X25519_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const BOX_KEY_BYTES = 32;
const TAG_BYTES = 16;

/** A sealed secret as stored: the ephemeral public key, the nonce and the ciphertext (base64url). */
export interface SealedBox {
  readonly epk: string;
  readonly nonce: string;
  readonly box: string;
}

/** What a box is bound to; it opens only with the same two. */
export interface BoxBinding {
  /** The HKDF `info` prefix that names the box's use (ends in NUL). */
  readonly domain: string;
  /** The XChaCha20-Poly1305 associated data: where the box lives, and for whom. */
  readonly associatedData: Uint8Array;
}

/**
 * Seals `secret` to the X25519 public key `recipient` (a member's Ed25519 key, converted).
 * @returns the box, or null when `recipient` is a low-order point (noble refuses the all-zero
 *   shared secret, which anyone could compute)
 */
export function sealBox(
  secret: Uint8Array,
  recipient: Uint8Array,
  binding: BoxBinding,
): SealedBox | null {
  const ephemeralSecret = x25519.utils.randomSecretKey();
  let shared: Uint8Array;
  let ephemeralPublic: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralSecret, recipient);
    ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
  } catch {
    return null;
  } finally {
    ephemeralSecret.fill(0);
  }
  const key = boxKey(binding.domain, shared, ephemeralPublic, recipient);
  const nonce = randomBytes(NONCE_BYTES);
  const box = xchacha20poly1305(key, nonce, binding.associatedData).encrypt(secret);
  key.fill(0);
  return {
    epk: encodeBase64Url(ephemeralPublic),
    nonce: encodeBase64Url(nonce),
    box: encodeBase64Url(box),
  };
}

/**
 * Opens a box sealed to `identity`.
 * @param secretBytes the length of the sealed secret: a box of any other length does not open
 * @returns the secret, or null when the box does not open with this identity's key and this
 *   binding (sealed to someone else, for another place or use, or altered)
 */
export function openBox(
  sealed: SealedBox,
  identity: Identity,
  binding: BoxBinding,
  secretBytes: number,
): Uint8Array | null {
  const ephemeralPublic = decodeBase64Url(sealed.epk, X25519_KEY_BYTES);
  const nonce = decodeBase64Url(sealed.nonce, NONCE_BYTES);
  const box = decodeBase64Url(sealed.box, secretBytes + TAG_BYTES);
  if (ephemeralPublic === null || nonce === null || box === null) return null;
  const secret = ed25519.utils.toMontgomerySecret(identity.secretKey);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, ephemeralPublic);
  } catch {
    return null;
  } finally {
    secret.fill(0);
  }
  const recipient = ed25519.utils.toMontgomery(identity.publicKey);
  const key = boxKey(binding.domain, shared, ephemeralPublic, recipient);
  try {
    return xchacha20poly1305(key, nonce, binding.associatedData).decrypt(box);
  } catch {
    return null;
  } finally {
    key.fill(0);
  }
}

/** The box's single-use key; wipes the shared secret it came from. */
function boxKey(
  domain: string,
  shared: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipient: Uint8Array,
): Uint8Array {
  const info = concatBytes(utf8ToBytes(domain), ephemeralPublic, recipient);
  const key = hkdf(sha256, shared, undefined, info, BOX_KEY_BYTES);
  shared.fill(0);
  return key;
}
