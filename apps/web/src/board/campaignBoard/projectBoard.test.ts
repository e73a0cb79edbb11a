import type { Scene, Token } from '@meshtable/schema';
import { createTLStore, PageRecordType, type TLPageId, type TLShape } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { SCENE_SHAPE_ID } from '../scene/sceneShape';
import { type BoardViewer, type TokenView, tokenShapeId } from '../tokens/tokenShape';
import { applyShapes } from './applyShapes';
import { CAMPAIGN_BINDING_UTILS, CAMPAIGN_SHAPE_UTILS } from './campaignShapeUtils';
import { type BoardProjectionInput, projectBoard, tokenIndex } from './projectBoard';

const PAGE = PageRecordType.createId('page');
const GM: BoardViewer = { userId: 'gmGGGGGGGGGGGGGGGGGGGG', isGm: true, canAct: true };

const scene: Scene = {
  id: 's1',
  name: 'Crypt',
  order: 0,
  width: 1200,
  height: 800,
  background: 'b'.repeat(64),
  grid: {
    type: 'hexRows',
    size: 60,
    offsetX: 5,
    offsetY: 6,
    color: '#223344',
    distance: 5,
    units: 'ft',
  },
};

function token(id: string, fields: Partial<Token> = {}): TokenView {
  return {
    token: {
      id,
      sceneId: 's1',
      actorId: null,
      name: id,
      image: null,
      x: 0,
      y: 0,
      size: 1,
      rotation: 0,
      bars: [],
      conditions: [],
      owners: [],
      ...fields,
    },
    hidden: false,
    pending: false,
    rejection: null,
    bars: [],
  };
}

function input(fields: Partial<BoardProjectionInput> = {}): BoardProjectionInput {
  return {
    viewer: GM,
    scene,
    tokens: [],
    members: new Map(),
    assetUrl: (sha) => `/assets/${sha}`,
    ...fields,
  };
}

/** GeoShapeUtil's default props (tldraw 5.4). */
const GEO_PROPS = {
  w: 100,
  h: 100,
  geo: 'rectangle',
  dash: 'draw',
  growY: 0,
  url: '',
  scale: 1,
  flipX: false,
  flipY: false,
  color: 'black',
  labelColor: 'black',
  fill: 'none',
  size: 'm',
  font: 'draw',
  align: 'middle',
  verticalAlign: 'middle',
  richText: { type: 'doc', content: [{ type: 'paragraph' }] },
};

function newStore() {
  const store = createTLStore({
    shapeUtils: CAMPAIGN_SHAPE_UTILS,
    bindingUtils: CAMPAIGN_BINDING_UTILS,
  });
  store.put([PageRecordType.create({ id: PAGE as TLPageId, name: 'Scene', index: 'a1' as never })]);
  return store;
}

function shapesIn(store: ReturnType<typeof newStore>): TLShape[] {
  return store
    .allRecords()
    .filter((r): r is TLShape => r.typeName === 'shape')
    .sort((a, b) => (a.index < b.index ? -1 : 1));
}

