/**
 * The host side of the sandbox: one dedicated worker, the modules loaded into it, and the
 * watchdog. Calls go to the worker in order (a few in flight at once, to keep the worker busy);
 * the call at the head of the line has a deadline, and when it passes, the worker is terminated
 * (SES cannot interrupt a loop; ending the thread can), the call fails closed with
 * `MODULE_TIMEOUT`, and the next call starts a fresh worker that loads the modules again.
 *
 * Results arrive as JSON text; the host parses it and checks it against the hook's schema, so it
 * never touches an object the module made.
 */
import { parseSeedHex, seedToHex } from '@meshtable/dice';
import { SandboxError } from '../errors';
import { HOOK_ARITY, HOOK_RESULT_SCHEMAS, type HookName, type HookResults } from '../hooks';
import type { ModuleManifest } from '../manifest';
import type { ModuleBundle } from '../moduleFiles';
import type {
  CallReply,
  CommandInfo,
  DieDraw,
  LoadReply,
  WireError,
  WorkerMessage,
} from '../protocol';
import type { WorkerExit, WorkerLauncher, WorkerLink } from './WorkerLink';

/** Defaults of {@link SandboxOptions}. */
export const SANDBOX_DEFAULTS = Object.freeze({
  /** A call's budget when neither the call nor the manifest (`budgetMs`) sets one. */
  defaultBudgetMs: 250,
  /** The budget of a module's top-level code. */
  loadTimeoutMs: 2000,
  /** How long a new worker may take to lock down and report ready (not a module's fault). */
  startTimeoutMs: 30_000,
  /** Worker failures (timeout, memory, crash) in a row that disable a module. */
  maxConsecutiveFailures: 3,
  /** The largest result, in characters of JSON (about 1 MB). */
  maxResultLength: 1024 * 1024,
  /** The largest arguments, in characters of JSON. */
  maxArgsLength: 16 * 1024 * 1024,
  /** Calls sent to the worker ahead of their turn. */
  maxInFlight: 16,
});

/** The largest budget a single call may ask for. */
export const MAX_CALL_TIMEOUT_MS = 60_000;

// Record<…, number>, not the defaults' own type: Object.freeze keeps literal types (2000, not
// number), which would only let a caller pass each default back.
/** Options of a {@link Sandbox}: {@link SANDBOX_DEFAULTS} says what each one is. */
export interface SandboxOptions extends Partial<Record<keyof typeof SANDBOX_DEFAULTS, number>> {
  /** Starts a worker: `nodeWorkerLauncher` or `browserWorkerLauncher`. */
  readonly launch: WorkerLauncher;
}

/** Options of one call. */
export interface CallOptions {
  /** The dice seed (bytes, or hex); without one, `ctx.dice` throws. */
  readonly seed?: Uint8Array | string | null;
  /** The call's budget in ms (1 to 60,000); default: the manifest's `budgetMs`, else 250. */
  readonly timeoutMs?: number;
}

/** The arguments of each hook (the sandbox appends `ctx`). Each must be JSON data. */
export interface HookArgs {
  derive: [actor: unknown];
  roll: [request: unknown];
  initiative: [actor: unknown];
  validate: [intent: unknown, state: unknown];
  apply: [intent: unknown, state: unknown];
  command: [name: string, input: unknown];
}

/** What a call gives back: the checked value, or a typed error; and what the module drew and logged. */
export type CallOutcome<H extends HookName> =
  | {
      readonly ok: true;
      readonly value: HookResults[H];
      readonly draws: DieDraw[];
      readonly logs: string[];
    }
  | {
      readonly ok: false;
      readonly error: SandboxError;
      readonly draws: DieDraw[];
      readonly logs: string[];
    };

interface ModuleEntry {
  readonly key: number;
  readonly label: string;
  readonly bundle: ModuleBundle;
  failures: number;
  disabled: SandboxError | null;
  unloaded: boolean;
}

interface JobBase {
  readonly module: ModuleEntry;
  readonly timeoutMs: number;
  /** When the worker started on it: set when it reaches the head of the line. */
  startedAt: number;
}

interface LoadJob extends JobBase {
  readonly kind: 'load';
  /** A module loaded again into a fresh worker (the pump makes these; they are never requeued). */
  readonly reload: boolean;
  finish(reply: LoadReply): void;
}

