/**
 * Hostile cases that look for a way out of the compartment: host globals, the function
 * constructors, eval and import, stack walking and stack traces, and tampering with what the
 * realm's modules share.
 */
import type { HostileCase } from '../hostileModules';

/** A rules.js whose `derive(actor, ctx)` runs `body`. */
const derive = (body: string) => `exports.derive = (actor, ctx) => {\n${body}\n};`;

const DERIVE = { hook: 'derive', args: [{}] } as const;
const DERIVE_SEEDED = { hook: 'derive', args: [{}], seed: '00' } as const;
const NOT_A_CONSTRUCTOR = {
  code: 'MODULE_ERROR',
  message: 'Function.prototype.constructor is not a valid constructor',
} as const;

/** Names that would give a module power or a clock, looked up through the module's own scope. */
const HOST_NAMES = [
  ...['process', 'require', 'global', 'Buffer', '__filename', '__dirname'],
  ...['fetch', 'window', 'self', 'document', 'navigator', 'location', 'importScripts'],
  ...['postMessage', 'onmessage', 'close', 'XMLHttpRequest', 'WebSocket', 'Worker'],
  ...['MessageChannel', 'BroadcastChannel', 'indexedDB', 'caches', 'crypto'],
  ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'queueMicrotask'],
  ...['requestAnimationFrame', 'structuredClone', 'performance', 'console', 'print'],
  ...['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef'],
  // Memory outside the worker's heap limit, and a compartment that would give it back.
  ...['ArrayBuffer', 'Uint8Array', 'Float64Array', 'DataView', 'TextEncoder', 'Compartment'],
];

