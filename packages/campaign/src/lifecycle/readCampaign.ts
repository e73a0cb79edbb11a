/**
 * Typed, validated reads of a table doc's `meta` and `members` (DESIGN.md §2): what every peer
 * (GM or player) uses to know which campaign it is in, who its GMs are, and who is at the table.
 * Whatever arrives through sync is checked here before the app relies on it.
 */
import {
  type Campaign,
  campaignSchema,
  type DiceCommitment,
  diceCommitmentSchema,
  type GmKeys,
  gmKeysSchema,
  type Member,
  memberSchema,
  SCHEMA_VERSION,
  schemaVersionSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { fromYValue } from '../doc/yRecords';
import { decodePublicKey, userIdOf } from '../identity/identity';
import { CampaignError } from './CampaignError';

/** The entries of the table doc's `meta` map. Each holds plain JSON, written whole by a GM. */
export const META_KEYS = Object.freeze({
  /** The layout and record version, SCHEMA_VERSION when written. */
  schemaVersion: 'schemaVersion',
  /** The campaign record: id, name, system pin, settings. */
  campaign: 'campaign',
  /** The GMs' public keys by user id. */
  gms: 'gms',
  /** The dice chain commitment: head, length, seeds revealed. */
  dice: 'dice',
} as const);

/** `meta` of a table doc, checked. */
export interface CampaignMeta {
  readonly schemaVersion: number;
  readonly campaign: Campaign;
  readonly gms: GmKeys;
  /** The validator's dice commitment; null when the campaign has none (rolls are refused). */
  readonly dice: DiceCommitment | null;
}

/**
 * Reads and checks `meta`.
 * @returns the meta, or null when the doc has no campaign yet (not synced)
 * @throws CampaignError `CAMPAIGN_INVALID_META` naming each malformed entry, or
 *   `CAMPAIGN_UNSUPPORTED_VERSION` when the campaign was written by a newer build
 * @example
 * ```ts
 * const meta = readMeta(table);
 * if (meta === null) return <Connecting />;
 * document.title = meta.campaign.name;
 * ```
 */
export function readMeta(doc: Y.Doc): CampaignMeta | null {
  const meta = doc.getMap<unknown>(TABLE_MAPS.meta);
  if (!meta.has(META_KEYS.campaign)) return null;
  const problems: string[] = [];
  const read = <T>(key: string, schema: z.ZodType<T>): T | undefined => {
    const result = schema.safeParse(fromYValue(meta.get(key)));
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      problems.push(`${[key, ...issue.path.map(String)].join('.')}: ${issue.message}`);
    }
    return undefined;
  };
  const schemaVersion = read(META_KEYS.schemaVersion, schemaVersionSchema);
  if (schemaVersion !== undefined && schemaVersion > SCHEMA_VERSION) {
    throw new CampaignError(
      'CAMPAIGN_UNSUPPORTED_VERSION',
      `This campaign is of schema version ${schemaVersion}; this build reads up to ${SCHEMA_VERSION}. Update Meshtable.`,
    );
  }
  const campaign = read(META_KEYS.campaign, campaignSchema);
  const gms = read(META_KEYS.gms, gmKeysSchema);
  const dice = meta.has(META_KEYS.dice) ? read(META_KEYS.dice, diceCommitmentSchema) : null;
  if (
    schemaVersion === undefined ||
    campaign === undefined ||
    gms === undefined ||
    dice === undefined
  ) {
    throw new CampaignError(
      'CAMPAIGN_INVALID_META',
      `The campaign's meta is malformed: ${problems.join('; ')}.`,
    );
  }
  return { schemaVersion, campaign, gms, dice };
}

/**
 * Reads every member record. A record that breaks the schema, is stored under another user id,
 * or whose user id is not the hash of its public key is left out and reported, never thrown.
 * @param onInvalid hears of each member left out, with what is wrong
 * @returns the members by user id
 */
export function readMembers(
  doc: Y.Doc,
  onInvalid: (userId: string, problem: string) => void = () => {},
): Map<string, Member> {
  const members = new Map<string, Member>();
  for (const [userId, stored] of doc.getMap<unknown>(TABLE_MAPS.members)) {
    const problem = memberProblem(userId, fromYValue(stored));
    if (typeof problem === 'string') onInvalid(userId, problem);
    else members.set(userId, problem.member);
  }
  return members;
}

/**
 * Whether `userId` is a GM of the campaign: one of the keys in `meta.gms`, the list that decides
 * who may write GM-owned records. False when meta is missing or malformed (fail closed:
 * readMeta says what is wrong).
 */
export function isGm(doc: Y.Doc, userId: string): boolean {
  let meta: CampaignMeta | null;
  try {
    meta = readMeta(doc);
  } catch (error) {
    if (error instanceof CampaignError) return false;
    throw error;
  }
  return meta !== null && Object.hasOwn(meta.gms, userId);
}

function memberProblem(userId: string, value: unknown): string | { member: Member } {
  const result = memberSchema.safeParse(value);
  if (!result.success) {
    return result.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`)
      .join('; ');
  }
  const member = result.data;
  if (member.userId !== userId) return `stored under ${userId} but names ${member.userId}`;
  let keyHolder: string;
  try {
    keyHolder = userIdOf(decodePublicKey(member.publicKey));
  } catch {
    return 'publicKey is not an Ed25519 public key';
  }
  if (keyHolder !== userId) return `publicKey belongs to ${keyHolder}, not ${userId}`;
  return { member };
}
