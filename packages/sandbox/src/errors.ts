/**
 * The sandbox's typed failures. Every way a module call can go wrong ends as a {@link SandboxError}
 * with one of these codes; docs/errors.md explains each and what to do about it.
 */

/** Every code a {@link SandboxError} can carry. */
export const SANDBOX_ERROR_CODES = [
  /** module.json is missing, is not JSON, or breaks the manifest schema; or the files are unfit. */
  'MODULE_INVALID_MANIFEST',
  /** The module's files do not hash to the SHA-256 the campaign pinned. */
  'MODULE_HASH_MISMATCH',
  /** The entry script was refused by SES or threw while it was evaluated. */
  'MODULE_LOAD_ERROR',
  /** The module does not export the hook (or command) that was called. */
  'MODULE_NO_SUCH_HOOK',
  /** The arguments of a call are not plain JSON data, are too large, or are the wrong number. */
  'MODULE_INVALID_ARGS',
  /** The module threw; the message is the module's own. */
  'MODULE_ERROR',
  /** The call ran past its time budget; the worker was terminated. */
  'MODULE_TIMEOUT',
  /** The worker ran out of memory during the call and was terminated. */
  'MODULE_OUT_OF_MEMORY',
  /** The worker died during the call for another reason. */
  'MODULE_CRASHED',
  /** The module returned something that is not plain data, is too large, or breaks the hook's schema. */
  'MODULE_INVALID_OUTPUT',
  /** The module failed (timeout, memory, crash) too many times in a row and was switched off. */
  'MODULE_DISABLED',
  /** The sandbox was closed. */
  'SANDBOX_CLOSED',
] as const;

/** A code of {@link SANDBOX_ERROR_CODES}. */
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

/** The failures that count toward disabling a module: the worker itself had to go. */
export const WORKER_FAILURE_CODES: ReadonlySet<SandboxErrorCode> = new Set([
  'MODULE_TIMEOUT',
  'MODULE_OUT_OF_MEMORY',
  'MODULE_CRASHED',
]);

/** A failure of the sandbox or of a module in it. The message never carries a host stack. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';

  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The `{ code, message }` form printed by `meshtable module call` and stored in receipts. */
  toJSON(): { code: SandboxErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Whether `value` is one of {@link SANDBOX_ERROR_CODES} (for codes that crossed a message port). */
export function isSandboxErrorCode(value: unknown): value is SandboxErrorCode {
  return (SANDBOX_ERROR_CODES as readonly unknown[]).includes(value);
}
