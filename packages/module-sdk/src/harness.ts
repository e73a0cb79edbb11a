/**
 * The module test harness: loads a module folder into the real sandbox (SES compartments in a
 * Node worker, the watchdog, the result checks) and calls its hooks from a test, so a module's
 * tests run exactly what runs at the table. Node only; framework-neutral (failures throw).
 * @example
 * ```ts
 * import { loadModule } from '@meshtable/module-sdk/harness';
 *
 * const rules = await loadModule(new URL('..', import.meta.url));
 * afterAll(() => rules.close());
 *
 * it('refuses a move beyond the token's speed', async () => {
 *   expect(await rules.validate(intent, state, { seed: 'ab12' })).toEqual({ ok: false, reason: '…' });
 * });
 * ```
 */
import { fileURLToPath } from 'node:url';
import {
  type CallOutcome,
  type Change,
  type CommandInfo,
  createModuleBundle,
  type DieDraw,
  type HookArgs,
  type HookName,
  type HookResults,
  type JsonValue,
  type ModuleBundle,
  type ModuleFiles,
  type ModuleManifest,
  Sandbox,
  SandboxError,
  type SandboxErrorCode,
  type SandboxModule,
} from '@meshtable/sandbox';
import { nodeWorkerLauncher, readModuleDir } from '@meshtable/sandbox/node';
import type { Compendium, ModuleContent, Sheet } from '@meshtable/schema';
import { type Difference, firstDifference } from './firstDifference';
import {
  checkSheet,
  contentOf,
  type NewActorOptions,
  newActor,
  type SheetCheck,
  sheetOf,
} from './sheetCheck';
import type { Actor, CommandInput, Intent, RollHookRequest, TableState } from './types';

export type { NewActorOptions, SheetCheck } from './sheetCheck';
export { SheetCheckError } from './sheetCheck';

/** Options of {@link loadModule}. */
export interface LoadModuleOptions {
  /** Refuse the module unless its files hash to this SHA-256 (hex), as a campaign pins it. */
  readonly pin?: string;
  /**
   * The budget of every call that names none, in ms. Default: the manifest's `budgetMs`, else
   * 250, as at the table. Raise it only for a machine slower than the players'.
   */
  readonly timeoutMs?: number;
  /** The worker's heap in MB (default 256, as in the CLI). */
  readonly maxHeapMb?: number;
  /** Receives each line the module logs with `ctx.log`, after each call. */
  readonly onLog?: (line: string, hook: HookName) => void;
}

/** Options of one call. */
export interface HarnessCallOptions {
  /** The dice seed (hex or bytes). Without one, `ctx.dice` throws. */
  readonly seed?: string | Uint8Array;
  /** The call's budget in ms (1 to 60,000). */
  readonly timeoutMs?: number;
}

/** Options of {@link ModuleHarness.checkDeterminism}: the seed is required, it is the point. */
export interface DeterminismOptions extends HarnessCallOptions {
  readonly seed: string | Uint8Array;
  /** Calls in the harness's worker, one after another (at least 2; default 3). */
  readonly runs?: number;
}

/**
 * A module that failed to load, or a hook call that failed: the sandbox's code (see
 * docs/errors.md), with what the module drew and logged before it failed.
 */
export class ModuleHarnessError extends Error {
  override readonly name = 'ModuleHarnessError';

