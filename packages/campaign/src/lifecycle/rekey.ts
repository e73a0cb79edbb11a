/**
 * The rekey record (`meta.rekey`): how the members who stay learn the next table key when a
 * member is kicked. The validating GM writes it into the table doc being left behind:
 *
 * ```
 * { v: 1, campaign, epoch, kicked, keys: { [userId]: sealed key }, by, at, sig }
 * ```
 *
 * `sig` is the GM's Ed25519 signature of {@link REKEY_SIGNATURE_DOMAIN} followed by the canonical
 * JSON of every other field. Members accept a rekey only from a GM they trust (gmTrust.ts: the
 * GMs their invite names, or the keys the device pinned, and the GMs whose grants chain to
 * those), so no player can send the table to a room of their own; the domain string
 * keeps the signature from passing for an intent's or a validator claim's, and the campaign id
 * and epoch it covers keep it from being replayed elsewhere.
 */
import { REKEY_META_KEYS, type Rekey, rekeySchema, TABLE_MAPS } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { decodePublicKey, type Identity } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { CAMPAIGN_KEY_BYTES } from './credentials';
import { type GmTrustOptions, readTrustedGms } from './gmTrust';
import type { RekeyFailureCode } from './KickError';
import { readMeta } from './readCampaign';
import { openSealedTableKey } from './sealedKey';
import { readTableEpoch, tableRoom } from './tableEpoch';

/** The rekey format version: `v` of every rekey. */
export const REKEY_VERSION = 1;

/**
 * Signed in front of the canonical JSON of a rekey, so that its signature means nothing else.
 * (JSON text holds no raw NUL, so the domain ends where the NUL is.)
 */
export const REKEY_SIGNATURE_DOMAIN = 'meshtable rekey v1\0';

const SIGNATURE_BYTES = 64;

/** A rekey before signing. */
export type UnsignedRekey = Omit<Rekey, 'sig'>;

/**
 * The bytes a rekey's signature covers: UTF-8 of {@link REKEY_SIGNATURE_DOMAIN}, then the
 * canonical JSON of every field but `sig`.
 */
export function rekeySigningBytes(rekey: UnsignedRekey): Uint8Array {
  const { v, campaign, epoch, kicked, keys, by, at } = rekey;
  const fields = { v, campaign, epoch, kicked, keys, by, at };
  return utf8ToBytes(REKEY_SIGNATURE_DOMAIN + encodeCanonicalJson(fields));
}

/** Signs a rekey with a GM's key (`by` must be the identity's user id). */
export function signRekey(identity: Identity, rekey: UnsignedRekey): Rekey {
  const sig = encodeBase64Url(ed25519.sign(rekeySigningBytes(rekey), identity.secretKey));
  return { ...rekey, sig };
}

/**
 * Options of {@link openRekey}: whom the device trusts as GM (gmTrust.ts). Pass what the device
 * joined with, the invite's `campaignId` and `gmIds` (or the GM keys it pinned as `trustedGms`):
 * a kicked member keeps writing to the room left behind, where no GM's audit may be watching any
 * more, and could put their own key into `meta.gms` there. Without them, the GMs are `meta.gms`
 * of the doc as it is now, and those their grants add.
 */
export type OpenRekeyOptions = GmTrustOptions;

/** A rekey opened: where the table went and the key to it. */
export interface OpenedRekey {
  readonly ok: true;
  readonly campaignId: string;
  /** The new epoch. */
  readonly epoch: number;
  /** The new table doc's room. */
  readonly room: string;
  /** The new table key: the y-webrtc password and the relay token's source in the new room. */
  readonly tableKey: string;
  /** The member who was kicked. */
  readonly kicked: string;
  /** The GM who signed the rekey. */
  readonly by: string;
}

/** The result of {@link openRekey}. */
export type RekeyOpening =
  | OpenedRekey
  | { readonly ok: false; readonly code: RekeyFailureCode; readonly message: string };

/**
 * Opens the rekey of a table doc for a member: checks that a GM signed it for this campaign and
 * the next epoch, and decrypts the new table key sealed to the member. Never throws for what the
 * doc holds.
 * @param table the table doc of the current room
 * @param identity the member (a player, a co-GM, or another device of the GM)
 * @returns null when there is nothing to open (no campaign synced yet, no rekey, or the rekey
 *   that led to this room); `{ ok: true, epoch, room, tableKey, … }`; or `{ ok: false, code,
 *   message }` with `REKEY_MALFORMED` (also: the doc is of another campaign than
 *   `options.campaignId`), `REKEY_BAD_SIGNATURE` (not by a GM the device trusts),
 *   `REKEY_NOT_FOR_YOU` (kicked, left, pending) or `REKEY_TAMPERED`
 * @throws CampaignError when the doc's meta is malformed (readMeta)
 * @example
 * ```ts
 * table.on('update', () => {
 *   const opened = openRekey(table, me, { campaignId: invite.campaignId, gmIds: invite.gmIds });
 *   if (opened === null) return;
 *   if (!opened.ok) return showKickNotice(opened.code, opened.message);
 *   moveToRoom(opened.room, opened.tableKey, opened.epoch);
 * });
 * ```
 */
