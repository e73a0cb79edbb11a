/**
 * Annotations: what people draw and write on a scene with tldraw's draw, text, arrow and geo
 * tools (apps/web/src/board/drawings), in the table doc's `annotations` map. A new map: a
 * campaign made before it existed has none, so it needs no migration.
 *
 * Each annotation names its author. Only its author or a GM may change or erase it, and that is
 * a rule of the table, not of the screen: the map is written by the validating GM's device only
 * (players send `annotation.put` / `annotation.delete` intents, which the core checks), so the
 * audit can guard it like scenes and tokens (docs/board.md "Drawings and text").
 *
 * The shape's own props are kept as JSON, as tldraw made them, so the board needs no schema of
 * its own per tool; a cap on their size and on the number per scene keeps one person from
 * filling the table doc.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { jsonObjectSchema, recordIdSchema, timestampSchema, userIdSchema } from './fields';

/** The tldraw tools whose shapes become annotations. */
export const ANNOTATION_TYPES = Object.freeze(['draw', 'text', 'arrow', 'geo'] as const);

/** The caps on annotations: size of one, and how many a scene holds (per author and in all). */
export const ANNOTATION_LIMITS = Object.freeze({
  /** The longest an annotation's props may be, as JSON (a long freehand stroke fits). */
  propsChars: 32_000,
  /** How many annotations one author may have on one scene. */
  perAuthorPerScene: 200,
  /** How many annotations one scene may hold, everyone's together. */
  perScene: 1_000,
});

/** Largest |coordinate| of an annotation, in scene pixels. */
const MAX_COORDINATE = 1_000_000;

/** An annotation: `annotations[id]` in the table doc. */
export const annotationRecordSchema = z.strictObject({
  id: recordIdSchema,
  sceneId: recordIdSchema,
  /** Who drew it: only they or a GM may change or erase it. */
  author: userIdSchema,
  type: z.enum(ANNOTATION_TYPES),
  /** The shape's top-left corner in scene pixels, as tldraw places it. */
  x: z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE),
  y: z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE),
  /** Degrees clockwise about its corner (tldraw's rotation, in degrees). */
  rotation: z.number().min(-3600).max(3600),
  /** tldraw's props of the shape, as JSON. */
  props: jsonObjectSchema.refine(
    (props) => JSON.stringify(props).length <= ANNOTATION_LIMITS.propsChars,
    `an annotation's props are at most ${ANNOTATION_LIMITS.propsChars} characters of JSON`,
  ),
  /** When it was first drawn (its author's clock): annotations stack in this order. */
  at: timestampSchema,
});

export type AnnotationType = (typeof ANNOTATION_TYPES)[number];
export type AnnotationRecord = z.infer<typeof annotationRecordSchema>;
