/**
 * Fog of war: the table doc's `fog` map, one entry per edit a GM made to a scene's fog mask
 * (apps/web/src/board/fog). A new map: a campaign made before it existed has no fog on any
 * scene, so it needs no migration.
 *
 * Why a log of edits and not a bitmap or a set of cells: two GM devices that edit one scene's fog
 * at the same moment must both keep their edits. Yjs keeps only one of two concurrent writes of a
 * key, so a mask stored whole (or a cell set stored per scene) would lose one device's strokes;
 * edits stored under keys of their own all survive a merge. An edit is also small (a rectangle is
 * four numbers, where a bitmap of a large map is megabytes), works on scenes without a grid, and
 * draws exactly as the GM drew it.
 *
 * - Key: `<sceneId>/<edit id>` (a random id per edit, made by the writer).
 * - The mask is the edits of one scene applied in order of (`seq`, `id`): every peer sorts them
 *   alike, so every peer shows the same mask. A writer gives a new edit a `seq` one above the
 *   highest it has seen on that scene, so an edit made after another is applied after it.
 * - A scene with no edits has no fog. `all` covers (`hide`) or clears (`reveal`) the whole
 *   scene; edits ordered before the last `all` no longer matter and may be deleted.
 * - Values are plain JSON, written once (an edit is never changed, only deleted when an `all`
 *   supersedes it).
 *
 * GM-owned: only the validating GM's device writes it (`writeAsGm`), and the audit undoes anyone
 * else's change. Fog is not a secret in itself (every member receives the table doc and can read
 * the mask); what players must not see is hidden in the gm doc, not under fog.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { recordIdSchema } from './fields';

/** Bounds on a fog edit, so one edit stays small and every peer can draw it. */
export const FOG_LIMITS = Object.freeze({
  /** Largest |coordinate|, in scene pixels (scenes are at most 100,000 px a side). */
  coordinate: 1_000_000,
  /** Most corners of a polygon. */
  polygonPoints: 512,
  /** Most points of one brush stroke. */
  brushPoints: 2048,
  /** Largest brush radius, in scene pixels. */
  brushRadius: 10_000,
});

const coordinateSchema = z.number().min(-FOG_LIMITS.coordinate).max(FOG_LIMITS.coordinate);
const extentSchema = z
  .number()
  .positive()
  .max(2 * FOG_LIMITS.coordinate);

/** Points as a flat list `[x0, y0, x1, y1, …]` (half the size of a list of objects). */
function pointListSchema(min: number, max: number) {
  return z
    .array(coordinateSchema)
    .min(min * 2)
    .max(max * 2)
    .refine((list) => list.length % 2 === 0, 'must hold x, y pairs');
}

/** Whether an edit uncovers (`reveal`) or covers (`hide`) what it draws. */
export const fogModeSchema = z.enum(['reveal', 'hide']);

const fogEditFields = {
  /** Unique per edit; with the scene id, the entry's key. */
  id: recordIdSchema,
  sceneId: recordIdSchema,
  /** Its place in the scene's order: one above the highest its writer had seen. */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  mode: fogModeSchema,
};

/** One edit of a scene's fog: `fog["<sceneId>/<id>"]` in the table doc. */
export const fogEditSchema = z.discriminatedUnion('shape', [
  /** The whole scene: covers it all (`hide`) or clears it all (`reveal`). */
  z.strictObject({ ...fogEditFields, shape: z.literal('all') }),
  /** An axis-aligned rectangle, from its top-left corner. */
  z.strictObject({
    ...fogEditFields,
    shape: z.literal('rect'),
    x: coordinateSchema,
    y: coordinateSchema,
    w: extentSchema,
    h: extentSchema,
  }),
  /** A polygon (even-odd fill, so a shape drawn across itself has holes, as it looks). */
  z.strictObject({
    ...fogEditFields,
    shape: z.literal('polygon'),
    points: pointListSchema(3, FOG_LIMITS.polygonPoints),
  }),
  /** A brush stroke: every point within `radius` of its polyline. */
  z.strictObject({
    ...fogEditFields,
    shape: z.literal('brush'),
    radius: z.number().positive().max(FOG_LIMITS.brushRadius),
    points: pointListSchema(1, FOG_LIMITS.brushPoints),
  }),
]);

/** The key of a fog edit in the table doc's `fog` map. */
export function fogEditKey(sceneId: string, id: string): string {
  return `${sceneId}/${id}`;
}

export type FogMode = z.infer<typeof fogModeSchema>;
export type FogEdit = z.infer<typeof fogEditSchema>;
