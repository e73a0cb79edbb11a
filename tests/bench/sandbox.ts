/**
 * The rules sandbox against QuickJS: the same module source and the same calls, run through
 * Meshtable's sandbox (SES compartment in a worker thread, arguments and results as JSON text,
 * results checked with zod) and through quickjs-emscripten in this process (one context, created
 * once and reused, arguments in and results out as JSON text, a deadline checked by QuickJS's
 * interrupt handler), interleaved in the same run.
 *
 * Latency is sequential: each call awaits the previous one. Throughput is the best each host can
 * do: ours keeps the sandbox's pipeline full (every call issued at once; it sends up to 16 ahead);
 * QuickJS runs on this thread, so its calls are back to back and its throughput is 1 / latency.
 * For the small call, a floor too: a bare worker that answers each message with a fixed reply,
 * which is what the thread hop alone costs.
 */
import { Worker } from 'node:worker_threads';
import { createModuleBundle, moduleFilesFromText, Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import {
  getQuickJS,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten';
import { type LatencySummary, summarizeLatency } from './latency';
import {
  BENCH_MANIFEST,
  BENCH_MOVE_INTENT,
  BENCH_RULES_SOURCE,
  BENCH_STATE,
  makeBenchActor,
} from './sandboxHooks';

/** The hooks benchmarked. */
export type BenchHook = 'validate' | 'derive';

/** One host's figures for one hook in one run. */
export interface HostFigures {
  /** Sequential round trips, in microseconds. */
  latency: LatencySummary;
  /** Calls per second, pipelined where the host can. */
  perSecond: number;
}

/** One run: each hook on each host, and the bare worker hop with the validate call's arguments. */
export type SandboxBenchRun = Record<BenchHook, { ours: HostFigures; quickjs: HostFigures }> & {
  floor: HostFigures;
};

/** Calls per measurement, by hook. */
export type SandboxBenchRounds = Record<BenchHook, number>;

/**
 * Each call's budget on both hosts. Its length costs nothing on either (a timer on ours, a clock
 * check every few thousand steps on QuickJS); it is generous so that a stall of a loaded machine
 * does not end a run.
 */
const BUDGET_MS = 5000;

/** A host that runs one hook call and hands back the checked, parsed result. */
type CallHook = (hook: BenchHook, args: unknown[]) => Promise<unknown> | unknown;

function argsFor(hook: BenchHook, actor: unknown): unknown[] {
  return hook === 'validate' ? [BENCH_MOVE_INTENT, BENCH_STATE] : [actor];
}

/** Meshtable's sandbox, with the module loaded into a fresh worker. */
async function startOurs(): Promise<{ call: CallHook; close(): void }> {
  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  const module = await sandbox.load(
    createModuleBundle(
      moduleFilesFromText({
        'module.json': JSON.stringify(BENCH_MANIFEST),
        'rules.js': BENCH_RULES_SOURCE,
      }),
    ),
  );
  const call: CallHook = async (hook, args) => {
    const outcome =
      hook === 'validate'
        ? await module.call('validate', args as [unknown, unknown], { timeoutMs: BUDGET_MS })
        : await module.call('derive', args as [unknown], { timeoutMs: BUDGET_MS });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  return { call, close: () => sandbox.close() };
}

/**
 * The module in a QuickJS context, as a host would embed it: CommonJS's `module` and `exports`
 * as globals, a `ctx` stand-in (these hooks use none of it), and an `invoke` that takes the
 * hook's name and its arguments as JSON text and returns the result as JSON text. The budget is
 * QuickJS's interrupt handler (QuickJS polls it every 10,000 or so interpreter steps; it compares
 * the clock with the current call's deadline), with the worker's memory and stack limits.
 */
async function startQuickJs(): Promise<{ call: CallHook; close(): void }> {
  const quickjs = await getQuickJS();
  const runtime: QuickJSRuntime = quickjs.newRuntime();
  let deadline = Number.POSITIVE_INFINITY;
  runtime.setInterruptHandler(() => performance.now() > deadline);
  runtime.setMemoryLimit(256 * 1024 * 1024);
  runtime.setMaxStackSize(4 * 1024 * 1024);
  const vm: QuickJSContext = runtime.newContext();
  const evaluate = (code: string, filename: string): QuickJSHandle => {
    const result = vm.evalCode(code, filename);
    if (result.error !== undefined) {
      const error = vm.dump(result.error);
      result.error.dispose();
      throw new Error(`QuickJS: ${filename}: ${JSON.stringify(error)}`);
    }
    return result.value;
  };
  evaluate(
    'globalThis.module = { exports: {} }; globalThis.exports = module.exports;',
    'cjs.js',
  ).dispose();
  evaluate(BENCH_RULES_SOURCE, 'rules.js').dispose();
  const invoke = evaluate(
    `(function (exported, ctx) {
      return function invoke(hook, argsJson) {
        const args = JSON.parse(argsJson);
        args.push(ctx);
        return JSON.stringify(exported[hook].apply(undefined, args));
      };
    })(module.exports, Object.freeze({ log() {}, dice: Object.freeze({}) }))`,
    'invoke.js',
  );
  const hookNames = new Map<BenchHook, QuickJSHandle>(
    (['validate', 'derive'] as const).map((hook) => [hook, vm.newString(hook)]),
  );

  const call: CallHook = (hook, args) => {
    const argsHandle = vm.newString(JSON.stringify(args));
    deadline = performance.now() + BUDGET_MS;
    const result = vm.callFunction(invoke, vm.undefined, [
      hookNames.get(hook) as QuickJSHandle,
      argsHandle,
    ]);
    deadline = Number.POSITIVE_INFINITY;
    argsHandle.dispose();
    if (result.error !== undefined) {
      const error = vm.dump(result.error);
      result.error.dispose();
      throw new Error(`QuickJS: ${hook}: ${JSON.stringify(error)}`);
    }
    const text = vm.getString(result.value);
    result.value.dispose();
    return JSON.parse(text);
  };
  const close = () => {
    for (const handle of hookNames.values()) handle.dispose();
    invoke.dispose();
    vm.dispose();
    runtime.dispose();
  };
  return { call, close };
}

/** The floor: a bare worker that answers each message after a setImmediate, as our guest does. */
function startFloor(): { call: CallHook; close(): void } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', () => setImmediate(() => parentPort.postMessage('{"ok":true}')));`,
    { eval: true },
  );
  const waiting: Array<(text: string) => void> = [];
  worker.on('message', (text: string) => waiting.shift()?.(text));
  const call: CallHook = (_hook, args) =>
    new Promise((answer) => {
      waiting.push((text) => answer(JSON.parse(text)));
      worker.postMessage(JSON.stringify(args));
    });
  return { call, close: () => void worker.terminate() };
}

async function sequential(call: CallHook, hook: BenchHook, args: unknown[], rounds: number) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call(hook, args);
    samples.push((performance.now() - started) * 1000);
  }
  return summarizeLatency(samples);
}

