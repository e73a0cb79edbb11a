import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeepDropModifier } from '../notation/ast';
import { applyKeepDrop } from './rollDiceTerm';

/**
 * Keep/drop written out the obvious way: sort the kept dice highest first (the earlier die first
 * among equal values) and drop a run at one end. applyKeepDrop must agree with it exactly.
 */
function referenceKeepDrop(dice: { value: number; kept: boolean }[], modifier: KeepDropModifier) {
  const kept = dice.flatMap((die, i) => (die.kept ? [i] : []));
  kept.sort((a, b) => (dice[b]?.value ?? 0) - (dice[a]?.value ?? 0) || a - b);
  const count = Math.min(modifier.count, kept.length);
  const highest = modifier.end === 'highest';
  const drop =
    modifier.kind === 'keep'
      ? highest
        ? kept.slice(count)
        : kept.slice(0, kept.length - count)
      : highest
        ? kept.slice(0, count)
        : kept.slice(kept.length - count);
  for (const i of drop) (dice[i] as { kept: boolean }).kept = false;
}

describe('applyKeepDrop', () => {
  it('drops exactly the dice a full sort would, ties by roll order, for small and large pools', () => {
    const modifier = fc.record({
      kind: fc.constantFrom('keep' as const, 'drop' as const),
      end: fc.constantFrom('highest' as const, 'lowest' as const),
      count: fc.nat({ max: 120 }),
    });
    // Few distinct values, so most dice tie; some already dropped by an earlier modifier.
    const dice = fc.array(
      fc.record({ value: fc.integer({ min: -2, max: 6 }), kept: fc.boolean() }),
      {
        maxLength: 100,
      },
    );
    fc.assert(
      fc.property(dice, modifier, (pool, mod) => {
        const expected = pool.map((die) => ({ ...die }));
        referenceKeepDrop(expected, mod);
        const actual = pool.map((die) => ({ ...die }));
        applyKeepDrop(actual, mod);
        expect(actual.map((die) => die.kept)).toEqual(expected.map((die) => die.kept));
      }),
      { numRuns: 2000 },
    );
  });
});
