/**
 * Unpadded base64url (RFC 4648 §5) for keys, user ids and signatures. Decoding is strict: one
 * string per byte sequence, so a signature or key cannot be re-spelled (different unused bits,
 * padding, or the `+/` alphabet) into a second string that decodes to the same bytes.
 * Hand-written rather than `btoa`, which rules compartments do not have.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Map([...ALPHABET].map((character, index) => [character, index]));

/** Encodes bytes as unpadded base64url. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk =
      ((bytes[index] as number) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let position = 0; position < characters; position++) {
      text += ALPHABET[(chunk >> (18 - 6 * position)) & 63];
    }
  }
  return text;
}

/**
 * Decodes unpadded base64url of exactly `byteLength` bytes, or returns null when `text` is not
 * the one canonical spelling of such bytes.
 */
export function decodeBase64Url(text: string, byteLength: number): Uint8Array | null {
  if (text.length !== Math.ceil((byteLength * 4) / 3)) return null;
  const bytes = new Uint8Array(byteLength);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const character of text) {
    const value = VALUES.get(character);
    if (value === undefined) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written++] = (buffer >> bits) & 0xff;
    }
  }
  // The bits left over must be zero, or two strings would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}
