/**
 * Whom a device trusts as GM: the one answer that receipts (client/PinnedGmKeys.ts), rekeys
 * (rekey.ts) and validator claims (validator/leadership.ts) all use.
 *
 * Anyone in the room can write `meta.gms` for a moment (the validating GM's audit undoes it, but
 * every peer may see it first), so what it says is never enough. A device trusts:
 *
 * - **its roots**, pinned once: the GM keys the caller gives (`trustedGms`); else, given the GM
 *   user ids of its invite (`gmIds`), the keys that hash to one of those ids, wherever they
 *   appear (`meta.gms`, the member records, the grants); else `meta.gms` as it first reads it;
 * - **every GM whose grant chains to a root**: `meta.gmGrants[id]` is a GM's signed word that
 *   `id`, with that public key, is a GM of this campaign. A grant counts when its signer is
 *   trusted already, so a co-GM added later is trusted by a device that pinned only the founder.
 *
 * A grant is `{ v: 1, campaign, gm, publicKey, by, at, sig }`; `sig` is Ed25519 over
 * {@link GM_GRANT_SIGNATURE_DOMAIN} ‖ the canonical JSON of the other fields. The domain keeps the
 * signature from passing for an intent's, a receipt's, a rekey's or a claim's, and the campaign id
 * keeps a grant made in one campaign from being replayed in another. A user id is the hash of its
 * key, so a key either belongs to an id or does not: an entry that pairs an id with someone
 * else's key is ignored and reported, wherever it is.
 *
 * Nothing revokes a GM: trust only grows. Removing a GM needs a new table key (a rekey) and a new
 * gm key, and devices start over in the new room.
 */
import {
  campaignSchema,
  GM_GRANTS_META_KEY,
  type GmGrant,
  type GmKeys,
  gmGrantSchema,
  gmKeysSchema,
  MAX_GM_GRANTS,
  TABLE_MAPS,
} from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import * as Y from 'yjs';
import { fromYValue, isJsonObject } from '../doc/yRecords';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { decodePublicKey, ED25519_KEY_BYTES, type Identity, userIdOf } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';

/** The grant format version: `v` of every grant. */
export const GM_GRANT_VERSION = 1;

/**
 * Signed in front of the canonical JSON of a grant, so that its signature means nothing else.
 * (JSON text holds no raw NUL, so the domain ends where the NUL is.)
 */
export const GM_GRANT_SIGNATURE_DOMAIN = 'meshtable gm grant v1\0';

const SIGNATURE_BYTES = 64;

/** A grant before signing. */
export type UnsignedGmGrant = Omit<GmGrant, 'sig'>;

/** What a GM says in a grant: who becomes a GM of which campaign, and when. */
export interface GmGrantFields {
  /** The campaign id (`meta.campaign.id`). */
  readonly campaign: string;
  /** The new GM's user id. */
  readonly gm: string;
  /** The new GM's public key (base64url, as in a member record). */
  readonly publicKey: string;
  /** When it was granted, in ms since 1970 (informational). */
  readonly at: number;
}

/**
 * The bytes a grant's signature covers: UTF-8 of {@link GM_GRANT_SIGNATURE_DOMAIN}, then the
 * canonical JSON of every field but `sig`.
 */
export function gmGrantSigningBytes(grant: UnsignedGmGrant): Uint8Array {
  const { v, campaign, gm, publicKey, by, at } = grant;
  const fields = { v, campaign, gm, publicKey, by, at };
  return utf8ToBytes(GM_GRANT_SIGNATURE_DOMAIN + encodeCanonicalJson(fields));
}

/**
 * Signs a grant as the GM `identity` (its `by`). It does not check that the signer is a GM: a
 * grant by anyone else counts for nothing with readers.
 * @example
 * ```ts
 * const grant = signGmGrant(me, { campaign, gm: hal.userId, publicKey: hal.publicKey, at: Date.now() });
 * ```
 */
