/**
 * A BoardSession for unit tests: real table and gm docs, a device that validates or not, and
 * an intent client that records the moves asked for (the real one is tested in
 * packages/campaign).
 */
import type { IntentTicket, MoveRejection } from '@meshtable/campaign';
import type { Token } from '@meshtable/schema';
import * as Y from 'yjs';
import type { BoardSession, BoardSessionState } from './boardSession';

/** The fake session, with what the board asked of it. */
export interface FakeBoardSession extends BoardSession {
  /** The moves asked for through intents, in order. */
  readonly requested: { tokenId: string; x: number; y: number }[];
  /** The other intents asked for (`gm.edit`, annotations), in order. */
  readonly requestedIntents: { kind: string; payload: unknown }[];
  /** Changes the role or the validating flag. */
  setState(state: Partial<BoardSessionState>): void;
}

/** A fake session of a GM (validating unless said otherwise) or a player. */
export function fakeBoardSession(
  state: BoardSessionState,
  userId = 'meMMMMMMMMMMMMMMMMMMMM',
): FakeBoardSession {
  const table = new Y.Doc();
  const gm = state.role === 'gm' ? new Y.Doc() : null;
  const listeners = new Set<() => void>();
  let current = state;
  const requested: { tokenId: string; x: number; y: number }[] = [];
  const requestedIntents: { kind: string; payload: unknown }[] = [];
  return {
    campaignId: 'campaign1',
    me: { userId },
    table,
    gm,
    rules: null,
    requested,
    requestedIntents,
    intents: {
      // Annotations' and GM edits' intents: asked, never answered, in the unit tests.
      request: (kind: string, payload: unknown) => {
        requestedIntents.push({ kind, payload });
        return { id: `${userId}.${kind}`, receipt: new Promise(() => {}) };
      },
      requestMoveToken(tokenId: string, x: number, y: number): IntentTicket {
        requested.push({ tokenId, x, y });
        return { id: `${userId}.${requested.length}`, receipt: new Promise(() => {}) };
      },
      optimisticTokens: () => new Map<string, Token>(),
      pending: () => [],
      rejections: () => new Map<string, MoveRejection>(),
      dismissRejection: () => {},
      subscribe: () => () => {},
    },
    writeAsGm(write) {
      if (current.role !== 'gm' || !current.validating) return false;
      table.transact(() => write(table));
      return true;
    },
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setState(next) {
      current = { ...current, ...next };
      for (const listener of listeners) listener();
    },
  };
}
