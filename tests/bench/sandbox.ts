/**
 * The rules sandbox against QuickJS: the same module sources and the same calls, run through
 * Meshtable's sandbox (SES compartment in a worker thread, arguments and results as JSON text,
 * results checked with zod) and through quickjs-emscripten in this process (a context per module,
 * created once and reused, arguments in and results out as JSON text, a deadline checked by
 * QuickJS's interrupt handler), interleaved in the same run. Three calls: a small `validate` (the
 * boundary dominates), a `derive` over a 53 KB actor (JSON dominates) and a `validate` that finds
 * a path on a 60 × 60 scene (the engine's own work dominates).
 *
 * Latency is sequential: each call awaits the previous one. Throughput is the best each host can
 * do: ours keeps the sandbox's pipeline full (every call issued at once; the host sends up to 16
 * ahead, the worker takes them one at a time); QuickJS runs on this thread, so its calls are back
 * to back and its throughput is 1 / latency.
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
import { PATH_MANIFEST, PATH_MOVE_INTENT, PATH_RULES_SOURCE, PATH_STATE } from './sandboxPathHooks';

/**
 * The calls benchmarked: `validate`, the small move check; `derive`, the 200-item sheet;
 * `moveTo`, the pathfinding move check (the second module's `validate`).
 */
export const BENCH_CASES = ['validate', 'derive', 'moveTo'] as const;

/** One of {@link BENCH_CASES}. */
export type BenchCase = (typeof BENCH_CASES)[number];

/** One host's figures for one hook in one run. */
export interface HostFigures {
  /** Sequential round trips, in microseconds. */
  latency: LatencySummary;
  /** Calls per second, pipelined where the host can. */
  perSecond: number;
}

/** One run: each call on each host, and the bare worker hop with the validate call's arguments. */
export type SandboxBenchRun = Record<BenchCase, { ours: HostFigures; quickjs: HostFigures }> & {
  floor: HostFigures;
};

/** Calls per measurement, by case. */
export type SandboxBenchRounds = Record<BenchCase, number>;

/**
 * Each call's budget on both hosts. Its length costs nothing on either (a timer on ours, a clock
 * check every few thousand steps on QuickJS); it is generous so that a stall of a loaded machine
 * does not end a run.
 */
const BUDGET_MS = 5000;

/** The benchmark's two modules. */
type BenchModule = 'rules' | 'path';

const MODULES: Record<BenchModule, { manifest: object; source: string }> = {
  rules: { manifest: BENCH_MANIFEST, source: BENCH_RULES_SOURCE },
  path: { manifest: PATH_MANIFEST, source: PATH_RULES_SOURCE },
};

/** One call: which module, which hook, with what. */
interface BenchCall {
  readonly module: BenchModule;
  readonly hook: 'validate' | 'derive';
  readonly args: unknown[];
}

function benchCalls(): Record<BenchCase, BenchCall> {
  return {
    validate: { module: 'rules', hook: 'validate', args: [BENCH_MOVE_INTENT, BENCH_STATE] },
    derive: { module: 'rules', hook: 'derive', args: [makeBenchActor()] },
    moveTo: { module: 'path', hook: 'validate', args: [PATH_MOVE_INTENT, PATH_STATE] },
  };
}

/** A host that runs one call and hands back the checked, parsed result. */
type CallHook = (call: BenchCall) => Promise<unknown> | unknown;

