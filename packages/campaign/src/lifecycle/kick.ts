/**
 * Kicking a member (issue 5): the member is marked `kicked`, and the table moves on to a new key
 * in a new room, with its state carried over. The kicked member keeps the old key and the old
 * room, and nothing more:
 *
 * - the validating GM makes a fresh table key for the next epoch; the room derives from it
 *   (tableEpoch.ts), so the old room never names it;
 * - into the table doc being left, in one transaction, it writes the member's `kicked` status
 *   and a signed rekey (rekey.ts) that holds the new key sealed to every member who stays
 *   (sealedKey.ts) — not to the kicked member, nor to anyone pending or gone;
 * - it keeps the new key in the gm doc (`tableKeys`), whose room does not change;
 * - it carries the whole table doc over into a new doc for the new room, where `meta.epoch` says
 *   the epoch and the room.
 *
 * The campaign id stays the campaign's identity: intents are still signed for it, and the kicked
 * member's key stays in `members` with status `kicked`, so the validator refuses whatever they
 * sign later. The gm doc keeps its room and key: a player never had them.
 */
import {
  GM_TABLE_KEYS_MAP,
  type GmTableKey,
  gmTableKeySchema,
  REKEY_META_KEYS,
  type Rekey,
  rekeySchema,
  TABLE_MAPS,
  type TableEpochRecord,
} from '@meshtable/schema';
import * as Y from 'yjs';
import type { z } from 'zod';
import { toYValue } from '../doc/yRecords';
import { decodeBase64Url } from '../identity/base64url';
import { decodePublicKey, encodePublicKey, type Identity } from '../identity/identity';
import { CAMPAIGN_KEY_BYTES, createCampaignKey } from './credentials';
import { KickError } from './KickError';
import { readMembers, readMeta } from './readCampaign';
import { REKEY_VERSION, readSignedRekey, signRekey } from './rekey';
import { sealTableKey } from './sealedKey';
import { readTableEpoch, tableRoom } from './tableEpoch';

/** The transaction origin of a kick's writes (the old doc's, and the new doc's `meta.epoch`). */
export const KICK_ORIGIN = Symbol('meshtable kick');

/** The transaction origin of {@link carryOver}'s update into the new doc. */
export const CARRY_OVER_ORIGIN = Symbol('meshtable carry-over');

/** Options of {@link kickMember}. */
export interface KickMemberOptions {
  /** The current table doc: the validating GM's own copy (the one writer of meta and members). */
  readonly table: Y.Doc;
  /** The gm doc: the new key is kept there for the GM's devices. */
  readonly gm: Y.Doc;
  /** The GM who kicks: a key of `meta.gms`. */
  readonly identity: Identity;
  /** The member to kick. */
  readonly userId: string;
  /** The clock the rekey is stamped with (informational); defaults to Date.now. */
  readonly now?: () => number;
}

/** A kick done: the new epoch, and the new room's doc for the GM to sync from now on. */
export interface Kick {
  readonly campaignId: string;
  /** The member kicked. */
  readonly kicked: string;
  /** The new epoch: the old one plus 1. */
  readonly epoch: number;
  /** The new table doc's room. */
  readonly room: string;
  /** The new table key (y-webrtc password, relay token source). Invites from now on carry it. */
  readonly tableKey: string;
  /** Who the new key was sealed to, by user id. */
  readonly recipients: readonly string[];
  /** The signed rekey written into the old table doc. */
  readonly rekey: Rekey;
  /** The new room's table doc: the old one carried over, with `meta.epoch`. */
  readonly table: Y.Doc;
}

/**
 * Kicks a member, on the validating GM's peer. See the file's header for what it writes where.
 * Start the audit and the validator on the returned `table` before connecting it to `room`, and
 * stop them on the old doc.
 * @throws KickError `KICK_NO_CAMPAIGN`, `KICK_NOT_A_GM`, `KICK_NO_SUCH_MEMBER`,
 *   `KICK_NOT_ALLOWED` (a GM, or yourself), `KICK_ALREADY_KICKED`, `KICK_ROOM_RETIRED` (this doc
 *   was rekeyed already: kick in the new room), `KICK_INVALID_OPTIONS` (the clock gave no valid
 *   time, or more members stay than one rekey seals to)
 * @throws CampaignError when the doc's meta is malformed (readMeta)
 * @example
 * ```ts
 * const kick = kickMember({ table, gm, identity: me, userId: bo.userId });
 * session.destroy();
 * audit.stop(); validator.stop();
 * startGmPeer({ table: kick.table, room: kick.room, tableKey: kick.tableKey });
 * ```
 */