/** What globalThis may hold: the standard library (as SES shares it), harden, and CommonJS's names. */
const STANDARD_GLOBALS = [
  ...['AggregateError', 'Array', 'AsyncIterator', 'BigInt', 'Boolean', 'Date', 'Error'],
  ...['EvalError', 'Function', 'Infinity', 'Iterator', 'JSON', 'Map', 'Math', 'NaN', 'Number'],
  ...['Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set'],
  ...['String', 'Symbol', 'SyntaxError', 'Temporal', 'TypeError', 'URIError', 'WeakMap'],
  ...['WeakSet', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent'],
  ...['escape', 'eval', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt'],
  ...['undefined', 'unescape', 'harden', 'lockdown', 'exports', 'module'],
];

/**
 * Walks everything reachable from the module's globals, its arguments, ctx and what ctx hands
 * out (through properties, accessors and prototypes, never calling a getter), and lists the
 * functions and property names that would be a way out.
 */
const WALK = `
const suspicious = /^(process|require|fetch|postMessage|importScripts|setTimeout|setInterval|setImmediate|queueMicrotask|Worker|WebAssembly|Atomics|FinalizationRegistry|WeakRef|Compartment|SharedArrayBuffer|ArrayBuffer|DataView|TypedArray|TextEncoder|TextDecoder|(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array)$/;
exports.derive = (actor, ctx) => {
  const roots = [globalThis, actor, ctx, ctx.dice.roll('2d6'), ctx.dice.pool(2, 6)];
  roots.push(function () {}, async function () {}, function* () {}, async function* () {});
  roots.push(() => {}, class {}, /x/, Promise.resolve(), new Error('x'), Symbol('x'));
  roots.push([][Symbol.iterator](), new Map().entries(), 'x'[Symbol.iterator](), (function* () {})());
  try { ctx.dice.roll('bad'); } catch (error) { roots.push(error); }
  try { null.x; } catch (error) { roots.push(error); }
  const seen = new Set();
  const found = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    if (typeof value === 'function' && suspicious.test(value.name)) found.add(value.name);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      stack.push(descriptor.value, descriptor.get, descriptor.set);
      if (typeof key === 'string' && suspicious.test(key)) found.add('property ' + key);
    }
  }
  return { found: [...found].sort(), walked: seen.size > 300 };
};`;

/** Every stack a module can reach, each between brackets: all must be empty. */
const STACKS = derive(`
  const own = new Error('own');
  let engine;
  try { null.x; } catch (error) { engine = error; }
  let overflow;
  const down = () => down() + 1;
  try { down(); } catch (error) { overflow = error; }
  let dice;
  try { ctx.dice.roll('bad'); } catch (error) { dice = error; }
  const captured = {};
  Error.captureStackTrace(captured);
  const stacks = [own, engine, overflow, dice, captured].map((error) => '[' + String(error.stack) + ']');
  throw new Error('stacks: ' + stacks.join(' '));`);

/**
 * Tries to change shared intrinsics through Reflect, which reports a refusal as `false` where an
 * assignment would throw (some setters SES installs throw all the same: a refusal too).
 */
const QUIET_TAMPERING = derive(`
  const changed = [];
  const attempt = (name, change) => {
    try {
      if (change() === true) changed.push(name);
    } catch {}
  };
  attempt('Object.prototype.toString', () => Reflect.set(Object.prototype, 'toString', () => 'x'));
  attempt('Object.prototype.isAdmin', () => Reflect.defineProperty(Object.prototype, 'isAdmin', { value: true }));
  attempt('Array.prototype.map', () => Reflect.set(Array.prototype, 'map', () => []));
  attempt('Array.prototype.extra', () => Reflect.set(Array.prototype, 'extra', 1));
  attempt('Function.prototype.apply', () => Reflect.set(Function.prototype, 'apply', () => 1));
  attempt('JSON.parse', () => Reflect.set(JSON, 'parse', () => ({})));
  attempt('Math.max', () => Reflect.set(Math, 'max', () => 0));
  attempt('Promise.prototype.then', () => Reflect.set(Promise.prototype, 'then', () => 0));
  attempt('RegExp.prototype.exec', () => Reflect.set(RegExp.prototype, 'exec', () => null));
  attempt('Error.prototype.message', () => Reflect.set(Error.prototype, 'message', 'x'));
  attempt('Symbol.iterator', () => Reflect.set(Symbol, 'iterator', Symbol('x')));
  attempt('Array.prototype to null', () => Reflect.setPrototypeOf(Array.prototype, null));
  attempt('delete Array.prototype.push', () => Reflect.deleteProperty(Array.prototype, 'push'));
  return { changed };`);

/** See {@link HostileCase}. */
export const ESCAPE_CASES: readonly HostileCase[] = [
  // require: the module's own scripts, nothing else.
  {
    name: 'requires nothing but its own scripts: no built-in, no package, no file outside',
    source: `const specifiers = ['fs', 'node:fs', 'child_process', 'ses', '/etc/passwd', '../x.js',
  './../../etc/passwd', './module.json', './sheets/character', 'https://example.com/x.js',
  '.\\rules.js', './/rules.js', 42, { toString: () => './rules.js' }];
exports.derive = () => ({
  loaded: specifiers.filter((specifier) => {
    try { require(specifier); return true; } catch { return false; }
  }).map(String),
  itself: typeof require('./rules.js'),
});`,
    call: DERIVE,
    expect: { value: { loaded: [], itself: 'object' } },
  },
  {
    name: 'gets no function constructor from require',
    source: derive(`const tries = [
  () => require.constructor('return this')(),
  () => Reflect.getPrototypeOf(require).constructor('return this')(),
  () => require.call.constructor('return process')(),
];
return { escaped: tries.filter((attempt) => { try { attempt(); return true; } catch { return false; } }).length, frozen: Object.isFrozen(require) };`),
    call: DERIVE,
    expect: { value: { escaped: 0, frozen: true } },
  },
  // Host globals.
  {
    name: 'finds none of the host globals in its scope',
    source: `const names = ${JSON.stringify(HOST_NAMES)};
exports.derive = () => ({ present: names.filter((name) => (0, eval)('typeof ' + name) !== 'undefined') });`,
    call: DERIVE,
    expect: { value: { present: [] } },
  },
  {
    name: 'finds nothing on globalThis beyond the standard library, harden and its exports',
    source: `const allowed = new Set(${JSON.stringify(STANDARD_GLOBALS)});
exports.derive = () => ({
  unexpected: Reflect.ownKeys(globalThis).filter((key) => typeof key === 'string' && !allowed.has(key)),
});`,
    call: DERIVE,
    expect: { value: { unexpected: [] } },
  },
  {
    name: 'reaches no host object by walking everything it can reach',
    source: WALK,
    call: DERIVE_SEEDED,
    expect: { value: { found: [], walked: true } },
  },
  {
    name: 'finds only its exports on the module object',
    source: derive(
      `return { keys: Object.keys(module), sameExports: module.exports === exports };`,
    ),
    call: DERIVE,
    expect: { value: { keys: ['exports'], sameExports: true } },
  },

  // The function constructors, from every place a module can reach them.
  {
    name: 'escapes through the Function constructor',
    source: `exports.derive = () => ({ r: (function () {}).constructor('return typeof process')() });`,
    call: DERIVE,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through the AsyncFunction constructor',
    source: derive(`return { r: String((async function () {}).constructor('return process')()) };`),
    call: DERIVE,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through the GeneratorFunction constructor',
    source: derive(
      `return { r: String((function* () {}).constructor('yield process')().next()) };`,
    ),
    call: DERIVE,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through the AsyncGeneratorFunction constructor',
    source: derive(`return { r: String((async function* () {}).constructor('yield process')()) };`),
    call: DERIVE,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through ctx.dice.roll.constructor',
    source: derive(`return { r: ctx.dice.roll.constructor('return typeof process')() };`),
    call: DERIVE_SEEDED,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through ctx.log.constructor',
    source: derive(`return { r: ctx.log.constructor('return typeof process')() };`),
    call: DERIVE,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'escapes through the constructor of an error ctx.dice threw',
    source: derive(`try {
    ctx.dice.roll('bad');
  } catch (error) {
    return { r: error.constructor.constructor('return typeof process')() };
  }
  return { r: 'ctx.dice.roll did not throw' };`),
    call: DERIVE_SEEDED,
    expect: NOT_A_CONSTRUCTOR,
  },
  {
    name: 'runs the global Function and indirect eval in its own compartment only',
    source: derive(`return {
    fromFunction: Function('return typeof process')(),
    functionThis: typeof Function('return this')(),
    fromEval: (0, eval)('typeof process'),
    evalGlobal: (0, eval)('this') === globalThis,
  };`),
    call: DERIVE,
    expect: {
      value: {
        fromFunction: 'undefined',
        functionThis: 'undefined',
        fromEval: 'undefined',
        evalGlobal: true,
      },
    },
  },
  {
    name: 'uses direct eval',
    source: derive(`return { r: eval('typeof process') };`),
    expect: { load: 'MODULE_LOAD_ERROR', message: 'SES_EVAL_REJECTED' },
  },

  // Dynamic import and HTML comments, which SES refuses even where they would be harmless.
  {
    name: 'imports a host module dynamically',
    source: `exports.derive = () => import('node:fs');`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'SES_IMPORT_REJECTED' },
  },
  {
    name: 'assembles a dynamic import at run time',
    source: derive(`return { r: (0, eval)('imp' + 'ort("node:fs")') };`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'SES_IMPORT_REJECTED' },
  },
  {
    name: 'hides a dynamic import in the Function constructor',
    source: derive(`return { r: Function('return imp' + 'ort("node:fs")')() };`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'SES_IMPORT_REJECTED' },
  },
  {
    name: 'opens an HTML comment',
    source: `exports.derive = () => ({}); <!-- a comment to some parsers, code to others`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'SES_HTML_COMMENT_REJECTED' },
  },
  {
    name: 'closes an HTML comment',
    source: `exports.derive = () => ({});\n--> a comment to some parsers, code to others`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'SES_HTML_COMMENT_REJECTED' },
  },
  {
    name: 'assembles an HTML comment at run time',
    source: derive(`return { r: (0, eval)('1 <' + '!-- 2') };`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'SES_HTML_COMMENT_REJECTED' },
  },

  // Stack walking and stack traces.
  {
    name: 'walks the stack with arguments.callee.caller',
    source: `exports.derive = function () { return { caller: String(arguments.callee.caller) }; };`,
    call: DERIVE,
    expect: {
      code: 'MODULE_ERROR',
      message: "'caller', 'callee', and 'arguments' properties may not be accessed",
    },
  },
  {
    name: 'reads the caller and arguments of its own hook',
    source: `exports.derive = function derive() {
  return { caller: String(derive.caller), arguments: String(derive.arguments) };
};`,
    call: DERIVE,
    expect: { value: { caller: 'undefined', arguments: 'undefined' } },
  },
  {
    name: 'installs Error.prepareStackTrace to get call sites',
    source: derive(`let called = false;
  Error.prepareStackTrace = (error, sites) => {
    called = true;
    return sites;
  };
  const stack = new Error('x').stack;
  return { called, stack: typeof stack === 'string' ? stack : 'not a string' };`),
    call: DERIVE,
    expect: { value: { called: false, stack: '' } },
  },
  {
    name: 'puts every stack it can reach into its error message',
    source: STACKS,
    call: DERIVE_SEEDED,
    expect: { code: 'MODULE_ERROR', message: 'stacks: [] [] [] [] []' },
  },

  // SES's own powers.
  {
    name: 'calls lockdown again',
    source: derive(`lockdown();\n  return {};`),
    call: DERIVE,
    // Safe error taming: the message says where the first lockdown ran without a stack or path.
    expect: {
      code: 'MODULE_ERROR',
      message: 'Already locked down at (a TypeError) (SES_ALREADY_LOCKED_DOWN)',
    },
  },
  {
    name: 'hardens what it was given and looks for Compartment',
    source: derive(`return {
    compartment: typeof Compartment,
    ctxHardened: harden(ctx) === ctx && Object.isFrozen(ctx.dice),
    objectPrototypeFrozen: harden(Object.prototype) === Object.prototype && Object.isFrozen(Object.prototype),
  };`),
    call: DERIVE,
    expect: { value: { compartment: 'undefined', ctxHardened: true, objectPrototypeFrozen: true } },
  },

  // Tampering with what every module of the worker shares.
  {
    name: 'pollutes Object.prototype',
    source: derive(`Object.prototype.polluted = true;\n  return {};`),
    call: DERIVE,
    expect: {
      code: 'MODULE_ERROR',
      message: 'Cannot add property polluted, object is not extensible',
    },
  },
  {
    name: 'replaces Array.prototype.push',
    source: derive(`Array.prototype.push = () => 0;\n  return {};`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: "Cannot assign to read only property 'push'" },
  },
  {
    name: 'pollutes through the prototype of its argument',
    source: derive(`actor.__proto__.polluted = true;\n  return {};`),
    call: { hook: 'derive', args: [{ name: 'Ayla' }] },
    expect: {
      code: 'MODULE_ERROR',
      message: 'Cannot add property polluted, object is not extensible',
    },
  },
  {
    name: 'tries to change shared intrinsics without throwing',
    source: QUIET_TAMPERING,
    call: DERIVE,
    expect: { value: { changed: [] } },
  },
];
