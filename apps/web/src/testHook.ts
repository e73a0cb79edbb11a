import type { DieDraw, HookName, SandboxErrorCode } from '@meshtable/sandbox';
import type { SyncSession, SyncState } from '@meshtable/sync';
import { useEffect } from 'react';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';

/**
 * TEST HOOK, present in every build: `window.__meshtable` lets the e2e tests reach the live
 * document and editor (create shapes with `editor.createShape`, count them with
 * `editor.getCurrentPageShapes()`, read `syncState()`). It exposes nothing a user of the page
 * could not already reach through the devtools; it is not an API for anything but tests.
 */
export interface MeshtableTestHook {
  /** The board's Yjs document. */
  readonly doc: Y.Doc;
  /** The tldraw editor, or null until it has mounted. */
  readonly editor: Editor | null;
  /** The current connection state of the board. */
  syncState(): SyncState;
}

/** A sandbox failure as plain data. */
export interface SandboxTestError {
  readonly code: SandboxErrorCode;
  readonly message: string;
}

/** What one hook call ended in: the checked value or a typed error, and what the module drew and logged. */
export type SandboxTestCallOutcome = (
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SandboxTestError }
) & { readonly draws: readonly DieDraw[]; readonly logs: readonly string[] };

/** What {@link MeshtableSandboxTestHook.run} ended in: the module failed to load, or the call's outcome. */
export type SandboxTestOutcome = { readonly load: SandboxTestError } | SandboxTestCallOutcome;

/** Options of one call. */
export interface SandboxTestCallOptions {
  /** The dice seed, hex; without one, `ctx.dice` throws. */
  readonly seed?: string;
  /** The call's budget in ms; default: the manifest's `budgetMs`, else the sandbox's default. */
  readonly timeoutMs?: number;
}

/** One module, one call: see {@link MeshtableSandboxTestHook.run}. */
export interface SandboxTestRun extends SandboxTestCallOptions {
  /** The module's files by path (module.json and its entry at least), as text. */
  readonly files: Readonly<Record<string, string>>;
  readonly hook: HookName;
  /** The hook's arguments (JSON data); the sandbox appends `ctx`. */
  readonly args: readonly unknown[];
}

/** A module loaded into a {@link SandboxTestSandbox}. */
export interface SandboxTestModule {
  call(
    hook: HookName,
    args: readonly unknown[],
    options?: SandboxTestCallOptions,
  ): Promise<SandboxTestCallOutcome>;
}

/** A sandbox (one worker, started on the first load) kept open for several modules and calls. */
export interface SandboxTestSandbox {
  /** Checks the module's files and loads it into a compartment of its own. */
  load(
    files: Readonly<Record<string, string>>,
  ): Promise<{ readonly load: SandboxTestError } | { readonly module: SandboxTestModule }>;
  /** Ends the worker; calls still pending fail with `SANDBOX_CLOSED`. */
  close(): void;
}

/**
 * TEST HOOK, present in every build and on every route (the landing page too):
 * `window.__meshtableSandbox` runs game-system modules in the rules sandbox, a dedicated worker
 * under the worker's own Content-Security-Policy, so that the e2e tests can run the hostile
 * module suite in the browser. The sandbox is loaded on first use (a dynamic import: the board's
 * first paint does not pay for it), and SES's lockdown runs in the worker only, never in the
 * page. Outcomes are JSON data; sandboxes and modules are live handles, for use within one
 * evaluation. Like `window.__meshtable`, it gives a user nothing the devtools do not; it is not
 * an API for anything but tests.
 */
export interface MeshtableSandboxTestHook {
  /** Loads the module into a new sandbox, makes one call, closes the sandbox. */
  run(request: SandboxTestRun): Promise<SandboxTestOutcome>;
  /**
   * A new sandbox that stays open until `close()`: several modules in one worker, or a test that
   * watches the page during one call alone (by then the worker is up and the module loaded).
   */
  open(): Promise<SandboxTestSandbox>;
}

declare global {
  interface Window {
    /** See {@link MeshtableTestHook}. */
    __meshtable?: MeshtableTestHook;
    /** See {@link MeshtableSandboxTestHook}. */
    __meshtableSandbox?: MeshtableSandboxTestHook;
  }
}

/** Publishes the sandbox test hook; the sandbox itself loads on first use. */
export function installSandboxTestHook(): void {
  const runner = () => import('./sandbox/moduleRunner');
  window.__meshtableSandbox = Object.freeze({
    run: async (request: SandboxTestRun) => (await runner()).runModule(request),
    open: async () => (await runner()).openSandbox(),
  });
}

/** Publishes the test hook for the current board while it is mounted. */
export function useTestHook(session: SyncSession | null, editor: Editor | null): void {
  useEffect(() => {
    if (session === null) return;
    const hook: MeshtableTestHook = Object.freeze({
      doc: session.doc,
      editor,
      syncState: () => session.getState(),
    });
    window.__meshtable = hook;
    return () => {
      if (window.__meshtable === hook) window.__meshtable = undefined;
    };
  }, [session, editor]);
}
