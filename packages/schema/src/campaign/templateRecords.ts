/**
 * Area templates (a fireball's sphere, a breath weapon's cone, a lightning bolt's line): their
 * shape, and the ones a GM keeps on a scene, in the table doc's `templates` map
 * (apps/web/src/board/measure). A new map: a campaign made before it existed has none, so it
 * needs no migration.
 *
 * A template being placed is transient: it travels in the table sync's awareness, with the
 * ruler, and is gone when its author clears it or leaves. A GM may keep one on the board (a
 * cloud that lingers, a wall of fire): it is then a record here, GM-owned (only the validating
 * GM's device writes it, and the audit undoes anyone else's change), until a GM removes it.
 *
 * Geometry, in scene pixels, with `direction` in degrees clockwise from the +x axis (the board's
 * y axis points down):
 * - `circle`: every point within `radius` of (x, y).
 * - `cone`: from its point (x, y) along `direction`, `length` long, `angle` degrees wide, with
 *   a flat far end: a point is in it when its distance along the axis is at most `length` and
 *   it lies within `angle`/2 of the axis. With 53.13° its width at any distance equals that
 *   distance, SRD 5.1's cone; 90° is the wider cone some systems use.
 * - `line`: from (x, y) along `direction`, `length` long and `width` wide (centred on the axis).
 * - `square`: centred on (x, y), `side` wide, turned by `direction`.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { colorSchema, recordIdSchema } from './fields';

/** Largest |coordinate| and extent of a template, in scene pixels. */
export const MAX_TEMPLATE_EXTENT = 1_000_000;

const coordinateSchema = z.number().min(-MAX_TEMPLATE_EXTENT).max(MAX_TEMPLATE_EXTENT);
const extentSchema = z.number().positive().max(MAX_TEMPLATE_EXTENT);
const directionSchema = z.number().min(-3600).max(3600);

/** A template's shape and place (scene pixels; see the file's header). */
export const templateShapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('circle'),
    x: coordinateSchema,
    y: coordinateSchema,
    radius: extentSchema,
  }),
  z.strictObject({
    kind: z.literal('cone'),
    x: coordinateSchema,
    y: coordinateSchema,
    direction: directionSchema,
    length: extentSchema,
    /** Degrees, more than 0 and less than 180. */
    angle: z.number().gt(0).lt(180),
  }),
  z.strictObject({
    kind: z.literal('line'),
    x: coordinateSchema,
    y: coordinateSchema,
    direction: directionSchema,
    length: extentSchema,
    width: extentSchema,
  }),
  z.strictObject({
    kind: z.literal('square'),
    x: coordinateSchema,
    y: coordinateSchema,
    direction: directionSchema,
    side: extentSchema,
  }),
]);

/** A template a GM kept on a scene: `templates[id]` in the table doc. */
export const templateRecordSchema = z.strictObject({
  id: recordIdSchema,
  sceneId: recordIdSchema,
  shape: templateShapeSchema,
  /** Drawn in this colour (its placer's, as a rule). */
  color: colorSchema,
});

export type TemplateShape = z.infer<typeof templateShapeSchema>;
export type TemplateKind = TemplateShape['kind'];
export type TemplateRecord = z.infer<typeof templateRecordSchema>;
