import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from './utf8';

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

describe('encodeUtf8', () => {
  it('agrees with TextEncoder on well-formed strings and refuses the rest', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const bytes = encodeUtf8(text);
        if (LONE_SURROGATE.test(text)) expect(bytes).toBeNull();
        else expect(bytes).toEqual(encoder.encode(text));
      }),
      { numRuns: 500 },
    );
  });

  it('encodes one to four bytes per code point', () => {
    expect(Array.from(encodeUtf8('aé€🎲') ?? [])).toEqual([
      0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0xb2,
    ]);
  });

  it.each(['\uD800', 'a\uDC00b', '\uDBFF', 'x\uDFFF\uD800'])(
    'refuses the lone surrogate in %j, which TextEncoder would turn into U+FFFD',
    (text) => {
      expect(encodeUtf8(text)).toBeNull();
    },
  );
});
