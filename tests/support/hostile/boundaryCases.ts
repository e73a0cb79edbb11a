/**
 * Hostile cases at the module's edges: what it exports, the arguments and ctx it is handed, its
 * globals after load, and what it throws.
 */
import type { HostileCase } from '../hostileModules';

/** A rules.js whose `derive(actor, ctx)` runs `body`. */
const derive = (body: string) => `exports.derive = (actor, ctx) => {\n${body}\n};`;
/** A rules.js whose `validate(intent, state, ctx)` runs `body`. */
const validate = (body: string) => `exports.validate = (intent, state, ctx) => {\n${body}\n};`;

const DERIVE = { hook: 'derive', args: [{}] } as const;
const DERIVE_SEEDED = { hook: 'derive', args: [{}], seed: '00' } as const;
/** A move and the table it would change: the host's copy must come back unchanged. */
const VALIDATE_MOVE = {
  hook: 'validate',
  args: [
    { kind: 'move', payload: { token: 't1', to: [3, 4] } },
    {
      actors: { a1: { hp: 10, conditions: ['prone', 'blinded'] } },
      tokens: { t1: { at: [0, 0] } },
    },
  ],
} as const;

/** Every way of changing its arguments that reports failure instead of throwing, and a few that throw. */
const CHANGE_ARGUMENTS = validate(`
  const changed = [];
  const attempt = (name, change) => {
    try {
      if (change() !== false) changed.push(name);
    } catch {}
  };
  const actor = state.actors.a1;
  attempt('set', () => Reflect.set(actor, 'hp', 0));
  attempt('add', () => Reflect.set(actor, 'dead', true));
  attempt('delete', () => Reflect.deleteProperty(state.actors, 'a1'));
  attempt('define', () => Reflect.defineProperty(state, 'scenes', { value: {} }));
  attempt('prototype', () => Reflect.setPrototypeOf(intent, null));
  attempt('length', () => Reflect.set(actor.conditions, 'length', 0));
  attempt('push', () => { actor.conditions.push('dead'); });
  attempt('sort', () => { actor.conditions.sort(); });
  attempt('assign', () => { Object.assign(intent.payload, { to: [99, 99] }); });
  attempt('nested', () => { state.tokens.t1.at[0] = 99; });
  return changed.length === 0 ? { ok: true } : { ok: false, reason: changed.join(', ') };`);

const LOG_LINE = 'x'.repeat(1000);

