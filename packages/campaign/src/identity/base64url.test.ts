import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url';

/** The oracle: the platform's base64, turned into unpadded base64url. */
function viaBtoa(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

describe('base64url', () => {
  it('encodes as the platform base64 does, in the url alphabet without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64Url(bytes)).toBe(viaBtoa(bytes));
      }),
    );
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(decodeBase64Url(encodeBase64Url(bytes), bytes.length)).toEqual(bytes);
      }),
    );
  });

  it('refuses a second spelling of the same bytes (unused bits set in the last character)', () => {
    // 32 bytes leave 2 unused bits: "A" (000000) may become "B" (000001), same bytes if lax.
    const text = encodeBase64Url(new Uint8Array(32));
    expect(text.endsWith('A')).toBe(true);
    expect(decodeBase64Url(`${text.slice(0, -1)}B`, 32)).toBeNull();
    expect(decodeBase64Url(`${text.slice(0, -1)}D`, 32)).toBeNull();
    expect(decodeBase64Url(`${text.slice(0, -1)}E`, 32)).not.toBeNull();
  });

  it('refuses padding, the standard alphabet, other characters and other lengths', () => {
    const text = encodeBase64Url(Uint8Array.from([251, 255, 191, 1]));
    expect(text).toBe('-_-_AQ');
    expect(decodeBase64Url(text, 4)).toEqual(Uint8Array.from([251, 255, 191, 1]));
    expect(decodeBase64Url(`${text}==`, 4)).toBeNull();
    expect(decodeBase64Url('+/+/AQ', 4)).toBeNull();
    expect(decodeBase64Url('-_-_A ', 4)).toBeNull();
    expect(decodeBase64Url(text, 3)).toBeNull();
    expect(decodeBase64Url(text, 5)).toBeNull();
  });
});
