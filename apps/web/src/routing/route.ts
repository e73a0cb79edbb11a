import { INVITE_ROUTE, type Invite, parseInviteLink } from '@meshtable/campaign';
import { isValidRoomName, recordIdSchema } from '@meshtable/schema';
import { isValidTableKey } from '@meshtable/sync';

/**
 * The app's routes live in the URL fragment (`#/…`): the fragment never reaches any server, so
 * the table key in an invite link stays between the people who share it.
 */

/** The route of a campaign kept on this device: `#/c/<campaignId>`. */
export const CAMPAIGN_ROUTE = 'c';

/** What the fragment asks for. */
export type Route =
  /** `#/` (or no fragment): the lobby, with the campaigns on this device. */
  | { readonly kind: 'landing' }
  /** `#/board/<room>/<tableKey>`: a free board (no campaign, no rules). */
  | { readonly kind: 'board'; readonly room: string; readonly tableKey: string }
  /** `#/join/<campaignId>/<tableKey>?…`: an invite to a campaign (packages/campaign invite.ts). */
  | { readonly kind: 'join'; readonly invite: Invite }
  /** `#/c/<campaignId>`: a campaign kept on this device. */
  | { readonly kind: 'campaign'; readonly campaignId: string }
  /** A fragment that looks like a link of ours but is damaged (truncated key, bad id). */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Parses `location.hash`.
 * @param hash - e.g. `#/board/k3x9…/q3Jf…`, `#/c/3q2-…`, `#/join/3q2-…/Qm9v…?gm=K1q…`
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const parts = path.split('/').filter((part) => part.length > 0);
  if (parts.length === 0) return { kind: 'landing' };
  if (parts[0] === INVITE_ROUTE || parts[0]?.startsWith(`${INVITE_ROUTE}?`)) {
    // The invite's own parser reads the whole fragment, query included, strictly.
    const parsed = parseInviteLink(`#${path}`);
    return parsed.ok
      ? { kind: 'join', invite: parsed.invite }
      : { kind: 'invalid', reason: parsed.message };
  }
  if (parts[0] === CAMPAIGN_ROUTE) {
    const [, campaignId, ...rest] = parts.map(safeDecode);
    if (
      campaignId === undefined ||
      rest.length > 0 ||
      !recordIdSchema.safeParse(campaignId).success
    ) {
      return { kind: 'invalid', reason: 'This campaign link is damaged: it has no campaign id.' };
    }
    return { kind: 'campaign', campaignId };
  }
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

/** The fragment of a campaign kept on this device: `#/c/<campaignId>`. */
export function campaignHash(campaignId: string): string {
  return `#/${CAMPAIGN_ROUTE}/${encodeURIComponent(campaignId)}`;
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