export function signGmGrant(
  identity: Pick<Identity, 'userId' | 'secretKey'>,
  fields: GmGrantFields,
): GmGrant {
  const unsigned: UnsignedGmGrant = {
    v: GM_GRANT_VERSION,
    campaign: fields.campaign,
    gm: fields.gm,
    publicKey: fields.publicKey,
    by: identity.userId,
    at: fields.at,
  };
  const sig = encodeBase64Url(ed25519.sign(gmGrantSigningBytes(unsigned), identity.secretKey));
  return { ...unsigned, sig };
}

/**
 * Whether `grant` carries a valid signature by the holder of `granterKey`. Whether that holder is
 * a GM the reader trusts is the caller's question ({@link GmTrust} asks it).
 * @param granterKey the signer's public key, base64url
 */
export function verifyGmGrant(grant: GmGrant, granterKey: string): boolean {
  const key = decodeBase64Url(granterKey, ED25519_KEY_BYTES);
  const signature = decodeBase64Url(grant.sig, SIGNATURE_BYTES);
  if (key === null || signature === null) return false;
  const { sig: _sig, ...unsigned } = grant;
  try {
    return ed25519.verify(signature, gmGrantSigningBytes(unsigned), key, { zip215: false });
  } catch {
    return false; // a key off the curve
  }
}

/** Where a device's trust in GMs starts (see the file's header). */
export interface GmTrustOptions {
  /**
   * The campaign the device joined: the invite's `campaignId`. Grants for another campaign count
   * for nothing. Defaults to `meta.campaign.id` as the doc says it, which anyone in the room can
   * rewrite for a moment: pass it where it is known.
   */
  readonly campaignId?: string;
  /**
   * The GMs' user ids from the invite (`invite.gmIds`): the roots are the keys that hash to one
   * of them, taken as they appear. Until one appears, nobody is trusted. Empty or absent (an
   * invite made before links named their GMs): `meta.gms` as first read is pinned instead.
   */
  readonly gmIds?: readonly string[];
  /**
   * GM keys by user id to pin as the roots, say those the device saw when it joined. Wins over
   * `gmIds`. An entry whose key is not its id's is ignored and reported.
   */
  readonly trustedGms?: GmKeys;
}

/** The `meta.gmGrants` value not walked yet (no value of the doc is this object). */
const NOT_WALKED: unique symbol = Symbol('not walked');

/**
 * The GMs a device trusts in one table doc, kept as it learns more: roots pinned once (or, with
 * invite GM ids, as their keys appear), and every GM whose grant chains to them. Trust only grows,
 * so a grant deleted for a moment by a member does not stall receipts, and a cycle of grants or a
 * grant by an untrusted signer adds nobody.
 * @example
 * ```ts
 * const trust = new GmTrust(table, { campaignId: invite.campaignId, gmIds: invite.gmIds }, warn);
 * const gms = trust.keys(); // null: no GM known yet, wait
 * if (gms !== null && verifyReceiptSignature(receipt, gms)) accept(receipt);
 * ```
 */
export class GmTrust {
  readonly #table: Y.Doc;
  readonly #campaignId: string | undefined;
  /** The invite's GM ids; null when the roots come from `trustedGms` or `meta.gms`. */
  readonly #listed: ReadonlySet<string> | null;
  readonly #onProblem: (problem: string) => void;
  /** Trusted keys by user id; each key hashes to its id. Never shrinks. */
  readonly #trusted = new Map<string, string>();
  /** Whether the roots are pinned for good (given, or `meta.gms` read once, or every id found). */
  #rootsPinned = false;
  /** The `meta.gmGrants` value last walked, so that an unchanged one is not verified again. */
  #walked: unknown = NOT_WALKED;
  #snapshot: GmKeys | null = null;