interface CallJob extends JobBase {
  readonly kind: 'call';
  readonly callId: number;
  readonly hook: HookName;
  readonly args: string;
  readonly seed: string | null;
  finish(reply: CallReply): void;
}

type Job = LoadJob | CallJob;

interface WorkerState {
  readonly link: WorkerLink;
  ready: boolean;
  readonly loaded: Set<number>;
  readonly loading: Set<number>;
  startTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A rules sandbox: one worker, any number of modules, each in its own compartment.
 *
 * Compartments keep modules from reading or changing each other, but modules of one sandbox share
 * the worker's heap and its restarts: one that hoards memory between calls can make another's
 * call run out, and a timeout of one reloads all. Give a module that must not be disturbed by the
 * others (a campaign's game system) a sandbox of its own.
 * @example
 * ```ts
 * const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
 * const rules = await sandbox.load(createModuleBundle(await readModuleDir('modules/srd5e')));
 * const outcome = await rules.call('validate', [intent, state], { seed });
 * sandbox.close();
 * ```
 */
export class Sandbox {
  readonly #options: Record<keyof typeof SANDBOX_DEFAULTS, number> & { launch: WorkerLauncher };
  readonly #queue: Job[] = [];
  readonly #inFlight: Job[] = [];
  #worker: WorkerState | null = null;
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #nextKey = 1;
  #nextCallId = 1;
  #closed = false;
  #restarts = 0;

  constructor(options: SandboxOptions) {
    this.#options = { ...SANDBOX_DEFAULTS, ...options };
  }

  /** How many times a worker was replaced after a timeout, a crash or running out of memory. */
  get restarts(): number {
    return this.#restarts;
  }

  /**
   * Loads a module (made by `createModuleBundle`, which checked its manifest and pin) into a new
   * compartment and reads its hooks.
   * @throws {SandboxError} `MODULE_LOAD_ERROR` when SES refuses the entry or it throws, exports
   * something that is not a hook, or its top-level code runs past the load budget
   */
  async load(bundle: ModuleBundle): Promise<SandboxModule> {
    if (this.#closed) throw closedError();
    const entry: ModuleEntry = {
      key: this.#nextKey++,
      label: `${bundle.manifest.id}@${bundle.manifest.version}`,
      bundle,
      failures: 0,
      disabled: null,
      unloaded: false,
    };
    const reply = await new Promise<LoadReply>((finish) => {
      this.#enqueue({
        kind: 'load',
        reload: false,
        module: entry,
        timeoutMs: this.#options.loadTimeoutMs,
        startedAt: 0,
        finish,
      });
    });
    if (!reply.ok) {
      this.#forget(entry);
      throw new SandboxError(reply.error.code, reply.error.message);
    }
    return new SandboxModule(this, entry, reply.hooks, reply.commands);
  }

  /** Terminates the worker; pending and later calls fail with `SANDBOX_CLOSED`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopWorker();
    const pending = [...this.#inFlight, ...this.#queue];
    this.#inFlight.length = 0;
    this.#queue.length = 0;
    for (const job of pending) fail(job, closedError());
  }

  /** @internal Used by {@link SandboxModule.call}. */
  call<H extends HookName>(
    module: ModuleEntry,
    hooks: ReadonlySet<HookName>,
    commands: ReadonlySet<string>,
    hook: H,
    args: HookArgs[H],
    options: CallOptions,
  ): Promise<CallOutcome<H>> {
    const refuse = (code: SandboxError['code'], message: string) =>
      Promise.resolve(failure<H>(new SandboxError(code, message)));
    if (this.#closed) return Promise.resolve(failure<H>(closedError()));
    if (module.unloaded) return refuse('SANDBOX_CLOSED', `${module.label} was unloaded`);
    if (module.disabled !== null) return Promise.resolve(failure<H>(module.disabled));
    if (!hooks.has(hook)) {
      return refuse(
        'MODULE_NO_SUCH_HOOK',
        hook === 'command'
          ? `${module.label} exports no chat commands`
          : `${module.label} does not export ${hook}`,
      );
    }
    const arity = HOOK_ARITY[hook];
    if (!Array.isArray(args) || args.length !== arity) {
      return refuse(
        'MODULE_INVALID_ARGS',
        `${hook} takes ${arity} argument${arity === 1 ? '' : 's'}`,
      );
    }
    if (hook === 'command' && !commands.has(args[0] as string)) {
      return refuse('MODULE_NO_SUCH_HOOK', `${module.label} has no command "${String(args[0])}"`);
    }
    let json: string;
    try {
      json = JSON.stringify(args);
    } catch (error) {
      return refuse(
        'MODULE_INVALID_ARGS',
        `the arguments are not JSON data: ${(error as Error).message}`,
      );
    }
    if (json.length > this.#options.maxArgsLength) {
      return refuse(
        'MODULE_INVALID_ARGS',
        `the arguments are ${json.length} characters of JSON; at most ${this.#options.maxArgsLength}`,
      );
    }
    let seed: string | null = null;
    if (options.seed !== undefined && options.seed !== null) {
      try {
        seed = seedToHex(
          typeof options.seed === 'string' ? parseSeedHex(options.seed) : options.seed,
        );
      } catch (error) {
        return refuse('MODULE_INVALID_ARGS', `the seed: ${(error as Error).message}`);
      }
    }
    const timeoutMs =
      options.timeoutMs ?? module.bundle.manifest.budgetMs ?? this.#options.defaultBudgetMs;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_CALL_TIMEOUT_MS) {
      return refuse(
        'MODULE_INVALID_ARGS',
        `timeoutMs must be a whole number from 1 to ${MAX_CALL_TIMEOUT_MS}`,
      );
    }

    return new Promise<CallOutcome<H>>((resolve) => {
      this.#enqueue({
        kind: 'call',
        module,
        timeoutMs,
        startedAt: 0,
        callId: this.#nextCallId++,
        hook,
        args: json,
        seed,
        finish: (reply) => resolve(this.#outcome(module, hook, reply)),
      });
    });
  }

