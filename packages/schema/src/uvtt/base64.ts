/**
 * Strict base64 (RFC 4648, the standard alphabet) for the image a Universal VTT file embeds.
 * Forgiving only of what real exporters write: line breaks, missing padding and a `data:` URL
 * prefix. `atob` alone would accept less and say less.
 */

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;
const DATA_URL_PREFIX = /^data:[a-z]+\/[a-z0-9.+-]+;base64,/i;

/** The number of bytes a base64 string of `length` characters (unpadded) decodes to. */
export function base64DecodedLength(length: number): number {
  return Math.floor((length * 3) / 4);
}

/**
 * The base64 characters of `text` with a `data:` prefix, whitespace and padding taken off, or
 * a problem: a character outside the alphabet (its position), padding in the middle, or a
 * length no base64 can have.
 */
export function normalizeBase64(text: string): { body: string } | { problem: string } {
  let body = text.replace(DATA_URL_PREFIX, '').replace(/[\r\n\t ]+/g, '');
  const padding = /=+$/.exec(body);
  if (padding !== null) {
    if (padding[0].length > 2) return { problem: 'it ends with more than two "=" of padding' };
    body = body.slice(0, -padding[0].length);
  }
  if (!BASE64_BODY.test(body)) {
    const at = body.search(/[^A-Za-z0-9+/]/);
    const found = body[at] ?? '';
    return {
      problem: `it holds ${JSON.stringify(found)} (character ${at + 1}), which base64 never does`,
    };
  }
  if (body.length % 4 === 1) return { problem: 'its length is not one base64 can have' };
  return { body };
}

/** Decodes base64 characters already checked by {@link normalizeBase64}. */
export function decodeBase64Body(body: string): Uint8Array<ArrayBuffer> {
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
