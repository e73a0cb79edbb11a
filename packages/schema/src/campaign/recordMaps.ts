/**
 * The table doc's record maps and the schema of the records in each: what the campaign engine
 * reads and what a module's change list may touch (packages/sandbox CHANGE_COLLECTIONS names the
 * same five).
 */
import type { z } from 'zod';
import { actorSchema, combatSchema, handoutSchema, sceneSchema, tokenSchema } from './records';

/** Record schema per record map. */
export const RECORD_SCHEMAS = Object.freeze({
  scenes: sceneSchema,
  tokens: tokenSchema,
  actors: actorSchema,
  handouts: handoutSchema,
  combat: combatSchema,
} as const);

/** A record map of the table doc that holds records by id. */
export type RecordMapName = keyof typeof RECORD_SCHEMAS;

/** The record type stored in each map. */
export type RecordOf<M extends RecordMapName> = z.infer<(typeof RECORD_SCHEMAS)[M]>;

/** The record map names, in a stable order. */
export const RECORD_MAP_NAMES = Object.freeze([
  'scenes',
  'tokens',
  'actors',
  'handouts',
  'combat',
] as const) satisfies readonly RecordMapName[];
