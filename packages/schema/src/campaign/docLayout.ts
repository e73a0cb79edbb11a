/**
 * How a campaign lays its records out in its two Yjs documents (DESIGN.md §2). Names here are
 * part of the stored format: changing one needs a migration.
 *
 * - The **table doc** (room = campaignId) holds what every member may see.
 * - The **gm doc** (room = campaignId + ":gm", its own key) holds what players must never
 *   receive: hidden scenes and tokens, notes, the dice seed chain, the validator's bookkeeping.
 *
 * Per-author logs (intents and chat) are top-level arrays named by their author
 * (`intents/<userId>`), not entries of one shared map: Yjs merges top-level types by name, so
 * two devices of one person that start their log at the same moment cannot overwrite each
 * other's first entry, as two concurrent `map.set(userId, new Y.Array())` would.
 */
import '../zodWithoutEval';
import { z } from 'zod';

/** The version of this layout and of the records; stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 1;

/** Top-level Y.Map names of the table doc. */
export const TABLE_MAPS = Object.freeze({
  /** `schemaVersion`, `campaign`, `gms`, `dice`: written by GMs. */
  meta: 'meta',
  members: 'members',
  scenes: 'scenes',
  tokens: 'tokens',
  actors: 'actors',
  handouts: 'handouts',
  combat: 'combat',
  /** intentId → receipt, written by the GM validator. */
  receipts: 'receipts',
  /**
   * sha256 → assetRecordSchema: the assets the GM shared with the players, which their library
   * lists (campaign/assetRecords.ts). Written by the validating GM.
   */
  assets: 'assets',
  /**
   * `<sceneId>/<edit id>` → fogEditSchema: every scene's fog of war, as the GM's edits in order
   * (campaign/fogRecords.ts). Written by the validating GM.
   */
  fog: 'fog',
  /**
   * id → templateRecordSchema: the area templates a GM kept on a scene
   * (campaign/templateRecords.ts). Written by the validating GM.
   */
  templates: 'templates',
  /**
   * id → annotationRecordSchema: drawings and text on the scenes, each with its author
   * (campaign/annotationRecords.ts). Written by the validating GM (players through intents).
   */
  annotations: 'annotations',
  /**
   * intentId → heldIntentSchema: intents the validator holds until a GM approves or rejects them
   * (campaign/intentPolicies.ts), so their authors see why. Written by the validating GM.
   */
  held: 'held',
  /**
   * `ambient` → audioStateSchema: the track the GM plays for everyone, and where it is
   * (campaign/audioRecords.ts). Written by the validating GM.
   */
  audio: 'audio',
  /**
   * id → sealedHandoutSchema: journal pages shared with chosen members, sealed to them
   * (campaign/sealedHandoutRecords.ts). Written by the validating GM.
   */
  sealedHandouts: 'sealedHandouts',
} as const satisfies Record<string, string>);

/**
 * Top-level Y.Map names of the gm doc.
 *
 * Hidden records (packages/campaign hidden/): a hidden scene or token is stored in `scenes` or
 * `tokens` here and not in the table doc. Why it is hidden is kept apart from the record, one
 * reason per key, so that two GM devices that give a record different reasons at once both keep
 * theirs (Yjs keeps one of two concurrent writes of one key): `hiddenOwn` and `hiddenWithScene`.
 * A reveal under way is marked in `revealing`, and each hide keeps a backup in `hiddenBackups`.
 * A record is meant to be hidden while it has a reason, and a record in `scenes` or `tokens`
 * here is hidden unless it is being revealed; a record found in the wrong doc (a move cut short)
 * is moved by the campaign engine's reconcileHidden.
 */