export function openRekey(
  table: Y.Doc,
  identity: Identity,
  options: OpenRekeyOptions = {},
): RekeyOpening | null {
  const signed = readSignedRekey(table, options);
  if (signed === null || !signed.ok) return signed;
  const { rekey } = signed;
  const sealed = Object.hasOwn(rekey.keys, identity.userId) ? rekey.keys[identity.userId] : null;
  if (sealed === null || sealed === undefined) {
    return failed(
      'REKEY_NOT_FOR_YOU',
      rekey.kicked === identity.userId
        ? 'The GM removed you from this table: the new key was not given to you.'
        : 'The table moved to a new key that was not given to you (you had left, or were not yet admitted). Ask the GM for a new invite.',
    );
  }
  const context = { campaign: rekey.campaign, epoch: rekey.epoch, to: identity.userId };
  const bytes = openSealedTableKey(sealed, identity, context);
  if (bytes === null || bytes.length !== CAMPAIGN_KEY_BYTES) {
    return failed(
      'REKEY_TAMPERED',
      'The new key sealed to you does not open with your key: it was sealed wrongly or altered.',
    );
  }
  const tableKey = encodeBase64Url(bytes);
  return {
    ok: true,
    campaignId: rekey.campaign,
    epoch: rekey.epoch,
    room: tableRoom(rekey.campaign, rekey.epoch, tableKey),
    tableKey,
    kicked: rekey.kicked,
    by: rekey.by,
  };
}

/** A rekey that a GM signed for the next epoch of this campaign. */
type SignedRekey =
  | { readonly ok: true; readonly rekey: Rekey }
  | { readonly ok: false; readonly code: RekeyFailureCode; readonly message: string };

/**
 * The doc's rekey out of its current epoch, checked up to the signature (not opened).
 * @param trust whom the reader trusts as GM; by default `meta.gms` now and the GMs its grants add
 * @returns null when there is none (no campaign, no rekey, or the rekey that led here)
 */
export function readSignedRekey(table: Y.Doc, trust: GmTrustOptions = {}): SignedRekey | null {
  const meta = readMeta(table);
  const current = readTableEpoch(table);
  if (meta === null || current === null) return null;
  const stored = table.getMap<unknown>(TABLE_MAPS.meta).get(REKEY_META_KEYS.rekey);
  if (stored === undefined) return null;
  const parsed = rekeySchema.safeParse(fromYValue(stored));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`,
    );
    return failed('REKEY_MALFORMED', `The rekey is malformed: ${problems.join('; ')}.`);
  }
  const rekey = parsed.data;
  // The rekey that led to this room is carried over with the rest of the doc.
  if (rekey.epoch <= current.epoch) return null;
  if (trust.campaignId !== undefined && meta.campaign.id !== trust.campaignId) {
    return failed('REKEY_MALFORMED', 'This table doc is of another campaign than yours.');
  }
  if (rekey.campaign !== meta.campaign.id) {
    return failed('REKEY_MALFORMED', 'The rekey is for another campaign.');
  }
  if (rekey.epoch !== current.epoch + 1) {
    return failed(
      'REKEY_MALFORMED',
      `The rekey skips from epoch ${current.epoch} to ${rekey.epoch}.`,
    );
  }
  // Every trusted key hashes to its user id (gmTrust.ts), so `by` names exactly one key.
  const gms = readTrustedGms(table, trust) ?? {};
  const gmKey = Object.hasOwn(gms, rekey.by) ? gms[rekey.by] : undefined;
  if (gmKey === undefined) {
    return failed('REKEY_BAD_SIGNATURE', 'The rekey is not signed by a GM of this campaign.');
  }
  const signature = decodeBase64Url(rekey.sig, SIGNATURE_BYTES);
  const { sig: _sig, ...unsigned } = rekey;
  const valid =
    signature !== null &&
    ed25519.verify(signature, rekeySigningBytes(unsigned), decodePublicKey(gmKey), {
      zip215: false,
    });
  if (!valid) {
    return failed(
      'REKEY_BAD_SIGNATURE',
      'The rekey does not match its GM signature: it was altered after signing, or forged.',
    );
  }
  return { ok: true, rekey };
}

function failed(code: RekeyFailureCode, message: string) {
  return { ok: false as const, code, message };
}
