import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/errorCode';
import { ChaChaDice, createSeededDice, MAX_DIE_SIDES, seedToKey } from './chachaDice';
import { parseSeedHex } from './seedHex';

/** The seed 00 01 02 … 1f: 32 bytes, so it is the ChaCha20 key as is. */
const COUNTING_SEED = Uint8Array.from({ length: 32 }, (_, i) => i);

/**
 * An independent reading of the definition in docs/dice.md: noble's ChaCha20 keystream (key =
 * seed or SHA-256(seed), zero nonce, counter 0) in one piece, words read with a little-endian
 * DataView, rejection sampling written out again. The stream under test must agree with it.
 */
function referenceDice(seed: Uint8Array, sidesList: readonly number[]) {
  const key = seed.length === 32 ? seed : sha256(seed);
  const words = 64 + sidesList.length * 8;
  const stream = chacha20(key, new Uint8Array(12), new Uint8Array(words * 4));
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  let at = 0;
  const faces = sidesList.map((sides) => {
    const limit = 2 ** 32 - (2 ** 32 % sides);
    for (;;) {
      const word = view.getUint32(at * 4, true);
      at++;
      if (word < limit) return (word % sides) + 1;
    }
  });
  return { faces, draws: at };
}

function rollAll(seed: Uint8Array, sidesList: readonly number[]) {
  const dice = createSeededDice(seed);
  const faces = sidesList.map((sides) => dice.nextInt(sides));
  return { faces, draws: dice.drawCount };
}

const codeOf = errorCodeOf;

describe('createSeededDice: known answers (the stream must never silently change)', () => {
  it('draws the RFC 8439 A.1 zero-key keystream as little-endian words', () => {
    const dice = createSeededDice(new Uint8Array(32));
    const words = Array.from({ length: 18 }, () => dice.nextUint32());
    // Vector #1 (block 0) starts 76 b8 e0 ad a0 f1 3d 90, vector #2 (block 1) 9f 07 e7 be 55 51.
    expect(words.slice(0, 2)).toEqual([0xade0b876, 0x903df1a0]);
    expect(words[15]).toBe(0x8665eeb2);
    expect(words.slice(16, 18)).toEqual([0xbee7079f, 0x7a385155]);
    expect(dice.drawCount).toBe(18);
  });

  it('pins the first dice of the counting seed 00 01 … 1f', () => {
    const d6 = createSeededDice(COUNTING_SEED);
    expect(Array.from({ length: 20 }, () => d6.nextInt(6))).toEqual([
      2, 6, 6, 3, 3, 1, 5, 3, 4, 3, 2, 3, 2, 6, 3, 1, 3, 2, 6, 6,
    ]);
    const d20 = createSeededDice(COUNTING_SEED);
    expect(Array.from({ length: 10 }, () => d20.nextInt(20))).toEqual([
      14, 6, 18, 17, 19, 1, 19, 13, 4, 15,
    ]);
    const d100 = createSeededDice(COUNTING_SEED);
    expect(Array.from({ length: 10 }, () => d100.nextInt(100))).toEqual([
      74, 46, 38, 37, 59, 1, 19, 53, 44, 35,
    ]);
  });

  it('pins a mixed run, including rejected words for d(2^31+1)', () => {
    const sides = [4, 6, 8, 10, 12, 20, 100, 2 ** 31 + 1, 2 ** 32, 1, 3, 7];
    expect(rollAll(COUNTING_SEED, sides)).toEqual({
      faces: [2, 6, 6, 7, 3, 1, 19, 1777274432, 1686095931, 1, 3, 7],
      draws: 15,
    });
  });

  it('hashes a seed that is not 32 bytes: "meshtable" gives the stream of its SHA-256', () => {
    const seed = new TextEncoder().encode('meshtable');
    const d6 = createSeededDice(seed);
    expect(Array.from({ length: 10 }, () => d6.nextInt(6))).toEqual([3, 6, 4, 6, 3, 3, 1, 1, 4, 4]);
    const hashed = parseSeedHex('c8473b80044586a8b5df45634bc4e85896a2b3bdadd1177be23dc8d168871c08');
    const d20 = createSeededDice(seed);
    const d20FromHash = createSeededDice(hashed);
    expect(Array.from({ length: 10 }, () => d20.nextInt(20))).toEqual([
      7, 20, 16, 18, 3, 9, 13, 5, 16, 16,
    ]);
    expect(Array.from({ length: 10 }, () => d20FromHash.nextInt(20))).toEqual([
      7, 20, 16, 18, 3, 9, 13, 5, 16, 16,
    ]);
  });
});