export const GM_MAPS = Object.freeze({
  /** Hidden scenes and tokens, in the same record format as the table doc's. */
  scenes: 'scenes',
  tokens: 'tokens',
  /**
   * Records the GM hid on their own: `scenes/<id>` or `tokens/<id>` → when (ms since 1970,
   * timestampSchema). A token hidden on its own stays hidden when its scene is revealed.
   */
  hiddenOwn: 'hiddenOwn',
  /**
   * Tokens hidden along with their scene: token id → the scene's id (recordIdSchema). Revealing
   * that scene reveals them (unless they are also in `hiddenOwn`).
   */
  hiddenWithScene: 'hiddenWithScene',
  /**
   * Reveals under way: `scenes/<id>` or `tokens/<id>` → when the reveal was decided (ms since
   * 1970). Written with the reveal's decision, deleted with the gm copy once the table doc holds
   * the record.
   */
  revealing: 'revealing',
  /**
   * A second copy of each record a hide moved here, under a key no other write can take:
   * `scenes/<id>/<random>` or `tokens/<id>/<random>` → `{ at, record, tableItem }` (plain JSON;
   * `tableItem` is the Yjs id `[client, clock]` of the table copy the hide deleted), until a later
   * move of the record. Yjs keeps one of two concurrent writes of `tokens/<id>`, so a GM device
   * that hid a record at the moment another revealed it could otherwise lose it.
   */
  hiddenBackups: 'hiddenBackups',
  /** GM notes by record id. */
  notes: 'notes',
  /** The validator's state: the seed chain (`seedChain`), processed intents. */
  validator: 'validator',
  /**
   * Intent kind → intentPolicySchema (`auto` or `ask`; a kind without one is `auto`): which kinds
   * the validator holds for a GM (campaign/intentPolicies.ts). Any GM device writes it.
   */
  intentPolicies: 'intentPolicies',
  /**
   * intentId → gmDecisionSchema: GMs' approvals and rejections of held intents, which the
   * validating device acts on. Any GM device writes it.
   */
  intentDecisions: 'intentDecisions',
  /**
   * sha256 → assetRecordSchema: every asset a GM added, shared or not: the GM's library
   * (campaign/assetRecords.ts). Any GM device writes it.
   */
  assets: 'assets',
  /**
   * id → handoutSchema: every journal page a GM wrote, drafts included, with whom it is shared
   * (`sharedWith`: `[]` for a draft). The pages' master copies: a page shared with everyone is
   * also copied to the table doc's `handouts` (apps/web/src/handouts). Any GM device writes it.
   */
  handouts: 'handouts',
} as const satisfies Record<string, string>);

/** Prefix of the per-author intent logs: `intents/<userId>`. */
export const INTENT_LOG_PREFIX = 'intents/';
/** Prefix of the per-author chat logs: `posts/<userId>`. */
export const POST_LOG_PREFIX = 'posts/';

/** The name of `userId`'s intent log in the table doc. */
export function intentLogName(userId: string): string {
  return INTENT_LOG_PREFIX + userId;
}

/** The name of `userId`'s chat log in the table doc. */
export function postLogName(userId: string): string {
  return POST_LOG_PREFIX + userId;
}

/** The gm doc's room for a campaign. */
export function gmRoomName(campaignId: string): string {
  return `${campaignId}:gm`;
}

/** `meta.schemaVersion` as read from a doc. */
export const schemaVersionSchema = z.number().int().positive();

/**
 * Entries of the table doc's `meta` added by key rotation (packages/campaign lifecycle/kick.ts),
 * beside `schemaVersion`, `campaign`, `gms` and `dice`. Plain JSON, written whole by the
 * validating GM, like the others.
 */
export const REKEY_META_KEYS = Object.freeze({
  /** The table's epoch and room (tableEpochSchema); absent in epoch 0, whose room is the campaign id. */
  epoch: 'epoch',
  /** The signed rekey out of this room (rekeySchema), written when a member is kicked. */
  rekey: 'rekey',
} as const);

/** The gm doc's map of the table key of every epoch after 0, by epoch (gmTableKeySchema). */
export const GM_TABLE_KEYS_MAP = 'tableKeys';
