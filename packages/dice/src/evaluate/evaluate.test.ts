import { describe, expect, it } from 'vitest';
import { DiceNotationError } from '../notation/errors';
import { scriptedDice } from '../random/scriptedDice';
import { rollWith } from '../roll';
import type { DiceTermRoll, GroupRoll } from '../types';

/** Rolls with the given faces and checks that every scripted face was used. */
function rollScripted(notation: string, faces: number[]) {
  const source = scriptedDice(faces);
  const result = rollWith(notation, source);
  expect(source.drawn, 'faces drawn').toBe(faces.length);
  return result;
}

const values = (term: unknown) => (term as DiceTermRoll).dice.map((d) => d.value);
const kept = (term: unknown) => (term as DiceTermRoll).dice.map((d) => d.kept);

describe('rolling dice terms', () => {
  it('sums plain dice and shows them', () => {
    const result = rollScripted('3d6', [2, 5, 6]);
    expect(result.total).toBe(13);
    expect(result.text).toBe('3d6: [2, 5, 6] = 13');
  });

  it("keeps the highest dice (the issue's own example)", () => {
    const result = rollScripted('4d6kh3', [6, 5, 3, 1]);
    expect(result.total).toBe(14);
    expect(result.text).toBe('4d6kh3: [6, 5, 3, ~~1~~] = 14');
  });

  it('keeps lowest, drops highest and lowest, breaking ties by roll order', () => {
    expect(rollScripted('2d20kl1', [15, 4]).total).toBe(4);
    expect(rollScripted('4d6dh1', [6, 2, 6, 3]).rolls[0]).toSatisfy(
      (t) => kept(t).join() === 'false,true,true,true',
    );
    expect(rollScripted('4d6d1', [3, 1, 1, 5]).rolls[0]).toSatisfy(
      (t) => kept(t).join() === 'true,true,false,true',
    );
    expect(rollScripted('4d6k0', [3, 1, 1, 5]).total).toBe(0);
    expect(rollScripted('2d6kh5', [3, 4]).total).toBe(7);
  });

  it('explodes on the maximum, and on a compare point', () => {
    const result = rollScripted('2d6!', [6, 6, 2, 3]);
    expect(values(result.rolls[0])).toEqual([6, 6, 2, 3]);
    expect(result.total).toBe(17);
    expect(result.text).toBe('2d6!: [6!, 6!, 2, 3] = 17');
    expect(rollScripted('3d6!>=5', [5, 1, 4, 2]).total).toBe(12);
  });

  it('compounds explosions into one die', () => {
    const result = rollScripted('2d6!!', [6, 6, 3, 2]);
    const [first, second] = (result.rolls[0] as DiceTermRoll).dice;
    expect(first).toMatchObject({ value: 15, compounded: [6, 6, 3], exploded: true });
    expect(second?.value).toBe(2);
    expect(result.text).toBe('2d6!!: [15!!, 2] = 17');
  });

  it('penetrates: each extra die loses 1, and explodes again on its own face', () => {
    const result = rollScripted('1d6!p', [6, 6, 4]);
    expect(values(result.rolls[0])).toEqual([6, 5, 3]);
    expect((result.rolls[0] as DiceTermRoll).dice.map((d) => d.penetrated)).toEqual([
      false,
      true,
      true,
    ]);
    expect(result.total).toBe(14);
    expect(rollScripted('1d6!!p', [6, 6, 1]).total).toBe(6 + 5 + 0);
  });

  it('caps explosions at 100 extra dice per die', () => {
    const result = rollScripted('1d2!', Array(101).fill(2));
    expect((result.rolls[0] as DiceTermRoll).dice).toHaveLength(101);
  });

  it('rerolls until the die no longer matches (r) or once (ro), keeping the history', () => {
    // Both dice are rolled first, then each 1 is rerolled until it is no longer a 1.
    const result = rollScripted('2d6r', [1, 5, 1, 1, 4]);
    expect(values(result.rolls[0])).toEqual([4, 5]);
    expect((result.rolls[0] as DiceTermRoll).dice[0]?.rerolls).toEqual([1, 1, 1]);
    expect(result.text).toBe('2d6r: [4r, 5] = 9');
    expect(rollScripted('1d6ro<3', [1, 2]).total).toBe(2);
    expect(rollScripted('1d6r<3', [1, 2, 3]).total).toBe(3);
  });

  it('counts successes, and subtracts failures', () => {
    const pool = rollScripted('6d6>=5', [5, 6, 1, 4, 5, 2]);
    expect(pool.total).toBe(3);
    expect(pool.text).toBe('6d6>=5: [5*, 6*, 1, 4, 5*, 2] = 3');
    const wod = rollScripted('5d10>7f1', [8, 1, 10, 1, 3]);
    expect(wod.total).toBe(0);
    expect(wod.text).toBe('5d10>7f1: [8*, 1_, 10*, 1_, 3] = 0');
    expect(rollScripted('4d6=6', [6, 6, 2, 6]).total).toBe(3);
    expect(rollScripted('4d6<3', [1, 2, 3, 6]).total).toBe(2);
  });

  it('marks criticals on the maximum and minimum by default, or on cs/cf points', () => {
    const plain = rollScripted('2d20', [20, 1]);
    const [top, bottom] = (plain.rolls[0] as DiceTermRoll).dice;
    expect(top).toMatchObject({ criticalSuccess: true, criticalFailure: false });
    expect(bottom).toMatchObject({ criticalSuccess: false, criticalFailure: true });
    const wide = rollScripted('1d20cs>=19cf<=2', [19]);
    expect((wide.rolls[0] as DiceTermRoll).dice[0]).toMatchObject({ criticalSuccess: true });
  });

  it('sorts dice for display without changing the total', () => {
    expect(values(rollScripted('4d6sd', [2, 6, 1, 4]).rolls[0])).toEqual([6, 4, 2, 1]);
    expect(values(rollScripted('4d6s', [2, 6, 1, 4]).rolls[0])).toEqual([1, 2, 4, 6]);
  });

  it('clamps faces with min and max', () => {
    expect(values(rollScripted('3d6min3', [1, 2, 5]).rolls[0])).toEqual([3, 3, 5]);
    expect(values(rollScripted('3d6max4', [1, 6, 5]).rolls[0])).toEqual([1, 4, 4]);
  });

  it('rolls Fudge dice from −1 to +1 and percentiles from 1 to 100', () => {
    expect(rollScripted('4dF', [1, 2, 3, 3]).total).toBe(1);
    expect(rollScripted('d%', [100]).total).toBe(100);
  });

  it('applies modifiers in a fixed order: explode, reroll, then keep', () => {
    // 1 rerolled to 6 after explosions are done: the 6 from the reroll does not explode.
    const result = rollScripted('3d6!r1kh2', [6, 2, 1, 1, 6, 3]);
    expect(values(result.rolls[0])).toEqual([6, 2, 6, 3]);
    expect(result.total).toBe(12);
  });
});

