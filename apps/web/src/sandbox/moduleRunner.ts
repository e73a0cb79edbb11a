/**
 * Runs game-system modules, given as text files, in rules sandboxes (one dedicated worker each)
 * and reports what happened as plain data. Loaded on demand by the sandbox test hook
 * (testHook.ts): this file and everything it imports form a chunk of their own, and the worker
 * is a separate file under static/worker/.
 */
import {
  createModuleBundle,
  type HookArgs,
  type HookName,
  moduleFilesFromText,
  Sandbox,
  SandboxError,
  type SandboxModule,
} from '@meshtable/sandbox';
import { browserWorkerLauncher } from '@meshtable/sandbox/browser';
import type {
  SandboxTestCallOptions,
  SandboxTestCallOutcome,
  SandboxTestError,
  SandboxTestModule,
  SandboxTestOutcome,
  SandboxTestRun,
  SandboxTestSandbox,
} from '../testHook';

/** Opens a sandbox for several modules; its worker starts with the first load. */
export function openSandbox(): SandboxTestSandbox {
  const sandbox = new Sandbox({ launch: browserWorkerLauncher() });
  return Object.freeze({
    load: (files: Readonly<Record<string, string>>) => loadModule(sandbox, files),
    close: () => sandbox.close(),
  });
}

/**
 * Loads a module into a new sandbox, makes one call and closes the sandbox.
 * @example
 * ```ts
 * const outcome = await runModule({
 *   files: { 'module.json': manifestText, 'rules.js': 'exports.derive = () => ({ hp: 1 });' },
 *   hook: 'derive',
 *   args: [{}],
 * }); // { ok: true, value: { hp: 1 }, draws: [], logs: [] }
 * ```
 */
export async function runModule(request: SandboxTestRun): Promise<SandboxTestOutcome> {
  const sandbox = openSandbox();
  try {
    const loaded = await sandbox.load(request.files);
    if ('load' in loaded) return loaded;
    return await loaded.module.call(request.hook, request.args, {
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
    });
  } finally {
    sandbox.close();
  }
}

/** Checks a module's files and loads it; a manifest, hash or entry that fails is an outcome. */
async function loadModule(
  sandbox: Sandbox,
  files: Readonly<Record<string, string>>,
): Promise<{ readonly load: SandboxTestError } | { readonly module: SandboxTestModule }> {
  let loaded: SandboxModule;
  try {
    loaded = await sandbox.load(createModuleBundle(moduleFilesFromText(files)));
  } catch (error) {
    if (error instanceof SandboxError) return { load: plainError(error) };
    throw error;
  }
  return {
    module: Object.freeze({
      call: (hook: HookName, args: readonly unknown[], options: SandboxTestCallOptions = {}) =>
        callHook(loaded, hook, args, options),
    }),
  };
}

async function callHook(
  module: SandboxModule,
  hook: HookName,
  args: readonly unknown[],
  options: SandboxTestCallOptions,
): Promise<SandboxTestCallOutcome> {
  // The sandbox checks the arity and that the arguments are JSON data; a test may send any.
  const outcome = await module.call(hook, args as HookArgs[HookName], options);
  const { draws, logs } = outcome;
  return outcome.ok
    ? { ok: true, value: outcome.value, draws, logs }
    : { ok: false, error: plainError(outcome.error), draws, logs };
}

function plainError(error: SandboxError): SandboxTestError {
  return { code: error.code, message: error.message };
}
