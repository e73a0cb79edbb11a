/**
 * Whether this device should ask to join the table: once, ever, per person. The request is an
 * intent in my own log, and the log is part of the table doc (kept in IndexedDB and synced), so
 * a reload, or another device of mine, finds the request already there and does not ask again.
 */
import { fromYValue, INTENT_KINDS, readMeta } from '@meshtable/campaign';
import { INTENT_LOG_PREFIX, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/**
 * True when the table doc holds a campaign (so it has synced with someone who has it: asking
 * before then could not be ruled on, and might repeat a request not yet synced back), I have
 * no member record in it, and my log holds no `join` of mine.
 */
export function needsJoinRequest(table: Y.Doc, userId: string): boolean {
  try {
    if (readMeta(table) === null) return false;
  } catch {
    return false; // malformed meta: nothing sensible to join yet
  }
  if (table.getMap(TABLE_MAPS.members).has(userId)) return false;
  const log = table.getArray<unknown>(`${INTENT_LOG_PREFIX}${userId}`);
  return !log
    .toArray()
    .some((entry) => (fromYValue(entry) as { kind?: unknown } | null)?.kind === INTENT_KINDS.join);
}