export function kickMember(options: KickMemberOptions): Kick {
  const { table, gm, identity, userId } = options;
  const meta = readMeta(table);
  const current = readTableEpoch(table);
  if (meta === null || current === null) {
    throw new KickError('KICK_NO_CAMPAIGN', 'The table has no campaign yet: wait for it to sync.');
  }
  const campaignId = meta.campaign.id;
  const ownKey = encodePublicKey(identity.publicKey);
  if (!Object.hasOwn(meta.gms, identity.userId) || meta.gms[identity.userId] !== ownKey) {
    throw new KickError('KICK_NOT_A_GM', 'Only a GM of this campaign can kick a member.');
  }
  if (readSignedRekey(table)?.ok === true) {
    throw new KickError(
      'KICK_ROOM_RETIRED',
      'This table has already moved to a new key: kick from the new room.',
    );
  }
  const members = readMembers(table);
  const target = members.get(userId);
  if (target === undefined) {
    throw new KickError('KICK_NO_SUCH_MEMBER', `Nobody at this table has the id ${userId}.`);
  }
  if (userId === identity.userId || target.role === 'gm' || Object.hasOwn(meta.gms, userId)) {
    throw new KickError(
      'KICK_NOT_ALLOWED',
      userId === identity.userId ? 'You cannot kick yourself.' : 'A GM cannot be kicked.',
    );
  }
  if (target.status === 'kicked') {
    throw new KickError('KICK_ALREADY_KICKED', `${target.name} was kicked already.`);
  }

  const epoch = current.epoch + 1;
  const tableKey = createCampaignKey();
  const room = tableRoom(campaignId, epoch, tableKey);
  const at = (options.now ?? Date.now)();

  // Everyone admitted stays, and every GM (whose other devices open the box with the same key).
  // Pending members are not vetted yet: one of them may be the kicked member under another key.
  const recipients = new Map<string, string>();
  for (const member of members.values()) {
    if (member.status === 'member' && member.userId !== userId)
      recipients.set(member.userId, member.publicKey);
  }
  for (const [gmId, publicKey] of Object.entries(meta.gms)) recipients.set(gmId, publicKey);

  const keyBytes = decodeBase64Url(tableKey, CAMPAIGN_KEY_BYTES) as Uint8Array;
  const keys: Rekey['keys'] = {};
  for (const [recipient, publicKey] of recipients) {
    let sealed: ReturnType<typeof sealTableKey> = null;
    try {
      sealed = sealTableKey(keyBytes, decodePublicKey(publicKey), {
        campaign: campaignId,
        epoch,
        to: recipient,
      });
    } catch {
      // A key that is not a curve point cannot receive a box; readMembers left such members out.
    }
    if (sealed !== null) keys[recipient] = sealed;
  }
  keyBytes.fill(0);
  const rekey = checked(
    rekeySchema,
    signRekey(identity, {
      v: REKEY_VERSION,
      campaign: campaignId,
      epoch,
      kicked: userId,
      keys,
      by: identity.userId,
      at,
    }),
  );

  const kept: GmTableKey = checked(gmTableKeySchema, {
    epoch,
    room,
    tableKey,
    kicked: userId,
    at,
  });

  // Nothing is written before every record is checked.
  table.transact(() => {
    const stored = table.getMap<unknown>(TABLE_MAPS.members).get(userId);
    if (stored instanceof Y.Map) stored.set('status', 'kicked');
    else
      table
        .getMap<unknown>(TABLE_MAPS.members)
        .set(userId, toYValue({ ...target, status: 'kicked' }));
    table.getMap<unknown>(TABLE_MAPS.meta).set(REKEY_META_KEYS.rekey, rekey);
  }, KICK_ORIGIN);
  gm.transact(() => gm.getMap<unknown>(GM_TABLE_KEYS_MAP).set(String(epoch), kept), KICK_ORIGIN);

  const next = new Y.Doc();
  carryOver(table, next);
  const epochRecord: TableEpochRecord = { epoch, room };
  next.transact(
    () => next.getMap<unknown>(TABLE_MAPS.meta).set(REKEY_META_KEYS.epoch, epochRecord),
    KICK_ORIGIN,
  );
  return {
    campaignId,
    kicked: userId,
    epoch,
    room,
    tableKey,
    recipients: Object.keys(keys),
    rekey,
    table: next,
  };
}

/**
 * Carries a table doc's state over into another: everything `oldTable` holds that `newTable`
 * lacks, as one Yjs update. The new doc shares the old one's history, so carrying over again,
 * or syncing with a peer that carried over the same state, merges without duplicates.
 *
 * kickMember calls it. Members do not need to: they join the new room with an empty doc and
 * receive the GM's copy. (A member's own copy of the old room may hold what the kicked member
 * wrote after the kick; the GM's copy, under its audit, does not.) The new room's relay token
 * derives from the new table key, as every room's does.
 * @example
 * ```ts
 * const next = new Y.Doc();
 * carryOver(oldTable, next);
 * ```
 */
export function carryOver(oldTable: Y.Doc, newTable: Y.Doc): void {
  const missing = Y.encodeStateAsUpdate(oldTable, Y.encodeStateVector(newTable));
  Y.applyUpdate(newTable, missing, CARRY_OVER_ORIGIN);
}

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`,
  );
  throw new KickError('KICK_INVALID_OPTIONS', `Cannot kick: ${problems.join('; ')}.`);
}
