/**
 * Padded base64 (RFC 4648 §4, the `+/` alphabet) of bytes, as the campaign file holds its docs
 * and assets, in any realm: the browser, Node and workers all have `btoa`/`atob` (Buffer is
 * Node's only). The campaign file's docs run to tens of MB, so bytes become a binary string in
 * slices (a spread of one slice stays under the engines' argument limits) before `btoa`.
 */

/** How many bytes go to `String.fromCharCode` at a time. */
const SLICE_BYTES = 0x8000;

/** Encodes bytes as padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return btoa(binaryString(bytes));
}

/** The bytes as a string of one character per byte (latin1), as `btoa` takes them. */
export function binaryString(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(start, start + SLICE_BYTES));
  }
  return binary;
}

/** The bytes of several pieces, one after the other, in one array. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    whole.set(piece, offset);
    offset += piece.length;
  }
  return whole;
}

/**
 * Decodes padded base64.
 * @throws Error (a DOMException in browsers) for text that is not base64; callers check the
 *   text first (zod's base64, or the asset line reader's alphabet check)
 */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
