/**
 * The core intent kinds, whatever the game system (DESIGN.md §3), and the payloads the player's
 * client sends with them. One place for the names, so the client, the validator's core rules and
 * modules agree on them. A module may define kinds of its own (`srd5e:cast-spell`).
 */
import '@meshtable/schema/zodWithoutEval';
import type { RollRequest } from '@meshtable/dice';
import { changeSchema } from '@meshtable/sandbox';
import { colorSchema, nameSchema, publicKeySchema, recordIdSchema } from '@meshtable/schema';
import { z } from 'zod';
import { GM_EDIT_COLLECTIONS } from '../doc/tableCollections';
import { IntentClientError } from './IntentClientError';

/** The core intent kinds. */
export const INTENT_KINDS = Object.freeze({
  /** Ask to join the table: the one intent a non-member may send; signed by the key it carries. */
  join: 'join',
  /** Move a token: `{ tokenId, x, y }`; owners may move their own tokens, GMs any. */
  tokenMove: 'token.move',
  /** Roll dice verifiably: a RollRequest of @meshtable/dice, with an optional label. */
  roll: 'roll',
  /** Apply damage (or, negative, healing) to an actor: `{ actorId, amount, type? }`. */
  damageApply: 'damage.apply',
  /** A chat command (`/attack`, …), run by the module's `commands`. */
  chatCommand: 'chat.command',
  /** Edit a field of an actor's sheet: `{ actorId, path, value }`. */
  sheetEdit: 'sheet.edit',
  /**
   * Roll initiative for combatants of an encounter through the module's `initiative` hook:
   * `{ combatId, combatantIds }`; GMs for anyone, players for their own, once (docs/combat.md).
   */
  combatInitiative: 'combat.initiative',
  /**
   * A GM's edit of the table from a GM device that does not run the table: `{ changes }`, the
   * change list a module's `apply` returns (set or delete a record or a field of one), which may
   * also name fog edits, kept templates and the party's scene (`meta.activeScene`); for GMs
   * only. The device that runs the table writes directly; its validator commits these, a scene
   * deleted with everything on it.
   */
  gmEdit: 'gm.edit',
} as const);

/** A core intent kind. */
export type CoreIntentKind = (typeof INTENT_KINDS)[keyof typeof INTENT_KINDS];

/** The payload of `join`: who asks, as they want to appear. */
export const joinPayloadSchema = z.strictObject({
  /** The public key the intent is signed with: its hash is the author's userId. */
  publicKey: publicKeySchema,
  name: nameSchema,
  color: colorSchema,
});

/** The payload of `token.move`: the token's new top-left corner in scene pixels. */
export const tokenMovePayloadSchema = z.strictObject({
  tokenId: recordIdSchema,
  x: z.number(),
  y: z.number(),
});

/** The payload of `damage.apply`. */
export const damageApplyPayloadSchema = z.strictObject({
  actorId: recordIdSchema,
  /** Points of damage; negative heals. */
  amount: z.number(),
  /** The damage type as the game system names it (`fire`, `stun`). */
  type: z.string().min(1).max(64).optional(),
});

/** The most combatants one `combat.initiative` rolls for (an encounter holds at most 500). */
export const MAX_INITIATIVE_COMBATANTS = 500;

/** The payload of `combat.initiative`: the encounter, and whom to roll for (each once). */
export const combatInitiativePayloadSchema = z.strictObject({
  combatId: recordIdSchema,
  combatantIds: z
    .array(recordIdSchema)
    .min(1)
    .max(MAX_INITIATIVE_COMBATANTS)
    .refine((ids) => new Set(ids).size === ids.length, 'names each combatant once'),
});

/** The most changes one `gm.edit` carries (a scene deleted with its tokens, say). */
export const MAX_GM_EDIT_CHANGES = 2000;

const [setChangeSchema, deleteChangeSchema] = changeSchema.options;
const gmEditCollectionSchema = z.enum(GM_EDIT_COLLECTIONS);

/**
 * One change of a `gm.edit`: a module's change (packages/sandbox `changeSchema`) that may also
 * name the GM-owned maps a module never touches: `fog` (an edit, set or deleted whole, under
 * `<sceneId>/<edit id>`), `templates` (a kept template), `meta` (its `activeScene` alone: the
 * party's place), `sealedHandouts` (a page sealed to chosen members, whole) and `audio` (its
 * `ambient` track, whole).
 */
export const gmEditChangeSchema = z.discriminatedUnion('op', [
  setChangeSchema.extend({ collection: gmEditCollectionSchema }),
  deleteChangeSchema.extend({ collection: gmEditCollectionSchema }),
]);

/**
 * The payload of `gm.edit`: the changes, checked again entry by entry when committed
 * (validator/tableEdit.ts), where a scene deleted whole takes what is on it along.
 */
export const gmEditPayloadSchema = z.strictObject({
  changes: z.array(gmEditChangeSchema).min(1).max(MAX_GM_EDIT_CHANGES),
});

/** The payload of `gm.edit`. */
export type GmEditPayload = z.infer<typeof gmEditPayloadSchema>;

/** A roll's label as shown with its result (`Perception`, `Longsword attack`). */
export const rollLabelSchema = z.string().trim().min(1).max(100);

/** The keys of a roll's payload that the verifiable-roll protocol and the label own. */
const ROLL_PROTOCOL_KEYS: readonly string[] = [
  'rollId',
  'notation',
  'playerNonce',
  'chainHead',
  'engine',
  'label',
];

/**
 * A roll's options for the game system's `roll` hook (a sheet button's `options` and answers,
 * docs/modules/README.md "Roll buttons"): at most 28 keys, identifiers other than the
 * protocol's own, each a string (at most 100 characters), a finite number or a boolean.
 */
export const rollOptionsSchema = z
  .record(z.string(), z.union([z.string().max(100), z.number().finite(), z.boolean()]))
  .superRefine((options, ctx) => {
    const keys = Object.keys(options);
    if (keys.length > 28) ctx.addIssue({ code: 'custom', message: 'has more than 28 options' });
    for (const key of keys) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be an identifier' });
      } else if (ROLL_PROTOCOL_KEYS.includes(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is a key of the roll protocol' });
      }
    }
  });

export type JoinPayload = z.infer<typeof joinPayloadSchema>;
export type TokenMovePayload = z.infer<typeof tokenMovePayloadSchema>;
export type DamageApplyPayload = z.infer<typeof damageApplyPayloadSchema>;
export type CombatInitiativePayload = z.infer<typeof combatInitiativePayloadSchema>;

/**
 * The payload of `roll`: the RollRequest of the verifiable-roll protocol (docs/dice.md: rollId
 * is the intent id, playerNonce the player's fresh secret, chainHead the `meta.dice.head` the
 * player saw, engine their dice engine), and a label.
 */
export type RollPayload = RollRequest & { readonly label?: string };

/**
 * Checks a core payload before it is signed, so a bad call fails at once rather than as a
 * rejection from the GM.
 * @param what the kind or field, for the message
 * @throws IntentClientError `CLIENT_INVALID_REQUEST` naming each bad field
 */
export function checkPayload<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || what}: ${issue.message}`,
  );
  throw new IntentClientError(
    'CLIENT_INVALID_REQUEST',
    `Cannot ask for ${what}: ${problems.join('; ')}.`,
  );
}
