import { describe, expect, it } from 'vitest';
import { barFill, DEFAULT_BAR_COLOR, tokenBars } from './tokenBars';

const bar = (value: number, max: number, color = '#00aa00') => ({ value, max, color });

describe('token bars', () => {
  it("takes the token's own bars first, at most two", () => {
    const token = { bars: [bar(1, 2), bar(3, 4), bar(5, 6)] };
    expect(tokenBars(token, { data: { hp: 9, maxHp: 10 } }, { bars: [bar(7, 8)] })).toEqual([
      bar(1, 2),
      bar(3, 4),
    ]);
  });

  it("then the bars the module's derive returns, skipping malformed ones", () => {
    const derived = {
      bars: [{ value: 'x', max: 3 }, { value: 2, max: 5 }, bar(4, 4, '#123456'), bar(1, 1)],
    };
    expect(tokenBars({ bars: [] }, { data: {} }, derived)).toEqual([
      { value: 2, max: 5, color: DEFAULT_BAR_COLOR },
      bar(4, 4, '#123456'),
    ]);
  });

  it("then the actor's hit points against the derived maximum", () => {
    expect(tokenBars({ bars: [] }, { data: { hp: 7 } }, { maxHp: 12 })).toEqual([
      { value: 7, max: 12, color: DEFAULT_BAR_COLOR },
    ]);
    expect(tokenBars({ bars: [] }, { data: { hp: 3, maxHp: 4 } }, undefined)).toEqual([
      { value: 3, max: 4, color: DEFAULT_BAR_COLOR },
    ]);
  });

  it('shows no bar without numbers to show', () => {
    expect(tokenBars({ bars: [] }, undefined, undefined)).toEqual([]);
    expect(tokenBars({ bars: [] }, { data: { hp: '7' } }, { maxHp: 12 })).toEqual([]);
    expect(tokenBars({ bars: [] }, { data: { hp: 7, maxHp: 0 } }, null)).toEqual([]);
  });

  it('fills a bar between empty and full', () => {
    expect(barFill({ value: 5, max: 10 })).toBe(0.5);
    expect(barFill({ value: 15, max: 10 })).toBe(1);
    expect(barFill({ value: -3, max: 10 })).toBe(0);
    expect(barFill({ value: 3, max: 0 })).toBe(0);
  });
});