/** See {@link HostileCase}. */
export const BOUNDARY_CASES: readonly HostileCase[] = [
  // Exports.
  {
    name: 'exports something that is not a hook',
    source: `exports.derive = () => ({});\nexports.steal = () => 1;`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'exports.steal is not a hook' },
  },
  {
    name: 'replaces module.exports with a function',
    source: `module.exports = () => ({});`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'module.exports must be an object of hooks' },
  },
  {
    name: 'exports a hook that is not a function',
    source: `exports.derive = { hp: 1 };`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'exports.derive must be a function' },
  },
  {
    name: 'exports an object whose keys cannot be read',
    source: `module.exports = new Proxy({}, { ownKeys() { throw new Error('no keys for you'); } });`,
    expect: { load: 'MODULE_LOAD_ERROR', message: 'no keys for you' },
  },
  {
    name: 'exports a chat command with a name that is not one',
    source: `exports.commands = { 'Give Gold': () => ({ message: 'done' }) };`,
    expect: { load: 'MODULE_LOAD_ERROR', message: '"Give Gold" is not a command name' },
  },
  {
    name: 'replaces its own hook after load',
    source: derive(`exports.derive = () => ({ replaced: true });\n  return {};`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: "Cannot assign to read only property 'derive'" },
  },

  // Globals after load: frozen, so nothing is kept in them from one call to the next.
  {
    name: 'writes a global during a call',
    source: derive(`globalThis.cache = { calls: 1 };\n  return {};`),
    call: DERIVE,
    expect: {
      code: 'MODULE_ERROR',
      message: 'Cannot add property cache, object is not extensible',
    },
  },
  {
    // The global object is frozen before the module's code runs: not even its top-level code
    // can put state there.
    name: 'counts calls in a global it sets at load',
    source: `globalThis.calls = 0;\nexports.derive = () => ({ calls: ++globalThis.calls });`,
    call: DERIVE,
    expect: {
      load: 'MODULE_LOAD_ERROR',
      message: 'Cannot add property calls, object is not extensible',
    },
  },

  // The state it is handed.
  {
    name: 'assigns to the state it was given',
    source: validate(`state.actors.a1.hp = 0;\n  return { ok: true };`),
    call: VALIDATE_MOVE,
    expect: { code: 'MODULE_ERROR', message: "Cannot assign to read only property 'hp'" },
  },
  {
    name: 'tries every way to change its arguments',
    source: CHANGE_ARGUMENTS,
    call: VALIDATE_MOVE,
    expect: { value: { ok: true } },
  },

  // ctx.
  {
    name: 'finds only dice and log on a frozen ctx',
    source: derive(`return {
    ctx: Reflect.ownKeys(ctx).map(String).sort(),
    dice: Reflect.ownKeys(ctx.dice).map(String).sort(),
    frozen: Object.isFrozen(ctx) && Object.isFrozen(ctx.dice) && Object.isFrozen(ctx.dice.roll),
    replaced: Reflect.set(ctx.dice, 'roll', () => ({ total: 20 })),
  };`),
    call: DERIVE,
    expect: {
      value: { ctx: ['dice', 'log'], dice: ['die', 'pool', 'roll'], frozen: true, replaced: false },
    },
  },
  {
    name: 'hands ctx objects that would run code when coerced',
    source: derive(`let coerced = false;
  const trap = {
    valueOf() { coerced = true; return 6; },
    toString() { coerced = true; return '1d6'; },
    [Symbol.toPrimitive]() { coerced = true; return 6; },
  };
  const errors = [];
  for (const use of [() => ctx.dice.die(trap), () => ctx.dice.roll(trap), () => ctx.dice.pool(trap, trap), () => ctx.log(trap)]) {
    try {
      use();
    } catch (error) {
      errors.push(error.name);
    }
  }
  return { coerced, errors };`),
    call: DERIVE_SEEDED,
    expect: { value: { coerced: false, errors: ['RangeError', 'TypeError', 'RangeError'] } },
    logs: ['[not printable]'],
    draws: 0,
  },
  {
    name: 'uses ctx in a microtask after its call returned',
    source: derive(`Promise.resolve().then(() => {
    try { ctx.log('after the call'); } catch {}
    try { ctx.dice.die(6); } catch {}
  });
  ctx.log('during the call');
  ctx.dice.die(6);
  return { ok: true };`),
    call: DERIVE_SEEDED,
    expect: { value: { ok: true } },
    logs: ['during the call'],
    draws: 1,
  },
  {
    name: 'uses ctx in a Proxy trap of its result, which runs after the call',
    source: derive(`return new Proxy({}, { ownKeys() { ctx.dice.die(6); return []; } });`),
    call: DERIVE_SEEDED,
    expect: {
      code: 'MODULE_INVALID_OUTPUT',
      message: 'ctx.dice.die can only be used during a hook call',
    },
    draws: 0,
  },
  {
    name: 'rolls without a seed',
    source: derive(`return { total: ctx.dice.die(20) };`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'this call has no dice seed' },
  },
  {
    name: 'draws more dice than a call may',
    source: derive(`for (let i = 0; i < 20000; i++) ctx.dice.die(6);\n  return {};`),
    call: DERIVE_SEEDED,
    expect: { code: 'MODULE_ERROR', message: 'a call may draw at most 10000 dice' },
    draws: 10_000,
  },
  {
    name: 'asks for a pool of a billion dice',
    source: derive(`return { faces: ctx.dice.pool(1e9, 6) };`),
    call: DERIVE_SEEDED,
    expect: {
      code: 'MODULE_ERROR',
      message: 'ctx.dice.pool: count must be a whole number from 0 to 1000',
    },
    draws: 0,
  },
  {
    name: 'logs far more than a call keeps',
    source: derive(`const line = 'x'.repeat(100000);
  for (let i = 0; i < 1000; i++) ctx.log(line);
  return { ok: true };`),
    call: DERIVE,
    expect: { value: { ok: true } },
    logs: [...Array<string>(50).fill(`${LOG_LINE}…`), '… 950 more log lines were not kept'],
  },
  {
    name: 'logs values that cannot be printed',
    source: derive(`ctx.log({ get secret() { throw new Error('read me'); } });
  ctx.log(new Proxy({}, { ownKeys() { throw new Error('no keys'); } }));
  ctx.log(Symbol('s'), 1n);
  ctx.log('plain', 1, { list: [2] }, undefined, null);
  return {};`),
    call: DERIVE,
    expect: { value: {} },
    logs: [
      '[not printable]',
      '[not printable]',
      '[not printable] [not printable]',
      'plain 1 {"list":[2]} undefined null',
    ],
  },

  // What it throws.
  {
    name: 'throws a Proxy whose getPrototypeOf trap throws',
    source: derive(`throw new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } });`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'the module threw an object that is not an Error' },
  },
  {
    name: 'throws Proxies whose every trap throws another',
    source:
      derive(`const bad = () => new Proxy({}, { getPrototypeOf() { throw bad(); }, get() { throw bad(); } });
  throw bad();`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: 'the module threw a value that could not be read' },
  },
  {
    name: 'throws at load a Proxy whose getPrototypeOf trap throws',
    source: `throw new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } });`,
    expect: {
      load: 'MODULE_LOAD_ERROR',
      message: 'the module threw an object that is not an Error',
    },
  },
  {
    name: 'throws an error whose message getter uses ctx',
    source: derive(`throw { get message() { return 'rolled ' + ctx.dice.die(6); } };`),
    call: DERIVE_SEEDED,
    expect: { code: 'MODULE_ERROR', message: 'the module threw a value that could not be read' },
    draws: 0,
  },
  {
    name: 'throws a message of a hundred thousand characters',
    source: derive(`throw new Error('x'.repeat(100000));`),
    call: DERIVE,
    expect: { code: 'MODULE_ERROR', message: `${'x'.repeat(2000)}…` },
  },
];