  /** @internal Used by {@link SandboxModule.unload}. */
  unload(module: ModuleEntry): void {
    if (module.unloaded) return;
    module.unloaded = true;
    this.#forget(module);
    this.#failQueued(module, new SandboxError('SANDBOX_CLOSED', `${module.label} was unloaded`));
  }

  #outcome<H extends HookName>(module: ModuleEntry, hook: H, reply: CallReply): CallOutcome<H> {
    const draws = [...reply.draws];
    const logs = [...reply.logs];
    if (!reply.ok) return { ok: false, error: toError(reply.error), draws, logs };
    if (reply.value.length > this.#options.maxResultLength) {
      return {
        ok: false,
        error: new SandboxError('MODULE_INVALID_OUTPUT', `${hook}: the result is too large`),
        draws,
        logs,
      };
    }
    const checked = HOOK_RESULT_SCHEMAS[hook].safeParse(JSON.parse(reply.value));
    if (!checked.success) {
      const problems = checked.error.issues.map((issue) => {
        const where = issue.path.length === 0 ? 'the result' : `result.${issue.path.join('.')}`;
        return `${where}: ${issue.message}`;
      });
      return {
        ok: false,
        error: new SandboxError(
          'MODULE_INVALID_OUTPUT',
          `${module.label} ${hook}: ${problems.slice(0, 5).join('; ')}`,
        ),
        draws,
        logs,
      };
    }
    return { ok: true, value: checked.data as HookResults[H], draws, logs };
  }

  #enqueue(job: Job): void {
    this.#queue.push(job);
    this.#pump();
  }

  /** Sends queued jobs to the worker, starting one (and reloading modules into it) as needed. */
  #pump(): void {
    if (this.#closed || this.#queue.length === 0) return;
    const worker = this.#worker ?? this.#startWorker();
    if (!worker.ready) return;
    while (this.#queue.length > 0 && this.#inFlight.length < this.#options.maxInFlight) {
      const job = this.#queue[0] as Job;
      const key = job.module.key;
      if (job.kind === 'call' && !worker.loaded.has(key)) {
        // A fresh worker: load the module again before its calls (and wait for it, so that a
        // failed reload fails the calls here rather than as "not loaded" replies).
        if (!worker.loading.has(key)) {
          this.#send(worker, {
            kind: 'load',
            reload: true,
            module: job.module,
            timeoutMs: this.#options.loadTimeoutMs,
            startedAt: 0,
            finish: (reply) => {
              if (!reply.ok) this.#failQueued(job.module, toError(reply.error));
            },
          });
        }
        return;
      }
      this.#queue.shift();
      this.#send(worker, job);
    }
  }

  #send(worker: WorkerState, job: Job): void {
    this.#inFlight.push(job);
    if (job.kind === 'load') {
      worker.loading.add(job.module.key);
      worker.link.post({
        type: 'load',
        moduleKey: job.module.key,
        label: job.module.label,
        entry: job.module.bundle.manifest.entry,
        scripts: job.module.bundle.scripts,
      });
    } else {
      worker.link.post({
        type: 'call',
        callId: job.callId,
        moduleKey: job.module.key,
        hook: job.hook,
        args: job.args,
        seed: job.seed,
        maxResultLength: this.#options.maxResultLength,
      });
    }
    if (this.#inFlight.length === 1) this.#startHead(performance.now());
  }

  #startWorker(): WorkerState {
    const state: WorkerState = {
      ready: false,
      loaded: new Set(),
      loading: new Set(),
      startTimer: undefined,
      link: this.#options.launch({
        message: (message) => {
          if (this.#worker === state) this.#onMessage(state, message);
        },
        exit: (exit) => {
          if (this.#worker === state) this.#onExit(state, exit);
        },
      }),
    };
    this.#worker = state;
    // A timer also keeps a Node process alive while the worker starts (the worker is unref'd).
    state.startTimer = setTimeout(() => {
      if (this.#worker !== state || state.ready) return;
      this.#onExit(state, {
        code: 'MODULE_CRASHED',
        message: `the sandbox worker did not start within ${this.#options.startTimeoutMs} ms`,
      });
    }, this.#options.startTimeoutMs);
    return state;
  }

  #onMessage(worker: WorkerState, message: WorkerMessage): void {
    if (message.type === 'ready') {
      clearTimeout(worker.startTimer);
      worker.ready = true;
      this.#pump();
      return;
    }
    const job = this.#inFlight[0];
    const matches =
      job !== undefined &&
      (message.type === 'loaded'
        ? job.kind === 'load' && job.module.key === message.moduleKey
        : job.kind === 'call' && job.callId === message.callId);
    if (!matches) {
      // Replies come in order; anything else means the worker is not ours to trust any more.
      this.#onExit(worker, {
        code: 'MODULE_CRASHED',
        message: 'the sandbox worker sent an unexpected message',
      });
      return;
    }
    this.#inFlight.shift();
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    if (this.#inFlight.length > 0) this.#startHead(performance.now());
    if (message.type === 'loaded') {
      worker.loading.delete(message.moduleKey);
      if (message.ok) worker.loaded.add(message.moduleKey);
      (job as LoadJob).finish(message);
    } else {
      // The worker came through a call: the module's run of failures is over.
      job.module.failures = 0;
      (job as CallJob).finish(message);
    }
    this.#pump();
  }

  /** Arms the watchdog for the job at the head of the line, which the worker starts now. */
  #startHead(now: number): void {
    const head = this.#inFlight[0] as Job;
    head.startedAt = now;
    this.#watchdog = setTimeout(() => this.#onTimeout(head), head.timeoutMs);
  }

  #onTimeout(head: Job, settled = false): void {
    const worker = this.#worker;
    if (worker === null || this.#inFlight[0] !== head) return;
    if (!settled) {
      // On a busy machine the reply may already wait in this thread's queue behind the timer:
      // let one more turn of the event loop deliver it before the worker is killed for nothing.
      setTimeout(() => this.#onTimeout(head, true), 0);
      return;
    }
    const what = head.kind === 'load' ? 'loading' : head.hook;
    this.#replaceWorker(
      new SandboxError(
        'MODULE_TIMEOUT',
        `${head.module.label} ${what} ran past its budget of ${head.timeoutMs} ms; the worker was stopped`,
      ),
    );
  }

  #onExit(worker: WorkerState, exit: WorkerExit): void {
    if (!worker.ready) {
      // The worker never started: no module is at fault. Fail what waits, start again on demand.
      this.#stopWorker();
      const error = new SandboxError(
        'MODULE_CRASHED',
        `the sandbox worker failed to start: ${exit.message}`,
      );
      for (const job of this.#queue.splice(0)) fail(job, error);
      return;
    }
    const head = this.#inFlight[0];
    const what =
      head === undefined
        ? ''
        : ` during ${head.module.label} ${head.kind === 'load' ? 'loading' : head.hook}`;
    this.#replaceWorker(new SandboxError(exit.code, `${exit.message}${what}`));
  }

  /**
   * The worker must go: the head job fails with `error` and counts against its module, the jobs
   * behind it (which never started) go back to the front of the queue for a fresh worker.
   */
  #replaceWorker(error: SandboxError): void {
    this.#stopWorker();
    this.#restarts++;
    const head = this.#inFlight.shift();
    const waiting = this.#inFlight.splice(0).filter((job) => job.kind === 'call' || !job.reload);
    this.#queue.unshift(...waiting);
    if (head !== undefined) {
      fail(head, error);
      const module = head.module;
      module.failures++;
      if (module.failures >= this.#options.maxConsecutiveFailures && module.disabled === null) {
        module.disabled = new SandboxError(
          'MODULE_DISABLED',
          `${module.label} was disabled after ${module.failures} failures in a row (the last: ${error.code}: ${error.message}); fix the module, then load it again`,
        );
        this.#failQueued(module, module.disabled);
      } else if (head.kind === 'load') {
        this.#failQueued(module, error);
      }
    }
    this.#pump();
  }

  #stopWorker(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    const worker = this.#worker;
    if (worker === null) return;
    this.#worker = null;
    clearTimeout(worker.startTimer);
    worker.link.terminate();
  }

  #failQueued(module: ModuleEntry, error: SandboxError): void {
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const job = this.#queue[i] as Job;
      if (job.module === module) {
        this.#queue.splice(i, 1);
        fail(job, error);
      }
    }
  }

  #forget(module: ModuleEntry): void {
    const worker = this.#worker;
    if (worker?.loaded.delete(module.key))
      worker.link.post({ type: 'unload', moduleKey: module.key });
  }
}

