/**
 * Hostile cases in what a module returns: results that are not data, that run code when read,
 * that answer differently each time they are read, that never end, or that are too large.
 * Everything must end as plain JSON or as MODULE_INVALID_OUTPUT, never as a host object.
 */
import type { HostileCase } from '../hostileModules';

/** A rules.js whose `derive(actor, ctx)` runs `body`. */
const derive = (body: string) => `exports.derive = (actor, ctx) => {\n${body}\n};`;

const DERIVE = { hook: 'derive', args: [{}] } as const;
const NOT_PLAIN = 'contains an object that is not a plain object';
const TOO_LARGE = 'the result is too large';
const NESTS_TOO_DEEP = 'the result nests deeper than 64 levels (or refers to itself)';

/** See {@link HostileCase}. */
export const RESULT_CASES: readonly HostileCase[] = [
  // Too large.
  {
    name: 'returns a string of a million characters',
    source: derive(`return { text: 'x'.repeat(1024 * 1024) };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: TOO_LARGE },
  },
  {
    name: 'returns an array of three hundred thousand numbers',
    source: derive(`return { list: new Array(300000).fill(1) };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: TOO_LARGE },
  },
  {
    name: 'returns a string that grows sixfold as JSON',
    source: derive(`return { text: '\\u0001'.repeat(400000) };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'characters of JSON, at most 1048576' },
  },
  {
    name: 'returns one small object referred to 2^40 times',
    source: derive(`let node = { v: 1 };
  for (let i = 0; i < 40; i++) node = { a: node, b: node };
  return node;`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: TOO_LARGE },
  },

  // Code that would run as the result is read.
  {
    name: 'returns a getter',
    source: derive(`return { get hp() { throw new Error('the getter ran'); } };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains a getter or setter (at .hp)' },
  },
  {
    name: 'returns a setter',
    source: derive(`return { set hp(value) {} };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains a getter or setter (at .hp)' },
  },
  {
    name: 'returns an object with toJSON',
    source: derive(`return { hp: 1, toJSON() { return { hp: 999 }; } };`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'contains a function; results are plain data (at .toJSON)',
    },
  },
  {
    name: 'returns a thenable',
    source: derive(`return { then(resolve) { resolve({ hp: 999 }); } };`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'contains a function; results are plain data (at .then)',
    },
  },

  // Proxies.
  {
    name: 'returns a Proxy whose traps throw',
    source: derive(`return new Proxy({}, { ownKeys() { throw new Error('no keys for you'); } });`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'the result could not be read: no keys for you',
    },
  },
  {
    name: 'returns a Proxy that answers differently each time it is asked',
    source: derive(`let reads = 0;
  return new Proxy({}, {
    ownKeys: () => ['a', 'b'],
    getOwnPropertyDescriptor: () => ({ value: ++reads, enumerable: true, configurable: true, writable: true }),
    get: () => ++reads,
  });`),
    call: DERIVE,
    // Each property is read once, through its descriptor: a snapshot, never a second answer.
    expect: { value: { a: 1, b: 2 } },
  },
  {
    name: 'returns a Proxy that calls a Map a plain object',
    source: derive(
      `return new Proxy(new Map([['hp', 1]]), { getPrototypeOf: () => Object.prototype });`,
    ),
    call: DERIVE,
    // Plain it is, then: its own properties (none) are copied, and the Map's contents are not.
    expect: { value: {} },
  },
  {
    name: 'returns a revoked Proxy',
    source: derive(`const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'a proxy that has been revoked' },
  },
  {
    name: 'returns a Proxy whose getPrototypeOf trap throws a Proxy whose traps throw',
    source:
      derive(`const bad = () => new Proxy({}, { getPrototypeOf() { throw bad(); }, get() { throw bad(); } });
  return bad();`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'the result could not be read: the module threw a value that could not be read',
    },
  },

  // Values that are not data.
  {
    name: 'returns a class instance',
    source: derive(`class Sheet { constructor() { this.hp = 1; } }
  return new Sheet();`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: NOT_PLAIN },
  },
  {
    name: 'returns a Date',
    source: derive(`return { when: new Date(0) };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: `${NOT_PLAIN} (class instances` },
  },
  {
    name: 'returns a Promise from an async hook',
    source: `exports.derive = async () => ({ hp: 1 });`,
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'the result is a Promise' },
  },
  {
    name: 'returns a Promise that rejects from an async hook',
    source: `exports.derive = async () => { throw new Error('later'); };`,
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'the result is a Promise' },
  },
  {
    name: 'leaves an unhandled rejection behind',
    source: derive(`Promise.reject(new Error('nobody handles this'));
  return { ok: true };`),
    call: DERIVE,
    expect: { value: { ok: true } },
  },
  {
    name: 'returns a function',
    source: derive(`return { roll() { return 20; } };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains a function' },
  },
  {
    name: 'returns a symbol',
    source: derive(`return { id: Symbol('id') };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains a symbol' },
  },
  {
    name: 'returns a BigInt',
    source: derive(`return { gold: 10n ** 30n };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains a BigInt' },
  },
  {
    name: 'returns NaN',
    source: derive(`return { hp: 0 / 0 };`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains NaN, which JSON cannot hold' },
  },
  {
    name: 'returns undefined in an array',
    source: derive(`return { list: [1, undefined] };`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'contains undefined in an array (at .list[1])',
    },
  },
  {
    name: 'returns an array with a hole',
    source: derive(`return { list: [1, , 3] };`),
    call: DERIVE,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'contains an array with a hole (at .list[1])',
    },
  },
  {
    name: 'returns a __proto__ key',
    source: derive(`return JSON.parse('{"__proto__": {"isAdmin": true}}');`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'contains the key "__proto__"' },
  },
  {
    name: 'returns what JSON would drop or change',
    source: derive(`const result = { a: 1, gone: undefined, [Symbol('s')]: 2, zero: -0 };
  Object.defineProperty(result, 'hidden', { value: 3, enumerable: false });
  return result;`),
    call: DERIVE,
    expect: { value: { a: 1, zero: 0 } },
  },
  {
    name: 'returns undefined',
    source: derive(`return undefined;`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'the result is undefined' },
  },
  {
    name: 'returns an object that contains itself',
    source: derive(`const sheet = { hp: 1 };
  sheet.self = sheet;
  return sheet;`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: NESTS_TOO_DEEP },
  },
  {
    name: 'returns objects nested 200 deep',
    source: derive(`let node = {};
  for (let i = 0; i < 200; i++) node = { node };
  return node;`),
    call: DERIVE,
    expect: { code: 'MODULE_INVALID_OUTPUT', message: NESTS_TOO_DEEP },
  },

  // Data, but not of the hook's shape.
  {
    name: 'returns a change to a collection modules may not touch',
    source: `exports.apply = () => [{ op: 'set', collection: 'users', id: 'gm', path: ['role'], value: 'player' }];`,
    call: { hook: 'apply', args: [{}, {}] },
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'result.0.collection' },
  },
  {
    name: 'returns a validation with an extra key',
    source: `exports.validate = () => ({ ok: true, grant: 'gm' });`,
    call: { hook: 'validate', args: [{}, {}] },
    expect: { code: 'MODULE_INVALID_OUTPUT', message: 'Unrecognized key: "grant"' },
  },
];
