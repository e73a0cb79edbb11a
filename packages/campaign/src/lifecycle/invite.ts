/**
 * The invite link (DESIGN.md §3):
 * `<app>#/join/<campaignId>/<tableKey>?relay=<url>&epoch=<n>&gm=<userId>.<userId>`.
 * Everything after `#` stays in the browser: no server, the app's own included, ever receives the
 * table key. The gmKey has no place in the format, so an invite cannot carry it.
 *
 * `epoch` is there once a kick has moved the table to a new key (lifecycle/kick.ts): the room of
 * epoch n derives from its key (tableEpoch.ts), and the link of epoch 0, the campaign id's own
 * room, has no `epoch` and reads exactly as before.
 *
 * `gm` names the campaign's GMs by user id (the hash of their key), so that a newcomer whose doc
 * is empty trusts the keys that hash to those ids, not whatever `meta.gms` the first peer shows
 * it (gmTrust.ts). The ids are joined by `.`, which base64url does not use and a URL does not
 * encode. A link without `gm` (made before links named their GMs) still reads, with no GM ids:
 * the client then trusts `meta.gms` as it first sees it.
 *
 * Parsing is strict, because a link arrives from anywhere (chat, e-mail, a QR code): the ids
 * must be exactly as createCampaign makes them, without percent-encoding, and the relay must be
 * a plain http(s) URL. A link that is not right gets a reason, never a half-parsed invite.
 */
import { recordIdSchema } from '@meshtable/schema';
import { decodeBase64Url } from '../identity/base64url';
import { CampaignError, type CampaignErrorCode } from './CampaignError';
import { isCampaignKey } from './credentials';
import { tableRoom } from './tableEpoch';

/** The fragment route of an invite: `#/join/…`. */
export const INVITE_ROUTE = 'join';

/** The longest link parseInviteLink reads. */
export const MAX_INVITE_LINK_CHARS = 4096;

/** The longest relay URL an invite may carry. */
export const MAX_RELAY_URL_CHARS = 2048;

/** An epoch as a link writes it: no sign, no leading zero, never 0 (epoch 0 is written as none). */
const EPOCH_PATTERN = /^[1-9][0-9]{0,15}$/;

/** The most GMs an invite names. */
export const MAX_INVITE_GMS = 8;

/** Between two GM ids in the `gm` parameter: not in the base64url alphabet, never encoded. */
const GM_ID_SEPARATOR = '.';

/** Bytes of a user id (its 22 base64url characters). */
const USER_ID_BYTES = 16;

/** What an invite gives a player: where the table is and the key to it. */
export interface Invite {
  /** The campaign id: the table doc's room. */
  readonly campaignId: string;
  /** The table key: 16 bytes as 22 characters of base64url. */
  readonly tableKey: string;
  /** The relay to use (normalized, absolute http or https), or null for the app's default. */
  readonly relayUrl: string | null;
  /** The table's key epoch: 0 until a kick moves the table to a new key. */
  readonly epoch: number;
  /** The room to sync the table doc in: the campaign id in epoch 0, else derived from the key. */
  readonly room: string;
  /**
   * The GMs' user ids, to pin as the GMs (IntentClient's and openRekey's `gmIds`). Empty for a
   * link made before invites named their GMs: the client then trusts `meta.gms` as first seen.
   */
  readonly gmIds: readonly string[];
}

/** What makeInviteLink needs; other fields of the object given (a gmKey) are never read. */
export interface InviteFields {
  readonly campaignId: string;
  readonly tableKey: string;
  readonly relayUrl?: string | null;
  /** The key epoch (a kick's `epoch`); 0 or absent for the campaign's first key. */
  readonly epoch?: number;
  /**
   * The GMs' user ids (the keys of `meta.gms`, at most {@link MAX_INVITE_GMS}). Give them: a link
   * without them leaves a newcomer to trust whatever `meta.gms` the first peer shows.
   */
  readonly gmIds?: readonly string[];
}

/** The codes parseInviteLink can answer with. */
export type InviteErrorCode = Extract<CampaignErrorCode, `INVITE_${string}`>;

/** The result of {@link parseInviteLink}. */
export type InviteParse =
  | { readonly ok: true; readonly invite: Invite }
  | { readonly ok: false; readonly code: InviteErrorCode; readonly message: string };