/** A module loaded into a {@link Sandbox}: call its hooks. */
export class SandboxModule {
  readonly #sandbox: Sandbox;
  readonly #entry: ModuleEntry;
  readonly #hooks: ReadonlySet<HookName>;
  readonly #commandNames: ReadonlySet<string>;
  /** The hooks the module exports (`command` when it exports chat commands). */
  readonly hooks: readonly HookName[];
  /** The chat commands it exports. */
  readonly commands: readonly CommandInfo[];

  /** @internal Made by {@link Sandbox.load}. */
  constructor(
    sandbox: Sandbox,
    entry: ModuleEntry,
    hooks: readonly HookName[],
    commands: readonly CommandInfo[],
  ) {
    this.#sandbox = sandbox;
    this.#entry = entry;
    this.hooks = Object.freeze([...hooks]);
    this.commands = Object.freeze(commands.map((command) => Object.freeze({ ...command })));
    this.#hooks = new Set(hooks);
    this.#commandNames = new Set(commands.map((command) => command.name));
  }

  get manifest(): ModuleManifest {
    return this.#entry.bundle.manifest;
  }

  /** The SHA-256 of the module's files (what a campaign pins). */
  get hash(): string {
    return this.#entry.bundle.hash;
  }

  /** Why the module is switched off, or null while it runs. */
  get disabled(): SandboxError | null {
    return this.#entry.disabled;
  }

  /**
   * Runs one hook. Never rejects: a failure is an outcome with a typed error.
   * @param args the hook's arguments, JSON data (copied into the worker)
   */
  call<H extends HookName>(
    hook: H,
    args: HookArgs[H],
    options: CallOptions = {},
  ): Promise<CallOutcome<H>> {
    return this.#sandbox.call(this.#entry, this.#hooks, this.#commandNames, hook, args, options);
  }

  /** Drops the module's compartment; its pending calls fail. */
  unload(): void {
    this.#sandbox.unload(this.#entry);
  }
}

function fail(job: Job, error: SandboxError): void {
  const wire: WireError = { code: error.code, message: error.message };
  if (job.kind === 'load')
    job.finish({ type: 'loaded', moduleKey: job.module.key, ok: false, error: wire });
  else
    job.finish({ type: 'result', callId: job.callId, ok: false, error: wire, draws: [], logs: [] });
}

function failure<H extends HookName>(error: SandboxError): CallOutcome<H> {
  return { ok: false, error, draws: [], logs: [] };
}

function toError(error: WireError): SandboxError {
  return new SandboxError(error.code, error.message);
}

function closedError(): SandboxError {
  return new SandboxError('SANDBOX_CLOSED', 'the sandbox was closed');
}