describe('arithmetic, functions and groups', () => {
  it('evaluates arithmetic with dice', () => {
    expect(rollScripted('1d20+5', [12]).text).toBe('1d20+5: [12]+5 = 17');
    expect(rollScripted('2*(1d4+1)-3', [3]).total).toBe(5);
    expect(rollScripted('10/4', []).total).toBe(2.5);
    expect(rollScripted('10 % 4', []).total).toBe(2);
    expect(rollScripted('2**10', []).total).toBe(1024);
    expect(rollScripted('-1d6', [4]).total).toBe(-4);
  });

  it('evaluates floor, ceil, round, abs, min and max', () => {
    expect(rollScripted('floor(7/2)', []).total).toBe(3);
    expect(rollScripted('ceil(7/2)', []).total).toBe(4);
    expect(rollScripted('round(2.5)', []).total).toBe(3);
    expect(rollScripted('abs(1d6-10)', [4]).total).toBe(6);
    expect(rollScripted('min(1d6, 1d6, 4)', [5, 6]).total).toBe(4);
    expect(rollScripted('max(1d20, 1d20)', [3, 17]).text).toBe(
      'max(1d20,1d20): max([3], [17]) = 17',
    );
  });

  it('refuses division by zero with DICE_MATH and its position', () => {
    expect(() => rollScripted('1d6/0', [3])).toThrow(DiceNotationError);
    try {
      rollWith('5 / (2-2)', scriptedDice([]));
    } catch (error) {
      expect(error).toMatchObject({ code: 'DICE_MATH', message: 'division by zero at 3' });
    }
    expect(() => rollWith('5%0', scriptedDice([]))).toThrow(/modulo by zero/);
    expect(() => rollWith('10**1000', scriptedDice([]))).toThrow(/too large/);
  });

  it('keeps whole entries of a group with several entries', () => {
    const result = rollScripted('{4d6+2d8, 3d20}k1', [1, 1, 1, 1, 2, 2, 10, 10, 10]);
    expect(result.total).toBe(30);
    const group = result.rolls[0] as GroupRoll;
    expect(group.entries.map((e) => [e.value, e.kept])).toEqual([
      [8, false],
      [30, true],
    ]);
    expect(result.text).toBe('{4d6+2d8,3d20}k1: {~~[1, 1, 1, 1]+[2, 2]~~, [10, 10, 10]} = 30');
  });

  it('counts group entries as successes', () => {
    expect(rollScripted('{1d20+5, 1d20+5, 1d20+5}>=15', [10, 9, 20]).total).toBe(2);
  });

  it('pools the dice of a one-entry group for its modifiers', () => {
    // {4d6+3d8}k4: the highest four of all seven dice.
    const result = rollScripted('{4d6+3d8}k4', [6, 1, 2, 5, 8, 3, 7]);
    expect(result.total).toBe(6 + 5 + 8 + 7);
    expect(rollScripted('{3d6+2d8}>=5', [6, 1, 5, 8, 2]).total).toBe(3);
  });

  it('lets a pooled group keep, drop and count the dice of success-pool terms too', () => {
    // Dropped dice never count; the group's own success point replaces the term's.
    expect(rollScripted('{4d6>=4}k1', [6, 5, 4, 1]).total).toBe(1);
    expect(rollScripted('{4d6>=4}>=6', [6, 5, 4, 1]).total).toBe(1);
  });

  it('sorts the dice of a pooled group within each term', () => {
    const result = rollScripted('{3d6+2d8}sd', [1, 6, 3, 2, 8]);
    const group = result.rolls[0] as GroupRoll;
    expect(group.entries[0]?.rolls.map((t) => values(t))).toEqual([
      [6, 3, 1],
      [8, 2],
    ]);
    expect(result.total).toBe(20);
  });

  it('takes whole, non-negative exponents only, the same on every engine', () => {
    expect(rollScripted('3**4', []).total).toBe(81);
    expect(rollScripted('1.5**2', []).total).toBe(2.25);
    expect(rollScripted('2**0', []).total).toBe(1);
    for (const bad of ['10**-5', '2**0.5', '2**2000']) {
      expect(() => rollWith(bad, scriptedDice([])), bad).toThrow(/exponent must be a whole number/);
    }
  });

  it('rolls terms left to right so that a seed gives the same dice to the same terms', () => {
    const result = rollScripted('1d4 + 1d6 * 1d8', [1, 2, 3]);
    expect(result.rolls.map((t) => values(t))).toEqual([[1], [2], [3]]);
    expect(result.total).toBe(7);
  });

  it('carries labels into results and text', () => {
    const result = rollScripted('2d6[fire]+1d4[cold]', [3, 4, 2]);
    expect(result.rolls.map((t) => t.label)).toEqual(['fire', 'cold']);
    expect(result.text).toBe('2d6[fire]+1d4[cold]: [3, 4][fire]+[2][cold] = 9');
  });

  it('stops a notation that would roll more than 10,000 dice', () => {
    const source = scriptedDice(Array(10_001).fill(1));
    expect(() =>
      rollWith('1000d6+1000d6+1000d6+1000d6+1000d6+1000d6+1000d6+1000d6+1000d6+1000d6+1d6', source),
    ).toThrow(/more than 10000 dice/);
  });
});
