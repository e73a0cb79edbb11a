/**
 * Seeds as text: the CLI's `--seed HEX`, and the hex fields of roll requests and receipts.
 * Lowercase on output so that one seed has one spelling; either case accepted on input.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { DiceStreamError } from './DiceStreamError';

const HEX_PAIRS = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * Decodes hex into bytes, or returns null when `hex` is not a non-empty, even-length string of
 * hex digits (no `0x`, no spaces). For callers that report their own error.
 */
export function decodeHex(hex: unknown): Uint8Array | null {
  if (typeof hex !== 'string' || !HEX_PAIRS.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}

/**
 * Parses a seed written as hex (either case, no `0x` prefix), as given to `meshtable roll --seed`.
 * @throws DiceStreamError `DICE_INVALID_SEED_HEX` when the text is empty, odd-length or not hex
 * @example
 * ```ts
 * parseSeedHex('c0ffee'); // Uint8Array [0xc0, 0xff, 0xee]
 * ```
 */
export function parseSeedHex(hex: string): Uint8Array {
  const bytes = decodeHex(hex);
  if (bytes === null) {
    const shown = String(hex);
    throw new DiceStreamError(
      'DICE_INVALID_SEED_HEX',
      `A seed must be a non-empty, even number of hex digits (0-9, a-f) without 0x, got "${
        shown.length > 20 ? `${shown.slice(0, 20)}…` : shown
      }".`,
    );
  }
  return bytes;
}

/** Writes a seed (or any bytes) as lowercase hex, the inverse of {@link parseSeedHex}. */
export function seedToHex(seed: Uint8Array): string {
  return bytesToHex(seed);
}
