/**
 * Every record a campaign stores (DESIGN.md §2), as zod schemas and the types inferred from them.
 * Anything read from a document, the network or a module is checked against these at that
 * boundary; a record that does not fit is reported, never half-applied.
 *
 * Records are stored field by field (packages/campaign maps each to a Y.Map), so two peers that
 * change different fields of one record both keep their change.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import {
  colorSchema,
  jsonObjectSchema,
  jsonSchema,
  nameSchema,
  publicKeySchema,
  recordIdSchema,
  sha256HexSchema,
  timestampSchema,
  userIdSchema,
} from './fields';
import { sealedTextSchema } from './sealedText';

/** The game system a campaign runs: a module pinned by the SHA-256 of its files. */
export const systemPinSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  version: z.string().min(1).max(64),
  sha256: sha256HexSchema,
});

/** How the GM's validator handles an intent kind: by the rules at once, or held for the GM. */
export const intentPolicySchema = z.enum(['auto', 'ask']);

/** The campaign's settings, written by GMs. */
export const campaignSettingsSchema = z.strictObject({
  /** Admit a player who joins through the invite link without asking the GM. */
  autoAdmit: z.boolean(),
  /** Policy per intent kind; kinds not listed are `auto`. */
  intentPolicy: z.record(z.string().min(1).max(64), intentPolicySchema),
});

/** The campaign itself: `meta.campaign` in the table doc. */
export const campaignSchema = z.strictObject({
  id: recordIdSchema,
  name: nameSchema,
  createdAt: timestampSchema,
  system: systemPinSchema,
  settings: campaignSettingsSchema,
});

/** The GMs' public keys by user id: `meta.gms`. Only these may sign receipts and GM records. */
export const gmKeysSchema = z.record(userIdSchema, publicKeySchema);

/** The `meta` entry that holds the co-GM grants ({@link gmGrantsSchema}). */
export const GM_GRANTS_META_KEY = 'gmGrants';

/** The most grants `meta.gmGrants` holds: it bounds the walk that decides whom a client trusts. */
export const MAX_GM_GRANTS = 64;

/**
 * A GM's signed word that another person is a GM of this campaign: `meta.gmGrants[gm]`. Clients
 * trust the GMs they pinned (from the invite's GM ids, or `meta.gms` as first seen) and every GM
 * whose grant chains to one of them, so a co-GM added later is trusted by devices that pinned
 * only the founder. The signature (packages/campaign lifecycle/gmTrust.ts) covers the campaign id,
 * so a grant cannot be replayed in another campaign.
 */
export const gmGrantSchema = z.strictObject({
  v: z.literal(1),
  /** The campaign id (`meta.campaign.id`) the grant is for. */
  campaign: recordIdSchema,
  /** The new GM's user id: the hash of `publicKey`. */
  gm: userIdSchema,
  /** The new GM's Ed25519 public key. */
  publicKey: publicKeySchema,
  /** The GM who granted it, and signed. */
  by: userIdSchema,
  at: timestampSchema,
  /** Ed25519 signature of the other fields (packages/campaign lifecycle/gmTrust.ts). */
  sig: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{85}[AQgw]$/,
      'must be an Ed25519 signature (86 characters of base64url)',
    ),
});

/**
 * `meta.gmGrants`: the co-GM grants by the new GM's user id. A new, optional entry of meta: a
 * campaign made before grants existed has none, and reads as having none, so it needs no
 * migration (its first GMs are in `meta.gms`, which clients pin).
 */
export const gmGrantsSchema = z
  .record(userIdSchema, gmGrantSchema)
  .refine(
    (grants) => Object.keys(grants).length <= MAX_GM_GRANTS,
    `holds at most ${MAX_GM_GRANTS} grants`,
  );

/** The validator's commitment to its dice seed chain: `meta.dice` (packages/dice seedChain). */
export const diceCommitmentSchema = z.strictObject({
  head: sha256HexSchema,
  length: z.number().int().positive(),
  /** Seeds revealed so far: the next roll reveals the seed at this index. */
  revealed: z.number().int().nonnegative(),
});

/** A member of the table: `members[userId]`. Written by GMs (a join is an intent). */
export const memberSchema = z.strictObject({
  userId: userIdSchema,
  publicKey: publicKeySchema,
  name: nameSchema,
  color: colorSchema,
  role: z.enum(['gm', 'player']),
  status: z.enum(['pending', 'member', 'left', 'kicked']),
  since: timestampSchema,
});