  /**
   * @param table the table doc
   * @param options the roots and the campaign; see {@link GmTrustOptions}
   * @param onProblem hears of each entry ignored: a key that is not its id's, a forged grant, a
   *   grant by someone not trusted or for another campaign
   */
  constructor(
    table: Y.Doc,
    options: GmTrustOptions = {},
    onProblem: (problem: string) => void = () => {},
  ) {
    this.#table = table;
    this.#campaignId = options.campaignId;
    this.#onProblem = onProblem;
    const listed = options.gmIds ?? [];
    this.#listed = options.trustedGms === undefined && listed.length > 0 ? new Set(listed) : null;
    if (options.trustedGms !== undefined) {
      this.#pinEntries(Object.entries(options.trustedGms), 'trustedGms');
      this.#rootsPinned = true;
    } else {
      // Now, not at the first question: `meta.gms` may be rewritten in between.
      this.#pinRoots(table.getMap<unknown>(TABLE_MAPS.meta));
    }
  }

  /**
   * The GMs trusted now, by user id, with their public keys; null while nobody is (the doc has
   * not synced, or no GM the invite names has shown their key yet).
   */
  keys(): GmKeys | null {
    const meta = this.#table.getMap<unknown>(TABLE_MAPS.meta);
    if (!this.#rootsPinned) {
      const before = this.#trusted.size;
      this.#pinRoots(meta);
      // A new root may be the signer a grant was waiting for.
      if (this.#trusted.size !== before) this.#walked = NOT_WALKED;
    }
    const grants = meta.get(GM_GRANTS_META_KEY);
    // Plain JSON is replaced whole, so the same object is the same grants; a Y type (meta holds
    // none, but a member may write one) changes in place and is walked each time.
    if (grants !== this.#walked || grants instanceof Y.AbstractType) {
      this.#walked = grants;
      if (grants !== undefined && this.#trusted.size > 0) this.#walk(fromYValue(grants), meta);
    }
    if (this.#trusted.size === 0) return null;
    if (this.#snapshot === null || Object.keys(this.#snapshot).length !== this.#trusted.size) {
      this.#snapshot = Object.freeze(Object.fromEntries(this.#trusted));
    }
    return this.#snapshot;
  }

  /** Whether `userId` is a GM this device trusts now. */
  has(userId: string): boolean {
    const keys = this.keys();
    return keys !== null && Object.hasOwn(keys, userId);
  }

  #pinRoots(meta: Y.Map<unknown>): void {
    if (this.#listed === null) {
      // No ids to go by: `meta.gms` as first read, as before invites named their GMs.
      const gms = gmKeysSchema.safeParse(fromYValue(meta.get('gms')));
      if (!gms.success) return;
      this.#pinEntries(Object.entries(gms.data), 'meta.gms');
      this.#rootsPinned = true;
      return;
    }
    const gms = fromYValue(meta.get('gms'));
    const members = this.#table.getMap<unknown>(TABLE_MAPS.members);
    const grants = fromYValue(meta.get(GM_GRANTS_META_KEY));
    let missing = 0;
    for (const id of this.#listed) {
      if (this.#trusted.has(id)) continue;
      // Any key that hashes to a listed id is that GM's, wherever it is written.
      const candidates: Array<[string, unknown]> = [
        ['meta.gms', entryOf(gms, id)],
        ['the member record', entryOf(fromYValue(members.get(id)), 'publicKey')],
        ['meta.gmGrants', entryOf(entryOf(grants, id), 'publicKey')],
      ];
      for (const [where, key] of candidates) {
        if (typeof key !== 'string') continue;
        if (keyHolder(key) === id) {
          this.#trusted.set(id, key);
          break;
        }
        this.#onProblem(`${where} gives the GM ${id} a key that is not theirs: ignored`);
      }
      if (!this.#trusted.has(id)) missing++;
    }
    this.#rootsPinned = missing === 0;
  }

  #pinEntries(entries: ReadonlyArray<[string, string]>, where: string): void {
    for (const [id, key] of entries) {
      if (keyHolder(key) === id) this.#trusted.set(id, key);
      else this.#onProblem(`${where} gives ${id} a key that is not theirs: ignored`);
    }
  }

  /**
   * Trusts every grant that chains to a trusted GM. Each round takes the grants whose signer is
   * trusted by now, so a chain of n grants needs n rounds; a cycle no trusted GM signed into never
   * gets a signer, and the walk ends when a round adds nobody (at most MAX_GM_GRANTS rounds).
   */
  #walk(value: unknown, meta: Y.Map<unknown>): void {
    if (!isJsonObject(value)) {
      this.#onProblem('meta.gmGrants is not a record of grants: ignored');
      return;
    }
    const entries = Object.entries(value);
    if (entries.length > MAX_GM_GRANTS) {
      this.#onProblem(
        `meta.gmGrants holds ${entries.length} grants, more than ${MAX_GM_GRANTS}: all ignored`,
      );
      return;
    }
    const campaignId = this.#campaignId ?? campaignIdOf(meta);
    if (campaignId === null) return;
    const waiting = new Map<string, GmGrant>();
    for (const [id, stored] of entries) {
      if (this.#trusted.has(id)) continue;
      const grant = checkGrant(id, stored, campaignId);
      if (typeof grant === 'string') this.#onProblem(grant);
      else waiting.set(id, grant);
    }
    let added = true;
    while (added) {
      added = false;
      for (const [id, grant] of waiting) {
        const signerKey = this.#trusted.get(grant.by);
        if (signerKey === undefined) continue;
        waiting.delete(id);
        if (verifyGmGrant(grant, signerKey)) {
          this.#trusted.set(id, grant.publicKey);
          added = true;
        } else {
          this.#onProblem(
            `the grant that makes ${id} a GM is not signed by ${grant.by}, the GM it names: ignored`,
          );
        }
      }
    }
    for (const [id, grant] of waiting) {
      this.#onProblem(
        `the grant that makes ${id} a GM is by ${grant.by}, who is not a GM this device trusts: ignored`,
      );
    }
  }
}

