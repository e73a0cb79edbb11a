/**
 * Receipts signed by the GM who ruled. The receipts map of the table doc is writable by anyone in
 * the room; the audit on the GM's peer undoes what others write there, but a client may see a
 * forged or rewritten receipt before the repair reaches it. So the validator signs each receipt,
 * and a reader takes one only when its signature verifies against the key of the GM it names
 * (`by`), from GM keys the reader pinned: `meta.gms` can be rewritten for a moment too.
 *
 * The signature is Ed25519 over `"meshtable receipt v1\0"` ‖ the canonical JSON of every field of
 * the receipt but `gmSig`. The domain string keeps a receipt's signature from being taken for an
 * intent's, a rekey's or a validator claim's.
 */
import type { GmKeys, Receipt } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { ED25519_KEY_BYTES, type Identity } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';

const RECEIPT_DOMAIN = new TextEncoder().encode('meshtable receipt v1\0');

/** A receipt before the GM signs it. */
export type UnsignedReceipt = Receipt extends infer R
  ? R extends unknown
    ? Omit<R, 'gmSig'>
    : never
  : never;

/**
 * Signs a receipt as the GM `identity` (who must be the receipt's `by`).
 * @returns the receipt with its `gmSig`
 * @throws CanonicalJsonError `JSON_NOT_ENCODABLE` when a field is not JSON (a module's result)
 */
export function signReceipt(
  unsigned: UnsignedReceipt,
  identity: Pick<Identity, 'secretKey'>,
): Receipt {
  const gmSig = encodeBase64Url(ed25519.sign(receiptBytes(unsigned), identity.secretKey));
  return { ...unsigned, gmSig } as Receipt;
}

/**
 * Whether a receipt is signed by the GM it names in `by`, with that GM's key in `gmKeys`.
 * Pass keys the reader trusts (those it pinned when it first saw the campaign), not whatever
 * `meta.gms` says at the moment.
 * @param gmKeys the GMs' public keys (base64url) by user id, as in `meta.gms`
 * @example
 * ```ts
 * if (!verifyReceiptSignature(receipt, pinnedGms)) return; // forged or rewritten: ignore it
 * ```
 */
export function verifyReceiptSignature(receipt: Receipt, gmKeys: Readonly<GmKeys>): boolean {
  const { gmSig, ...unsigned } = receipt;
  const keyText = Object.hasOwn(gmKeys, receipt.by) ? gmKeys[receipt.by] : undefined;
  const key = keyText === undefined ? null : decodeBase64Url(keyText, ED25519_KEY_BYTES);
  const signature = typeof gmSig === 'string' ? decodeBase64Url(gmSig, 64) : null;
  if (key === null || signature === null) return false;
  try {
    return ed25519.verify(signature, receiptBytes(unsigned as UnsignedReceipt), key, {
      zip215: false,
    });
  } catch {
    // Not canonical JSON (a receipt that never passed the schema), or a key off the curve.
    return false;
  }
}

function receiptBytes(unsigned: UnsignedReceipt): Uint8Array {
  const json = new TextEncoder().encode(encodeCanonicalJson(unsigned));
  const bytes = new Uint8Array(RECEIPT_DOMAIN.length + json.length);
  bytes.set(RECEIPT_DOMAIN);
  bytes.set(json, RECEIPT_DOMAIN.length);
  return bytes;
}
