import type { AnnotationRecord } from '@meshtable/schema';
import {
  ArrowShapeUtil,
  createTLStore,
  DrawShapeUtil,
  type Editor,
  GeoShapeUtil,
  PageRecordType,
  TextShapeUtil,
  type TLShape,
} from 'tldraw';
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_BINDING_UTILS, CAMPAIGN_SHAPE_UTILS } from '../campaignBoard/campaignShapeUtils';
import { tokenIndex } from '../campaignBoard/projectBoard';
import {
  annotationIndex,
  annotationShapeId,
  annotationShapes,
  isAnnotationShapeType,
  LOCKED_OPACITY,
  shapeToAnnotation,
} from './annotationShapes';

const PAGE = PageRecordType.createId('page');
const GM = { userId: 'gmGGGGGGGGGGGGGGGGGGGG', isGm: true };
const ANN = { userId: 'annAAAAAAAAAAAAAAAAAAA', isGm: false };

/** tldraw's own default props of each tool's shape. */
function defaultProps(type: string): Record<string, unknown> {
  const editor = {} as Editor;
  const utils = {
    geo: new GeoShapeUtil(editor),
    draw: new DrawShapeUtil(editor),
    text: new TextShapeUtil(editor),
    arrow: new ArrowShapeUtil(editor),
  } as const;
  return utils[type as keyof typeof utils].getDefaultProps() as unknown as Record<string, unknown>;
}

function record(
  id: string,
  type: AnnotationRecord['type'],
  fields: Partial<AnnotationRecord> = {},
) {
  return {
    id,
    sceneId: 's1',
    author: ANN.userId,
    type,
    x: 10,
    y: 20,
    rotation: 90,
    props: JSON.parse(JSON.stringify(defaultProps(type))),
    at: 5,
    ...fields,
  } as AnnotationRecord;
}

function store() {
  return createTLStore({ shapeUtils: CAMPAIGN_SHAPE_UTILS, bindingUtils: CAMPAIGN_BINDING_UTILS });
}

describe('annotation shapes', () => {
  it('shows every tool’s annotation as a valid tldraw shape, and reads it back the same', () => {
    const records = (['draw', 'text', 'arrow', 'geo'] as const).map((type, i) =>
      record(`ann${i}`, type, { at: i }),
    );
    const shapes = annotationShapes(records, 's1', ANN, PAGE);
    const tl = store();
    tl.put([PageRecordType.create({ id: PAGE, name: 'p', index: 'a1' as never })]);
    // The store validates each shape against its util's props.
    tl.put(shapes);
    for (const [i, r] of records.entries()) {
      const shape = tl.get(annotationShapeId(r.id)) as TLShape;
      expect(shape.rotation).toBeCloseTo(Math.PI / 2);
      expect(shapeToAnnotation(shape, { sceneId: 's1', author: r.author, at: i })).toEqual({
        ok: true,
        record: r,
      });
    }
  });

  it('stacks annotations in drawing order, over the backdrop and under every token', () => {
    const shapes = annotationShapes(
      [
        record('late', 'geo', { at: 9 }),
        record('early', 'geo', { at: 1 }),
        record('x', 'geo', { sceneId: 's2' }),
      ],
      's1',
      ANN,
      PAGE,
    );
    expect(shapes.map((s) => s.id)).toEqual([
      annotationShapeId('early'),
      annotationShapeId('late'),
    ]);
    expect(shapes.map((s) => s.index)).toEqual([annotationIndex(0), annotationIndex(1)]);
    const last = annotationIndex(62 ** 4 - 1);
    expect('a1' < annotationIndex(0) && last < tokenIndex(0)).toBe(true);
  });

  it('locks another’s annotation for a player, not for its author nor a GM', () => {
    const gms = record('g', 'draw', { author: GM.userId });
    const mine = record('m', 'draw');
    const locked = (viewer: typeof GM) =>
      annotationShapes([gms, mine], 's1', viewer, PAGE).map((s) => [s.isLocked, s.opacity]);
    expect(locked(ANN)).toEqual([
      [true, LOCKED_OPACITY],
      [false, 1],
    ]);
    expect(locked(GM)).toEqual([
      [false, 1],
      [false, 1],
    ]);
  });

  it('keeps no other shape, and says why', () => {
    const shape = { ...annotationShapes([record('n', 'geo')], 's1', ANN, PAGE)[0], type: 'note' };
    const made = shapeToAnnotation(shape as TLShape, { sceneId: 's1', author: ANN.userId, at: 1 });
    expect(made).toEqual({ ok: false, reason: 'a note is no drawing the table keeps' });
    expect(isAnnotationShapeType('mt-token')).toBe(false);
  });
});
