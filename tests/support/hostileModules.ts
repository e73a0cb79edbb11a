/**
 * The hostile-module suite: modules that try to get out of the sandbox, each with the outcome the
 * sandbox must produce. The same list runs in Node (tests/integration/sandboxHostile.test.ts) and
 * in Chromium (tests/e2e/sandboxHostile.test.ts), so a case is plain data: the entry's source,
 * the call to make, and what must come back.
 */
import type { HookName, SandboxErrorCode } from '@meshtable/sandbox';

/** What a hostile case must end in. */
export type HostileExpectation =
  /** Loading the module fails with this code. */
  | { readonly load: SandboxErrorCode; readonly message?: string }
  /** The call succeeds and returns exactly this value (e.g. the probe results of an attempt). */
  | { readonly value: unknown }
  /** The call fails with this code (and a message containing `message`, when given). */
  | { readonly code: SandboxErrorCode; readonly message?: string };

/** One attempt. */
export interface HostileCase {
  readonly name: string;
  /** The module's rules.js. */
  readonly source: string;
  /** The call to make once loaded; absent for cases that must fail to load. */
  readonly call?: {
    readonly hook: HookName;
    readonly args: readonly unknown[];
    readonly seed?: string;
    readonly timeoutMs?: number;
  };
  readonly expect: HostileExpectation;
  /** It ends the worker (timeout, memory): runners give it a sandbox of its own. */
  readonly killsWorker?: boolean;
}

/** The suite. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'reads process',
    source: `exports.derive = () => ({ process: typeof process, require: typeof require });`,
    call: { hook: 'derive', args: [{}] },
    expect: { value: { process: 'undefined', require: 'undefined' } },
  },
  {
    name: 'escapes through the Function constructor',
    source: `exports.derive = () => ({ r: (function () {}).constructor('return typeof process')() });`,
    call: { hook: 'derive', args: [{}] },
    expect: { code: 'MODULE_ERROR', message: 'not a valid constructor' },
  },
  {
    name: 'spins forever',
    source: `exports.derive = () => { for (;;) {} };`,
    call: { hook: 'derive', args: [{}], timeoutMs: 200 },
    expect: { code: 'MODULE_TIMEOUT' },
    killsWorker: true,
  },
];
