/**
 * Canonical JSON: one text per JSON value, so that a signature over the text covers the value
 * and not one of its spellings. What it writes is RFC 8785 (JCS) for every value it accepts:
 *
 * - no whitespace; object members sorted by key, comparing UTF-16 code units (JavaScript's
 *   default sort, as RFC 8785 §3.2.3 asks);
 * - strings as JSON.stringify writes them: `\"`, `\\`, `\b \f \n \r \t`, other control
 *   characters as `\u00xx`, everything else as itself (RFC 8785 §3.2.2.2);
 * - numbers as JSON.stringify writes them: ECMAScript's shortest round-trip form (`1e+21`,
 *   `0.1`, `-5`), which is RFC 8785 §3.2.2.3.
 *
 * Where RFC 8785 would normalise or JSON.stringify would silently drop, convert or call something,
 * it refuses instead (`JSON_NOT_ENCODABLE`, naming the place):
 *
 * - `-0` (JCS writes `0`; refusing keeps `decode(encode(x))` equal to `x`), NaN and ±Infinity;
 * - strings and keys with a lone surrogate (they have no UTF-8 form);
 * - `undefined`, functions, symbols and bigints; objects that are not plain (Date, Map, class
 *   instances, typed arrays); symbol keys, accessors and non-enumerable properties; arrays with
 *   holes or extra properties;
 * - nesting deeper than {@link MAX_CANONICAL_JSON_DEPTH}, so hostile input cannot exhaust the stack.
 *
 * {@link decodeCanonicalJson} reads only text that {@link encodeCanonicalJson} writes: no
 * whitespace, sorted and unique keys, no other spelling of a string or number.
 */
import { CanonicalJsonError } from './CanonicalJsonError';

/** A JSON value as canonical JSON accepts it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** The deepest nesting of arrays and objects accepted. */
export const MAX_CANONICAL_JSON_DEPTH = 64;

type Path = (string | number)[];

// With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Encodes a JSON value as canonical JSON.
 * @throws CanonicalJsonError `JSON_NOT_ENCODABLE`, naming the place, for anything in the list
 *   of the file's header
 * @example
 * ```ts
 * encodeCanonicalJson({ b: [1, 'x'], a: null }); // '{"a":null,"b":[1,"x"]}'
 * ```
 */
export function encodeCanonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, [], 0);
  return out.join('');
}

/**
 * Parses canonical JSON, refusing any text that is not exactly what
 * {@link encodeCanonicalJson} writes for the value it holds.
 * @throws CanonicalJsonError `JSON_NOT_CANONICAL`
 */
export function decodeCanonicalJson(text: string): JsonValue {
  let value: JsonValue;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CanonicalJsonError('JSON_NOT_CANONICAL', 'The text is not JSON');
  }
  let canonical: string;
  try {
    canonical = encodeCanonicalJson(value);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw new CanonicalJsonError('JSON_NOT_CANONICAL', error.problem, error.path);
  }
  if (canonical !== text) {
    throw new CanonicalJsonError(
      'JSON_NOT_CANONICAL',
      'The text is JSON but not canonical JSON (whitespace, key order, duplicate keys, or ' +
        'another spelling of a string or number)',
    );
  }
  return value;
}

/** The length in bytes of `text` as UTF-8; `text` holds no lone surrogate (canonical JSON). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A surrogate pair is 4 bytes in UTF-8: 2 per half.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

function write(value: unknown, out: string[], path: Path, depth: number): void {
  switch (typeof value) {
    case 'string':
      out.push(encodeString(value, path));
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${value} is not a JSON number`);
      if (Object.is(value, -0)) fail(path, '-0 is not allowed (write 0)');
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      if (depth >= MAX_CANONICAL_JSON_DEPTH) {
        fail(path, `nesting deeper than ${MAX_CANONICAL_JSON_DEPTH} arrays and objects`);
      }
      if (Array.isArray(value)) writeArray(value, out, path, depth);
      else writeObject(value, out, path, depth);
      return;
    default:
      fail(path, `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} is not JSON`);
  }
}

function writeArray(array: readonly unknown[], out: string[], path: Path, depth: number): void {
  // Own keys are exactly the indexes and `length` unless there are holes or extra properties.
  if (Reflect.ownKeys(array).length !== array.length + 1) {
    fail(path, 'an array with holes or extra properties is not JSON');
  }
  out.push('[');
  for (let index = 0; index < array.length; index++) {
    const element = dataProperty(array, index, path);
    if (index > 0) out.push(',');
    path.push(index);
    write(element, out, path, depth + 1);
    path.pop();
  }
  out.push(']');
}

function writeObject(object: object, out: string[], path: Path, depth: number): void {
  if (!isPlainObject(object)) {
    const kind = Object.prototype.toString.call(object).slice(8, -1);
    fail(path, `a ${kind === 'Object' ? 'class instance' : kind} is not a plain JSON object`);
  }
  const keys: string[] = [];
  for (const key of Reflect.ownKeys(object)) {
    if (typeof key === 'symbol') fail(path, 'a symbol key is not JSON');
    keys.push(key);
  }
  // The default sort compares UTF-16 code units, which is the order RFC 8785 specifies.
  keys.sort();
  out.push('{');
  for (const [index, key] of keys.entries()) {
    const member = dataProperty(object, key, path);
    if (index > 0) out.push(',');
    path.push(key);
    out.push(encodeString(key, path), ':');
    write(member, out, path, depth + 1);
    path.pop();
  }
  out.push('}');
}

/** Reads an own, enumerable data property: reading it runs no code and drops nothing. */
function dataProperty(object: object, key: string | number, path: Path): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !descriptor.enumerable) {
    fail([...path, key], 'a hole or non-enumerable property is not JSON');
  }
  if (!('value' in descriptor)) fail([...path, key], 'a getter or setter is not JSON');
  return descriptor.value;
}

function encodeString(text: string, path: Path): string {
  if (LONE_SURROGATE.test(text)) fail(path, 'a lone surrogate has no UTF-8 form');
  return JSON.stringify(text);
}

/**
 * A plain object: null prototype, or a prototype whose own prototype is null and which
 * stringifies as `[object Object]` (Object.prototype, also of another realm, such as an iframe).
 */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) return true;
  return (
    Object.getPrototypeOf(prototype) === null &&
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

function fail(path: readonly (string | number)[], problem: string): never {
  throw new CanonicalJsonError('JSON_NOT_ENCODABLE', problem, [...path]);
}
