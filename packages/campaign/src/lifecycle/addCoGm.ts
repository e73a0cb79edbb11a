/**
 * Making a member a co-GM (issue 5), on the validating GM's peer, the one writer of `meta` and
 * `members`. In one transaction it:
 *
 * - sets the member's role to `gm`, so the validator lets them do what a GM does;
 * - adds their key to `meta.gms`, the list GM peers and invites go by;
 * - writes the grant (gmTrust.ts) into `meta.gmGrants`, signed by the granting GM: a client that
 *   pinned only the founder trusts the new GM's receipts, rekeys and validator claims through it.
 *
 * The co-GM still needs the gm key to open the gm doc: the GM gives it to them directly, never in
 * an invite. Nothing takes a GM back: removing one needs a new table key and a new gm key.
 */
import {
  GM_GRANTS_META_KEY,
  type GmGrant,
  type GmGrants,
  gmGrantSchema,
  gmGrantsSchema,
  MAX_GM_GRANTS,
  TABLE_MAPS,
} from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';
import { encodePublicKey, type Identity } from '../identity/identity';
import { CampaignError } from './CampaignError';
import { GmGrantError } from './GmGrantError';
import { signGmGrant } from './gmTrust';
import { META_KEYS, readMembers, readMeta } from './readCampaign';

/** The transaction origin of {@link addCoGm}'s writes. */
export const ADD_CO_GM_ORIGIN = Symbol('meshtable add co-GM');

/** Options of {@link addCoGm}. */
export interface AddCoGmOptions {
  /** The table doc: the validating GM's own copy (the one writer of meta and members). */
  readonly table: Y.Doc;
  /** The GM who grants, and signs the grant: a key of `meta.gms`. */
  readonly identity: Identity;
  /** The member to make a GM: admitted (status `member`). */
  readonly userId: string;
  /** The clock the grant is stamped with (informational); defaults to Date.now. */
  readonly now?: () => number;
}

/** A co-GM added. */
export interface AddedCoGm {
  /** The signed grant written into `meta.gmGrants`. */
  readonly grant: GmGrant;
  /** Every GM's user id now (the keys of `meta.gms`): what invites from now on should name. */
  readonly gmIds: readonly string[];
}

/**
 * Makes an admitted member a GM of the campaign, with a grant signed by `identity`. A GM listed in
 * `meta.gms` without a grant (one added before grants existed) gets one too, so that clients that
 * pinned only the founder learn of them.
 * @throws GmGrantError `GM_GRANT_NO_CAMPAIGN`, `GM_GRANT_NOT_A_GM`, `GM_GRANT_NO_SUCH_MEMBER`,
 *   `GM_GRANT_NOT_ALLOWED` (not admitted), `GM_GRANT_ALREADY_GM`, `GM_GRANT_TOO_MANY`,
 *   `GM_GRANT_INVALID_OPTIONS` (the clock gave no valid time)
 * @throws CampaignError `CAMPAIGN_INVALID_META` when meta, `meta.gmGrants` included, is malformed
 * @example
 * ```ts
 * const { gmIds } = addCoGm({ table, identity: me, userId: hal.userId });
 * const link = makeInviteLink(appUrl, { campaignId, tableKey, gmIds });
 * ```
 */
export function addCoGm(options: AddCoGmOptions): AddedCoGm {
  const { table, identity, userId } = options;
  const meta = readMeta(table);
  if (meta === null) {
    throw new GmGrantError(
      'GM_GRANT_NO_CAMPAIGN',
      'The table has no campaign yet: wait for it to sync.',
    );
  }
  const ownKey = encodePublicKey(identity.publicKey);
  if (!Object.hasOwn(meta.gms, identity.userId) || meta.gms[identity.userId] !== ownKey) {
    throw new GmGrantError('GM_GRANT_NOT_A_GM', 'Only a GM of this campaign can make another GM.');
  }
  const grants = readGrants(table);
  const target = readMembers(table).get(userId);
  if (target === undefined) {
    throw new GmGrantError('GM_GRANT_NO_SUCH_MEMBER', `Nobody at this table has the id ${userId}.`);
  }
  if (userId === identity.userId || Object.hasOwn(grants, userId)) {
    throw new GmGrantError(
      'GM_GRANT_ALREADY_GM',
      userId === identity.userId ? 'You are a GM already.' : `${target.name} is a GM already.`,
    );
  }
  if (target.status !== 'member') {
    throw new GmGrantError(
      'GM_GRANT_NOT_ALLOWED',
      target.status === 'pending'
        ? `${target.name} is not admitted yet: admit them first.`
        : `${target.name} is no longer at the table (${target.status}).`,
    );
  }
  if (Object.keys(grants).length >= MAX_GM_GRANTS) {
    throw new GmGrantError(
      'GM_GRANT_TOO_MANY',
      `This campaign has ${MAX_GM_GRANTS} co-GMs already, the most it may have.`,
    );
  }
  const at = (options.now ?? Date.now)();
  if (!Number.isSafeInteger(at) || at < 0) {
    throw new GmGrantError(
      'GM_GRANT_INVALID_OPTIONS',
      'The clock gave no valid time (a whole number of ms since 1970).',
    );
  }
  // Every field comes from checked records, so the grant fits its schema; parse it anyway, as
  // whatever goes into a doc is.
  const grant = gmGrantSchema.parse(
    signGmGrant(identity, {
      campaign: meta.campaign.id,
      gm: userId,
      publicKey: target.publicKey,
      at,
    }),
  );
  const gms = { ...meta.gms, [userId]: target.publicKey };
  const nextGrants: GmGrants = { ...grants, [userId]: grant };

  table.transact(() => {
    const metaMap = table.getMap<unknown>(TABLE_MAPS.meta);
    // meta's entries are plain JSON, written whole.
    metaMap.set(META_KEYS.gms, gms);
    metaMap.set(GM_GRANTS_META_KEY, nextGrants);
    const stored = table.getMap<unknown>(TABLE_MAPS.members).get(userId);
    if (stored instanceof Y.Map) stored.set('role', 'gm');
    else table.getMap<unknown>(TABLE_MAPS.members).set(userId, toYValue({ ...target, role: 'gm' }));
  }, ADD_CO_GM_ORIGIN);
  return { grant, gmIds: Object.keys(gms) };
}

/** `meta.gmGrants` of the GM's own copy: none when absent (a campaign from before grants). */
function readGrants(table: Y.Doc): GmGrants {
  const stored = table.getMap<unknown>(TABLE_MAPS.meta).get(GM_GRANTS_META_KEY);
  if (stored === undefined) return {};
  const parsed = gmGrantsSchema.safeParse(fromYValue(stored));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${[GM_GRANTS_META_KEY, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new CampaignError(
    'CAMPAIGN_INVALID_META',
    `The campaign's meta is malformed: ${problems.join('; ')}.`,
  );
}
