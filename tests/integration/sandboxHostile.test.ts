/**
 * The hostile-module suite in Node, on real worker threads: every case of
 * tests/support/hostileModules.ts must end exactly as it says. Cases that leave the worker
 * running share one sandbox (and must leave it running); cases that end the worker get a sandbox
 * of their own, with a bystander module that must keep answering once the worker is replaced.
 * Then: a sandbox serves calls again after each kind of worker death, and a module that ends its
 * worker three times in a row is disabled.
 */
import { fileURLToPath } from 'node:url';
import {
  type CallOutcome,
  createModuleBundle,
  type HookName,
  moduleFilesFromText,
  Sandbox,
  SandboxError,
  type SandboxModule,
  type WorkerExit,
  type WorkerLauncher,
  type WorkerLink,
} from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE_CASES,
  HOSTILE_SEQUENCES,
  type HostileCall,
  type HostileCase,
  type HostileExpectation,
} from '../support/hostileModules';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What would show that a message carries a host stack or path. */
const HOST_PATH_MARKERS = [REPO_ROOT, 'node_modules', 'file://', '.ts:', '.mjs'];

/**
 * The budget of calls whose case sets none. No expectation here depends on time; the default of
 * 250 ms would only add a chance of a spurious timeout on a busy two-core machine.
 */
const RELAXED_BUDGET_MS = 5000;

/** A healthy module that shares a sandbox with a case that ends the worker. */
const BYSTANDER = `exports.derive = (actor) => ({ hp: actor.level * 8 });`;

/** How a case ended, in the shape its expectation describes. */
type Ended =
  | { readonly load: { readonly code: string; readonly message: string } }
  | CallOutcome<HookName>;

function bundle(source: string, id = 'hostile') {
  const manifest = { id, name: 'Hostile', version: '1.0.0', api: 1, entry: 'rules.js' };
  return createModuleBundle(
    moduleFilesFromText({ 'module.json': JSON.stringify(manifest), 'rules.js': source }),
  );
}

/** Loads `source`; a load that fails is an outcome, not an exception. */
async function load(
  sandbox: Sandbox,
  source: string,
): Promise<{ module: SandboxModule } | { load: { code: string; message: string } }> {
  try {
    return { module: await sandbox.load(bundle(source)) };
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return { load: { code: error.code, message: error.message } };
  }
}

async function call(module: SandboxModule, request: HostileCall): Promise<CallOutcome<HookName>> {
  const args = request.args as Parameters<SandboxModule['call']>[1];
  const before = JSON.stringify(args);
  const outcome = await module.call(request.hook, args, {
    seed: request.seed,
    timeoutMs: request.timeoutMs ?? RELAXED_BUDGET_MS,
  });
  // The module was handed a copy: the host's arguments are as they were, whatever it tried.
  expect(JSON.stringify(args)).toBe(before);
  return outcome;
}

/** Loads the case's module, makes its call (when it has one), and unloads it. */
async function runCase(sandbox: Sandbox, hostile: HostileCase): Promise<Ended> {
  const loaded = await load(sandbox, hostile.source);
  if ('load' in loaded) return loaded;
  // A case that must fail to load but loads is shown by this call's outcome.
  const outcome = await call(loaded.module, hostile.call ?? { hook: 'derive', args: [{}] });
  loaded.module.unload();
  return outcome;
}

/** The outcome an expectation describes, with matchers for messages given in part. */
function expected(expectation: HostileExpectation): unknown {
  const message = (part: string | undefined) =>
    part === undefined ? expect.any(String) : expect.stringContaining(part);
  if ('load' in expectation)
    return { load: { code: expectation.load, message: message(expectation.message) } };
  if ('value' in expectation) return { ok: true, value: expectation.value };
  return { ok: false, error: { code: expectation.code, message: message(expectation.message) } };
}

/** The parts of an outcome an expectation speaks of. */
function ended(outcome: Ended): unknown {
  if ('load' in outcome) return outcome;
  if (outcome.ok) return { ok: true, value: outcome.value };
  return { ok: false, error: { code: outcome.error.code, message: outcome.error.message } };
}

function checkCase(hostile: HostileCase, outcome: Ended): void {
  expect(ended(outcome)).toStrictEqual(expected(hostile.expect));
  const texts =
    'load' in outcome
      ? [outcome.load.message]
      : [...outcome.logs, ...(outcome.ok ? [] : [outcome.error.message])];
  for (const text of texts) {
    for (const marker of HOST_PATH_MARKERS) expect(text).not.toContain(marker);
  }
  if (hostile.logs !== undefined) expect('logs' in outcome && outcome.logs).toEqual(hostile.logs);
  if (hostile.draws !== undefined) {
    expect('draws' in outcome && outcome.draws.length).toBe(hostile.draws);
  }
}

