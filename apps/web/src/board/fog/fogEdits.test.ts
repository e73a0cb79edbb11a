/**
 * Fog edits through real Y.Docs: two GM devices editing one scene's fog at once converge on one
 * mask, a “cover all” compacts without changing anyone's mask, and broken edits are refused.
 */
import { applyTableEdit } from '@meshtable/campaign';
import { FOG_LIMITS, type FogEdit, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFogEdits, type FogEditDraft, readFogEdits } from './fogEdits';
import { FogMask } from './fogMask';

/** Two docs that exchange their updates when told to. */
function devicePair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a, b, sync };
}

/** Sample points over a 1000 px square: what a mask shows, point by point. */
function picture(mask: FogMask): string {
  let text = '';
  for (let y = 5; y < 1000; y += 25)
    for (let x = 5; x < 1000; x += 25) text += mask.isFogged({ x, y }) ? '#' : '.';
  return text;
}

const maskOf = (doc: Y.Doc) => new FogMask(readFogEdits(doc, 's1'));

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDraft(random: () => number): FogEditDraft {
  const mode = random() < 0.6 ? 'reveal' : 'hide';
  const at = () => Math.round(random() * 1000);
  const pick = random();
  if (pick < 0.08) return { shape: 'all', mode };
  if (pick < 0.55)
    return { shape: 'rect', mode, x: at(), y: at(), w: 1 + at() / 3, h: 1 + at() / 3 };
  if (pick < 0.8) return { shape: 'polygon', mode, points: [at(), at(), at(), at(), at(), at()] };
  return { shape: 'brush', mode, radius: 10 + at() / 10, points: [at(), at(), at(), at()] };
}

describe('fog edits in the table doc', () => {
  it('keeps both GM devices’ concurrent edits, and both show the same mask', () => {
    const { a, b, sync } = devicePair();
    addFogEdits(a, 's1', [{ shape: 'all', mode: 'hide' }]);
    sync();
    // At the same moment: one device reveals the west room, the other the east one.
    addFogEdits(a, 's1', [{ shape: 'rect', mode: 'reveal', x: 0, y: 0, w: 300, h: 300 }]);
    addFogEdits(b, 's1', [{ shape: 'rect', mode: 'reveal', x: 600, y: 0, w: 300, h: 300 }]);
    sync();
    for (const doc of [a, b]) {
      const mask = maskOf(doc);
      expect(mask.isFogged({ x: 100, y: 100 })).toBe(false);
      expect(mask.isFogged({ x: 700, y: 100 })).toBe(false);
      expect(mask.isFogged({ x: 450, y: 100 })).toBe(true);
    }
    expect(picture(maskOf(a))).toBe(picture(maskOf(b)));
  });

  it('orders an edit made after seeing another after it', () => {
    const { a, b, sync } = devicePair();
    addFogEdits(a, 's1', [{ shape: 'all', mode: 'hide' }]);
    addFogEdits(a, 's1', [{ shape: 'rect', mode: 'reveal', x: 0, y: 0, w: 100, h: 100 }]);
    sync();
    // The other device, having seen the reveal, hides part of it again.
    addFogEdits(b, 's1', [{ shape: 'rect', mode: 'hide', x: 0, y: 0, w: 50, h: 50 }]);
    sync();
    for (const doc of [a, b]) {
      expect(maskOf(doc).isFogged({ x: 25, y: 25 })).toBe(true);
      expect(maskOf(doc).isFogged({ x: 75, y: 75 })).toBe(false);
    }
  });

  it('deletes what a “cover all” supersedes, and only that scene’s', () => {
    const { a } = devicePair();
    addFogEdits(a, 's1', [
      { shape: 'rect', mode: 'reveal', x: 0, y: 0, w: 10, h: 10 },
      { shape: 'rect', mode: 'hide', x: 0, y: 0, w: 10, h: 10 },
    ]);
    addFogEdits(a, 's2', [{ shape: 'all', mode: 'hide' }]);
    addFogEdits(a, 's1', [{ shape: 'all', mode: 'hide' }]);
    expect(readFogEdits(a, 's1').map((edit) => edit.shape)).toEqual(['all']);
    expect(readFogEdits(a, 's2')).toHaveLength(1);
    // A scene's deletion takes its fog along (packages/campaign tableEdit.ts).
    applyTableEdit([{ op: 'delete', collection: 'scenes', id: 's1', path: [] }], {
      table: a,
      gm: null,
    });
    expect(readFogEdits(a, 's1')).toEqual([]);
    expect(readFogEdits(a, 's2')).toHaveLength(1);
  });

  it('refuses an edit that breaks its schema and writes nothing of the batch', () => {
    const { a } = devicePair();
    const tooLong = new Array((FOG_LIMITS.polygonPoints + 1) * 2).fill(5);
    expect(() =>
      addFogEdits(a, 's1', [
        { shape: 'all', mode: 'hide' },
        { shape: 'polygon', mode: 'reveal', points: tooLong },
      ]),
    ).toThrow(expect.objectContaining({ code: 'BOARD_INVALID_RECORD' }));
    expect(a.getMap(TABLE_MAPS.fog).size).toBe(0);
  });

  it('leaves out malformed entries and entries under another key, and says so', () => {
    const { a } = devicePair();
    const [stored] = addFogEdits(a, 's1', [{ shape: 'all', mode: 'hide' }]);
    const fog = a.getMap<unknown>(TABLE_MAPS.fog);
    fog.set('s1/junk', { shape: 'all' });
    fog.set('s1/moved', { ...(stored as FogEdit) });
    const problems: string[] = [];
    expect(readFogEdits(a, 's1', (key) => problems.push(key))).toEqual([stored]);
    expect(problems.sort()).toEqual(['s1/junk', 's1/moved']);
  });

  it('converges for random concurrent edits and syncs on three devices (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seeded(seed);
      const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
      // Every edit ever made, to check that compaction never changed what the mask shows.
      const made = new Map<string, FogEdit>();
      for (let step = 0; step < 30; step++) {
        const doc = docs[Math.floor(random() * docs.length)] as Y.Doc;
        if (random() < 0.7) {
          for (const edit of addFogEdits(doc, 's1', [randomDraft(random)])) made.set(edit.id, edit);
        } else {
          // One device hears from another, one way only.
          const from = docs[Math.floor(random() * docs.length)] as Y.Doc;
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(doc)));
        }
      }
      for (const to of docs)
        for (const from of docs) Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
      const pictures = docs.map((doc) => picture(maskOf(doc)));
      const context = `seed ${seed}`;
      expect(new Set(pictures).size, context).toBe(1);
      expect(
        docs.map((doc) => doc.getMap(TABLE_MAPS.fog).toJSON()),
        context,
      ).toEqual(docs.map(() => (docs[0] as Y.Doc).getMap(TABLE_MAPS.fog).toJSON()));
      expect(pictures[0], context).toBe(picture(new FogMask([...made.values()])));
    }
  });
});
