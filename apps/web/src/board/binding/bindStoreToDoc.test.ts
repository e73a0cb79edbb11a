import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLRecord,
  type TLShape,
  type TLStore,
} from 'tldraw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { linkOnlyBookmarkAsset } from '../keepContentLocal';
import { BINDING_ORIGIN, bindStoreToDoc, type StoreBinding } from './bindStoreToDoc';
import { BOARD_META_MAP, TLDRAW_RECORDS_MAP, TLDRAW_SCHEMA_KEY } from './boardDocLayout';

const REMOTE = Symbol('remote');

interface Peer {
  store: TLStore;
  doc: Y.Doc;
  binding: StoreBinding;
  incompatible: string[];
  rejected: string[];
}

function makePeer(doc = new Y.Doc()): Peer {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const incompatible: string[] = [];
  const rejected: string[] = [];
  const binding = bindStoreToDoc(store, doc, {
    origin: 'http://127.0.0.1:8080',
    onIncompatible: (message) => incompatible.push(message),
    onRejectedRecord: (id) => rejected.push(id),
  });
  return { store, doc, binding, incompatible, rejected };
}

/** Forwards every update of each doc to the other, as a connected transport would. */
function link(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE);
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) Y.applyUpdate(b, update, REMOTE);
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) Y.applyUpdate(a, update, REMOTE);
  });
}

function documentRecords(store: TLStore): TLRecord[] {
  return store
    .allRecords()
    .filter((r) => store.scopedTypes.document.has(r.typeName))
    .sort((x, y) => (x.id < y.id ? -1 : 1));
}

/** GeoShapeUtil's default props (tldraw 5.4): a shape record must carry all of them. */
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

