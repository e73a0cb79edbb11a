/**
 * The host against real worker threads: calls, the watchdog, restarts, disabling, memory limits.
 * (The hostile-module suite in tests/integration covers what modules try; this covers the host.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createModuleBundle, moduleFilesFromText } from '../moduleFiles';
import { nodeWorkerLauncher } from '../node/nodeWorkerLauncher';
import { Sandbox, type SandboxOptions } from './Sandbox';

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const sandbox of sandboxes.splice(0)) sandbox.close();
});

function newSandbox(options: Partial<SandboxOptions> = {}): Sandbox {
  const sandbox = new Sandbox({ launch: nodeWorkerLauncher(), ...options });
  sandboxes.push(sandbox);
  return sandbox;
}

function bundle(source: string, id = 'demo', extra: Record<string, unknown> = {}) {
  const manifest = { id, name: id, version: '1.0.0', api: 1, entry: 'rules.js', ...extra };
  return createModuleBundle(
    moduleFilesFromText({ 'module.json': JSON.stringify(manifest), 'rules.js': source }),
  );
}

const RULES = `
exports.validate = (intent, state) =>
  intent.steps <= state.speed ? { ok: true } : { ok: false, reason: 'too far' };
exports.roll = (request, ctx) => {
  const result = ctx.dice.roll(request.notation);
  ctx.log('rolled', result.total);
  return { total: result.total, text: result.text, extra: ctx.dice.die(6) };
};
exports.derive = (actor) => { if (actor.spin) for (;;) {} return { level: actor.xp >= 300 ? 2 : 1 }; };
exports.apply = (intent, state) => { state.hp = 0; return []; };
exports.commands = {
  hello: { description: 'Says hello', run: (input) => ({ message: 'hello ' + input }) },
  bare: () => ({ message: 'bare' }),
};
`;

// Each test starts workers (about 0.3 s each, more on a busy machine), some of them several.
describe('Sandbox', { timeout: 60_000 }, () => {
  it('runs hooks and checks their results', async () => {
    const rules = await newSandbox().load(bundle(RULES));
    expect([...rules.hooks].sort()).toEqual(['apply', 'command', 'derive', 'roll', 'validate']);
    expect(rules.commands).toEqual([
      { name: 'hello', description: 'Says hello' },
      { name: 'bare', description: '' },
    ]);
    expect(await rules.call('validate', [{ steps: 3 }, { speed: 6 }])).toEqual({
      ok: true,
      value: { ok: true },
      draws: [],
      logs: [],
    });
    const far = await rules.call('validate', [{ steps: 9 }, { speed: 6 }]);
    expect(far.ok && far.value).toEqual({ ok: false, reason: 'too far' });
    const hello = await rules.call('command', ['hello', 'table']);
    expect(hello.ok && hello.value).toEqual({ message: 'hello table' });
  });

  it('gives every peer the same dice for the same seed, and records each draw', async () => {
    const seed = '42'.repeat(32);
    const first = await (await newSandbox().load(bundle(RULES))).call(
      'roll',
      [{ notation: '4d6kh3' }],
      { seed },
    );
    const second = await (await newSandbox().load(bundle(RULES))).call(
      'roll',
      [{ notation: '4d6kh3' }],
      {
        seed: Uint8Array.from(Buffer.from(seed, 'hex')),
      },
    );
    expect(second).toEqual(first);
    if (!first.ok) throw first.error;
    expect(first.draws).toHaveLength(5); // four for 4d6kh3, one for ctx.dice.die(6)
    expect(
      first.draws.every((draw) => draw.sides === 6 && draw.value >= 1 && draw.value <= 6),
    ).toBe(true);
    expect(first.logs).toEqual([`rolled ${first.value.total}`]);
  });

  it('refuses a roll without a seed, with the module error', async () => {
    const outcome = await (await newSandbox().load(bundle(RULES))).call('roll', [
      { notation: '1d20' },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('MODULE_ERROR');
    expect(outcome.error.message).toContain('no dice seed');
  });

  it('refuses calls it cannot make before they reach the worker', async () => {
    const rules = await newSandbox().load(bundle(RULES));
    const code = async (promise: Promise<{ ok: boolean; error?: { code: string } }>) =>
      (await promise).error?.code;
    expect(await code(rules.call('initiative', [{}]))).toBe('MODULE_NO_SUCH_HOOK');
    expect(await code(rules.call('command', ['missing', '']))).toBe('MODULE_NO_SUCH_HOOK');
    expect(await code(rules.call('validate', [{}] as never))).toBe('MODULE_INVALID_ARGS');
    expect(await code(rules.call('derive', [{ n: 1n }]))).toBe('MODULE_INVALID_ARGS');
    expect(await code(rules.call('derive', [{}], { seed: 'not hex' }))).toBe('MODULE_INVALID_ARGS');
    expect(await code(rules.call('derive', [{}], { timeoutMs: 0 }))).toBe('MODULE_INVALID_ARGS');
  });

  it('hands the module frozen copies of its arguments', async () => {
    const rules = await newSandbox().load(bundle(RULES));
    const state = { hp: 10 };
    const outcome = await rules.call('apply', [{}, state]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('MODULE_ERROR');
    expect(state.hp).toBe(10);
  });

  it('reports a result that breaks the hook schema, naming the field', async () => {
    const rules = await newSandbox().load(bundle(`exports.validate = () => ({ ok: false });`));
    const outcome = await rules.call('validate', [{}, {}]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('MODULE_INVALID_OUTPUT');
      expect(outcome.error.message).toContain('demo@1.0.0 validate');
    }
  });

  it('ends a runaway call, restarts the worker and reloads the module for the next call', async () => {
    const sandbox = newSandbox();
    const rules = await sandbox.load(bundle(RULES));
    const spin = await rules.call('derive', [{ spin: true }], { timeoutMs: 100 });
    expect(spin.ok).toBe(false);
    if (!spin.ok) {
      expect(spin.error.code).toBe('MODULE_TIMEOUT');
      expect(spin.error.message).toBe(
        'demo@1.0.0 derive ran past its budget of 100 ms; the worker was stopped',
      );
    }
    expect(sandbox.restarts).toBe(1);
    const next = await rules.call('derive', [{ xp: 300 }]);
    expect(next.ok && next.value).toEqual({ level: 2 });
  });

  it('runs the calls queued behind a runaway call in the fresh worker', async () => {
    const rules = await newSandbox().load(bundle(RULES));
    const spin = rules.call('derive', [{ spin: true }], { timeoutMs: 100 });
    const behind = Array.from({ length: 20 }, (_, xp) => rules.call('derive', [{ xp: xp * 100 }]));
    expect((await spin).ok).toBe(false);
    const results = await Promise.all(behind);
    expect(results.map((outcome) => outcome.ok && outcome.value)).toEqual(
      Array.from({ length: 20 }, (_, xp) => ({ level: xp >= 3 ? 2 : 1 })),
    );
  });

  it('never blames a call for the runaway call behind it', async () => {
    const sandbox = newSandbox();
    const good = await sandbox.load(bundle(RULES, 'good'));
    const bad = await sandbox.load(bundle(RULES, 'bad'));
    // Both in flight at once: the good call's reply must leave before the bad call starts.
    for (let round = 0; round < 3; round++) {
      const [fine, spin] = await Promise.all([
        good.call('derive', [{ xp: 0 }]),
        bad.call('derive', [{ spin: true }], { timeoutMs: 100 }),
      ]);
      expect(fine.ok && fine.value).toEqual({ level: 1 });
      expect(!spin.ok && spin.error.code).toBe('MODULE_TIMEOUT');
    }
    expect(good.disabled).toBeNull();
    expect(bad.disabled?.code).toBe('MODULE_DISABLED');
  });

  it('disables a module that fails three times in a row, and only that module', async () => {
    const sandbox = newSandbox();
    const rules = await sandbox.load(bundle(RULES));
    const other = await sandbox.load(bundle(`exports.derive = () => ({ fine: true });`, 'other'));
    const spin = () => rules.call('derive', [{ spin: true }], { timeoutMs: 50 });
    await spin();
    await spin();
    // A call that comes through ends the run of failures.
    expect((await rules.call('derive', [{ xp: 0 }])).ok).toBe(true);
    await spin();
    await spin();
    expect(rules.disabled).toBeNull();
    const third = await spin();
    expect(!third.ok && third.error.code).toBe('MODULE_TIMEOUT');
    expect(rules.disabled?.code).toBe('MODULE_DISABLED');
    const after = await rules.call('derive', [{ xp: 0 }]);
    expect(after.ok).toBe(false);
    if (!after.ok) {
      expect(after.error.code).toBe('MODULE_DISABLED');
      expect(after.error.message).toMatch(
        /demo@1\.0\.0 was disabled after 3 failures in a row \(the last: MODULE_TIMEOUT/,
      );
    }
    const fine = await other.call('derive', [{}]);
    expect(fine.ok && fine.value).toEqual({ fine: true });
  });

  it('reports a module that exhausts the heap as out of memory', async () => {
    const sandbox = newSandbox({ launch: nodeWorkerLauncher({ maxHeapMb: 64 }) });
    const bomb = await sandbox.load(
      bundle(
        `exports.derive = () => { const keep = []; for (;;) keep.push(new Array(100000).fill(keep.length)); };`,
      ),
    );
    const outcome = await bomb.call('derive', [{}], { timeoutMs: 30_000 });
    expect(!outcome.ok && outcome.error.code).toBe('MODULE_OUT_OF_MEMORY');
    const again = await (
      await sandbox.load(bundle(`exports.derive = () => ({ ok: 1 });`, 'next'))
    ).call('derive', [{}]);
    expect(again.ok).toBe(true);
  });

  it('fails a load whose entry throws, is refused by SES, or spins', async () => {
    const sandbox = newSandbox({ loadTimeoutMs: 200 });
    await expect(sandbox.load(bundle(`throw new TypeError('bad module');`))).rejects.toMatchObject({
      code: 'MODULE_LOAD_ERROR',
      message: 'demo@1.0.0: TypeError: bad module',
    });
    await expect(sandbox.load(bundle(`exports.derive = (a) => a <!-- b;`))).rejects.toMatchObject({
      code: 'MODULE_LOAD_ERROR',
    });
    await expect(sandbox.load(bundle(`for (;;) {}`))).rejects.toMatchObject({
      code: 'MODULE_TIMEOUT',
    });
    await expect(sandbox.load(bundle(`exports.helper = () => 1;`))).rejects.toMatchObject({
      code: 'MODULE_LOAD_ERROR',
      message: expect.stringContaining('exports.helper is not a hook'),
    });
    const fine = await sandbox.load(bundle(`exports.derive = () => ({})`));
    expect((await fine.call('derive', [{}])).ok).toBe(true);
  });

  it('fails pending and later calls once closed or unloaded', async () => {
    const sandbox = newSandbox();
    const rules = await sandbox.load(bundle(RULES));
    const other = await sandbox.load(bundle(RULES, 'other'));
    other.unload();
    expect((await other.call('derive', [{}])).ok).toBe(false);
    const pending = rules.call('derive', [{ spin: true }], { timeoutMs: 10_000 });
    sandbox.close();
    const outcome = await pending;
    expect(!outcome.ok && outcome.error.code).toBe('SANDBOX_CLOSED');
    const later = await rules.call('derive', [{}]);
    expect(!later.ok && later.error.code).toBe('SANDBOX_CLOSED');
    await expect(sandbox.load(bundle(RULES))).rejects.toMatchObject({ code: 'SANDBOX_CLOSED' });
  });
});
