import { describe, expect, it } from 'vitest';
import { firstDifference } from './firstDifference';

describe('firstDifference', () => {
  it('finds nothing between equal JSON values', () => {
    expect(firstDifference({ a: [1, { b: null }], c: 'x' }, { a: [1, { b: null }], c: 'x' })).toBe(
      null,
    );
    expect(firstDifference(3, 3)).toBe(null);
  });

  it('names the first differing path, depth first, with both values as JSON', () => {
    expect(
      firstDifference(
        { value: { hp: 3, ac: 12 }, draws: [] },
        { value: { hp: 4, ac: 11 }, draws: [] },
      ),
    ).toEqual({ path: 'value.hp', first: '3', second: '4' });
    expect(
      firstDifference({ draws: [{ value: 1 }] }, { draws: [{ value: 1 }, { value: 6 }] }),
    ).toEqual({ path: 'draws[1]', first: '(absent)', second: '{"value":6}' });
    expect(firstDifference('a', 'b')).toEqual({ path: '(the value)', first: '"a"', second: '"b"' });
    expect(firstDifference({ a: 1 }, [1])).toEqual({
      path: '(the value)',
      first: '{"a":1}',
      second: '[1]',
    });
  });

  it('reports a missing key and a different key order', () => {
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toEqual({
      path: 'b',
      first: '2',
      second: '(absent)',
    });
    expect(firstDifference({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } })).toEqual({
      path: 'x (keys)',
      first: '["a","b"]',
      second: '["b","a"]',
    });
  });
});