  /** @internal */
  constructor(
    /** The sandbox's error code: `MODULE_ERROR`, `MODULE_TIMEOUT`, `MODULE_INVALID_OUTPUT`, … */
    readonly code: SandboxErrorCode,
    /** The hook that was called, or null when loading failed. */
    readonly hook: HookName | null,
    message: string,
    readonly draws: readonly DieDraw[] = [],
    readonly logs: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The same call gave two different outcomes. */
export class DeterminismError extends Error {
  override readonly name = 'DeterminismError';

  /** @internal */
  constructor(
    readonly hook: HookName,
    /** Where the outcomes first differ (`value.hp`, `draws[0].value`, `logs[1]`, …). */
    readonly difference: Difference,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Loads a module into a sandbox of its own (one worker) for a test.
 * @param source the module folder (a `file:` URL or a path), or its files by path
 * @throws {ModuleHarnessError} with the sandbox's code when the module is unfit to load
 * (`MODULE_INVALID_MANIFEST`, `MODULE_HASH_MISMATCH`, `MODULE_LOAD_ERROR`, …)
 * @example
 * ```ts
 * const rules = await loadModule(new URL('..', import.meta.url)); // from modules/<id>/test/
 * ```
 */
export async function loadModule(
  source: URL | string | ModuleFiles,
  options: LoadModuleOptions = {},
): Promise<ModuleHarness> {
  const where = describeSource(source);
  let sandbox: Sandbox | undefined;
  try {
    const bundle = createModuleBundle(await filesOf(source), { pin: options.pin });
    const content = contentOf(bundle);
    sandbox = new Sandbox({ launch: nodeWorkerLauncher({ maxHeapMb: options.maxHeapMb }) });
    return new ModuleHarness(sandbox, await sandbox.load(bundle), bundle, content, options);
  } catch (error) {
    sandbox?.close();
    throw harnessError(error, where);
  }
}

/**
 * Reads and checks a module's manifest and data files (sheets, compendium, reference pages)
 * without running its rules: what `meshtable module check` checks before it loads the entry.
 * @param source the module folder (a `file:` URL or a path), or its files by path
 * @throws {ModuleHarnessError} `MODULE_INVALID_MANIFEST`, naming each file and the place in it
 */
export async function loadModuleContent(
  source: URL | string | ModuleFiles,
): Promise<ModuleContent> {
  try {
    return contentOf(createModuleBundle(await filesOf(source)));
  } catch (error) {
    throw harnessError(error, describeSource(source));
  }
}

function describeSource(source: URL | string | ModuleFiles): string {
  if (typeof source === 'string') return source;
  return source instanceof URL ? fileURLToPath(source) : 'the module files';
}

async function filesOf(source: URL | string | ModuleFiles): Promise<ModuleFiles> {
  if (typeof source === 'string' || source instanceof URL) {
    return await readModuleDir(describeSource(source));
  }
  return source;
}

/** A sandbox failure as the harness reports it; anything else as it is. */
function harnessError(error: unknown, where: string): unknown {
  if (!(error instanceof SandboxError)) return error;
  return new ModuleHarnessError(
    error.code,
    null,
    `cannot load ${where}: ${error.code}: ${error.message}`,
  );
}

/**
 * A module loaded by {@link loadModule}. The hook methods resolve with the checked result or
 * reject with a {@link ModuleHarnessError}; {@link ModuleHarness.call} gives the raw outcome.
 * Close it when done (`afterAll(() => rules.close())`): that ends its worker.
 */
export class ModuleHarness {
  readonly #sandbox: Sandbox;
  readonly #module: SandboxModule;
  readonly #bundle: ModuleBundle;
  readonly #content: ModuleContent;
  readonly #options: LoadModuleOptions;

  /** @internal Made by {@link loadModule}. */
  constructor(
    sandbox: Sandbox,
    module: SandboxModule,
    bundle: ModuleBundle,
    content: ModuleContent,
    options: LoadModuleOptions,
  ) {
    this.#sandbox = sandbox;
    this.#module = module;
    this.#bundle = bundle;
    this.#content = content;
    this.#options = options;
  }

  /** The validated module.json. */
  get manifest(): ModuleManifest {
    return this.#module.manifest;
  }

  /** The SHA-256 of the module's files: what a campaign pins (`meshtable module check` prints it). */
  get hash(): string {
    return this.#module.hash;
  }

  /** The hooks the module exports (`command` when it exports chat commands). */
  get hooks(): readonly HookName[] {
    return this.#module.hooks;
  }

  /** Its chat commands. */
  get commands(): readonly CommandInfo[] {
    return this.#module.commands;
  }

  /** The module's sheets by actor type, checked against the sheet format at load. */
  get sheets(): Readonly<Record<string, Sheet>> {
    return this.#content.sheets;
  }

  /** The module's compendium files by name, checked at load. */
  get compendium(): Readonly<Record<string, Compendium>> {
    return this.#content.compendium;
  }

  /** The module's reference pages: path → markdown text, in the manifest's order. */
  get reference(): Readonly<Record<string, string>> {
    return this.#content.reference;
  }

  /**
   * A new actor of a type, as the app makes one: the sheet's defaults, with `options.data`
   * laid over them (objects merge key by key, other values replace).
   * @throws {RangeError} when the module has no sheet of that type
   */
  newActor(actorType: string, options?: NewActorOptions): Actor {
    return newActor(this.#content, actorType, options);
  }

  /**
   * Checks the sheet of `actorType` against derive: derives `actor` (by default a new actor of
   * the type), then requires every derived path and `@path` reference of the sheet to exist and
   * every roll button to resolve to valid dice, in lists for every row and for `newItem`.
   * @returns derive's output and the resolved roll notations
   * @throws {SheetCheckError} listing every problem; {@link ModuleHarnessError} if derive fails
   * @example
   * ```ts
   * it('has a sheet that derive fills', async () => {
   *   await rules.checkSheet('character');
   *   await rules.checkSheet('character', rules.newActor('character', { data: { level: 5 } }));
   * });
   * ```
   */
  async checkSheet(
    actorType: string,
    actor: Actor = this.newActor(actorType),
    options?: HarnessCallOptions,
  ): Promise<SheetCheck> {
    const sheet = sheetOf(this.#content, actorType);
    const file = this.manifest.sheets?.[actorType] ?? `sheets.${actorType}`;
    return checkSheet(sheet, file, actor, await this.derive(actor, options));
  }

  /** Runs `derive(actor, ctx)`. */
  derive(actor: Actor, options?: HarnessCallOptions): Promise<HookResults['derive']> {
    return this.#value('derive', [actor], options);
  }

  /** Runs `roll(request, ctx)`. */
  roll(request: RollHookRequest, options?: HarnessCallOptions): Promise<HookResults['roll']> {
    return this.#value('roll', [request], options);
  }

  /** Runs `initiative(actor, ctx)`. */
  initiative(actor: Actor, options?: HarnessCallOptions): Promise<number> {
    return this.#value('initiative', [actor], options);
  }

  /** Runs `validate(intent, state, ctx)`. */
  validate(
    intent: Intent,
    state: TableState,
    options?: HarnessCallOptions,
  ): Promise<HookResults['validate']> {
    return this.#value('validate', [intent, state], options);
  }

  /**
   * Runs `apply(intent, state, ctx)` and gives its changes (whichever of its two forms it
   * returned); {@link ModuleHarness.ruling} gives its result too.
   */
  async apply(intent: Intent, state: TableState, options?: HarnessCallOptions): Promise<Change[]> {
    return (await this.ruling(intent, state, options)).changes;
  }

  /**
   * Runs `apply(intent, state, ctx)`: its changes, and what it says the receipt shows (its
   * `result`, when it returned `{ changes, result }`).
   */
  async ruling(
    intent: Intent,
    state: TableState,
    options?: HarnessCallOptions,
  ): Promise<{ changes: Change[]; result?: JsonValue }> {
    const applied = await this.#value('apply', [intent, state], options);
    return Array.isArray(applied) ? { changes: applied } : applied;
  }

  /** Runs the chat command `name` with `input` (`/name text`). */
  command(
    name: string,
    input: CommandInput,
    options?: HarnessCallOptions,
  ): Promise<HookResults['command']> {
    return this.#value('command', [name, input], options);
  }

  /**
   * Runs one hook and resolves with the sandbox's outcome, failures included: the value or the
   * error, and the dice drawn and lines logged. Never rejects.
   */
  async call<H extends HookName>(
    hook: H,
    args: HookArgs[H],
    options: HarnessCallOptions = {},
  ): Promise<CallOutcome<H>> {
    const outcome = await this.#module.call(hook, args, {
      seed: options.seed,
      timeoutMs: options.timeoutMs ?? this.#options.timeoutMs,
    });
    for (const line of outcome.logs) this.#options.onLog?.(line, hook);
    return outcome;
  }

  /**
   * Checks that a call is deterministic, as every peer re-running the GM's rulings needs: it runs
   * `runs` times in this worker, then once in a fresh one, and every outcome (value or error,
   * dice drawn, lines logged) must be the same. A hook that keeps state in module-level variables
   * (which live as long as a worker) fails here.
   * @returns the outcome (it may be a failure: failing the same way every time is deterministic)
   * @throws {DeterminismError} naming the first difference
   */
  async checkDeterminism<H extends HookName>(
    hook: H,
    args: HookArgs[H],
    options: DeterminismOptions,
  ): Promise<CallOutcome<H>> {
    const runs = options.runs ?? 3;
    if (!Number.isInteger(runs) || runs < 2) throw new RangeError('runs must be 2 or more');
    const first = await this.call(hook, args, options);
    const label = `${this.manifest.id}@${this.manifest.version} ${hook}`;
    const compare = (outcome: CallOutcome<H>, which: string) => {
      const difference = firstDifference(comparable(first), comparable(outcome));
      if (difference === null) return;
      throw new DeterminismError(
        hook,
        difference,
        `${label} is not deterministic: with the same arguments and seed, ${which} gave ` +
          `${difference.path} = ${difference.second} where the first call gave ${difference.first}. ` +
          'A hook may use only its arguments and ctx, and must keep nothing between calls.',
      );
    };
    for (let run = 2; run <= runs; run++) {
      compare(await this.call(hook, args, options), `call ${run} (same worker)`);
    }
    const fresh = new Sandbox({
      launch: nodeWorkerLauncher({ maxHeapMb: this.#options.maxHeapMb }),
    });
    try {
      const module = await fresh.load(this.#bundle);
      const outcome = await module.call(hook, args, {
        seed: options.seed,
        timeoutMs: options.timeoutMs ?? this.#options.timeoutMs,
      });
      compare(outcome, 'a call in a fresh worker');
    } finally {
      fresh.close();
    }
    return first;
  }

  /** Ends the worker; later calls fail with `SANDBOX_CLOSED`. */
  close(): void {
    this.#sandbox.close();
  }

  async #value<H extends HookName>(
    hook: H,
    args: HookArgs[H],
    options?: HarnessCallOptions,
  ): Promise<HookResults[H]> {
    const outcome = await this.call(hook, args, options);
    if (outcome.ok) return outcome.value;
    const { code, message } = outcome.error;
    const logged =
      outcome.logs.length === 0
        ? ''
        : `\nThe module logged:\n${outcome.logs.map((line) => `  ${line}`).join('\n')}`;
    throw new ModuleHarnessError(
      code,
      hook,
      `${this.manifest.id}@${this.manifest.version} ${hook} failed with ${code}: ${message}${logged}`,
      outcome.draws,
      outcome.logs,
    );
  }
}

/** What must be equal between two runs of one call. */
function comparable(outcome: CallOutcome<HookName>): unknown {
  const { draws, logs } = outcome;
  return outcome.ok
    ? { ok: true, value: outcome.value, draws, logs }
    : { ok: false, error: outcome.error.toJSON(), draws, logs };
}