async function pipelined(call: CallHook, hook: BenchHook, args: unknown[], rounds: number) {
  const started = performance.now();
  const pending: Array<Promise<unknown> | unknown> = [];
  for (let i = 0; i < rounds; i++) pending.push(call(hook, args));
  await Promise.all(pending);
  return rounds / ((performance.now() - started) / 1000);
}

/**
 * One run: starts both hosts, checks that they give the same results, warms each up, then
 * measures each hook's latency and throughput on both, interleaved.
 */
export async function sandboxRun(rounds: SandboxBenchRounds): Promise<SandboxBenchRun> {
  const ours = await startOurs();
  const quickjs = await startQuickJs();
  const floor = startFloor();
  const actor = makeBenchActor();
  try {
    for (const hook of ['validate', 'derive'] as const) {
      const args = argsFor(hook, actor);
      const [a, b] = [await ours.call(hook, args), await quickjs.call(hook, args)];
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new Error(
          `the hosts disagree on ${hook}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`,
        );
      }
      if (hook === 'validate' && JSON.stringify(a) !== '{"ok":true}') {
        throw new Error(`the benchmark move should be valid: ${JSON.stringify(a)}`);
      }
    }
    const run = {} as SandboxBenchRun;
    const validateArgs = argsFor('validate', actor);
    await sequential(floor.call, 'validate', validateArgs, Math.ceil(rounds.validate / 4));
    run.floor = {
      latency: await sequential(floor.call, 'validate', validateArgs, rounds.validate),
      perSecond: await pipelined(floor.call, 'validate', validateArgs, rounds.validate),
    };
    for (const hook of ['validate', 'derive'] as const) {
      const args = argsFor(hook, actor);
      const warmUp = Math.ceil(rounds[hook] / 4);
      await sequential(ours.call, hook, args, warmUp);
      await sequential(quickjs.call, hook, args, warmUp);
      const oursLatency = await sequential(ours.call, hook, args, rounds[hook]);
      const quickjsLatency = await sequential(quickjs.call, hook, args, rounds[hook]);
      const oursRate = await pipelined(ours.call, hook, args, rounds[hook]);
      const quickjsRate = await pipelined(quickjs.call, hook, args, rounds[hook]);
      run[hook] = {
        ours: { latency: oursLatency, perSecond: oursRate },
        quickjs: { latency: quickjsLatency, perSecond: quickjsRate },
      };
    }
    return run;
  } finally {
    ours.close();
    quickjs.close();
    floor.close();
  }
}
