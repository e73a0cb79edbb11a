/**
 * UTF-8 encoding for the roll-seed derivation, without TextEncoder: rules compartments have no
 * TextEncoder, and TextEncoder silently turns a lone surrogate into U+FFFD, so two different
 * roll ids could hash alike. Here a lone surrogate is refused instead.
 */

/**
 * Encodes `text` as UTF-8, or returns null when it holds a lone surrogate (not well-formed UTF-16,
 * so it has no UTF-8 form).
 */
export function encodeUtf8(text: string): Uint8Array | null {
  const bytes: number[] = [];
  // for…of walks code points: a surrogate pair arrives as one astral code point, a lone
  // surrogate as itself.
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code < 0x80) {
      bytes.push(code);
    } else if (code < 0x800) {
      bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    } else if (code >= 0xd800 && code <= 0xdfff) {
      return null;
    } else if (code < 0x10000) {
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}
