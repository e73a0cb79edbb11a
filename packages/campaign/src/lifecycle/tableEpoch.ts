/**
 * The table's epochs (issue 5, kicking): the table doc of epoch 0 lives in the room named by the
 * campaign id, as every campaign starts. Each kick starts the next epoch under a fresh table key,
 * in a room derived from that key:
 *
 * ```
 * room(n) = base64url(HKDF-SHA256(ikm = tableKey(n), salt = none,
 *                                 info = "meshtable table room v1\0" ‖ campaignId ‖ "\0" ‖ n, 16 bytes))
 * ```
 *
 * - **From the key**, so that only those who hold the key know the room. The kicked member still
 *   reads the old room, where the rekey is written; a room name there would let them claim the
 *   new room on the relay first (the relay gives a room to the first token it sees) and lock
 *   everyone out of it.
 * - **HKDF**, the standard way to derive a value from a key for one purpose; its output reveals
 *   nothing of the key (the relay sees room names).
 * - **The domain string** keeps this output apart from every other use of the key (the relay
 *   token hashes the same key under its own domain, y-webrtc stretches it with PBKDF2).
 * - **The campaign id and the epoch** in `info` make each room name unique to its place even
 *   if a key were ever reused.
 * - **16 bytes** give a 22-character record id: a valid room name, and a valid campaign id slot of
 *   an invite link.
 *
 * The epoch and the room are in `meta.epoch` of the new table doc; the GM devices keep each
 * epoch's key in the gm doc's `tableKeys` map, whose room never changes.
 */
import {
  GM_TABLE_KEYS_MAP,
  type GmTableKey,
  gmTableKeySchema,
  REKEY_META_KEYS,
  TABLE_MAPS,
  tableEpochSchema,
} from '@meshtable/schema';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type * as Y from 'yjs';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { CampaignError } from './CampaignError';
import { CAMPAIGN_KEY_BYTES } from './credentials';
import { KickError } from './KickError';
import { readMeta } from './readCampaign';

/** HKDF `info` prefix of a room name, so the derivation means nothing else. */
export const TABLE_ROOM_DOMAIN = 'meshtable table room v1\0';

/** Bytes of HKDF output in a room name: 22 base64url characters. */
const ROOM_BYTES = 16;

/** Where a table doc is: its epoch and the room it syncs in. */
export interface TableEpoch {
  /** 0 until the first kick; each kick adds 1. */
  readonly epoch: number;
  /** The room: the campaign id in epoch 0, else derived from the epoch's table key. */
  readonly room: string;
}

/**
 * The room of a campaign's table doc in an epoch.
 * @param campaignId `meta.campaign.id`
 * @param epoch 0 for the campaign's first room, then the epoch a kick started
 * @param tableKey the epoch's table key (22 base64url characters); unused in epoch 0
 * @throws KickError `REKEY_INVALID_INPUT` for an epoch that is not a whole number ≥ 0, or (from
 *   epoch 1) a key that is not 16 bytes of canonical base64url
 * @example
 * ```ts
 * const room = tableRoom(invite.campaignId, invite.epoch, invite.tableKey);
 * openSyncSession({ room, tableKey: invite.tableKey, … });
 * ```
 */
export function tableRoom(campaignId: string, epoch: number, tableKey: string): string {
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw new KickError('REKEY_INVALID_INPUT', 'An epoch is a whole number, 0 or more.');
  }
  if (epoch === 0) return campaignId;
  const key = typeof tableKey === 'string' ? decodeBase64Url(tableKey, CAMPAIGN_KEY_BYTES) : null;
  if (key === null) {
    throw new KickError(
      'REKEY_INVALID_INPUT',
      'A table key is 16 bytes as 22 characters of base64url.',
    );
  }
  const info = utf8ToBytes(`${TABLE_ROOM_DOMAIN}${campaignId}\0${epoch}`);
  return encodeBase64Url(hkdf(sha256, key, undefined, info, ROOM_BYTES));
}

/**
 * Reads the table doc's epoch and room (`meta.epoch`; epoch 0 and the campaign id without it).
 * @returns null when the doc has no campaign yet (not synced)
 * @throws CampaignError `CAMPAIGN_INVALID_META` when meta (or `meta.epoch`) is malformed,
 *   `CAMPAIGN_UNSUPPORTED_VERSION` as readMeta
 */
export function readTableEpoch(doc: Y.Doc): TableEpoch | null {
  const meta = readMeta(doc);
  if (meta === null) return null;
  const stored = doc.getMap<unknown>(TABLE_MAPS.meta).get(REKEY_META_KEYS.epoch);
  if (stored === undefined) return { epoch: 0, room: meta.campaign.id };
  const parsed = tableEpochSchema.safeParse(stored);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${['epoch', ...issue.path.map(String)].join('.')}: ${issue.message}`,
    );
    throw new CampaignError(
      'CAMPAIGN_INVALID_META',
      `The campaign's meta is malformed: ${problems.join('; ')}.`,
    );
  }
  return parsed.data;
}

/**
 * The table keys a GM's kicks made, from the gm doc (`tableKeys`), by epoch, oldest first.
 * Entries that break the schema are left out. Epoch 0's key is not there: it is the one the
 * campaign was created with.
 */
export function readTableKeys(gm: Y.Doc): GmTableKey[] {
  const keys: GmTableKey[] = [];
  for (const [name, stored] of gm.getMap<unknown>(GM_TABLE_KEYS_MAP)) {
    const parsed = gmTableKeySchema.safeParse(stored);
    if (parsed.success && String(parsed.data.epoch) === name) keys.push(parsed.data);
  }
  return keys.sort((a, b) => a.epoch - b.epoch);
}