/** A scene's grid. Hex grids come in rows (pointy top) or columns (flat top). */
export const gridSchema = z.strictObject({
  type: z.enum(['square', 'hexRows', 'hexColumns', 'none']),
  /** Cell size in scene pixels. */
  size: z.number().positive().max(1000),
  offsetX: z.number(),
  offsetY: z.number(),
  color: colorSchema,
  /** Distance per cell in `units` (5 ft, 1.5 m, 1 hex). */
  distance: z.number().positive(),
  units: z.string().min(1).max(16),
});

/** A scene: `scenes[id]`. Hidden scenes live in the gm doc until revealed. */
export const sceneSchema = z.strictObject({
  id: recordIdSchema,
  name: nameSchema,
  /** Position in the GM's scene list. */
  order: z.number(),
  /** Scene size in pixels. */
  width: z.number().positive().max(100_000),
  height: z.number().positive().max(100_000),
  background: sha256HexSchema.nullable(),
  grid: gridSchema,
  /**
   * Its walls, doors and lights: a JSON asset (sceneGeometry.ts), from a Universal VTT import.
   * Optional, and new: scenes without it need no migration.
   */
  geometry: sha256HexSchema.optional(),
});

/** The `meta` entry that names the active scene ({@link activeSceneSchema}). */
export const ACTIVE_SCENE_META_KEY = 'activeScene';

/**
 * The scene the party is on: `meta.activeScene`, written by the validating GM when they move
 * the party. Players' boards show it (they may look at other scenes in the table doc, which the
 * GM shares by leaving them there; hidden scenes live in the gm doc). A new, optional entry of
 * meta: a campaign without it has no active scene yet, and boards then show the first scene in
 * the GM's order, so it needs no migration.
 */
export const activeSceneSchema = z.strictObject({
  sceneId: recordIdSchema,
});

/** A bar on a token (hit points and the like), read from the actor through the module. */
export const tokenBarSchema = z.strictObject({
  value: z.number(),
  max: z.number(),
  color: colorSchema,
});

/** A token on a scene: `tokens[id]`. Hidden tokens live in the gm doc until revealed. */
export const tokenSchema = z.strictObject({
  id: recordIdSchema,
  sceneId: recordIdSchema,
  actorId: recordIdSchema.nullable(),
  name: nameSchema,
  image: sha256HexSchema.nullable(),
  /** Top-left corner in scene pixels. */
  x: z.number(),
  y: z.number(),
  /** Size in cells. */
  size: z.number().positive().max(100),
  /** Degrees clockwise, about the token's centre (the board's convention; 0 is upright). */
  rotation: z.number(),
  bars: z.array(tokenBarSchema).max(2),
  conditions: z.array(z.string().min(1).max(64)).max(64),
  /** Members who may move it (besides GMs). */
  owners: z.array(userIdSchema).max(64),
});

/** An actor (character, creature): `actors[id]`. `data` is the module's sheet data. */
export const actorSchema = z.strictObject({
  id: recordIdSchema,
  /** The module's actor type (a key of the manifest's `sheets`). */
  type: z.string().min(1).max(64),
  name: nameSchema,
  image: sha256HexSchema.nullable(),
  owners: z.array(userIdSchema).max(64),
  data: jsonObjectSchema,
});

/** A handout: `handouts[id]`, shown to everyone or to chosen members. */
export const handoutSchema = z.strictObject({
  id: recordIdSchema,
  name: nameSchema,
  /** Markdown; rendered sanitized, never as HTML. */
  body: z.string().max(200_000),
  image: sha256HexSchema.nullable(),
  sharedWith: z.union([z.literal('all'), z.array(userIdSchema).max(64)]),
});

/** One combatant of an encounter. */
export const combatantSchema = z.strictObject({
  id: recordIdSchema,
  tokenId: recordIdSchema.nullable(),
  actorId: recordIdSchema.nullable(),
  name: nameSchema,
  initiative: z.number().nullable(),
});

/** An encounter: `combat[id]`. */
export const combatSchema = z.strictObject({
  id: recordIdSchema,
  sceneId: recordIdSchema,
  active: z.boolean(),
  round: z.number().int().nonnegative(),
  /** Index into `combatants` of whose turn it is. */
  turn: z.number().int().nonnegative(),
  combatants: z.array(combatantSchema).max(500),
});

