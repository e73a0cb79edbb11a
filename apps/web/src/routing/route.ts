import { isValidRoomName } from '@meshtable/schema';
import { isValidTableKey } from '@meshtable/sync';

/**
 * The app's routes live in the URL fragment (`#/…`): the fragment never reaches any server, so
 * the table key in an invite link stays between the people who share it.
 */

/** What the fragment asks for. */
export type Route =
  /** `#/` (or no fragment): the landing screen. */
  | { readonly kind: 'landing' }
  /** `#/board/<room>/<tableKey>`: a shared board. */
  | { readonly kind: 'board'; readonly room: string; readonly tableKey: string }
  /** A fragment that looks like a board link but is damaged (truncated key, bad room id). */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Parses `location.hash`.
 * @param hash - e.g. `#/board/k3x9…/q3Jf…`
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const parts = path.split('/').filter((part) => part.length > 0);
  if (parts.length === 0) return { kind: 'landing' };
  if (parts[0] !== 'board') return { kind: 'invalid', reason: `Unknown page “${parts[0]}”.` };
  const [, room, tableKey, ...rest] = parts.map(safeDecode);
  if (room === undefined || tableKey === undefined || rest.length > 0) {
    return { kind: 'invalid', reason: 'This board link is incomplete.' };
  }
  if (!isValidRoomName(room))
    return { kind: 'invalid', reason: 'This board link has a bad board id.' };
  if (!isValidTableKey(tableKey)) {
    return { kind: 'invalid', reason: 'This board link has a damaged key (was it cut short?).' };
  }
  return { kind: 'board', room, tableKey };
}

/** The fragment of a board: `#/board/<room>/<tableKey>`. */
export function boardHash(room: string, tableKey: string): string {
  return `#/board/${encodeURIComponent(room)}/${encodeURIComponent(tableKey)}`;
}

/**
 * The link to share for a board: this page's origin and path with the board fragment, but
 * without the query string (`?sync=…` and `?persist=…` are per-device test switches).
 */
export function inviteLink(
  location: Pick<Location, 'origin' | 'pathname'>,
  room: string,
  tableKey: string,
): string {
  return `${location.origin}${location.pathname}${boardHash(room, tableKey)}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
