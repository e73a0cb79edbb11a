import { describe, expect, it } from 'vitest';
import { createSeededDice, type SeededDice } from './chachaDice';
import { parseSeedHex } from './seedHex';

/**
 * Upper critical values of the chi-square distribution at p = 0.001, by degrees of freedom,
 * from scipy.stats.chi2.ppf(0.999, df) (they agree with the printed NIST/Pearson tables).
 * A fair die exceeds its value once in a thousand seeds; each test below uses one fixed seed.
 */
const CHI_SQUARE_CRITICAL_P001: Readonly<Record<number, number>> = {
  1: 10.828,
  2: 13.816,
  5: 20.515,
  6: 22.458,
  19: 43.82,
  99: 148.23,
};

function criticalValue(degreesOfFreedom: number): number {
  const value = CHI_SQUARE_CRITICAL_P001[degreesOfFreedom];
  if (value === undefined) throw new Error(`no critical value for df = ${degreesOfFreedom}`);
  return value;
}

/** Pearson's statistic for counts that should all be equal. */
function chiSquareAgainstUniform(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/** Counts of `rolls` draws landing in each of `buckets` buckets (bucket = draw() - 1). */
function histogram(buckets: number, rolls: number, draw: () => number): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (let i = 0; i < rolls; i++) {
    const bucket = draw() - 1;
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  return counts;
}

const ROLLS = 60_000;

describe('createSeededDice: uniformity (chi-square, p = 0.001, fixed seeds)', () => {
  it.each([
    { sides: 2, seed: '0d02' },
    { sides: 3, seed: '0d03' },
    { sides: 6, seed: '0d06' },
    { sides: 7, seed: '0d07' },
    { sides: 20, seed: '0d20' },
    { sides: 100, seed: '0d0100' },
  ])('rolls a fair d$sides (seed $seed, 60,000 rolls)', ({ sides, seed }) => {
    const dice = createSeededDice(parseSeedHex(seed));
    const counts = histogram(sides, ROLLS, () => dice.nextInt(sides));
    expect(chiSquareAgainstUniform(counts)).toBeLessThan(criticalValue(sides - 1));
  });

  // A die of 3·2^30 sides is the worst case for modulo bias: with plain `word % sides`, faces in
  // the first third have two words each and the rest one. Bucketing faces into thirds shows it.
  const BIG = 3 * 2 ** 30;
  const third = (face: number) => Math.floor((face - 1) / 2 ** 30) + 1;

  it('shows no bias by thirds for a d(3·2^30), where plain modulo would be biased 2:1:1', () => {
    const dice = createSeededDice(parseSeedHex('0b16'));
    const counts = histogram(3, ROLLS, () => third(dice.nextInt(BIG)));
    expect(chiSquareAgainstUniform(counts)).toBeLessThan(criticalValue(2));
  });

  it('would flag plain modulo on the same stream (so the uniformity check can fail)', () => {
    const words = createSeededDice(parseSeedHex('0b16'));
    const counts = histogram(3, ROLLS, () => third((words.nextUint32() % BIG) + 1));
    expect(chiSquareAgainstUniform(counts)).toBeGreaterThan(criticalValue(2));
  });

  it('would flag a d6 that shows a six 5% too often', () => {
    const dice = createSeededDice(parseSeedHex('0d06'));
    const loaded = () => {
      // One roll in 100 becomes a six: P(6) = 0.99 / 6 + 0.01, about 5% above 1/6.
      const face = dice.nextInt(6);
      return dice.nextInt(100) === 1 ? 6 : face;
    };
    const counts = histogram(6, ROLLS * 4, loaded);
    expect(chiSquareAgainstUniform(counts)).toBeGreaterThan(criticalValue(5));
  });
});

describe('createSeededDice: rejection sampling', () => {
  function wordsPerDie(dice: SeededDice, sides: number, rolls: number): number {
    for (let i = 0; i < rolls; i++) dice.nextInt(sides);
    return dice.drawCount / rolls;
  }

  it('rejects about half the words for a d(2^31+1), whose limit is 2^31+1', () => {
    // P(reject) = (2^31 - 1) / 2^32, so a die costs 1 / (1 - P) ≈ 2 words.
    const ratio = wordsPerDie(createSeededDice(parseSeedHex('aa')), 2 ** 31 + 1, 20_000);
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
  });

  it('rejects a quarter of the words for a d(3·2^30)', () => {
    const ratio = wordsPerDie(createSeededDice(parseSeedHex('bb')), 3 * 2 ** 30, 20_000);
    expect(ratio).toBeGreaterThan(1.28);
    expect(ratio).toBeLessThan(1.39);
  });

  it('almost never rejects for small dice (a d6 rejects 4 words in 2^32)', () => {
    expect(wordsPerDie(createSeededDice(parseSeedHex('cc')), 6, 20_000)).toBe(1);
  });

  it('skips exactly the words at or above the limit, and uses the first one below it', () => {
    const sides = 2 ** 31 + 1;
    const dice = createSeededDice(parseSeedHex('dd'));
    const twin = createSeededDice(parseSeedHex('dd'));
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const face = dice.nextInt(sides);
      let word = twin.nextUint32();
      while (word >= sides) {
        rejected++;
        word = twin.nextUint32();
      }
      expect(face).toBe((word % sides) + 1);
      expect(twin.drawCount).toBe(dice.drawCount);
    }
    expect(rejected).toBeGreaterThan(1500);
  });
});
