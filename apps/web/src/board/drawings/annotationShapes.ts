/**
 * Annotations ↔ tldraw shapes. An annotation is a shape of tldraw's draw, text, arrow or geo
 * tool, kept as its type, place and props (packages/schema annotationRecords.ts); the board shows
 * it as that very shape, with the annotation's id as the shape's (`shape:<id>`: tldraw's own ids
 * fit a record id), locked for a viewer who may not change it.
 *
 * Layer: annotations lie on the map under the tokens, between the backdrop (`a1`) and the tokens
 * (`a2…`): `a1` + four base-62 digits + `V`, in the order they were drawn, so the same records
 * give the same indices on every device and every projection (docs/board.md "Layers").
 */

import { type AnnotationAsker, mayChangeAnnotation } from '@meshtable/campaign';
import {
  ANNOTATION_TYPES,
  type AnnotationRecord,
  type AnnotationType,
  annotationRecordSchema,
} from '@meshtable/schema';
import type { IndexKey, TLPageId, TLShape, TLShapeId } from 'tldraw';

/** The opacity of an annotation the viewer may not change. */
export const LOCKED_OPACITY = 0.6;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE_PREFIX = 'shape:';

/** Whether shapes of this type are annotations. */
export function isAnnotationShapeType(type: string): type is AnnotationType {
  return (ANNOTATION_TYPES as readonly string[]).includes(type);
}

/** The shape that shows an annotation. */
export function annotationShapeId(annotationId: string): TLShapeId {
  return `${SHAPE_PREFIX}${annotationId}` as TLShapeId;
}

/** The annotation a shape id stands for (any shape's id read as one). */
export function annotationIdOfShape(shapeId: TLShapeId): string {
  return shapeId.slice(SHAPE_PREFIX.length);
}

/**
 * The index of the `order`th annotation from the bottom: above the backdrop, under the tokens.
 * @throws {RangeError} past 62⁴ annotations (the caps keep far below)
 */
export function annotationIndex(order: number): IndexKey {
  if (order < 0 || order >= 62 ** 4) throw new RangeError(`no annotation index for ${order}`);
  let digits = '';
  let rest = order;
  for (let i = 0; i < 4; i++) {
    digits = (BASE62[rest % 62] as string) + digits;
    rest = Math.floor(rest / 62);
  }
  return `a1${digits}V` as IndexKey;
}

/** A scene's annotations in the order they stack: oldest first, then by id. */
export function stackAnnotations(
  records: Iterable<AnnotationRecord>,
  sceneId: string,
): AnnotationRecord[] {
  return [...records]
    .filter((record) => record.sceneId === sceneId)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Records → shapes: a scene's annotations as this viewer sees them, bottom first. */
export function annotationShapes(
  records: Iterable<AnnotationRecord>,
  sceneId: string,
  viewer: AnnotationAsker,
  pageId: TLPageId,
): TLShape[] {
  return stackAnnotations(records, sceneId).map((record, order) => {
    const locked = !mayChangeAnnotation(viewer, record);
    return {
      id: annotationShapeId(record.id),
      typeName: 'shape',
      type: record.type,
      x: record.x,
      y: record.y,
      rotation: (record.rotation * Math.PI) / 180,
      index: annotationIndex(order),
      parentId: pageId,
      // Locked shapes cannot be selected, moved or erased in tldraw: another's drawing. It is
      // drawn a little faded, so the viewer can tell before trying.
      isLocked: locked,
      opacity: locked ? LOCKED_OPACITY : 1,
      props: structuredClone(record.props),
      meta: { author: record.author },
    } as unknown as TLShape;
  });
}

/** What a shape becomes, or why it cannot be kept. */
export type ShapeAnnotation =
  | { readonly ok: true; readonly record: AnnotationRecord }
  | { readonly ok: false; readonly reason: string };

/**
 * Shapes → records: the annotation a shape on the page makes.
 * @param author the annotation's author: the existing record's, else the viewer's
 * @param at when it was first drawn: the existing record's, else now
 */
export function shapeToAnnotation(
  shape: TLShape,
  context: { readonly sceneId: string; readonly author: string; readonly at: number },
): ShapeAnnotation {
  if (!isAnnotationShapeType(shape.type)) {
    return { ok: false, reason: `a ${shape.type} is no drawing the table keeps` };
  }
  if (!shape.parentId.startsWith('page:')) {
    return { ok: false, reason: 'a drawing inside a group or frame is not kept' };
  }
  const rotation = Math.round(((shape.rotation * 180) / Math.PI) * 1000) / 1000;
  const checked = annotationRecordSchema.safeParse({
    id: annotationIdOfShape(shape.id),
    sceneId: context.sceneId,
    author: context.author,
    type: shape.type,
    x: shape.x,
    y: shape.y,
    rotation,
    props: JSON.parse(JSON.stringify(shape.props)),
    at: context.at,
  });
  if (!checked.success) {
    return { ok: false, reason: checked.error.issues[0]?.message ?? 'this drawing is not valid' };
  }
  return { ok: true, record: checked.data };
}
