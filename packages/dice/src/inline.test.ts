import { describe, expect, it } from 'vitest';
import { findInlineRolls, rollInline } from './inline';
import { DiceNotationError } from './notation/errors';
import { scriptedDice } from './random/scriptedDice';

describe('inline rolls', () => {
  it('replaces each [[roll]] with its total and keeps every result', () => {
    const result = rollInline('Attack [[1d20+5]] for [[2d6+3]] damage', scriptedDice([12, 4, 2]));
    expect(result.text).toBe('Attack 17 for 9 damage');
    expect(result.rolls.map((r) => r.total)).toEqual([17, 9]);
  });

  it('leaves text without inline rolls as it is', () => {
    expect(rollInline('just talking [not a roll]', scriptedDice([])).text).toBe(
      'just talking [not a roll]',
    );
  });

  it('balances labels inside an inline roll', () => {
    expect(findInlineRolls('[[2d6[fire]]] and [[1d4]]').map((s) => s.notation)).toEqual([
      '2d6[fire]',
      '1d4',
    ]);
    expect(rollInline('burn [[2d6[fire]]]!', scriptedDice([3, 5])).text).toBe('burn 8!');
  });

  it('reports a bad inline roll at its position in the whole text', () => {
    try {
      rollInline('Hit [[1d20+]] now', scriptedDice([]));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DiceNotationError);
      expect((error as DiceNotationError).index).toBe(11);
    }
    expect(() => findInlineRolls('oops [[1d6')).toThrow(
      "expected ']]' to close the inline roll at 6",
    );
  });
});
