import { describe, expect, it } from 'vitest';
import { splitRollText } from './rollText';

describe('splitRollText', () => {
  it('takes the notation and the label after it', () => {
    expect(splitRollText('2d6+1')).toEqual({ ok: true, notation: '2d6+1' });
    expect(splitRollText(' 1d20+5   Perception ')).toEqual({
      ok: true,
      notation: '1d20+5',
      label: 'Perception',
    });
  });

  it('takes a notation written with spaces', () => {
    expect(splitRollText('2d6 + 3 fire damage')).toEqual({
      ok: true,
      notation: '2d6 + 3',
      label: 'fire damage',
    });
  });

  it('refuses an empty roll, a bad notation and a label too long', () => {
    expect(splitRollText('   ')).toMatchObject({ ok: false, message: /Say what to roll/ });
    const bad = splitRollText('2d6+ fire');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^"2d6\+" is not a dice notation: /);
    expect(splitRollText(`1d20 ${'x'.repeat(101)}`)).toMatchObject({
      ok: false,
      message: /at most 100/,
    });
  });
});
