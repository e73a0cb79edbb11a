/**
 * Hostile cases that spend what the worker has: time, memory, stack, the microtask queue. The
 * ones that end the worker (`killsWorker`) get a sandbox of their own from every runner.
 */
import type { HostileCase } from '../hostileModules';

/** A rules.js whose `derive(actor, ctx)` runs `body`. */
const derive = (body: string) => `exports.derive = (actor, ctx) => {\n${body}\n};`;

/** A budget short enough to keep the suite quick; these calls never finish on their own. */
const SPIN_BUDGET_MS = 200;
const SPIN = { hook: 'derive', args: [{}], timeoutMs: SPIN_BUDGET_MS } as const;
const TIMED_OUT = {
  code: 'MODULE_TIMEOUT',
  message: `past its budget of ${SPIN_BUDGET_MS} ms`,
} as const;
/** The load budget the sandbox gives a module's top-level code by default. */
const LOAD_TIMED_OUT = {
  load: 'MODULE_TIMEOUT',
  message: 'loading ran past its budget of 2000 ms',
} as const;
/**
 * Long enough for the worker to reach its heap limit (256 MB in Node) many times over; a browser,
 * where a worker has no heap limit, spends all of it.
 */
const BOMB_BUDGET_MS = 15_000;
/** For calls that end on their own: a budget they cannot run into, however busy the machine. */
const DERIVE_LONG = { hook: 'derive', args: [{}], timeoutMs: 5000 } as const;

/** See {@link HostileCase}. */
export const RESOURCE_CASES: readonly HostileCase[] = [
  // Time.
  {
    name: 'spins forever',
    source: `exports.derive = () => { for (;;) {} };`,
    call: SPIN,
    expect: TIMED_OUT,
    killsWorker: true,
  },
  {
    name: 'spins forever at load',
    source: `for (;;) {}\nexports.derive = () => ({});`,
    expect: LOAD_TIMED_OUT,
    killsWorker: true,
  },
  {
    name: 'floods the microtask queue',
    // The callback returns nothing, so no promise chain builds up: the flood holds no memory and
    // can only end by the watchdog (a chain would race the heap limit against the budget).
    source: derive(`const again = () => { Promise.resolve().then(again); };
  again();
  return { ok: true };`),
    call: SPIN,
    // Its reply waits for a macrotask that never comes: the call does not end with its hook.
    expect: TIMED_OUT,
    killsWorker: true,
  },
  {
    name: 'floods the microtask queue at load',
    source: `const again = () => { Promise.resolve().then(again); };\nagain();\nexports.derive = () => ({});`,
    expect: LOAD_TIMED_OUT,
    killsWorker: true,
  },
  {
    name: 'backtracks through a regular expression forever',
    source: derive(`return { match: /^(a+)+$/.test('a'.repeat(100) + '!') };`),
    call: SPIN,
    expect: TIMED_OUT,
    killsWorker: true,
  },
  {
    name: 'returns a Proxy whose trap never returns',
    source: derive(`return new Proxy({}, { ownKeys() { for (;;) {} } });`),
    call: SPIN,
    expect: TIMED_OUT,
    killsWorker: true,
  },

  // Memory.
  {
    name: 'holds half a gigabyte of arrays, then spins',
    // A bounded bomb: 512 arrays of 128 Ki numbers are 512 MB in Node (8 bytes each), twice its
    // worker's heap limit; in Chromium (4 bytes each, with pointer compression) they fit, and the
    // spin ends by the budget. Either way the outcome does not depend on how fast memory fills.
    source: derive(`const hoard = [];
  for (let i = 0; i < 512; i++) hoard.push(new Array(128 * 1024).fill(i));
  for (;;) {}`),
    call: { hook: 'derive', args: [{}], timeoutMs: BOMB_BUDGET_MS },
    expect: { code: 'MODULE_OUT_OF_MEMORY', message: 'the module ran out of memory' },
    expectBrowser: { code: 'MODULE_TIMEOUT', message: `past its budget of ${BOMB_BUDGET_MS} ms` },
    killsWorker: true,
  },
  {
    name: 'doubles a string until it cannot',
    // Doubling makes a rope, not a copy: the engine refuses the length long before memory runs out.
    source: derive(`let text = 'x';
  for (;;) text += text;`),
    call: DERIVE_LONG,
    expect: { code: 'MODULE_ERROR', message: 'RangeError: Invalid string length' },
  },
  {
    name: 'compiles megabytes of source at run time',
    // The parser's memory is outside the heap limit, and a long parse does not stop when the
    // worker is told to: eval and Function take no more source than an entry may have.
    source: derive(`return { list: (0, eval)('[' + '[1],'.repeat(10000000) + ']') };`),
    call: DERIVE_LONG,
    expect: {
      code: 'MODULE_ERROR',
      message: 'eval and Function take at most 2097152 characters of source',
    },
  },

  // Stack.
  {
    name: 'recurses without end',
    source: derive(`const down = (depth) => down(depth + 1) + 1;
  return { depth: down(0) };`),
    call: DERIVE_LONG,
    expect: { code: 'MODULE_ERROR', message: 'RangeError: Maximum call stack size exceeded' },
  },
];