describe('the board projection', () => {
  it('shows nothing without a scene', () => {
    expect(projectBoard(input({ scene: null, tokens: [token('a')] }), PAGE)).toEqual([]);
  });

  it('draws the backdrop locked at the bottom with the scene’s size, image and grid', () => {
    const [backdrop] = projectBoard(input(), PAGE);
    expect(backdrop).toMatchObject({
      id: SCENE_SHAPE_ID,
      x: 0,
      y: 0,
      isLocked: true,
      index: 'a1',
      props: {
        w: 1200,
        h: 800,
        image: `/assets/${'b'.repeat(64)}`,
        gridType: 'hexRows',
        gridSize: 60,
        offsetX: 5,
        offsetY: 6,
        gridColor: '#223344',
      },
    });
  });

  it('stacks tokens above the backdrop, large under small, and leaves other scenes out', () => {
    const shapes = projectBoard(
      input({
        tokens: [
          token('b'),
          token('dragon', { size: 3 }),
          token('a'),
          token('elsewhere', { sceneId: 's2' }),
        ],
      }),
      PAGE,
    );
    expect(shapes.map((s) => s.id)).toEqual([
      SCENE_SHAPE_ID,
      tokenShapeId('dragon'),
      tokenShapeId('a'),
      tokenShapeId('b'),
    ]);
    const indices = shapes.map((s) => s.index);
    expect([...indices].sort()).toEqual(indices);
    expect(indices.slice(1).every((i) => i > 'a2' && i < 'a3')).toBe(true);
  });

  it('makes fractional keys in order for many tokens', () => {
    const keys = [0, 1, 61, 62, 3843, 3844, 100_000].map(tokenIndex);
    expect([...keys].sort()).toEqual(keys);
    expect(keys.every((k) => /^a2[0-9A-Za-z]{4}V$/.test(k))).toBe(true);
  });

  it('writes shapes a tldraw store accepts, and only what changed', () => {
    const store = newStore();
    const first = input({ tokens: [token('a', { x: 65, y: 6 }), token('b')] });
    expect(applyShapes(store, projectBoard(first, PAGE))).toEqual({ put: 3, removed: 0 });
    expect(shapesIn(store).map((s) => s.id)).toEqual(projectBoard(first, PAGE).map((s) => s.id));
    // The same records again: nothing to write.
    expect(applyShapes(store, projectBoard(first, PAGE))).toEqual({ put: 0, removed: 0 });
    // One token moves, one goes: one put, one removal.
    const second = input({ tokens: [token('a', { x: 125, y: 6 })] });
    expect(applyShapes(store, projectBoard(second, PAGE))).toEqual({ put: 1, removed: 1 });
    expect(store.get(tokenShapeId('a'))).toMatchObject({ x: 125, y: 6 });
    expect(store.has(tokenShapeId('b'))).toBe(false);
  });

  it('writes as a remote change, so the board never takes its own writes for the viewer’s', () => {
    const store = newStore();
    const heard: { source: string; shapes: string[] }[] = [];
    store.listen(
      ({ source, changes }) => {
        const ids = [...Object.keys(changes.added), ...Object.keys(changes.updated)];
        heard.push({ source, shapes: ids.filter((id) => id.startsWith('shape:')) });
      },
      { scope: 'document' },
    );
    applyShapes(store, projectBoard(input({ tokens: [token('a')] }), PAGE));
    applyShapes(store, projectBoard(input({ tokens: [token('a', { x: 70 })] }), PAGE));
    const shapeChanges = heard.filter((entry) => entry.shapes.length > 0);
    expect(shapeChanges.length).toBeGreaterThan(0);
    expect(
      shapeChanges.every((entry) => entry.source === 'remote'),
      JSON.stringify(heard),
    ).toBe(true);
  });

  it('does not move a shape the viewer holds, but removes it when its record goes', () => {
    const store = newStore();
    applyShapes(store, projectBoard(input({ tokens: [token('a')] }), PAGE));
    const held = new Set([tokenShapeId('a')]);
    applyShapes(store, projectBoard(input({ tokens: [token('a', { x: 300 })] }), PAGE), held);
    expect(store.get(tokenShapeId('a'))).toMatchObject({ x: 0 });
    applyShapes(store, projectBoard(input({ tokens: [] }), PAGE), held);
    expect(store.has(tokenShapeId('a'))).toBe(false);
  });

  it('leaves shapes it does not own alone', () => {
    const store = newStore();
    const drawing = store.schema.types.shape.create({
      id: 'shape:drawing',
      type: 'geo',
      parentId: PAGE,
      index: 'a1V',
      props: { ...GEO_PROPS },
    } as Partial<TLShape> as TLShape) as TLShape;
    store.put([drawing]);
    applyShapes(store, projectBoard(input({ tokens: [token('a')] }), PAGE));
    applyShapes(store, []);
    expect(store.has(tokenShapeId('a'))).toBe(false);
    expect(store.has(SCENE_SHAPE_ID)).toBe(false);
    expect(store.get(drawing.id)).toEqual(drawing);
  });
});
