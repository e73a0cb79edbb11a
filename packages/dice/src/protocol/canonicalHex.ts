/**
 * Hex as the protocol writes it: lowercase only. Requests, receipts and stored chains compare
 * seeds and nonces as strings, which is only sound if each value has exactly one spelling.
 */
import { decodeHex } from '../random/seedHex';

/**
 * Decodes non-empty, even-length, lowercase hex, or returns null for anything else (uppercase
 * included, though parseSeedHex accepts it for people typing seeds).
 */
export function decodeCanonicalHex(hex: unknown): Uint8Array | null {
  if (typeof hex !== 'string' || hex !== hex.toLowerCase()) return null;
  return decodeHex(hex);
}
