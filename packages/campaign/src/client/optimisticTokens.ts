/**
 * The optimistic preview of token moves (DESIGN.md §3: players see their own intent at once and
 * reconcile when the receipt arrives): the tokens as the table doc has them, with the author's
 * pending `token.move` intents laid over them. Nothing is written: when a receipt arrives the
 * intent stops being pending and its overlay goes, leaving the GM's record, moved (applied) or
 * where it was (rejected).
 */
import { TABLE_MAPS, type Token, tokenSchema } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { INTENT_KINDS, tokenMovePayloadSchema } from './intentKinds';
import type { PendingIntent } from './OwnIntentLog';

/** The table doc's tokens that pass their schema, by id (the others are left out). */
export function readTokens(doc: Y.Doc): Map<string, Token> {
  const tokens = new Map<string, Token>();
  for (const [id, stored] of doc.getMap<unknown>(TABLE_MAPS.tokens)) {
    const checked = tokenSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) tokens.set(id, checked.data);
  }
  return tokens;
}

/**
 * Lays pending moves over tokens, in log order, so the latest pending move of a token wins.
 * Moves of tokens that are not in `tokens` (hidden, deleted) are skipped.
 * @returns a new map; `tokens` is not changed
 */
export function overlayMoves(
  tokens: ReadonlyMap<string, Token>,
  pending: readonly PendingIntent[],
): Map<string, Token> {
  const preview = new Map(tokens);
  for (const { intent } of pending) {
    const move = pendingMove(intent.kind, intent.payload);
    const token = move === null ? undefined : preview.get(move.tokenId);
    if (move !== null && token !== undefined)
      preview.set(token.id, { ...token, x: move.x, y: move.y });
  }
  return preview;
}

/** The move a pending intent asks for, or null when it is not a well-formed `token.move`. */
export function pendingMove(
  kind: string,
  payload: unknown,
): { tokenId: string; x: number; y: number } | null {
  if (kind !== INTENT_KINDS.tokenMove) return null;
  const checked = tokenMovePayloadSchema.safeParse(payload);
  return checked.success ? checked.data : null;
}

/**
 * One token with the pending moves of it laid over it, and those moves' ids; undefined when the
 * table has no such valid token.
 */
export function previewOf(
  doc: Y.Doc,
  tokenId: string,
  pending: readonly PendingIntent[],
): { token: Token; pending: string[] } | undefined {
  const stored = doc.getMap<unknown>(TABLE_MAPS.tokens).get(tokenId);
  const checked = tokenSchema.safeParse(fromYValue(stored));
  if (!checked.success || checked.data.id !== tokenId) return undefined;
  const moves = pending.filter(
    ({ intent }) => pendingMove(intent.kind, intent.payload)?.tokenId === tokenId,
  );
  const token = overlayMoves(new Map([[tokenId, checked.data]]), moves).get(tokenId) as Token;
  return { token, pending: moves.map(({ intent }) => intent.id) };
}