/** Meshtable's sandbox, with both modules loaded into one fresh worker. */
async function startOurs(): Promise<{ call: CallHook; close(): void }> {
  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  const load = ({ manifest, source }: { manifest: object; source: string }) =>
    sandbox.load(
      createModuleBundle(
        moduleFilesFromText({ 'module.json': JSON.stringify(manifest), 'rules.js': source }),
      ),
    );
  const modules = { rules: await load(MODULES.rules), path: await load(MODULES.path) };
  const call: CallHook = async ({ module, hook, args }) => {
    const outcome =
      hook === 'validate'
        ? await modules[module].call('validate', args as [unknown, unknown], {
            timeoutMs: BUDGET_MS,
          })
        : await modules[module].call('derive', args as [unknown], { timeoutMs: BUDGET_MS });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
  return { call, close: () => sandbox.close() };
}

/** A module in its QuickJS context: the function that calls its hooks, and the context. */
interface QuickJsModule {
  readonly vm: QuickJSContext;
  readonly invoke: QuickJSHandle;
  readonly hookNames: ReadonlyMap<BenchCall['hook'], QuickJSHandle>;
}

/**
 * Each module in a QuickJS context of its own (as ours has a compartment each), as a host would
 * embed it: CommonJS's `module` and `exports` as globals, a `ctx` stand-in (these hooks use none
 * of it), and an `invoke` that takes the hook's name and its arguments as JSON text and returns
 * the result as JSON text. The budget is QuickJS's interrupt handler (QuickJS polls it every
 * 10,000 or so interpreter steps; it compares the clock with the current call's deadline), with
 * the worker's memory and stack limits on the runtime the contexts share.
 */
async function startQuickJs(): Promise<{ call: CallHook; close(): void }> {
  const quickjs = await getQuickJS();
  const runtime: QuickJSRuntime = quickjs.newRuntime();
  let deadline = Number.POSITIVE_INFINITY;
  runtime.setInterruptHandler(() => performance.now() > deadline);
  runtime.setMemoryLimit(256 * 1024 * 1024);
  runtime.setMaxStackSize(4 * 1024 * 1024);
  const load = (source: string): QuickJsModule => {
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
    evaluate(source, 'rules.js').dispose();
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
    const hookNames = new Map(
      (['validate', 'derive'] as const).map((hook) => [hook, vm.newString(hook)]),
    );
    return { vm, invoke, hookNames };
  };
  const modules = { rules: load(MODULES.rules.source), path: load(MODULES.path.source) };

  const call: CallHook = ({ module, hook, args }) => {
    const { vm, invoke, hookNames } = modules[module];
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
      throw new Error(`QuickJS: ${module} ${hook}: ${JSON.stringify(error)}`);
    }
    const text = vm.getString(result.value);
    result.value.dispose();
    return JSON.parse(text);
  };
  const close = () => {
    for (const { vm, invoke, hookNames } of Object.values(modules)) {
      for (const handle of hookNames.values()) handle.dispose();
      invoke.dispose();
      vm.dispose();
    }
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
  const call: CallHook = ({ args }) =>
    new Promise((answer) => {
      waiting.push((text) => answer(JSON.parse(text)));
      worker.postMessage(JSON.stringify(args));
    });
  return { call, close: () => void worker.terminate() };
}

async function sequential(call: CallHook, what: BenchCall, rounds: number) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call(what);
    samples.push((performance.now() - started) * 1000);
  }
  return summarizeLatency(samples);
}

async function pipelined(call: CallHook, what: BenchCall, rounds: number) {
  const started = performance.now();
  const pending: Array<Promise<unknown> | unknown> = [];
  for (let i = 0; i < rounds; i++) pending.push(call(what));
  await Promise.all(pending);
  return rounds / ((performance.now() - started) / 1000);
}

/**
 * One run: starts both hosts, checks that they give the same results (and that both moves are
 * valid, so neither engine stops early), warms each up, then measures each call's latency and
 * throughput on both, interleaved.
 */
export async function sandboxRun(rounds: SandboxBenchRounds): Promise<SandboxBenchRun> {
  const ours = await startOurs();
  const quickjs = await startQuickJs();
  const floor = startFloor();
  const cases = benchCalls();
  try {
    for (const name of BENCH_CASES) {
      const what = cases[name];
      const [a, b] = [
        JSON.stringify(await ours.call(what)),
        JSON.stringify(await quickjs.call(what)),
      ];
      if (a !== b) throw new Error(`the hosts disagree on ${name}: ${a} ≠ ${b}`);
      if (what.hook === 'validate' && a !== '{"ok":true}') {
        throw new Error(`the benchmark's ${name} should be valid: ${a}`);
      }
    }
    const run = {} as SandboxBenchRun;
    await sequential(floor.call, cases.validate, Math.ceil(rounds.validate / 4));
    run.floor = {
      latency: await sequential(floor.call, cases.validate, rounds.validate),
      perSecond: await pipelined(floor.call, cases.validate, rounds.validate),
    };
    for (const name of BENCH_CASES) {
      const what = cases[name];
      const warmUp = Math.ceil(rounds[name] / 4);
      await sequential(ours.call, what, warmUp);
      await sequential(quickjs.call, what, warmUp);
      const oursLatency = await sequential(ours.call, what, rounds[name]);
      const quickjsLatency = await sequential(quickjs.call, what, rounds[name]);
      // The pipelined path (the host's queue, the worker's inbox) gets its own warm-up: sequential
      // calls never take it, and measured cold it understates the small call's throughput.
      await pipelined(ours.call, what, warmUp);
      const oursRate = await pipelined(ours.call, what, rounds[name]);
      await pipelined(quickjs.call, what, warmUp);
      const quickjsRate = await pipelined(quickjs.call, what, rounds[name]);
      run[name] = {
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