function geoShape(store: TLStore, id = createShapeId(), x = 10): TLShape {
  return store.schema.types.shape.create({
    id,
    type: 'geo',
    x,
    y: 20,
    parentId: 'page:page',
    index: 'a1',
    props: { ...GEO_PROPS, w: 100, h: 50 },
  } as Partial<TLShape> as TLShape) as TLShape;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('bindStoreToDoc', () => {
  it('seeds an empty board with the default document and page, and the schema', () => {
    const peer = makePeer();
    const records = peer.doc.getMap(TLDRAW_RECORDS_MAP);
    expect([...records.keys()].sort()).toEqual(['document:document', 'page:page']);
    expect(peer.doc.getMap(BOARD_META_MAP).get(TLDRAW_SCHEMA_KEY)).toEqual(
      peer.store.schema.serialize(),
    );
    expect(documentRecords(peer.store).map((r) => r.id)).toEqual([
      'document:document',
      'page:page',
    ]);
  });

  it('two peers that seeded apart converge to one page and no conflicts', () => {
    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    expect(documentRecords(a.store)).toEqual(documentRecords(b.store));
    expect(a.doc.getMap(TLDRAW_RECORDS_MAP).size).toBe(2);
  });

  it('syncs local creates, updates and deletes to the other peer', () => {
    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    const shape = geoShape(a.store);
    a.store.put([shape]);
    expect(b.store.get(shape.id)).toEqual(shape);

    b.store.put([{ ...shape, x: 99 }]);
    expect(a.store.get(shape.id)).toMatchObject({ x: 99 });

    a.store.remove([shape.id]);
    expect(b.store.has(shape.id)).toBe(false);
    expect(a.doc.getMap(TLDRAW_RECORDS_MAP).has(shape.id)).toBe(false);
  });

  it('does not echo remote changes back into the document', () => {
    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    const bWrites: unknown[] = [];
    b.doc.on('afterTransaction', (tx: Y.Transaction) => {
      if (tx.origin === BINDING_ORIGIN) bWrites.push(tx.origin);
    });
    a.store.put([geoShape(a.store)]);
    expect(bWrites).toEqual([]);
  });

  it('loads an existing board into a fresh store', () => {
    const a = makePeer();
    const shape = geoShape(a.store);
    a.store.put([shape]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    const b = makePeer(copy);
    expect(b.store.get(shape.id)).toEqual(shape);
    expect(documentRecords(b.store)).toEqual(documentRecords(a.store));
  });

  it('keeps session state local: cameras and instance records never reach the document', () => {
    const a = makePeer();
    const keys = [...a.doc.getMap(TLDRAW_RECORDS_MAP).keys()];
    expect(keys.some((k) => k.startsWith('camera:') || k.startsWith('instance'))).toBe(false);
  });

  it('skips invalid or foreign records from peers and applies the rest', () => {
    const a = makePeer();
    const good = geoShape(a.store);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(a.doc));
    const map = remote.getMap(TLDRAW_RECORDS_MAP);
    remote.transact(() => {
      map.set(good.id, good);
      map.set('shape:broken', { ...good, id: 'shape:broken', x: 'not a number' });
      map.set('shape:wrongkey', { ...good, id: 'shape:other' });
      map.set('instance:instance', { id: 'instance:instance', typeName: 'instance' });
      map.set('shape:embed', {
        ...good,
        id: 'shape:embed',
        type: 'embed',
        props: { w: 300, h: 200, url: 'https://tracker.example/' },
      });
    });
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(a.doc)), REMOTE);
    expect(a.store.get(good.id)).toEqual(good);
    expect(a.rejected.sort()).toEqual([
      'instance:instance',
      'shape:broken',
      'shape:embed',
      'shape:wrongkey',
    ]);
  });

  it('accepts a pasted link from a peer: its bookmark asset and shape', () => {
    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    const bookmarkAsset = linkOnlyBookmarkAsset('https://example.org/rules/grappling');
    const shape = b.store.schema.types.shape.create({
      id: createShapeId('link'),
      type: 'bookmark',
      x: 0,
      y: 0,
      parentId: 'page:page',
      index: 'a2',
      props: { w: 300, h: 320, assetId: bookmarkAsset.id, url: bookmarkAsset.props.src },
    } as Partial<TLShape> as TLShape) as TLShape;
    b.store.put([bookmarkAsset, shape]);
    expect(a.rejected).toEqual([]);
    expect(a.store.get(bookmarkAsset.id)).toEqual(bookmarkAsset);
    expect(a.store.get(shape.id)).toEqual(shape);
  });

  it("refuses a peer's bookmark whose preview image is on another origin", () => {
    const a = makePeer();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(a.doc));
    const tracking = {
      ...linkOnlyBookmarkAsset('https://example.org/'),
      props: {
        ...linkOnlyBookmarkAsset('https://example.org/').props,
        image: 'https://tracker.example/pixel.png',
      },
    };
    remote.getMap(TLDRAW_RECORDS_MAP).set(tracking.id, tracking);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(a.doc)), REMOTE);
    expect(a.rejected).toEqual([tracking.id]);
    expect(a.store.has(tracking.id)).toBe(false);
  });

  it('refuses a board saved with a newer schema, and leaves the store empty', () => {
    const doc = new Y.Doc();
    const seeded = makePeer(doc);
    const newer = structuredClone(seeded.store.schema.serialize());
    newer.sequences['com.tldraw.shape'] = (newer.sequences['com.tldraw.shape'] ?? 0) + 1;
    doc.getMap(BOARD_META_MAP).set(TLDRAW_SCHEMA_KEY, newer);
    expect(seeded.incompatible).toHaveLength(1);

    const late = makePeer(doc);
    expect(late.incompatible[0]).toMatch(/newer version of Meshtable/);
    expect(documentRecords(late.store)).toEqual([]);
  });

  it('stops syncing when a newer peer upgrades the board while it is open', () => {
    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    const newer = structuredClone(a.store.schema.serialize());
    newer.sequences['com.tldraw.shape.hex'] = 1;
    b.doc.getMap(BOARD_META_MAP).set(TLDRAW_SCHEMA_KEY, newer);
    expect(a.incompatible).toHaveLength(1);
    const shape = geoShape(b.store);
    b.store.put([shape]);
    expect(a.store.has(shape.id)).toBe(false);
  });

  it('converges when a remote edit lands between a local edit and its flush', () => {
    // Run the store's history flush on a frame we control, as in a browser.
    const frames: (() => void)[] = [];
    vi.stubGlobal('__FORCE_RAF_IN_TESTS__', true);
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    const runFrames = () => {
      while (frames.length > 0) frames.shift()?.();
    };

    const a = makePeer();
    const b = makePeer();
    link(a.doc, b.doc);
    runFrames();
    const shape = geoShape(a.store);
    a.store.put([shape]);
    runFrames();
    expect(b.store.get(shape.id)).toMatchObject({ x: 10 });

    // Both edits are pending when the frames run: whichever flushes first reaches the other peer
    // while that peer's own edit of the same record is still unflushed.
    a.store.put([{ ...shape, x: 1 }]);
    b.store.put([{ ...shape, x: 2 }]);
    expect(frames.length).toBeGreaterThan(0);
    runFrames();
    const finalA = a.store.get(shape.id);
    expect(finalA).toEqual(b.store.get(shape.id));
    expect(a.doc.getMap(TLDRAW_RECORDS_MAP).get(shape.id)).toEqual(finalA);
    expect(b.doc.getMap(TLDRAW_RECORDS_MAP).get(shape.id)).toEqual(finalA);
  });
});
