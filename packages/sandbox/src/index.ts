/**
 * @meshtable/sandbox — runs game-system modules (other people's code) safely: SES compartments
 * inside a dedicated worker, a watchdog that ends runaway calls, results copied out and checked.
 * This entry is runtime-neutral; the worker launchers live in `@meshtable/sandbox/node` and
 * `@meshtable/sandbox/browser`.
 */
export type { SandboxErrorCode } from './errors';
export { isSandboxErrorCode, SANDBOX_ERROR_CODES, SandboxError } from './errors';
export { CALL_LIMITS } from './guest/callContext';
export type {
  ApplyResult,
  Change,
  CommandResult,
  HookName,
  HookResults,
  JsonObject,
  JsonValue,
  RollHookResult,
  ValidateResult,
} from './hooks';
export { CHANGE_COLLECTIONS, changeSchema, HOOK_ARITY, HOOK_NAMES, isHookName } from './hooks';
export type { CallOptions, CallOutcome, HookArgs, SandboxOptions } from './host/Sandbox';
export { MAX_CALL_TIMEOUT_MS, SANDBOX_DEFAULTS, Sandbox, SandboxModule } from './host/Sandbox';
export type { WorkerEvents, WorkerExit, WorkerLauncher, WorkerLink } from './host/WorkerLink';
export type { ModuleManifest } from './manifest';
export { MAX_BUDGET_MS, MODULE_API_VERSION, parseManifest } from './manifest';
export type { ModuleBundle, ModuleBundleOptions, ModuleFiles } from './moduleFiles';
export {
  createModuleBundle,
  hashModuleFiles,
  MANIFEST_FILE,
  MODULE_LIMITS,
  moduleFilesFromText,
} from './moduleFiles';
export type { CommandInfo, DieDraw } from './protocol';
