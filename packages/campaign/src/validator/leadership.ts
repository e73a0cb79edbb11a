/**
 * Which of the online GM peers runs the validator (and the audit). Exactly one should: two would
 * each commit a ruling on the same intent. Each GM peer that could validate publishes a signed
 * claim in the table doc's awareness (`{ userId, clientId, at, sig }`, refreshed while it is
 * online); every GM peer elects, among the fresh claims whose signature verifies against the key
 * of a GM it trusts, the one with the smallest user id (then client id), and only that one
 * validates.
 *
 * Claims are signed because awareness is writable by anyone in the room: a player who could
 * announce themselves as validator would silence the real one. For the same reason the GMs are
 * not whatever `meta.gms` says at the moment, which a player can rewrite until the audit undoes
 * it (and the audit runs only on the elected peer): they are the GMs this peer trusts
 * (lifecycle/gmTrust.ts), its pinned roots and the co-GMs whose grants chain to them. A replayed claim is good only
 * until it grows stale ({@link CLAIM_TTL_MS}), so a replay cannot keep a departed GM "elected".
 *
 * While two GM peers cannot see each other (a partition), both may validate. Rulings stay
 * idempotent where the rules are (a move sets a position; a module's `apply` sets values): the
 * receipt for an intent id is one map entry, and both peers compute the same ruling from the same
 * table and seed. Rulings that depend on state the two sides see differently can diverge; the
 * audit log shows it.
 */

import type { GmKeys } from '@meshtable/schema';
import { ed25519 } from '@noble/curves/ed25519.js';
import type * as Y from 'yjs';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { ED25519_KEY_BYTES, type Identity } from '../identity/identity';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { GmTrust } from '../lifecycle/gmTrust';

/** The awareness field that holds a validator claim. */
export const CLAIM_FIELD = 'meshtableValidator';
/** How long a claim counts after it was signed. */
export const CLAIM_TTL_MS = 30_000;
/** How often a peer renews its claim (well inside the TTL, so one lost update does not matter). */
export const CLAIM_REFRESH_MS = 10_000;

const CLAIM_DOMAIN = new TextEncoder().encode('meshtable validator claim v1\0');

/** A GM peer's claim to validate. */
export interface ValidatorClaim {
  readonly userId: string;
  /** The claiming peer's Yjs client id (one GM may have several devices). */
  readonly clientId: number;
  readonly campaign: string;
  /** When it was signed, by the claimant's clock (ms). */
  readonly at: number;
  readonly sig: string;
}

/** What of y-protocols' Awareness the election uses. */
export interface AwarenessLike {
  readonly clientID: number;
  getStates(): Map<number, Record<string, unknown>>;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}

/** Signs a claim for this peer. */
export function signValidatorClaim(
  identity: Pick<Identity, 'userId' | 'secretKey'>,
  campaign: string,
  clientId: number,
  at: number,
): ValidatorClaim {
  const unsigned = { userId: identity.userId, clientId, campaign, at };
  const sig = encodeBase64Url(ed25519.sign(claimBytes(unsigned), identity.secretKey));
  return { ...unsigned, sig };
}

/** Whether `claim` is a fresh claim by a GM of this campaign for the peer that publishes it. */
export function verifyValidatorClaim(
  claim: unknown,
  publishedBy: number,
  gmKeys: Readonly<Record<string, string>>,
  campaign: string,
  now: number,
): claim is ValidatorClaim {
  if (typeof claim !== 'object' || claim === null) return false;
  const { userId, clientId, at, sig } = claim as Record<string, unknown>;
  if (typeof userId !== 'string' || typeof sig !== 'string' || typeof at !== 'number') return false;
  if (clientId !== publishedBy || (claim as { campaign?: unknown }).campaign !== campaign)
    return false;
  if (!(now - at <= CLAIM_TTL_MS && at - now <= CLAIM_TTL_MS)) return false;
  const key = Object.hasOwn(gmKeys, userId)
    ? decodeBase64Url(gmKeys[userId] as string, ED25519_KEY_BYTES)
    : null;
  const signature = decodeBase64Url(sig, 64);
  if (key === null || signature === null) return false;
  try {
    return ed25519.verify(signature, claimBytes({ userId, clientId, campaign, at }), key, {
      zip215: false,
    });
  } catch {
    return false;
  }
}

