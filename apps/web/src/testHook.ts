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

declare global {
  interface Window {
    /** See {@link MeshtableTestHook}. */
    __meshtable?: MeshtableTestHook;
  }
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
