/**
 * Copies a module's result out of the guest's reach, as JSON text. The walk reads each property
 * once through its descriptor, so a getter never runs, a Proxy cannot answer twice differently,
 * and `toJSON` is just another non-data value. Only plain data passes: null, booleans, finite
 * numbers, strings, arrays without holes and objects whose prototype is Object.prototype or null.
 * A size budget stops a giant result before it is copied, not after.
 */
import { describeThrown } from './describeThrown';

/** Every {@link OutputError}, for {@link isOutputError}. */
const outputErrors = new WeakSet<object>();

/** A result the module returned that is not plain data or is too large. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    outputErrors.add(this);
  }
}

/**
 * Whether `value` is an {@link OutputError}. Use this, not `instanceof`, on anything that may come
 * from a module: `instanceof` reads the prototype, and a Proxy's getPrototypeOf trap runs module
 * code that can throw from inside the runtime's own error handling (and so end the worker).
 * WeakSet.has compares identity and runs no trap.
 */
export function isOutputError(value: unknown): value is OutputError {
  return typeof value === 'object' && value !== null && outputErrors.has(value);
}

/** How deep a result may nest (the copy recurses; this keeps it off the stack limit). */
export const MAX_RESULT_DEPTH = 64;

const { getPrototypeOf, getOwnPropertyDescriptor, create } = Object;
const { ownKeys } = Reflect;
const { isArray } = Array;
const objectPrototype = Object.prototype;
const promisePrototype = Promise.prototype;
/** Marks an `undefined` value, which an object drops and an array refuses. */
const ABSENT = Symbol('absent');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface CopyState {
  /** What is left of the size budget, in (approximate) JSON characters. */
  budget: number;
  readonly path: Array<string | number>;
}

/**
 * Copies `value` and returns it as JSON text of at most `maxLength` characters.
 * @param what names the value in messages ("the result", "a log value")
 * @throws {OutputError} when the value is not plain data or too large; a Proxy trap or guest code
 * that throws during the copy also ends here
 */
export function copyOutToJson(value: unknown, maxLength: number, what = 'the result'): string {
  const state: CopyState = { budget: maxLength, path: [] };
  let copy: Json | typeof ABSENT;
  try {
    copy = copyValue(value, state);
  } catch (error) {
    if (isOutputError(error)) throw error;
    throw new OutputError(`${what} could not be read${at(state)}: ${describeThrown(error)}`);
  }
  if (copy === ABSENT) throw new OutputError(`${what} is undefined`);
  const text = JSON.stringify(copy);
  if (text.length > maxLength) {
    throw new OutputError(
      `${what} is too large: ${text.length} characters of JSON, at most ${maxLength}`,
    );
  }
  return text;

  function copyValue(input: unknown, s: CopyState): Json | typeof ABSENT {
    switch (typeof input) {
      case 'string':
        spend(s, input.length + 2);
        return input;
      case 'number':
        if (!Number.isFinite(input))
          throw fail(s, `${what} contains ${input}, which JSON cannot hold`);
        spend(s, 8);
        return input === 0 ? 0 : input; // -0 becomes 0, as in JSON
      case 'boolean':
        spend(s, 5);
        return input;
      case 'undefined':
        return ABSENT;
      case 'object':
        if (input === null) {
          spend(s, 4);
          return null;
        }
        if (s.path.length >= MAX_RESULT_DEPTH) {
          throw fail(
            s,
            `${what} nests deeper than ${MAX_RESULT_DEPTH} levels (or refers to itself)`,
          );
        }
        return isArray(input) ? copyArray(input, s) : copyObject(input, s);
      case 'function':
        throw fail(s, `${what} contains a function; results are plain data`);
      case 'bigint':
        throw fail(s, `${what} contains a BigInt; use a number or a string`);
      default:
        throw fail(s, `${what} contains a ${typeof input}; results are plain data`);
    }
  }

  function copyArray(input: readonly unknown[], s: CopyState): Json[] {
    const lengthDescriptor = getOwnPropertyDescriptor(input, 'length');
    const length: unknown = lengthDescriptor?.value;
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw fail(s, `${what} contains an array without a valid length`);
    }
    spend(s, 2 + length); // brackets and commas, before anything is copied
    const out: Json[] = [];
    for (let index = 0; index < length; index++) {
      s.path.push(index);
      const descriptor = getOwnPropertyDescriptor(input, index);
      if (descriptor === undefined) throw fail(s, `${what} contains an array with a hole`);
      if (!('value' in descriptor)) throw fail(s, `${what} contains a getter or setter`);
      const item = copyValue(descriptor.value, s);
      if (item === ABSENT) throw fail(s, `${what} contains undefined in an array`);
      out.push(item);
      s.path.pop();
    }
    return out;
  }

  function copyObject(input: object, s: CopyState): { [key: string]: Json } {
    const prototype = getPrototypeOf(input);
    if (prototype !== objectPrototype && prototype !== null) {
      throw fail(
        s,
        prototype === promisePrototype
          ? `${what} is a Promise: hooks are synchronous (no async functions, no promises)`
          : `${what} contains an object that is not a plain object (class instances, Maps, Dates and the like are not data)`,
      );
    }
    spend(s, 2);
    // Null-prototype copies: assigning any key, "__proto__" or "toString" included, makes an own
    // property and nothing else.
    const out = create(null) as { [key: string]: Json };
    for (const key of ownKeys(input)) {
      if (typeof key === 'symbol') continue; // as JSON: symbol-keyed properties are not data
      s.path.push(key);
      const descriptor = getOwnPropertyDescriptor(input, key);
      if (descriptor !== undefined && descriptor.enumerable === true) {
        if (!('value' in descriptor)) throw fail(s, `${what} contains a getter or setter`);
        if (key === '__proto__') throw fail(s, `${what} contains the key "__proto__"`);
        const item = copyValue(descriptor.value, s);
        if (item !== ABSENT) {
          spend(s, key.length + 3);
          out[key] = item;
        }
      }
      s.path.pop();
    }
    return out;
  }

  function spend(s: CopyState, amount: number): void {
    s.budget -= amount;
    if (s.budget < 0)
      throw fail(s, `${what} is too large: more than ${maxLength} characters of JSON`);
  }
}

function fail(state: CopyState, message: string): OutputError {
  return new OutputError(`${message}${at(state)}`);
}

function at(state: CopyState): string {
  if (state.path.length === 0) return '';
  return ` (at ${state.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')})`;
}