/**
 * The GMs trusted in a table doc now, from scratch: {@link GmTrust} for one look, as a check that
 * keeps no state (a rekey's) needs. Without options, the roots are `meta.gms` as it is now.
 * @returns the trusted keys by user id, or null while nobody is
 */
export function readTrustedGms(
  table: Y.Doc,
  options: GmTrustOptions = {},
  onProblem?: (problem: string) => void,
): GmKeys | null {
  return new GmTrust(table, options, onProblem).keys();
}

/** A grant as stored, checked up to its signature; or what is wrong with it. */
function checkGrant(id: string, stored: unknown, campaignId: string): GmGrant | string {
  const parsed = gmGrantSchema.safeParse(stored);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`,
    );
    return `the grant stored for ${id} is malformed (${problems.join('; ')}): ignored`;
  }
  const grant = parsed.data;
  if (grant.gm !== id) return `the grant stored for ${id} names ${grant.gm}: ignored`;
  if (keyHolder(grant.publicKey) !== id) {
    return `the grant that makes ${id} a GM gives them a key that is not theirs: ignored`;
  }
  if (grant.campaign !== campaignId) {
    return `the grant that makes ${id} a GM is for another campaign (${grant.campaign}): ignored`;
  }
  return grant;
}

/** The user id a public key (base64url) hashes to, or null for what is not an Ed25519 key. */
function keyHolder(publicKey: string): string | null {
  try {
    return userIdOf(decodePublicKey(publicKey));
  } catch {
    return null;
  }
}

/** `value[key]` when value is a JSON object that has it as its own; else undefined. */
function entryOf(value: unknown, key: string): unknown {
  return isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** `meta.campaign.id` as the doc says it, or null while there is no well-formed campaign. */
function campaignIdOf(meta: Y.Map<unknown>): string | null {
  const campaign = campaignSchema.safeParse(fromYValue(meta.get('campaign')));
  return campaign.success ? campaign.data.id : null;
}