/** The elected claim among verified ones: the smallest user id, then the smallest client id. */
export function electLeader(claims: readonly ValidatorClaim[]): ValidatorClaim | null {
  let leader: ValidatorClaim | null = null;
  for (const claim of claims) {
    if (
      leader === null ||
      claim.userId < leader.userId ||
      (claim.userId === leader.userId && claim.clientId < leader.clientId)
    ) {
      leader = claim;
    }
  }
  return leader;
}

/** Options of {@link ValidatorLeadership}. */
export interface ValidatorLeadershipOptions {
  readonly table: Y.Doc;
  readonly awareness: AwarenessLike;
  /** This GM. */
  readonly identity: Pick<Identity, 'userId' | 'secretKey'>;
  readonly campaign: string;
  /** Called when this peer becomes, or stops being, the validator. */
  readonly onChange: (isLeader: boolean) => void;
  readonly now?: () => number;
  /**
   * The GM user ids this device was invited with (`invite.gmIds`): only claims by them, or by
   * GMs whose grants chain to them, count. Empty or absent: `meta.gms` as first read (on a GM's
   * own device, loaded from its storage, that is the campaign's).
   */
  readonly gmIds?: readonly string[];
  /** GM keys by user id to trust instead (with the GMs their grants add). Wins over `gmIds`. */
  readonly trustedGms?: GmKeys;
}

/** Publishes this GM peer's claim and follows the election. */
export class ValidatorLeadership {
  readonly #options: ValidatorLeadershipOptions;
  readonly #now: () => number;
  readonly #trust: GmTrust;
  #isLeader = false;
  #claimedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #onAwareness = () => this.#elect();

  constructor(options: ValidatorLeadershipOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const { campaign: campaignId, gmIds, trustedGms } = options;
    this.#trust = new GmTrust(options.table, { campaignId, gmIds, trustedGms });
  }

  /** Whether this peer is the elected validator now. */
  get isLeader(): boolean {
    return this.#isLeader;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#options.awareness.on('change', this.#onAwareness);
    this.#claim();
    this.#timer = setInterval(() => this.refresh(), CLAIM_REFRESH_MS);
  }

  /** Withdraws the claim; the other GM peers elect another validator. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#options.awareness.off('change', this.#onAwareness);
    this.#options.awareness.setLocalStateField(CLAIM_FIELD, null);
    this.#set(false);
  }

  /**
   * Renews this peer's claim when it is due and re-runs the election. A timer does this every
   * {@link CLAIM_REFRESH_MS}, and every awareness change re-runs the election.
   */
  refresh(): void {
    if (this.#timer !== undefined && this.#now() - this.#claimedAt >= CLAIM_REFRESH_MS)
      this.#claim();
    else this.#elect();
  }

  #claim(): void {
    const { identity, campaign, awareness } = this.#options;
    this.#claimedAt = this.#now();
    const claim = signValidatorClaim(identity, campaign, awareness.clientID, this.#claimedAt);
    awareness.setLocalStateField(CLAIM_FIELD, claim);
    this.#elect();
  }

  #elect(): void {
    const { awareness, campaign } = this.#options;
    const gms = this.#trust.keys();
    if (gms === null) {
      this.#set(false);
      return;
    }
    const now = this.#now();
    const claims: ValidatorClaim[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      const claim = state[CLAIM_FIELD];
      if (verifyValidatorClaim(claim, clientId, gms, campaign, now)) claims.push(claim);
    }
    const leader = electLeader(claims);
    this.#set(leader !== null && leader.clientId === awareness.clientID);
  }

  #set(isLeader: boolean): void {
    if (isLeader === this.#isLeader) return;
    this.#isLeader = isLeader;
    this.#options.onChange(isLeader);
  }
}

function claimBytes(unsigned: {
  userId: string;
  clientId: number;
  campaign: string;
  at: number;
}): Uint8Array {
  const json = new TextEncoder().encode(encodeCanonicalJson(unsigned));
  const bytes = new Uint8Array(CLAIM_DOMAIN.length + json.length);
  bytes.set(CLAIM_DOMAIN);
  bytes.set(json, CLAIM_DOMAIN.length);
  return bytes;
}