/**
 * A Node launcher whose current worker a test can crash: a `null` message throws in the worker's
 * own message handler, outside any module, and the thread dies of the uncaught error.
 */
function crashableLauncher(): { launch: WorkerLauncher; crash(): Promise<WorkerExit> } {
  const launch = nodeWorkerLauncher();
  let current: WorkerLink | undefined;
  let exited: ((exit: WorkerExit) => void) | undefined;
  return {
    launch: (events) => {
      const link = launch({
        message: events.message,
        exit: (exit) => {
          events.exit(exit);
          exited?.(exit);
        },
      });
      current = link;
      return link;
    },
    crash: () =>
      new Promise((resolve) => {
        if (current === undefined) throw new Error('no worker has started');
        exited = resolve;
        current.post(null as unknown as Parameters<WorkerLink['post']>[0]);
      }),
  };
}

function codeOf(outcome: CallOutcome<HookName>): string {
  return outcome.ok ? 'ok' : outcome.error.code;
}

async function bystanderAnswers(module: SandboxModule): Promise<void> {
  const outcome = await module.call('derive', [{ level: 3 }], { timeoutMs: RELAXED_BUDGET_MS });
  expect(ended(outcome)).toStrictEqual({ ok: true, value: { hp: 24 } });
}

describe('hostile modules in Node', () => {
  it('has at least 40 cases, each named once', () => {
    const names = HOSTILE_CASES.map((hostile) => hostile.name);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(new Set(names).size).toBe(names.length);
  });

  describe('cases that leave the worker running, in one shared sandbox', () => {
    let sandbox: Sandbox;
    beforeAll(() => {
      sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
    });
    afterAll(() => sandbox.close());

    for (const hostile of HOSTILE_CASES.filter((hostile) => hostile.killsWorker !== true)) {
      it(hostile.name, async () => {
        checkCase(hostile, await runCase(sandbox, hostile));
        // Still the first worker: the case did not end it (nor did any case before it).
        expect(sandbox.restarts).toBe(0);
      });
    }
  });

  describe('cases that end the worker, each in a sandbox of its own', () => {
    for (const hostile of HOSTILE_CASES.filter((hostile) => hostile.killsWorker === true)) {
      it(hostile.name, async () => {
        const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
        try {
          const bystander = await sandbox.load(bundle(BYSTANDER, 'bystander'));
          await bystanderAnswers(bystander);
          checkCase(hostile, await runCase(sandbox, hostile));
          expect(sandbox.restarts).toBe(1);
          // A fresh worker, with the bystander loaded into it again.
          await bystanderAnswers(bystander);
          expect(sandbox.restarts).toBe(1);
        } finally {
          sandbox.close();
        }
      });
    }
  });

  describe('sequences: tampering in one call or module, looked for in another', () => {
    for (const sequence of HOSTILE_SEQUENCES) {
      it(sequence.name, async () => {
        const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
        try {
          const modules: SandboxModule[] = [];
          for (const source of sequence.modules) modules.push(await sandbox.load(bundle(source)));
          for (const [index, step] of sequence.steps.entries()) {
            const module = modules[step.module];
            if (module === undefined) throw new Error(`step ${index} names no module`);
            const outcome = await call(module, step.call);
            expect(ended(outcome), `step ${index}`).toStrictEqual(expected(step.expect));
          }
          expect(sandbox.restarts).toBe(0);
        } finally {
          sandbox.close();
        }
      });
    }
  });

  describe('after the worker dies', () => {
    it('serves calls again after a timeout, running out of memory, a crash and a load that never ends', async () => {
      const launcher = crashableLauncher();
      const sandbox = new Sandbox({ launch: launcher.launch });
      try {
        const bystander = await sandbox.load(bundle(BYSTANDER, 'bystander'));
        const killer = await sandbox.load(
          bundle(
            `exports.derive = () => { for (;;) {} };
exports.initiative = () => {
  const hoard = [];
  for (;;) hoard.push(new Array(128 * 1024).fill(hoard.length));
};`,
            'killer',
          ),
        );
        await bystanderAnswers(bystander);

        const spun = await killer.call('derive', [{}], { timeoutMs: 200 });
        expect(ended(spun)).toMatchObject({ ok: false, error: { code: 'MODULE_TIMEOUT' } });
        expect(sandbox.restarts).toBe(1);
        await bystanderAnswers(bystander);

        const bombed = await killer.call('initiative', [{}], { timeoutMs: 30_000 });
        expect(ended(bombed)).toMatchObject({ ok: false, error: { code: 'MODULE_OUT_OF_MEMORY' } });
        expect(sandbox.restarts).toBe(2);
        await bystanderAnswers(bystander);

        const exit = await launcher.crash();
        expect(exit.code).toBe('MODULE_CRASHED');
        expect(sandbox.restarts).toBe(3);
        await bystanderAnswers(bystander);

        await expect(sandbox.load(bundle('for (;;) {}', 'never-loads'))).rejects.toMatchObject({
          code: 'MODULE_TIMEOUT',
        });
        expect(sandbox.restarts).toBe(4);
        await bystanderAnswers(bystander);

        // The killer was not disabled: a crash while no call ran is nobody's failure.
        expect(killer.disabled).toBeNull();
      } finally {
        sandbox.close();
      }
    });

    it('disables a module whose calls end the worker three times in a row', async () => {
      const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
      try {
        const bystander = await sandbox.load(bundle(BYSTANDER, 'bystander'));
        const killer = await sandbox.load(
          bundle(
            `exports.derive = () => { for (;;) {} };
exports.initiative = () => {
  const hoard = [];
  for (;;) hoard.push(new Array(128 * 1024).fill(hoard.length));
};
exports.roll = () => ({ total: 1 });`,
            'killer',
          ),
        );
        const codes = [
          codeOf(await killer.call('derive', [{}], { timeoutMs: 200 })),
          codeOf(await killer.call('initiative', [{}], { timeoutMs: 30_000 })),
          codeOf(await killer.call('derive', [{}], { timeoutMs: 200 })),
        ];
        expect(codes).toEqual(['MODULE_TIMEOUT', 'MODULE_OUT_OF_MEMORY', 'MODULE_TIMEOUT']);
        expect(killer.disabled?.code).toBe('MODULE_DISABLED');

        // Every hook is refused now, the harmless one too, without starting a worker.
        const refused = await killer.call('roll', [{}]);
        expect(ended(refused)).toStrictEqual({
          ok: false,
          error: {
            code: 'MODULE_DISABLED',
            message: expect.stringContaining('was disabled after 3 failures in a row'),
          },
        });
        expect(sandbox.restarts).toBe(3);
        // The other module runs on.
        await bystanderAnswers(bystander);
      } finally {
        sandbox.close();
      }
    });

    it('counts failures in a row only: a call that completes starts the count again', async () => {
      const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
      try {
        const module = await sandbox.load(
          bundle(`exports.derive = () => { for (;;) {} };\nexports.roll = () => ({ total: 1 });`),
        );
        const spin = () => module.call('derive', [{}], { timeoutMs: 200 });
        const codes: string[] = [];
        const roll = () => module.call('roll', [{}], { timeoutMs: RELAXED_BUDGET_MS });
        for (const next of [spin, spin, roll, spin, spin]) {
          codes.push(codeOf(await next()));
        }
        expect(codes).toEqual([
          'MODULE_TIMEOUT',
          'MODULE_TIMEOUT',
          'ok',
          'MODULE_TIMEOUT',
          'MODULE_TIMEOUT',
        ]);
        expect(module.disabled).toBeNull();
        expect(ended(await roll())).toStrictEqual({
          ok: true,
          value: { total: 1 },
        });
      } finally {
        sandbox.close();
      }
    });
  });

  describe('known holes, pinned until fixed (see the sandbox hostile-suite report)', () => {
    // Hooks are meant to be pure, and a module's global object is frozen before it loads, but what its
    // top-level code holds lives as long as its compartment: a call can see the calls before it
    // in the same worker (and not those before a restart), so peers can disagree.
    const twoCalls = async (source: string) => {
      const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
      try {
        const module = await sandbox.load(bundle(source));
        const values: unknown[] = [];
        for (let i = 0; i < 2; i++) {
          const outcome = await module.call('derive', [{}], { timeoutMs: RELAXED_BUDGET_MS });
          values.push(outcome.ok ? outcome.value : outcome.error.code);
        }
        return values;
      } finally {
        sandbox.close();
      }
    };

    it('a top-level binding keeps state from one call to the next', async () => {
      expect(
        await twoCalls(`let calls = 0;\nexports.derive = () => ({ calls: ++calls });`),
      ).toEqual([{ calls: 1 }, { calls: 2 }]);
    });

    it('a Map in a top-level constant keeps state from one call to the next', async () => {
      expect(
        await twoCalls(`const memo = new Map();
exports.derive = () => {
  memo.set('calls', (memo.get('calls') ?? 0) + 1);
  return { calls: memo.get('calls') };
};`),
      ).toEqual([{ calls: 1 }, { calls: 2 }]);
    });
  });
});
