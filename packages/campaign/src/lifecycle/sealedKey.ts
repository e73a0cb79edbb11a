/**
 * Sealing a table key to one member, so that only the holder of that member's secret key can
 * read it (a rekey carries one such box per member who stays). Every step is a primitive of
 * @noble/curves, @noble/hashes or @noble/ciphers; what this file adds is how they are composed:
 *
 * 1. **The member's Ed25519 key as X25519** (`ed25519.utils.toMontgomery`). A member has one key
 *    pair, the identity that signs their intents; the birational map lets us encrypt to that
 *    same key, so no second key needs publishing, trusting or rotating. Using one key pair for
 *    Ed25519 signatures and X25519 agreement has been analysed and found sound when the two uses
 *    are kept apart, as the domain strings here and in every signature do.
 * 2. **A fresh ephemeral X25519 key per box.** The sender needs no key of its own (the rekey's
 *    authenticity comes from the GM's signature over the whole record), and each box gets its
 *    own shared secret, so boxes are independent. noble refuses a low-order public key (an
 *    all-zero shared secret), so a member with such a key gets no box rather than a readable one.
 * 3. **HKDF-SHA256 over the shared secret**, with `info` = the domain string ‖ the ephemeral
 *    public key ‖ the member's X25519 public key. A raw X25519 output is not a uniform key, and
 *    does not say which public keys made it; binding both (as HPKE and libsodium's sealed boxes
 *    do) ties the key to this exact pair, and the domain string to this use alone.
 * 4. **XChaCha20-Poly1305** with a random 24-byte nonce. The key is already single-use; the
 *    random extended nonce keeps the box safe even if an ephemeral key were ever reused.
 * 5. **Associated data**: the canonical JSON of `{ campaign, epoch, to }`. The box opens only for
 *    the campaign, epoch and member it was sealed for: it cannot be moved to another member's
 *    slot, into another rekey or into another campaign, whatever the signature around it says.
 *
 * Steps 2 to 4 are sealed/sealBox.ts, which sealed texts' content keys share; this file gives
 * them the table key's domain string and associated data.
 */

import type { SealedTableKey } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Identity } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { type BoxBinding, openBox, sealBox } from '../sealed/sealBox';

/** HKDF `info` prefix of a box key, so the derived key serves this use alone. */
export const TABLE_KEY_SEAL_DOMAIN = 'meshtable table key seal v1\0';

/** The length of a table key. */
const TABLE_KEY_BYTES = 16;

/** What a box is sealed for; it opens only with the same three. */
export interface SealContext {
  /** The campaign id. */
  readonly campaign: string;
  /** The epoch whose key the box holds. */
  readonly epoch: number;
  /** The member's user id. */
  readonly to: string;
}

/**
 * Seals a table key to a member.
 * @param tableKey the key's bytes (16)
 * @param recipientPublicKey the member's Ed25519 public key (32 bytes)
 * @returns the box, or null when the member's key cannot receive one (a low-order key)
 */
export function sealTableKey(
  tableKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: SealContext,
): SealedTableKey | null {
  let recipient: Uint8Array;
  try {
    recipient = ed25519.utils.toMontgomery(recipientPublicKey);
  } catch {
    return null;
  }
  return sealBox(tableKey, recipient, binding(context));
}

/**
 * Opens a box sealed to `identity`.
 * @returns the table key's bytes, or null when the box does not open with this identity's key
 *   for this context (sealed to someone else, for another place, or altered)
 */
export function openSealedTableKey(
  sealed: SealedTableKey,
  identity: Identity,
  context: SealContext,
): Uint8Array | null {
  return openBox(sealed, identity, binding(context), TABLE_KEY_BYTES);
}

function binding(context: SealContext): BoxBinding {
  const { campaign, epoch, to } = context;
  return {
    domain: TABLE_KEY_SEAL_DOMAIN,
    associatedData: utf8ToBytes(encodeCanonicalJson({ campaign, epoch, to })),
  };
}