/**
 * Makes the invite link for a campaign.
 * @param baseUrl the app's address (http or https); its own fragment, if any, is replaced
 * @param invite the campaign id, the table key, optionally the relay, the epoch and the GMs' ids.
 *   Only these fields are read, so passing the whole result of createCampaign cannot leak its
 *   gmKey.
 * @throws CampaignError `INVITE_INVALID_LINK` for a bad base URL, or the `INVITE_*` code of a bad
 *   field
 * @example
 * ```ts
 * const gmIds = Object.keys(readMeta(created.table)?.gms ?? {});
 * const link = makeInviteLink('https://table.example/', { ...created, relayUrl: 'https://relay.example', gmIds });
 * // https://table.example/#/join/3q2-…/Qm9v…?relay=https%3A%2F%2Frelay.example%2F&gm=K1q…
 * ```
 */
export function makeInviteLink(baseUrl: string, invite: InviteFields): string {
  const base = parseHttpUrl(baseUrl);
  if (base === null) {
    throw new CampaignError('INVITE_INVALID_LINK', 'The app address must be an http(s) URL.');
  }
  base.hash = '';
  const campaignId = orThrow(checkCampaignId(invite.campaignId));
  const tableKey = orThrow(checkTableKey(invite.tableKey));
  const relayUrl =
    invite.relayUrl === undefined || invite.relayUrl === null
      ? null
      : orThrow(checkRelayUrl(invite.relayUrl));
  const epoch = invite.epoch ?? 0;
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw new CampaignError('INVITE_INVALID_EPOCH', 'An epoch is a whole number, 0 or more.');
  }
  const gmIds = orThrowGmIds(checkGmIds(invite.gmIds ?? []));
  const params = [
    ...(relayUrl === null ? [] : [`relay=${encodeURIComponent(relayUrl)}`]),
    ...(epoch === 0 ? [] : [`epoch=${epoch}`]),
    ...(gmIds.length === 0 ? [] : [`gm=${gmIds.join(GM_ID_SEPARATOR)}`]),
  ];
  const query = params.length === 0 ? '' : `?${params.join('&')}`;
  return `${base.href}#/${INVITE_ROUTE}/${campaignId}/${tableKey}${query}`;
}

/**
 * Reads an invite link. Never throws: any input gives an invite or a reason.
 * @param link a whole link (http or https), or just its fragment (`#/join/…`, e.g. location.hash)
 * @returns `{ ok: true, invite }`, or `{ ok: false, code, message }` with a message for people
 * @example
 * ```ts
 * const parsed = parseInviteLink(location.href);
 * if (!parsed.ok) return showError(parsed.message);
 * openTable(parsed.invite);
 * ```
 */
export function parseInviteLink(link: unknown): InviteParse {
  if (typeof link !== 'string') return fail('INVITE_INVALID_LINK', 'An invite link is text.');
  const text = link.trim();
  if (text.length > MAX_INVITE_LINK_CHARS) {
    return fail('INVITE_INVALID_LINK', 'This invite link is far too long to be one.');
  }
  const hashAt = text.indexOf('#');
  if (hashAt === -1) {
    return fail('INVITE_INVALID_LINK', 'This link has no invite in it (nothing after “#”).');
  }
  if (hashAt > 0 && parseHttpUrl(text) === null) {
    return fail('INVITE_INVALID_LINK', 'An invite link starts with http:// or https://.');
  }
  // The raw fragment, not URL#hash: the URL parser would percent-encode what it finds there.
  const fragment = text.slice(hashAt + 1);
  const queryAt = fragment.indexOf('?');
  const path = queryAt === -1 ? fragment : fragment.slice(0, queryAt);
  const query = queryAt === -1 ? '' : fragment.slice(queryAt + 1);
  const [empty, route, campaignId, tableKey, ...rest] = path.split('/');
  if (empty !== '' || route !== INVITE_ROUTE) {
    return fail('INVITE_INVALID_LINK', 'This link is not an invite to a table (“#/join/…”).');
  }
  if (campaignId === undefined || tableKey === undefined || rest.length > 0) {
    return fail(
      'INVITE_INVALID_LINK',
      'This invite link is incomplete or has extra parts: it must end “/join/<campaign>/<key>”.',
    );
  }
  const checkedId = checkCampaignId(campaignId);
  if (!checkedId.ok) return checkedId;
  const checkedKey = checkTableKey(tableKey);
  if (!checkedKey.ok) return checkedKey;
  const params = new URLSearchParams(query);
  const relays = params.getAll('relay');
  if (relays.length > 1) {
    return fail('INVITE_INVALID_RELAY_URL', 'This invite link names more than one relay.');
  }
  let relayUrl: string | null = null;
  if (relays[0] !== undefined) {
    const checkedRelay = checkRelayUrl(relays[0]);
    if (!checkedRelay.ok) return checkedRelay;
    relayUrl = checkedRelay.value;
  }
  const epochs = params.getAll('epoch');
  const epochText = epochs[0];
  if (epochs.length > 1 || (epochText !== undefined && !EPOCH_PATTERN.test(epochText))) {
    return fail(
      'INVITE_INVALID_EPOCH',
      'The key epoch in this invite link is damaged: it must be one whole number from 1.',
    );
  }
  const epoch = epochText === undefined ? 0 : Number(epochText);
  if (!Number.isSafeInteger(epoch)) {
    return fail('INVITE_INVALID_EPOCH', 'The key epoch in this invite link is far too large.');
  }
  const gmLists = params.getAll('gm');
  if (gmLists.length > 1) {
    return fail('INVITE_INVALID_GM_IDS', 'This invite link names its GMs more than once.');
  }
  let gmIds: readonly string[] = [];
  if (gmLists[0] !== undefined) {
    if (gmLists[0] === '') {
      return fail('INVITE_INVALID_GM_IDS', 'The GM list in this invite link is empty.');
    }
    const checkedGms = checkGmIds(gmLists[0].split(GM_ID_SEPARATOR));
    if (!checkedGms.ok) return checkedGms;
    gmIds = checkedGms.value;
  }
  const invite: Invite = {
    campaignId: checkedId.value,
    tableKey: checkedKey.value,
    relayUrl,
    epoch,
    room: tableRoom(checkedId.value, epoch, checkedKey.value),
    gmIds,
  };
  return { ok: true, invite };
}

