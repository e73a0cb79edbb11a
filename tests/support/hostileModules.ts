/**
 * The hostile-module suite: modules that try to get out of the sandbox, each with the outcome the
 * sandbox must produce. The same list runs in Node (tests/integration/sandboxHostile.test.ts) and
 * in Chromium (tests/e2e/sandboxHostile.test.ts), so a case is plain data: the entry's source,
 * the call to make, and what must come back. The cases themselves live by theme in
 * tests/support/hostile/.
 */
import type { HookName, SandboxErrorCode } from '@meshtable/sandbox';
import { BOUNDARY_CASES } from './hostile/boundaryCases';
import { ESCAPE_CASES } from './hostile/escapeCases';
import { RESOURCE_CASES } from './hostile/resourceCases';
import { RESULT_CASES } from './hostile/resultCases';
import { SEQUENCES } from './hostile/sequences';

/** What a hostile case must end in. */
export type HostileExpectation =
  /** Loading the module fails with this code. */
  | { readonly load: SandboxErrorCode; readonly message?: string }
  /** The call succeeds and returns exactly this value (e.g. the probe results of an attempt). */
  | { readonly value: unknown }
  /** The call fails with this code (and a message containing `message`, when given). */
  | { readonly code: SandboxErrorCode; readonly message?: string };

/** A call to make on a loaded module. */
export interface HostileCall {
  readonly hook: HookName;
  readonly args: readonly unknown[];
  /** The dice seed, hex; without one, `ctx.dice` throws. */
  readonly seed?: string;
  readonly timeoutMs?: number;
}

/** One attempt. */
export interface HostileCase {
  readonly name: string;
  /** The module's rules.js. */
  readonly source: string;
  /** The call to make once loaded; absent for cases that must fail to load. */
  readonly call?: HostileCall;
  readonly expect: HostileExpectation;
  /**
   * What the case must end in in Chromium, where it differs: a browser gives a worker no heap
   * limit of its own, so allocation ends by the time budget there.
   */
  readonly expectBrowser?: HostileExpectation;
  /** Exactly the lines the call's outcome must carry in `logs` (checked where a runner sees them). */
  readonly logs?: readonly string[];
  /** Exactly how many dice the call's outcome must list in `draws` (likewise). */
  readonly draws?: number;
  /** It ends the worker (timeout, memory): runners give it a sandbox of its own. */
  readonly killsWorker?: boolean;
}

/** One step of a {@link HostileSequence}: a call on one of its modules. */
export interface HostileStep {
  /** The index of the module in {@link HostileSequence.modules}. */
  readonly module: number;
  readonly call: HostileCall;
  readonly expect: HostileExpectation;
}

/**
 * Attempts that take more than one call or module: something done in one, looked for in
 * another. The modules load in order into one sandbox, then the steps run in order.
 */
export interface HostileSequence {
  readonly name: string;
  /** The rules.js of each module. */
  readonly modules: readonly string[];
  readonly steps: readonly HostileStep[];
}

/** The suite. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...ESCAPE_CASES,
  ...BOUNDARY_CASES,
  ...RESULT_CASES,
  ...RESOURCE_CASES,
];

/** Tampering that must stay inside one call or one module. */
export const HOSTILE_SEQUENCES: readonly HostileSequence[] = SEQUENCES;
