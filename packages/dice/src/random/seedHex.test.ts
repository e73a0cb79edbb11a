import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiceStreamError } from './DiceStreamError';
import { decodeHex, parseSeedHex, seedToHex } from './seedHex';

describe('parseSeedHex and seedToHex', () => {
  it('round-trips any non-empty bytes through lowercase hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
        const hex = seedToHex(bytes);
        expect(hex).toMatch(/^[0-9a-f]*$/);
        expect(hex).toHaveLength(bytes.length * 2);
        expect(parseSeedHex(hex)).toEqual(bytes);
        expect(parseSeedHex(hex.toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it('parses a seed as written on the command line', () => {
    expect(Array.from(parseSeedHex('C0ffee00'))).toEqual([0xc0, 0xff, 0xee, 0x00]);
  });

  it.each(['', 'a', 'abc', 'zz', '0x00', ' 00', '00 ', '0g', '٠٠'])(
    'rejects %j with DICE_INVALID_SEED_HEX',
    (text) => {
      let caught: unknown;
      try {
        parseSeedHex(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DiceStreamError);
      expect((caught as DiceStreamError).code).toBe('DICE_INVALID_SEED_HEX');
    },
  );

  it('shortens a long bad input in the message', () => {
    expect(() => parseSeedHex(`x${'0'.repeat(100)}`)).toThrow(/got "x0{19}…"/);
  });

  it('decodeHex returns null for what parseSeedHex rejects, including non-strings', () => {
    expect(decodeHex('zz')).toBeNull();
    expect(decodeHex(42)).toBeNull();
    expect(decodeHex(undefined)).toBeNull();
    expect(Array.from(decodeHex('ff01') ?? [])).toEqual([255, 1]);
  });
});
