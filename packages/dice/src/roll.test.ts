import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededDice } from './random/chachaDice';
import { roll, rollWith } from './roll';
import type { DiceTermRoll } from './types';

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const countArb = fc.integer({ min: 1, max: 30 });
const sidesArb = fc.integer({ min: 1, max: 1000 });

describe('roll (seeded)', () => {
  it('is a pure function of notation and seed', () => {
    fc.assert(
      fc.property(seedArb, countArb, sidesArb, (seed, count, sides) => {
        const notation = `${count}d${sides}!>=${sides}kh${Math.ceil(count / 2)}+${count}d${sides}r1`;
        const sidesOk = sides > 1;
        fc.pre(sidesOk);
        expect(roll(notation, seed)).toEqual(roll(notation, seed.slice()));
      }),
      { numRuns: 200 },
    );
  });

  it('gives different dice for different seeds', () => {
    const a = roll('20d20', new Uint8Array(32));
    const b = roll('20d20', new Uint8Array(32).fill(1));
    expect(a.text).not.toBe(b.text);
  });

  it('keeps totals of NdX between N and N·X, and of keep-highest between K and K·X', () => {
    fc.assert(
      fc.property(seedArb, countArb, sidesArb, (seed, count, sides) => {
        const plain = roll(`${count}d${sides}`, seed);
        expect(plain.total).toBeGreaterThanOrEqual(count);
        expect(plain.total).toBeLessThanOrEqual(count * sides);
        const keep = Math.max(1, count - 1);
        const best = roll(`${count}d${sides}kh${keep}`, seed);
        expect(best.total).toBeGreaterThanOrEqual(keep);
        expect(best.total).toBeLessThanOrEqual(keep * sides);
        // The same dice: keeping the best K can only lose what the dropped dice showed.
        expect(best.total).toBeLessThanOrEqual(plain.total);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees that keep-highest K is drop-lowest N−K, and keep-lowest K is drop-highest N−K', () => {
    fc.assert(
      fc.property(
        seedArb,
        countArb,
        sidesArb,
        fc.integer({ min: 0, max: 30 }),
        (seed, count, sides, k) => {
          const keep = Math.min(k, count);
          expect(roll(`${count}d${sides}kh${keep}`, seed).total).toBe(
            roll(`${count}d${sides}dl${count - keep}`, seed).total,
          );
          expect(roll(`${count}d${sides}kl${keep}`, seed).total).toBe(
            roll(`${count}d${sides}dh${count - keep}`, seed).total,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts successes between 0 and the number of dice, failures included down to −N', () => {
    fc.assert(
      fc.property(seedArb, countArb, fc.integer({ min: 2, max: 20 }), (seed, count, sides) => {
        const hits = roll(`${count}d${sides}>=${sides}`, seed);
        expect(hits.total).toBeGreaterThanOrEqual(0);
        expect(hits.total).toBeLessThanOrEqual(count);
        const net = roll(`${count}d${sides}>=${sides}f1`, seed);
        expect(net.total).toBeGreaterThanOrEqual(-count);
        expect(net.total).toBeLessThanOrEqual(count);
      }),
    );
  });

  it('keeps every face within the die and every exploding chain within its cap', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 2, max: 12 }), (seed, sides) => {
        const result = roll(`10d${sides}!`, seed);
        const dice = (result.rolls[0] as DiceTermRoll).dice;
        for (const die of dice) {
          expect(die.value).toBeGreaterThanOrEqual(1);
          expect(die.value).toBeLessThanOrEqual(sides);
        }
        expect(dice.length).toBeGreaterThanOrEqual(10);
        expect(dice.length).toBeLessThanOrEqual(10 * 101);
        // Only dice showing the maximum spawned another.
        for (const die of dice) expect(die.exploded).toBe(die.value === sides);
      }),
    );
  });

  it('draws one stream across the terms of a roll (rollWith)', () => {
    const seed = new Uint8Array(32).fill(7);
    const together = rollWith('1d6+1d6', createSeededDice(seed));
    const stream = createSeededDice(seed);
    expect(together.rolls.map((t) => (t as DiceTermRoll).dice[0]?.value)).toEqual([
      stream.nextInt(6),
      stream.nextInt(6),
    ]);
  });
});
