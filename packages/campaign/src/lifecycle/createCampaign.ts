/**
 * Creating a campaign (DESIGN.md §§2–3): the GM makes its ids and keys, writes `meta` and
 * themself as the first member into a new table doc, and commits to a fresh dice seed chain whose
 * secret root goes into a new gm doc and whose head goes into `meta.dice`.
 */
import { chainCommitment, createSeedChain, DEFAULT_CHAIN_LENGTH } from '@meshtable/dice';
import {
  type Campaign,
  type CampaignSettings,
  campaignSchema,
  type DiceCommitment,
  diceCommitmentSchema,
  GM_MAPS,
  type GmKeys,
  gmKeysSchema,
  type Member,
  memberSchema,
  SCHEMA_VERSION,
  type SystemPin,
  TABLE_MAPS,
} from '@meshtable/schema';
import * as Y from 'yjs';
import type { z } from 'zod';
import { toYValue } from '../doc/yRecords';
import { encodePublicKey, type Identity } from '../identity/identity';
import { writeSeedChain } from '../validator/rollSeeds';
import { CampaignError } from './CampaignError';
import { createCampaignId, createCampaignKey } from './credentials';
import { META_KEYS } from './readCampaign';

/** The settings a campaign starts with when createCampaign is given none. */
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = Object.freeze({
  autoAdmit: false,
  intentPolicy: Object.freeze({}),
});

/** Options of {@link createCampaign}. */
export interface CreateCampaignOptions {
  /** The GM who creates it: the first member and the first key in `meta.gms`. */
  readonly gm: Identity;
  /** The campaign's name (1 to 100 characters, trimmed). */
  readonly name: string;
  /** The game-system module, pinned by the SHA-256 of its files. */
  readonly system: SystemPin;
  /** Settings that differ from {@link DEFAULT_CAMPAIGN_SETTINGS}. */
  readonly settings?: Partial<CampaignSettings>;
  /** The clock for `createdAt` and the GM's `since` (ms since 1970); defaults to Date.now. */
  readonly now?: () => number;
  /** Seeds in the dice chain; defaults to DEFAULT_CHAIN_LENGTH of @meshtable/dice. */
  readonly diceChainLength?: number;
}

/** A new campaign: what the GM keeps (all of it) and shares (campaignId and tableKey). */
export interface CreatedCampaign {
  /** The table doc's room, and `meta.campaign.id`. */
  readonly campaignId: string;
  /** The secret of the invite link: y-webrtc password and relay token of the table doc. */
  readonly tableKey: string;
  /** The gm doc's secret: only GM devices get it, never an invite. */
  readonly gmKey: string;
  /** The table doc, with `meta` and the GM's member record. */
  readonly table: Y.Doc;
  /** The gm doc, with the dice seed chain (its secret root) under `validator.seedChain`. */
  readonly gm: Y.Doc;
}

/**
 * Creates a campaign: fresh ids and keys, `meta` (schema version, the campaign record, the GM's
 * key, the dice commitment) and the GM's member record in a new table doc, the seed chain in a
 * new gm doc. Every record is checked against its schema before anything is written.
 * @throws CampaignError `CAMPAIGN_INVALID_OPTIONS` naming each field that is wrong
 * @throws RollProtocolError `ROLL_INVALID_CHAIN_LENGTH` for a bad `diceChainLength`
 * @example
 * ```ts
 * const created = createCampaign({
 *   gm: me,
 *   name: 'The Sunless Citadel',
 *   system: { id: 'srd5e', version: '1.2.0', sha256: pin },
 * });
 * const link = makeInviteLink(location.origin + '/', created);
 * ```
 */
export function createCampaign(options: CreateCampaignOptions): CreatedCampaign {
  const now = options.now ?? Date.now;
  const campaignId = createCampaignId();
  const createdAt = now();
  const campaign: Campaign = checked('campaign', campaignSchema, {
    id: campaignId,
    name: options.name,
    createdAt,
    system: options.system,
    settings: { ...DEFAULT_CAMPAIGN_SETTINGS, ...options.settings },
  });
  const publicKey = encodePublicKey(options.gm.publicKey);
  const gms: GmKeys = checked('gms', gmKeysSchema, { [options.gm.userId]: publicKey });
  const member: Member = checked('member', memberSchema, {
    userId: options.gm.userId,
    publicKey,
    name: options.gm.name,
    color: options.gm.color,
    role: 'gm',
    status: 'member',
    since: createdAt,
  });
  const chain = createSeedChain(options.diceChainLength ?? DEFAULT_CHAIN_LENGTH);
  const dice: DiceCommitment = checked('dice', diceCommitmentSchema, {
    ...chainCommitment(chain),
    revealed: 0,
  });

  const table = new Y.Doc();
  table.transact(() => {
    // meta's entries are plain JSON (written whole, read whole); records are Y.Maps by field.
    const meta = table.getMap(TABLE_MAPS.meta);
    meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION);
    meta.set(META_KEYS.campaign, campaign);
    meta.set(META_KEYS.gms, gms);
    meta.set(META_KEYS.dice, dice);
    table.getMap(TABLE_MAPS.members).set(member.userId, toYValue(member));
  });
  const gm = new Y.Doc();
  gm.transact(() => writeSeedChain(gm.getMap(GM_MAPS.validator), chain));

  return { campaignId, tableKey: createCampaignKey(), gmKey: createCampaignKey(), table, gm };
}

function checked<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[what, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new CampaignError(
    'CAMPAIGN_INVALID_OPTIONS',
    `Cannot create the campaign: ${problems.join('; ')}.`,
  );
}
