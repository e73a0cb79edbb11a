import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiceNode, Expr } from './ast';
import { DiceNotationError } from './errors';
import { parseNotation } from './parser';

function dice(notation: string): DiceNode {
  const expr = parseNotation(notation);
  if (expr.type !== 'dice') throw new Error(`not a dice term: ${expr.type}`);
  return expr;
}

function errorOf(notation: string): DiceNotationError {
  try {
    parseNotation(notation);
  } catch (error) {
    if (error instanceof DiceNotationError) return error;
    throw error;
  }
  throw new Error(`"${notation}" parsed`);
}

describe('parseNotation', () => {
  it('reads dice with and without a count, d%, and Fudge dice', () => {
    expect(dice('4d6')).toMatchObject({ count: 4, sides: 6 });
    expect(dice('d20')).toMatchObject({ count: 1, sides: 20 });
    expect(dice('2d%')).toMatchObject({ count: 2, sides: 100 });
    expect(dice('4dF')).toMatchObject({ count: 4, sides: 'F' });
  });

  it('reads an upper-case D after a count, as rulebooks print 2D6, and keeps it in the text', () => {
    expect(dice('2D6')).toMatchObject({ count: 2, sides: 6, text: '2D6' });
    expect(dice('3D6kh2')).toMatchObject({ count: 3, sides: 6 });
    expect(() => parseNotation('D6')).toThrow(DiceNotationError);
  });

  it('reads every modifier', () => {
    expect(dice('4d6kh3').modifiers).toEqual([{ kind: 'keep', end: 'highest', count: 3 }]);
    expect(dice('4d6k3').modifiers).toEqual([{ kind: 'keep', end: 'highest', count: 3 }]);
    expect(dice('2d20kl1').modifiers).toEqual([{ kind: 'keep', end: 'lowest', count: 1 }]);
    expect(dice('4d6dl').modifiers).toEqual([{ kind: 'drop', end: 'lowest', count: 1 }]);
    expect(dice('4d6d1').modifiers).toEqual([{ kind: 'drop', end: 'lowest', count: 1 }]);
    expect(dice('4d6dh2').modifiers).toEqual([{ kind: 'drop', end: 'highest', count: 2 }]);
    expect(dice('3d6!').modifiers).toEqual([{ kind: 'explode', mode: 'explode', compare: null }]);
    expect(dice('3d6!>=5').modifiers).toEqual([
      { kind: 'explode', mode: 'explode', compare: { op: '>=', value: 5 } },
    ]);
    expect(dice('3d6!!').modifiers[0]).toMatchObject({ mode: 'compound' });
    expect(dice('3d6!p').modifiers[0]).toMatchObject({ mode: 'penetrate' });
    expect(dice('3d6!!p').modifiers[0]).toMatchObject({ mode: 'compound-penetrate' });
    expect(dice('3d6!=5').modifiers[0]).toMatchObject({
      mode: 'explode',
      compare: { op: '=', value: 5 },
    });
    expect(dice('3d6r').modifiers).toEqual([{ kind: 'reroll', once: false, compare: null }]);
    expect(dice('3d6r<3').modifiers).toEqual([
      { kind: 'reroll', once: false, compare: { op: '<', value: 3 } },
    ]);
    expect(dice('3d6ro2').modifiers).toEqual([
      { kind: 'reroll', once: true, compare: { op: '=', value: 2 } },
    ]);
    expect(dice('8d6>=5').modifiers).toEqual([
      { kind: 'success', compare: { op: '>=', value: 5 } },
    ]);
    expect(dice('10d10>7f1').modifiers).toEqual([
      { kind: 'success', compare: { op: '>', value: 7 } },
      { kind: 'failure', compare: { op: '=', value: 1 } },
    ]);
    expect(dice('10d10>7f<3').modifiers[1]).toEqual({
      kind: 'failure',
      compare: { op: '<', value: 3 },
    });
    expect(dice('d20cs>=19').modifiers).toEqual([
      { kind: 'critSuccess', compare: { op: '>=', value: 19 } },
    ]);
    expect(dice('d20cf2').modifiers).toEqual([
      { kind: 'critFailure', compare: { op: '=', value: 2 } },
    ]);
    expect(dice('4d6s').modifiers).toEqual([{ kind: 'sort', order: 'asc' }]);
    expect(dice('4d6sa').modifiers).toEqual([{ kind: 'sort', order: 'asc' }]);
    expect(dice('4d6sd').modifiers).toEqual([{ kind: 'sort', order: 'desc' }]);
    expect(dice('4d6min2').modifiers).toEqual([{ kind: 'min', value: 2 }]);
    expect(dice('4d6max5').modifiers).toEqual([{ kind: 'max', value: 5 }]);
    expect(dice('4dF<>0').modifiers).toEqual([
      { kind: 'success', compare: { op: '!=', value: 0 } },
    ]);
  });

  it('reads labels and keeps them in the term text', () => {
    const term = dice('2d6 [fire damage]');
    expect(term.label).toBe('fire damage');
    expect(term.text).toBe('2d6[fire damage]');
  });

  it('gives arithmetic the usual precedence and associativity', () => {
    const show = (expr: Expr): string => {
      switch (expr.type) {
        case 'binary':
          return `(${show(expr.left)}${expr.op}${show(expr.right)})`;
        case 'negate':
          return `-${show(expr.arg)}`;
        case 'paren':
          return show(expr.expr);
        default:
          return expr.text;
      }
    };
    expect(show(parseNotation('1+2*3'))).toBe('(1+(2*3))');
    expect(show(parseNotation('10-4-3'))).toBe('((10-4)-3)');
    expect(show(parseNotation('2**3**2'))).toBe('(2**(3**2))');
    expect(show(parseNotation('2^3'))).toBe('(2**3)');
    expect(show(parseNotation('-2**2'))).toBe('-(2**2)');
    expect(show(parseNotation('(1+2)*3 % 4'))).toBe('(((1+2)*3)%4)');
    expect(show(parseNotation('1d20 + 5'))).toBe('(1d20+5)');
  });

  it('reads functions and groups', () => {
    expect(parseNotation('floor(1d6/2)')).toMatchObject({ type: 'call', name: 'floor' });
    expect(parseNotation('max(1d6, 1d8, 3)')).toMatchObject({ type: 'call', name: 'max' });
    const group = parseNotation('{4d6+2d8, 3d20}k2[best]');
    expect(group).toMatchObject({
      type: 'group',
      label: 'best',
      modifiers: [{ kind: 'keep', end: 'highest', count: 2 }],
    });
    if (group.type === 'group') expect(group.entries).toHaveLength(2);
  });

  it('says where the notation goes wrong', () => {
    expect(errorOf('4d').message).toBe("expected the number of sides after 'd' at 3");
    expect(errorOf('4d6+').message).toBe("expected a number, a die or '(' at 5");
    expect(errorOf('(1d6').message).toBe("expected ')' at 5");
    expect(errorOf('1d6 x').message).toBe("unexpected 'x' at 5");
    expect(errorOf('4d6 kh3').message).toBe("unexpected 'k' at 5");
    expect(errorOf('sqrt(4)').message).toMatch(/^unknown function 'sqrt'.* at 1$/);
    expect(errorOf('floor(1, 2)').message).toBe('floor takes 1 argument at 1');
    expect(errorOf('').message).toBe('expected a dice notation such as 1d20+5 at 1');
    expect(errorOf('3d6!!!').message).toMatch(/only one explode modifier/);
    expect(errorOf('10d10f1').message).toMatch(/a failure point needs a success point/);
    expect(errorOf('d20c5').message).toBe("expected 'cs' or 'cf' at 4");
    expect(errorOf('2d6[fire').message).toBe("expected ']' to close the label at 4");
    expect(errorOf('1.5d6').message).toBe('the number of dice must be a whole number at 1');
    expect(errorOf('2d6.5').message).toMatch(/must be a whole number/);
  });

  it('refuses numbers out of range with DICE_LIMIT', () => {
    expect(errorOf('1001d6')).toMatchObject({ code: 'DICE_LIMIT', index: 0 });
    expect(errorOf('1d0')).toMatchObject({
      code: 'DICE_LIMIT',
      reason: 'a die needs at least 1 side',
    });
    expect(errorOf('1d4294967297')).toMatchObject({ code: 'DICE_LIMIT' });
    expect(errorOf('3d6!>=1')).toMatchObject({
      code: 'DICE_LIMIT',
      reason: expect.stringMatching(/never stop/),
    });
    expect(errorOf('d1!')).toMatchObject({ code: 'DICE_LIMIT' });
    expect(errorOf('3d6r<7')).toMatchObject({
      code: 'DICE_LIMIT',
      reason: expect.stringMatching(/reroll would never stop/),
    });
    expect(errorOf(`${'('.repeat(40)}1${')'.repeat(40)}`)).toMatchObject({ code: 'DICE_LIMIT' });
    expect(errorOf(`${'1+'.repeat(1001)}1`)).toMatchObject({ code: 'DICE_LIMIT' });
    expect(errorOf(`{${Array(101).fill('1').join(',')}}`)).toMatchObject({ code: 'DICE_LIMIT' });
  });

  it('refuses rerolls mixed with compounding or penetrating explosions', () => {
    expect(errorOf('1d6!pr1').message).toMatch(/rerolls cannot be combined/);
    expect(errorOf('1d6!!ro<3').message).toMatch(/rerolls cannot be combined/);
    expect(dice('1d6!r1').modifiers).toHaveLength(2);
  });

  it('accepts a reroll once that matches every face (it stops after one reroll)', () => {
    expect(dice('3d6ro<7').modifiers[0]).toMatchObject({ kind: 'reroll', once: true });
  });

  it('reads numbers exactly as Number does, long and with leading zeros included', () => {
    // size 'max': lengths spread up to 30 digits, past the 15 that are summed exactly.
    const digits = fc.string({
      unit: fc.constantFrom(...'0123456789'),
      minLength: 1,
      maxLength: 30,
      size: 'max',
    });
    fc.assert(
      fc.property(digits, fc.option(digits, { nil: undefined }), (whole, fraction) => {
        const text = fraction === undefined ? whole : `${whole}.${fraction}`;
        expect(parseNotation(text)).toMatchObject({ type: 'number', value: Number(text) });
      }),
      { numRuns: 1000 },
    );
    expect(errorOf('9'.repeat(400)).message).toBe('the number is too large at 1');
    expect(dice('00000000000000000003d0000000000000000006')).toMatchObject({ count: 3, sides: 6 });
  });
});