/** The dice a receipt reveals for a roll intent (the verifiable-roll protocol of docs/dice.md). */
export const receiptRollSchema = z.strictObject({
  /** Index of the revealed seed in the GM's chain. */
  index: z.number().int().nonnegative(),
  /** The revealed chain seed, hex. */
  seed: z.string().regex(/^[0-9a-f]{64}$/),
  /** Every die the call drew, in order. */
  draws: z
    .array(z.strictObject({ sides: z.number().int().positive(), value: z.number().int() }))
    .max(10_000),
});

/**
 * The signature of the log entry a receipt answers. One person's two devices may append intents
 * with the same id at once; the receipt names the one that was ruled on, so the other device
 * knows its request was not, and sends it again under a new id.
 */
const answeredSignatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'must be an Ed25519 signature (86 base64url characters)');

/**
 * A receipt's place in the order of the validator's rulings: 1 for the campaign's first, then one
 * more for each. A ruling depends on the rulings before it (where a token stands, who is a member
 * yet, which seed of the dice chain is next), and the receipts map does not keep the order they
 * were written in, so replaying the rulings from the logs needs it. Absent from receipts written
 * before it was recorded.
 */
const rulingOrderSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The validating GM's Ed25519 signature over the receipt: over `"meshtable receipt v1\0"` and
 * the canonical JSON of every other field of the receipt (packages/campaign
 * validator/receiptSignature.ts). Anyone in the room can write the receipts map; a client takes
 * a receipt only when it verifies against the key of the GM it names in `by`.
 */
const receiptSignatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'must be an Ed25519 signature (86 base64url characters)');

/** The GM validator's answer to an intent: `receipts[intentId]`. */
export const receiptSchema = z.discriminatedUnion('status', [
  z.strictObject({
    intentId: z.string().min(1).max(100),
    sig: answeredSignatureSchema,
    n: rulingOrderSchema.optional(),
    status: z.literal('applied'),
    by: userIdSchema,
    at: timestampSchema,
    gmSig: receiptSignatureSchema,
    /** What the module returned for the player to see (a roll's result, say). */
    result: jsonSchema.optional(),
    roll: receiptRollSchema.optional(),
  }),
  z.strictObject({
    intentId: z.string().min(1).max(100),
    sig: answeredSignatureSchema,
    n: rulingOrderSchema.optional(),
    status: z.literal('rejected'),
    by: userIdSchema,
    at: timestampSchema,
    gmSig: receiptSignatureSchema,
    reason: z.string().min(1).max(1000),
    roll: receiptRollSchema.optional(),
  }),
]);

/**
 * A chat post: appended to the author's own log `posts/<userId>` (apps/web/src/chat). A whisper
 * carries its text in `sealed`, encrypted to `whisperTo` and the author, and an empty `text`;
 * posts written before whispers were sealed (plain `text` with `whisperTo`) still read.
 */
export const postSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    author: userIdSchema,
    at: timestampSchema,
    kind: z.enum(['message', 'emote', 'roll', 'system']),
    /** Markdown; rendered sanitized, never as HTML. Empty when `sealed` holds the text. */
    text: z.string().max(10_000),
    /** Members who may read it; absent for everyone. (Whispers are encrypted to them.) */
    whisperTo: z.array(userIdSchema).max(64).optional(),
    /** A whisper's text sealed to `whisperTo` and the author (packages/campaign sealed/). */
    sealed: sealedTextSchema.optional(),
    /** The roll intent whose receipt this post shows. */
    intentId: z.string().min(1).max(100).optional(),
    /**
     * The author's Ed25519 signature of the other fields (packages/campaign posts/signPost.ts):
     * anyone in the room can append to any log, so a post counts as its author's only when this
     * verifies. Absent from posts written before posts were signed.
     */
    sig: z
      .string()
      .regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'must be an Ed25519 signature (86 base64url characters)')
      .optional(),
  })
  .refine(
    (post) => post.sealed === undefined || (post.text === '' && post.whisperTo !== undefined),
    {
      message: 'a sealed post has an empty text and names whom it whispers to',
    },
  );

