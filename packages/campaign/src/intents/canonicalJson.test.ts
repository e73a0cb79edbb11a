import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/thrown';
import { CanonicalJsonError } from './CanonicalJsonError';
import {
  decodeCanonicalJson,
  encodeCanonicalJson,
  type JsonValue,
  MAX_CANONICAL_JSON_DEPTH,
  utf8ByteLength,
} from './canonicalJson';

/** Any JSON value canonical JSON accepts: full Unicode strings, no -0 (JSON.parse never makes one). */
const jsonValue = fc
  .jsonValue({ stringUnit: 'binary', maxDepth: 6 })
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

/** The same value with every object's keys inserted in another order, picked by `seed`. */
function reordered(value: JsonValue, seed: number): JsonValue {
  if (Array.isArray(value)) return value.map((element) => reordered(element, seed));
  if (value === null || typeof value !== 'object') return value;
  const rank = (key: string) => {
    let hash = seed;
    for (let index = 0; index < key.length; index++) {
      hash = Math.imul(hash ^ key.charCodeAt(index), 0x9e3779b1);
    }
    return hash;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  const copy: Record<string, JsonValue> = {};
  for (const key of keys) {
    Object.defineProperty(copy, key, {
      value: reordered((value as Record<string, JsonValue>)[key] as JsonValue, seed),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** The oracle: JSON.stringify of a deep copy whose keys were inserted in sorted order. */
function sortedStringify(value: JsonValue): string {
  return JSON.stringify(reorderedSorted(value));
}
function reorderedSorted(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reorderedSorted);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.keys(value)
    .sort()
    .map((key) => [key, reorderedSorted((value as Record<string, JsonValue>)[key] as JsonValue)]);
  // Integer-like keys are enumerated first whatever the insertion order, so JSON.stringify
  // cannot be the oracle for them; the property below leaves them out.
  return Object.fromEntries(entries);
}

function notEncodable(value: unknown): CanonicalJsonError {
  const error = thrown(() => encodeCanonicalJson(value));
  expect(error).toBeInstanceOf(CanonicalJsonError);
  expect(error.code).toBe('JSON_NOT_ENCODABLE');
  return error as CanonicalJsonError;
}

describe('encodeCanonicalJson: properties', () => {
  it('is stable: encode(decode(encode(x))) is encode(x)', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = encodeCanonicalJson(value);
        expect(encodeCanonicalJson(decodeCanonicalJson(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('loses nothing: decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(decodeCanonicalJson(encodeCanonicalJson(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order in which keys were inserted', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer(), (value, seed) => {
        expect(encodeCanonicalJson(reordered(value, seed))).toBe(encodeCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writes what JSON.stringify writes for the same value with sorted keys', () => {
    const noIntegerKeys = jsonValue.filter(
      (value) => !/"(0|[1-9]\d*)":/.test(JSON.stringify(value)),
    );
    fc.assert(
      fc.property(noIntegerKeys, (value) => {
        expect(encodeCanonicalJson(value)).toBe(sortedStringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('counts UTF-8 bytes as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
  });
});

describe('encodeCanonicalJson: known answers', () => {
  it('sorts keys, writes no whitespace, and nests', () => {
    expect(encodeCanonicalJson({ b: [1, 'x', { d: null, c: true }], a: false, '': 0 })).toBe(
      '{"":0,"a":false,"b":[1,"x",{"c":true,"d":null}]}',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does (not by code points)', () => {
    // U+10000 is the pair D800 DC00, which sorts before U+FFFF; by code point it would be after.
    expect(encodeCanonicalJson({ '\uffff': 1, '\u{10000}': 2, a: 3, é: 4 })).toBe(
      '{"a":3,"é":4,"\u{10000}":2,"\uffff":1}',
    );
  });

  it('writes numbers in ECMAScript’s shortest form, as RFC 8785 does', () => {
    const numbers = [0, 1, -1, 0.1, 1e21, 1e-7, 0.000001, 333333333.3333333, 2 ** 53, 5e-324];
    expect(encodeCanonicalJson(numbers)).toBe(
      '[0,1,-1,0.1,1e+21,1e-7,0.000001,333333333.3333333,9007199254740992,5e-324]',
    );
  });

  it('escapes only quotes, backslashes and control characters', () => {
    expect(encodeCanonicalJson('"\\\b\f\n\r\t\u0000\u001f\u007f\u2028é€😀/')).toBe(
      '"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028é€😀/"',
    );
  });

  it('accepts objects without a prototype and a "__proto__" key from JSON.parse', () => {
    const bare = Object.assign(Object.create(null), { b: 1, a: 2 });
    expect(encodeCanonicalJson(bare)).toBe('{"a":2,"b":1}');
    expect(encodeCanonicalJson(JSON.parse('{"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1}}');
  });

  it(`accepts nesting to ${MAX_CANONICAL_JSON_DEPTH} levels`, () => {
    const deepest = JSON.parse(
      `${'['.repeat(MAX_CANONICAL_JSON_DEPTH)}${']'.repeat(MAX_CANONICAL_JSON_DEPTH)}`,
    );
    expect(encodeCanonicalJson(deepest)).toHaveLength(2 * MAX_CANONICAL_JSON_DEPTH);
  });
});

describe('encodeCanonicalJson: refusals', () => {
  it('refuses -0, NaN and the infinities, naming the place', () => {
    expect(notEncodable({ a: [1, -0] }).message).toBe('a[1]: -0 is not allowed (write 0).');
    expect(notEncodable(Number.NaN).message).toBe('NaN is not a JSON number.');
    notEncodable({ x: Number.POSITIVE_INFINITY });
    notEncodable([Number.NEGATIVE_INFINITY]);
  });

  it('refuses undefined anywhere, rather than dropping it as JSON.stringify would', () => {
    expect(notEncodable(undefined).message).toContain('undefined is not JSON');
    expect(notEncodable({ a: undefined }).path).toEqual(['a']);
    expect(notEncodable([undefined]).path).toEqual([0]);
  });

  it('refuses functions, symbols and bigints', () => {
    notEncodable({ f: () => 1 });
    notEncodable([Symbol('s')]);
    notEncodable({ n: 10n });
  });

  it('refuses objects that are not plain', () => {
    class Point {
      x = 1;
    }
    for (const value of [
      new Date(0),
      new Map(),
      new Uint8Array(2),
      new Point(),
      /x/,
      new Error(),
    ]) {
      expect(notEncodable({ value }).message).toContain('is not a plain JSON object');
    }
    expect(notEncodable(new Point()).message).toContain('a class instance');
  });

  it('refuses symbol keys, accessors, non-enumerable properties, holes and extra array properties', () => {
    notEncodable({ [Symbol('s')]: 1 });
    expect(
      notEncodable(Object.defineProperty({}, 'x', { get: () => 1, enumerable: true })).message,
    ).toContain('getter');
    notEncodable(Object.defineProperty({}, 'hidden', { value: 1, enumerable: false }));
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    notEncodable([1, , 3]);
    notEncodable(Object.assign([1, 2], { extra: true }));
  });

  it('refuses lone surrogates in strings and keys (they have no UTF-8 form)', () => {
    expect(notEncodable({ s: 'a\ud800b' }).path).toEqual(['s']);
    expect(notEncodable({ 'k\udc00': 1 }).problem).toContain('lone surrogate');
    expect(encodeCanonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it(`refuses nesting deeper than ${MAX_CANONICAL_JSON_DEPTH}, even far deeper`, () => {
    for (const depth of [MAX_CANONICAL_JSON_DEPTH + 1, 100_000]) {
      const value = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
      expect(notEncodable(value).problem).toContain('nesting deeper');
    }
  });
});

describe('decodeCanonicalJson', () => {
  it('reads canonical text', () => {
    expect(decodeCanonicalJson('{"a":[1,"é",null],"b":{}}')).toEqual({ a: [1, 'é', null], b: {} });
  });

  it('refuses every other spelling of the same value', () => {
    const spellings = [
      '{"b":1,"a":2}',
      '{"a":1, "b":2}',
      ' 1',
      '{"a":1,"a":1}',
      '1.0',
      '1E2',
      '-0',
      '"\\u0061"',
      '"\\/"',
      '[1,2,]',
      '',
      '{"a":"\\ud800"}',
    ];
    for (const text of spellings) {
      expect(thrown(() => decodeCanonicalJson(text)).code, text).toBe('JSON_NOT_CANONICAL');
    }
  });
});