type Checked =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: InviteErrorCode; readonly message: string };

function checkCampaignId(value: unknown): Checked {
  return recordIdSchema.safeParse(value).success
    ? { ok: true, value: value as string }
    : fail(
        'INVITE_INVALID_CAMPAIGN_ID',
        'The campaign id in this invite is malformed (1 to 64 of A–Z, a–z, 0–9, _ and -).',
      );
}

function checkTableKey(value: unknown): Checked {
  return isCampaignKey(value)
    ? { ok: true, value }
    : fail(
        'INVITE_INVALID_TABLE_KEY',
        'The key in this invite is damaged: it must be 22 characters of A–Z, a–z, 0–9, _ and - (was it cut short?).',
      );
}

function checkRelayUrl(value: unknown): Checked {
  const bad = (why: string) => fail('INVITE_INVALID_RELAY_URL', `The relay in this invite ${why}.`);
  if (typeof value !== 'string') return bad('is not text');
  if (value.length > MAX_RELAY_URL_CHARS) return bad('is too long');
  const url = parseHttpUrl(value);
  if (url === null) return bad('is not an http:// or https:// address');
  if (url.username !== '' || url.password !== '')
    return bad('must not carry a user name or password');
  if (url.hash !== '') return bad('must not have a “#” part');
  return { ok: true, value: url.href };
}

type CheckedGmIds =
  | { readonly ok: true; readonly value: readonly string[] }
  | { readonly ok: false; readonly code: InviteErrorCode; readonly message: string };

/** GM ids as an invite carries them: 1 to MAX_INVITE_GMS user ids, each once (or none at all). */
function checkGmIds(ids: readonly unknown[]): CheckedGmIds {
  const bad = (why: string) => fail('INVITE_INVALID_GM_IDS', why);
  if (!Array.isArray(ids)) return bad('The GM ids of an invite are a list of user ids.');
  if (ids.length > MAX_INVITE_GMS) {
    return bad(
      `This invite link names ${ids.length} GMs; an invite names at most ${MAX_INVITE_GMS}.`,
    );
  }
  for (const [index, id] of ids.entries()) {
    if (typeof id !== 'string' || id === '') {
      return bad(`GM id number ${index + 1} in this invite is missing (was the link cut short?).`);
    }
    if (decodeBase64Url(id, USER_ID_BYTES) === null) {
      return bad(
        `GM id number ${index + 1} in this invite is damaged: a user id is 22 characters of A–Z, a–z, 0–9, _ and - (was it cut short?).`,
      );
    }
  }
  if (new Set(ids).size !== ids.length) return bad('This invite link names one GM twice.');
  return { ok: true, value: [...(ids as readonly string[])] };
}

function orThrowGmIds(checked: CheckedGmIds): readonly string[] {
  if (!checked.ok) throw new CampaignError(checked.code, checked.message);
  return checked.value;
}

function parseHttpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
    ? url
    : null;
}

function fail(code: InviteErrorCode, message: string) {
  return { ok: false as const, code, message };
}

function orThrow(checked: Checked): string {
  if (!checked.ok) throw new CampaignError(checked.code, checked.message);
  return checked.value;
}
