import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applySharedSeed, type SeedMap } from './sharedSeed';

const SEED: SeedMap[] = [
  {
    name: 'records',
    entries: {
      'page:page': { id: 'page:page', name: 'Page 1', meta: {} },
      'document:document': { id: 'document:document', name: '', gridSize: 10 },
    },
  },
  { name: 'meta', entries: { schema: { version: 3 } } },
];

/** Two-way sync of two documents, as a transport would do it. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('applySharedSeed', () => {
  it('gives byte-identical documents when two peers seed the same content independently', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applySharedSeed(a, SEED);
    // Same content, different key order: still the same seed.
    applySharedSeed(b, [
      SEED[1] as SeedMap,
      {
        name: 'records',
        entries: {
          'document:document': { gridSize: 10, name: '', id: 'document:document' },
          'page:page': { meta: {}, name: 'Page 1', id: 'page:page' },
        },
      },
    ]);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
    exchange(a, b);
    expect(a.getMap('records').toJSON()).toEqual(b.getMap('records').toJSON());
    expect(a.getMap('records').size).toBe(2);
  });

  it('keeps an edit made on one seed when a freshly seeded peer joins later', () => {
    const a = new Y.Doc();
    applySharedSeed(a, SEED);
    a.getMap('records').set('page:page', { id: 'page:page', name: 'Dungeon', meta: {} });

    // Try both orders of client ids: Yjs breaks ties by client id, a real seed must not depend on it.
    for (let i = 0; i < 20; i++) {
      const late = new Y.Doc();
      applySharedSeed(late, SEED);
      exchange(a, late);
      expect(late.getMap('records').get('page:page')).toMatchObject({ name: 'Dungeon' });
      expect(a.getMap('records').get('page:page')).toMatchObject({ name: 'Dungeon' });
    }
  });

  it('is idempotent: applying the same seed twice adds nothing', () => {
    const doc = new Y.Doc();
    applySharedSeed(doc, SEED);
    const once = Y.encodeStateAsUpdate(doc);
    applySharedSeed(doc, SEED);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(once);
  });

  it('uses a different client id for different content, so seeds never share struct ids', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applySharedSeed(a, SEED);
    applySharedSeed(b, [{ name: 'meta', entries: { schema: { version: 4 } } }]);
    const clientsOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
    expect(clientsOf(a)).toHaveLength(1);
    expect(clientsOf(a)).not.toEqual(clientsOf(b));
  });

  it('passes the origin to the transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tx) => origins.push(tx.origin));
    const origin = Symbol('seed');
    applySharedSeed(doc, SEED, origin);
    expect(origins).toEqual([origin]);
  });

  it('rejects values that are not plain JSON', () => {
    const doc = new Y.Doc();
    expect(() => applySharedSeed(doc, [{ name: 'm', entries: { a: Number.NaN } }])).toThrow(
      TypeError,
    );
    expect(() => applySharedSeed(doc, [{ name: 'm', entries: { a: undefined } }])).toThrow(
      TypeError,
    );
    expect(() => applySharedSeed(doc, [{ name: 'm', entries: { a: new Date() } }])).toThrow(
      TypeError,
    );
  });
});
