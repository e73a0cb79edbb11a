/**
 * The maps of the table doc that a change list may name, and how each is checked and stored:
 * the five record maps a module's `apply` may touch (packages/sandbox CHANGE_COLLECTIONS), and the
 * GM-owned maps that only a GM's own edit (`gm.edit`) or a scene's deletion reaches: fog edits,
 * kept templates, the party's scene in `meta`, (a deleted scene's) drawings, journal pages
 * sealed to chosen members, and the ambient audio.
 *
 * One table, so the validator's commit, the board's direct writes on the validating device and
 * the payload check of `gm.edit` agree on what each map holds.
 */
import type { Change, JsonObject } from '@meshtable/sandbox';
import {
  ACTIVE_SCENE_META_KEY,
  AMBIENT_AUDIO_KEY,
  activeSceneSchema,
  annotationRecordSchema,
  audioStateSchema,
  fogEditKey,
  fogEditSchema,
  RECORD_MAP_NAMES,
  RECORD_SCHEMAS,
  recordIdSchema,
  sealedHandoutSchema,
  templateRecordSchema,
} from '@meshtable/schema';
import type { z } from 'zod';

/** How the entries of one table map are checked and stored. */
export interface CollectionRule {
  readonly schema: z.ZodType;
  /** The key a valid record must be stored under. */
  readonly keyOf: (record: JsonObject) => string;
  /** Whether `key` may name an entry at all (checked for deletes as for sets). */
  readonly validKey: (key: string) => boolean;
  /**
   * Stored as plain JSON, written whole (a fog edit, a `meta` entry), rather than as a Y.Map per
   * object patched field by field; a change must then replace or delete the whole entry.
   */
  readonly plain: boolean;
}

const anyKey = () => true;
const isRecordId = (key: string) => recordIdSchema.safeParse(key).success;
const byId = (record: JsonObject) => record.id as string;

const recordRule = (schema: z.ZodType): CollectionRule => ({
  schema,
  keyOf: byId,
  // Modules have always been free to delete any key of a record map (a malformed leftover).
  validKey: anyKey,
  plain: false,
});

/** Every map a planned change may touch, with its rule. */
export const TABLE_COLLECTION_RULES = Object.freeze({
  scenes: recordRule(RECORD_SCHEMAS.scenes),
  tokens: recordRule(RECORD_SCHEMAS.tokens),
  actors: recordRule(RECORD_SCHEMAS.actors),
  handouts: recordRule(RECORD_SCHEMAS.handouts),
  combat: recordRule(RECORD_SCHEMAS.combat),
  /** `<sceneId>/<edit id>` → a fog edit (schema fogRecords.ts), written once. */
  fog: {
    schema: fogEditSchema,
    keyOf: (record: JsonObject) => fogEditKey(record.sceneId as string, record.id as string),
    validKey: (key: string) => {
      const parts = key.split('/');
      return parts.length === 2 && parts.every(isRecordId);
    },
    plain: true,
  },
  templates: { schema: templateRecordSchema, keyOf: byId, validKey: isRecordId, plain: false },
  /** Drawings: reached only by a scene's deletion (their own intents rule on them otherwise). */
  annotations: { schema: annotationRecordSchema, keyOf: byId, validKey: isRecordId, plain: false },
  /** Of `meta`, the party's scene alone: the rest (GM keys, the dice chain) is no edit's. */
  meta: {
    schema: activeSceneSchema,
    keyOf: () => ACTIVE_SCENE_META_KEY,
    validKey: (key: string) => key === ACTIVE_SCENE_META_KEY,
    plain: true,
  },
  /** A journal page sealed to chosen members: an envelope, only meaningful whole. */
  sealedHandouts: { schema: sealedHandoutSchema, keyOf: byId, validKey: isRecordId, plain: true },
  /**
   * The ambient track, under its one key (`ambient`): written whole, so that no peer sees a new
   * `playing` with the old anchor (schema audioRecords.ts).
   */
  audio: {
    schema: audioStateSchema,
    keyOf: () => AMBIENT_AUDIO_KEY,
    validKey: (key: string) => key === AMBIENT_AUDIO_KEY,
    plain: true,
  },
} satisfies Record<string, CollectionRule>);

/** A map a planned change may touch. */
export type TableCollection = keyof typeof TABLE_COLLECTION_RULES;

/**
 * The maps a GM's edit (`gm.edit`) may name: the record maps, fog, kept templates, the party's
 * scene, sealed journal pages and the ambient audio. Drawings keep their own intents
 * (`annotation.put`, `annotation.delete`).
 */
export const GM_EDIT_COLLECTIONS = Object.freeze([
  ...RECORD_MAP_NAMES,
  'fog',
  'templates',
  'meta',
  'sealedHandouts',
  'audio',
] as const) satisfies readonly TableCollection[];

/** A map a GM's edit may name. */
export type GmEditCollection = (typeof GM_EDIT_COLLECTIONS)[number];

/** A change of the union `C` (each of its members) that may name any map of `TableCollection`. */
type AnyCollection<C> = C extends Change
  ? Omit<C, 'collection'> & { collection: TableCollection }
  : never;

/**
 * One change of a table map: a module's `Change` (packages/sandbox: set or delete a record or a
 * field of one) with any collection of {@link TABLE_COLLECTION_RULES}.
 */
export type TableChange = AnyCollection<Change>;
