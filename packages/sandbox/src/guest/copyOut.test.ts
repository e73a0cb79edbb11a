import { describe, expect, it } from 'vitest';
import { copyOutToJson, MAX_RESULT_DEPTH, OutputError } from './copyOut';

const copy = (value: unknown, max = 1024) => JSON.parse(copyOutToJson(value, max));

function outputError(value: unknown, max = 1024): string {
  try {
    copyOutToJson(value, max);
  } catch (error) {
    if (error instanceof OutputError) return error.message;
    throw error;
  }
  throw new Error('the value was copied');
}

describe('copyOutToJson', () => {
  it('copies plain data as JSON, dropping undefined properties and turning -0 into 0', () => {
    expect(copy({ a: 1, b: [true, null, 'x'], c: undefined, d: -0, e: { f: [] } })).toEqual({
      a: 1,
      b: [true, null, 'x'],
      d: 0,
      e: { f: [] },
    });
    expect(copy(Object.assign(Object.create(null), { a: 1 }))).toEqual({ a: 1 });
  });

  it('never runs a getter, and refuses accessors by path', () => {
    let ran = false;
    const value = {
      list: [
        {
          get secret() {
            ran = true;
            return 1;
          },
        },
      ],
    };
    expect(outputError(value)).toBe('the result contains a getter or setter (at .list[0].secret)');
    expect(ran).toBe(false);
  });

  it('treats toJSON as just another function', () => {
    expect(outputError({ toJSON: () => 'lies' })).toContain('function');
  });

  it('reads a Proxy once per property and keeps that snapshot', () => {
    let reads = 0;
    const proxy = new Proxy(
      { n: 1 },
      {
        getOwnPropertyDescriptor(target, key) {
          reads++;
          return { ...Reflect.getOwnPropertyDescriptor(target, key), value: reads };
        },
      },
    );
    expect(copy({ proxy })).toEqual({ proxy: { n: 1 } });
    expect(reads).toBe(1);
  });

  it('reports a trap that throws as unreadable, with the path', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(outputError({ a: proxy })).toBe('the result could not be read (at .a): trap');
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(outputError([revoked])).toContain('could not be read');
  });

  it('refuses what is not plain data', () => {
    class Point {
      x = 1;
    }
    expect(outputError(new Point())).toContain('not a plain object');
    expect(outputError(new Map())).toContain('not a plain object');
    expect(outputError(new Date(0))).toContain('not a plain object');
    expect(outputError(Promise.resolve(1))).toContain('hooks are synchronous');
    expect(outputError({ n: Number.NaN })).toContain('NaN');
    expect(outputError({ n: Number.POSITIVE_INFINITY })).toContain('Infinity');
    expect(outputError({ n: 1n })).toContain('BigInt');
    expect(outputError({ s: Symbol('s') })).toContain('symbol');
    expect(outputError([1, undefined])).toContain('undefined in an array');
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(outputError([1, , 3])).toContain('hole');
    expect(outputError(undefined)).toBe('the result is undefined');
  });

  it('refuses a "__proto__" key rather than copying it', () => {
    expect(outputError(JSON.parse('{"__proto__": {"polluted": true}}'))).toContain('__proto__');
  });

  it('stops cycles and deep nesting at the depth limit', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(outputError(cycle, 1_000_000)).toContain(`deeper than ${MAX_RESULT_DEPTH}`);
  });

  it('stops a giant result before copying it', () => {
    let touched = 0;
    const huge = new Proxy(new Array(10_000_000), {
      getOwnPropertyDescriptor(target, key) {
        touched++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    expect(outputError(huge, 1000)).toContain('too large');
    expect(touched).toBe(1); // only `length` was read
    expect(outputError('x'.repeat(2000), 1000)).toContain('too large');
    // Shared references are counted each time they appear, as JSON would write them.
    let fan: unknown = 'x'.repeat(100);
    for (let i = 0; i < 30; i++) fan = [fan, fan];
    expect(outputError(fan, 100_000)).toContain('too large');
  });

  it('ignores symbol-keyed and non-enumerable properties, as JSON does', () => {
    const value = { a: 1, [Symbol('s')]: 2 };
    Object.defineProperty(value, 'hidden', { value: 3, enumerable: false });
    expect(copy(value)).toEqual({ a: 1 });
  });
});