describe('createSeededDice: determinism', () => {
  const anySides = fc.oneof(
    fc.constantFrom(1, 2, 3, 4, 6, 8, 10, 12, 20, 100, 2 ** 31 + 1, 2 ** 32),
    fc.integer({ min: 1, max: 2 ** 32 }),
  );

  it('agrees with an independent reference across blocks, for any seed length and sides', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.array(anySides, { minLength: 0, maxLength: 80 }),
        (seed, sidesList) => {
          expect(rollAll(seed, sidesList)).toEqual(referenceDice(seed, sidesList));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same dice for the same seed, and ignores later changes to the seed buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 48 }),
        fc.array(anySides, { maxLength: 40 }),
        (seed, sidesList) => {
          const first = createSeededDice(seed);
          const copy = Uint8Array.from(seed);
          seed.fill(0xa5);
          const second = createSeededDice(copy);
          for (const sides of sidesList) expect(first.nextInt(sides)).toBe(second.nextInt(sides));
          expect(first.drawCount).toBe(second.drawCount);
        },
      ),
    );
  });

  it('gives different streams for seeds that differ in one byte', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (seed, at, flip) => {
          const other = Uint8Array.from(seed);
          const i = at % seed.length;
          other[i] = (other[i] as number) ^ flip;
          const a = createSeededDice(seed);
          const b = createSeededDice(other);
          const wordsA = [a.nextUint32(), a.nextUint32(), a.nextUint32(), a.nextUint32()];
          const wordsB = [b.nextUint32(), b.nextUint32(), b.nextUint32(), b.nextUint32()];
          expect(wordsA).not.toEqual(wordsB);
        },
      ),
    );
  });
});

describe('createSeededDice: ranges', () => {
  it.each([1, 2, 3, 6, 7, 20, 100, 2 ** 31 + 1, 2 ** 32])(
    'keeps d%d within [1, sides]',
    (sides) => {
      const dice = createSeededDice(parseSeedHex('5eed'));
      let lowest = Number.POSITIVE_INFINITY;
      let highest = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < 5000; i++) {
        const face = dice.nextInt(sides);
        expect(Number.isInteger(face)).toBe(true);
        lowest = Math.min(lowest, face);
        highest = Math.max(highest, face);
      }
      expect(lowest).toBeGreaterThanOrEqual(1);
      expect(highest).toBeLessThanOrEqual(sides);
      // Small dice must show both ends in 5000 rolls; this catches an off-by-one at either end.
      if (sides <= 100) expect([lowest, highest]).toEqual([1, sides]);
    },
  );

  it('rolls a d1 as 1 and still draws one word for it', () => {
    const dice = createSeededDice(COUNTING_SEED);
    for (let i = 0; i < 100; i++) expect(dice.nextInt(1)).toBe(1);
    expect(dice.drawCount).toBe(100);
  });

  it('maps each word to word + 1 for a d(2^32), rejecting none', () => {
    const dice = createSeededDice(COUNTING_SEED);
    const words = createSeededDice(COUNTING_SEED);
    for (let i = 0; i < 1000; i++) expect(dice.nextInt(MAX_DIE_SIDES)).toBe(words.nextUint32() + 1);
    expect(dice.drawCount).toBe(1000);
  });
});

describe('createSeededDice: errors', () => {
  it.each([
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 32 + 1,
    '6' as unknown as number,
  ])('rejects %s sides with DICE_INVALID_SIDES and draws nothing', (sides) => {
    const dice = createSeededDice(COUNTING_SEED);
    expect(codeOf(() => dice.nextInt(sides))).toBe('DICE_INVALID_SIDES');
    expect(dice.drawCount).toBe(0);
    // The stream is still usable, and still at its first word.
    expect(dice.nextInt(6)).toBe(2);
  });

  it('rejects invalid sides even right after a valid die of the same stream', () => {
    const dice = createSeededDice(COUNTING_SEED);
    dice.nextInt(6);
    expect(codeOf(() => dice.nextInt(0))).toBe('DICE_INVALID_SIDES');
    expect(dice.nextInt(6)).toBe(6);
  });

  it('rejects a seed that is not a Uint8Array with DICE_INVALID_SEED', () => {
    expect(codeOf(() => createSeededDice('00' as unknown as Uint8Array))).toBe('DICE_INVALID_SEED');
    expect(codeOf(() => createSeededDice([1, 2] as unknown as Uint8Array))).toBe(
      'DICE_INVALID_SEED',
    );
  });

  it('fails with DICE_STREAM_EXHAUSTED after block 2^32 - 2 instead of wrapping around', () => {
    const dice = new ChaChaDice(seedToKey(COUNTING_SEED), 2 ** 32 - 2);
    for (let i = 0; i < 16; i++) dice.nextUint32();
    expect(codeOf(() => dice.nextUint32())).toBe('DICE_STREAM_EXHAUSTED');
    expect(dice.drawCount).toBe(16);
  });
});