export type SystemPin = z.infer<typeof systemPinSchema>;
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;
export type Campaign = z.infer<typeof campaignSchema>;
export type GmKeys = z.infer<typeof gmKeysSchema>;
export type GmGrant = z.infer<typeof gmGrantSchema>;
export type GmGrants = z.infer<typeof gmGrantsSchema>;
export type DiceCommitment = z.infer<typeof diceCommitmentSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Grid = z.infer<typeof gridSchema>;
export type Scene = z.infer<typeof sceneSchema>;
export type ActiveScene = z.infer<typeof activeSceneSchema>;
export type TokenBar = z.infer<typeof tokenBarSchema>;
export type Token = z.infer<typeof tokenSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type Handout = z.infer<typeof handoutSchema>;
export type Combatant = z.infer<typeof combatantSchema>;
export type Combat = z.infer<typeof combatSchema>;
export type ReceiptRoll = z.infer<typeof receiptRollSchema>;
export type Receipt = z.infer<typeof receiptSchema>;
export type Post = z.infer<typeof postSchema>;

/**
 * The table's key epoch: `meta.epoch`. Absent until the first kick: that is epoch 0, whose room is
 * the campaign id. Each kick starts the next epoch under a new table key, in a new room that
 * packages/campaign derives from that key (lifecycle/tableEpoch.ts), so that only holders of the
 * key can know it.
 */
export const tableEpochSchema = z.strictObject({
  epoch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  room: recordIdSchema,
});

/** Unpadded base64url of `bytes` bytes (shape only; readers decode strictly). */
function base64UrlBytes(bytes: number) {
  const characters = Math.ceil((bytes * 4) / 3);
  return z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${characters}}$`),
      `must be ${bytes} bytes as ${characters} base64url characters`,
    );
}

/**
 * A table key sealed to one member (packages/campaign lifecycle/sealedKey.ts): an ephemeral
 * X25519 key, and the key encrypted with XChaCha20-Poly1305 under a key agreed with the member's
 * own key.
 */
export const sealedTableKeySchema = z.strictObject({
  /** The ephemeral X25519 public key, 32 bytes. */
  epk: base64UrlBytes(32),
  /** The XChaCha20-Poly1305 nonce, 24 bytes. */
  nonce: base64UrlBytes(24),
  /** The 16-byte table key encrypted, and its 16-byte Poly1305 tag. */
  box: base64UrlBytes(32),
});

/** The most members one rekey seals the new key to. */
export const MAX_REKEY_RECIPIENTS = 4096;

/**
 * A rekey: `meta.rekey` of the table doc a kick leaves behind. Signed by a GM, it names the next
 * epoch and holds the next table key sealed to each member who stays (by user id). The room is
 * not in it: it derives from the key, so that the kicked member, who still reads this doc, cannot
 * learn it (and claim it on the relay first).
 */
export const rekeySchema = z.strictObject({
  v: z.literal(1),
  /** The campaign id (`meta.campaign.id`): a rekey is worthless in another campaign. */
  campaign: recordIdSchema,
  /** The epoch it starts: the current one plus 1. */
  epoch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The member who was kicked. */
  kicked: userIdSchema,
  keys: z
    .record(userIdSchema, sealedTableKeySchema)
    .refine(
      (keys) => Object.keys(keys).length <= MAX_REKEY_RECIPIENTS,
      `seals the key to at most ${MAX_REKEY_RECIPIENTS} members`,
    ),
  /** The GM who signed it (a key of `meta.gms`). */
  by: userIdSchema,
  at: timestampSchema,
  /** Ed25519 signature of the other fields (packages/campaign lifecycle/rekey.ts). */
  sig: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{85}[AQgw]$/,
      'must be an Ed25519 signature (86 characters of base64url)',
    ),
});

/**
 * A table key as GM devices keep it: the gm doc's `tableKeys[<epoch>]`, so that a GM device that
 * comes back finds the current room through the gm doc, whose room never changes.
 */
export const gmTableKeySchema = z.strictObject({
  epoch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  room: recordIdSchema,
  tableKey: base64UrlBytes(16),
  /** The member whose kick started the epoch. */
  kicked: userIdSchema,
  at: timestampSchema,
});

export type TableEpochRecord = z.infer<typeof tableEpochSchema>;
export type SealedTableKey = z.infer<typeof sealedTableKeySchema>;
export type Rekey = z.infer<typeof rekeySchema>;
export type GmTableKey = z.infer<typeof gmTableKeySchema>;
