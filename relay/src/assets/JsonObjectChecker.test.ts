import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonObjectChecker, MAX_JSON_ASSET_DEPTH } from './JsonObjectChecker';

/** Runs the checker over `bytes` cut at `cuts`; the problem, or undefined when accepted. */
function check(bytes: Uint8Array, cuts: readonly number[] = []): string | undefined {
  const checker = new JsonObjectChecker();
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    const problem = checker.push(bytes.subarray(from, cut));
    if (problem) return problem;
    from = cut;
  }
  return checker.push(bytes.subarray(from)) ?? checker.end();
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** What JSON.parse says about `text`: a plain object within the depth limit, or not. */
function parsesAsObject(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const depth = (v: unknown): number =>
    v !== null && typeof v === 'object'
      ? 1 + Math.max(0, ...Object.values(v as object).map(depth))
      : 0;
  return value !== null && typeof value === 'object' && !Array.isArray(value) && depth(value) <= 64;
}

const cutsOf = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 8 });

describe('JsonObjectChecker', () => {
  it('accepts every object JSON.stringify writes, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 })),
        fc.integer({ min: 0, max: 4 }),
        fc.infiniteStream(fc.nat()),
        (object, indent, seeds) => {
          const bytes = utf8(JSON.stringify(object, null, indent));
          const cuts = [0, 1, 2, 3].map(() => (seeds.next().value as number) % (bytes.length + 1));
          expect(check(bytes, cuts)).toBeUndefined();
        },
      ),
    );
  });

  it('agrees with JSON.parse on text made of JSON pieces, at any cuts', () => {
    const piece = fc.constantFrom(
      ...'{}[]":,0123456789-+.eE \n\t\\/'.split(''),
      'true',
      'false',
      'null',
      'tru',
      '"a"',
      '\\u00e9',
      '\\u12g4',
      '\\x',
      'é',
      '\u0001',
      '{"k":',
      '"k":[',
      '1.5e-3',
      '-0',
      '01',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).chain((pieces) => {
          const text = pieces.join('');
          return fc.tuple(fc.constant(text), cutsOf(utf8(text).length));
        }),
        ([text, cuts]) => {
          const accepted = check(utf8(text), cuts) === undefined;
          expect(accepted, text).toBe(parsesAsObject(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.parse on small objects with a mutated byte', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        }),
        fc.nat(),
        fc.constantFrom(...'{}[]":,0-.e \\tn'.split('')),
        (object, at, replacement) => {
          const original = JSON.stringify(object);
          const i = at % original.length;
          const text = original.slice(0, i) + replacement + original.slice(i + 1);
          expect(check(utf8(text)) === undefined, text).toBe(parsesAsObject(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not one object, saying where', () => {
    expect(check(utf8('[1, 2]'))).toBe("expected '{', found '[' (at byte 0)");
    expect(check(utf8('"text"'))).toMatch(/expected '\{'/);
    expect(check(utf8('{"a": 1} {"b": 2}'))).toBe("'{' after the end of the object (at byte 9)");
    expect(check(utf8('{"a": 1'))).toMatch(/cut short/);
    expect(check(utf8(''))).toMatch(/no JSON object/);
    expect(check(utf8('   '))).toMatch(/no JSON object/);
    expect(check(utf8('{"a": tru}'))).toMatch(/expected true, found '\}' \(at byte 9\)/);
    expect(check(utf8('{"a": "line\nbreak"}'))).toMatch(/control character/);
    expect(check(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatch(/expected '\{'/);
  });

  it('accepts a byte order mark and whitespace around the object', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const text = utf8('\n {"format": 0.3, "resolution": {"map_size": {"x": 1, "y": 1}}} \r\n');
    const bytes = new Uint8Array([...bom, ...text]);
    for (let cut = 0; cut <= 4; cut++) expect(check(bytes, [cut])).toBeUndefined();
    // A broken mark is broken UTF-8 too; the UTF-8 check, which runs first, reports it.
    expect(check(new Uint8Array([0xef, 0xbb, 0x00, ...text]))).toMatch(/not valid UTF-8/);
    expect(check(new Uint8Array([...text, ...bom]))).toMatch(/after the end of the object/);
  });

  it('refuses bytes that are not UTF-8, also when a character is cut between chunks', () => {
    expect(check(new Uint8Array([...utf8('{"a": "'), 0xff, ...utf8('"}')]))).toMatch(/UTF-8/);
    // An overlong encoding of '"' must not end the string.
    expect(check(new Uint8Array([...utf8('{"a": "'), 0xc0, 0xa2, ...utf8('"}')]))).toMatch(/UTF-8/);
    const e = utf8('{"é": 1}');
    for (let cut = 0; cut <= e.length; cut++) expect(check(e, [cut])).toBeUndefined();
    expect(check(e.subarray(0, 3))).toBeDefined();
  });

  it(`refuses nesting deeper than ${MAX_JSON_ASSET_DEPTH} levels`, () => {
    const nest = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    expect(check(utf8(nest(MAX_JSON_ASSET_DEPTH)))).toBeUndefined();
    expect(check(utf8(nest(MAX_JSON_ASSET_DEPTH + 1)))).toMatch(/nesting deeper than 64/);
  });

  it('keeps refusing once it has refused', () => {
    const checker = new JsonObjectChecker();
    const problem = checker.push(utf8('[]'));
    expect(problem).toBeDefined();
    expect(checker.push(utf8('{}'))).toBe(problem);
    expect(checker.end()).toBe(problem);
  });
});
