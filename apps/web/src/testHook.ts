import { type IntentClient, toYValue } from '@meshtable/campaign';
import type { DieDraw, HookName, SandboxErrorCode } from '@meshtable/sandbox';
import type { SyncSession, SyncState } from '@meshtable/sync';
import { useEffect } from 'react';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import type { CampaignSession, CampaignSessionState, TableRole } from './campaign/CampaignSession';

/**
 * TEST HOOK, present in every build: `window.__meshtable` lets the e2e tests reach the live
 * document and editor (create shapes with `editor.createShape`, count them with
 * `editor.getCurrentPageShapes()`, read `syncState()`) and, on a campaign's screen, the campaign
 * session (`campaign`). It exposes nothing a user of the page could not already reach through
 * the devtools; it is not an API for anything but tests. Its parts are there while the screen
 * that publishes them is mounted: the board's while a board is, `campaign` while a campaign is.
 */
export interface MeshtableTestHook {
  /** The board's Yjs document (the table doc on a campaign's board); absent without a board. */
  readonly doc?: Y.Doc;
  /** The tldraw editor, or null until it has mounted; absent without a board. */
  readonly editor?: Editor | null;
  /** The current connection state of the board; absent without a board. */
  readonly syncState?: () => SyncState;
  /** The open campaign: see {@link MeshtableCampaignTestHook}. */
  readonly campaign?: MeshtableCampaignTestHook;
}

/**
 * TEST HOOK part: the campaign session open on this page (apps/web/src/campaign), for e2e tests
 * that play a table through the engine as the UI would (a GM's writes, a player's intents).
 */
export interface MeshtableCampaignTestHook {
  readonly session: CampaignSession;
  /** The table doc. */
  readonly table: Y.Doc;
  /** The gm doc, on GM devices. */
  readonly gm: Y.Doc | null;
  /** What I am at the table now. */
  role(): TableRole;
  state(): CampaignSessionState;
  /** My signed requests, with their receipts. */
  readonly intents: IntentClient;
  /** `session.writeAsGm`: a GM's direct edit, on the validating GM's device only. */
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  /** packages/campaign toYValue: JSON as the engine stores records (a Y.Map per object). */
  readonly toYValue: typeof toYValue;
}

/** The parts of the hook, by who publishes them. */
const hookParts: {
  board?: Pick<MeshtableTestHook, 'doc' | 'editor' | 'syncState'>;
  campaign?: MeshtableCampaignTestHook;
} = {};

function publishHook(): void {
  const { board, campaign } = hookParts;
  window.__meshtable =
    board === undefined && campaign === undefined
      ? undefined
      : Object.freeze({ ...board, ...(campaign === undefined ? {} : { campaign }) });
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
    const part = Object.freeze({
      doc: session.doc,
      editor,
      syncState: () => session.getState(),
    });
    hookParts.board = part;
    publishHook();
    return () => {
      if (hookParts.board === part) delete hookParts.board;
      publishHook();
    };
  }, [session, editor]);
}

/** Publishes the campaign part of the test hook while a campaign session is open. */
export function useCampaignTestHook(session: CampaignSession | null): void {
  useEffect(() => {
    if (session === null) return;
    const part: MeshtableCampaignTestHook = Object.freeze({
      session,
      table: session.table,
      gm: session.gm,
      role: () => session.state().role,
      state: () => session.state(),
      intents: session.intents,
      writeAsGm: (write: (table: Y.Doc) => void) => session.writeAsGm(write),
      toYValue,
    });
    hookParts.campaign = part;
    publishHook();
    return () => {
      if (hookParts.campaign === part) delete hookParts.campaign;
      publishHook();
    };
  }, [session]);
}
