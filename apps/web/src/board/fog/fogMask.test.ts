import type { FogEdit } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { insidePolygon, nearPolyline, thinStroke } from './fogGeometry';
import { compareFogEdits, FogMask } from './fogMask';

let nextId = 0;
function edit(fields: Partial<FogEdit> & Pick<FogEdit, 'shape' | 'mode'>, seq: number): FogEdit {
  nextId += 1;
  return { id: `e${String(nextId).padStart(3, '0')}`, sceneId: 's1', seq, ...fields } as FogEdit;
}
const coverAll = (seq: number) => edit({ shape: 'all', mode: 'hide' }, seq);
const rect = (mode: 'reveal' | 'hide', x: number, y: number, w: number, h: number, seq: number) =>
  edit({ shape: 'rect', mode, x, y, w, h }, seq);

describe('FogMask', () => {
  it('has no fog on a scene without edits', () => {
    expect(FogMask.EMPTY.isFogged({ x: 10, y: 10 })).toBe(false);
    expect(FogMask.EMPTY.active).toBe(false);
  });

  it('covers everything after “cover all”, and shows what a reveal uncovers', () => {
    const mask = new FogMask([coverAll(0), rect('reveal', 0, 0, 140, 70, 1)]);
    expect(mask.isFogged({ x: 70, y: 35 })).toBe(false);
    expect(mask.isFogged({ x: 70, y: 100 })).toBe(true);
    expect(mask.coveredBase).toBe(true);
  });

  it('lets the later edit win where edits overlap, whatever order they arrive in', () => {
    const reveal = rect('reveal', 0, 0, 200, 200, 1);
    const hide = rect('hide', 100, 100, 200, 200, 2);
    for (const edits of [
      [coverAll(0), reveal, hide],
      [hide, reveal, coverAll(0)],
    ]) {
      const mask = new FogMask(edits);
      expect(mask.isFogged({ x: 50, y: 50 })).toBe(false);
      expect(mask.isFogged({ x: 150, y: 150 })).toBe(true);
    }
  });

  it('orders edits of the same seq by id, so two devices’ concurrent edits apply alike', () => {
    const a = { ...rect('reveal', 0, 0, 100, 100, 3), id: 'aaa' };
    const b = { ...rect('hide', 0, 0, 100, 100, 3), id: 'bbb' };
    expect([b, a].sort(compareFogEdits)).toEqual([a, b]);
    expect(new FogMask([coverAll(0), b, a]).isFogged({ x: 1, y: 1 })).toBe(true);
  });

  it('ignores everything before the last “all”', () => {
    const mask = new FogMask([
      coverAll(0),
      rect('reveal', 0, 0, 100, 100, 1),
      edit({ shape: 'all', mode: 'reveal' }, 2),
      rect('hide', 50, 50, 10, 10, 3),
    ]);
    expect(mask.edits.map((e) => e.shape)).toEqual(['all', 'rect']);
    expect(mask.isFogged({ x: 500, y: 500 })).toBe(false);
    expect(mask.isFogged({ x: 55, y: 55 })).toBe(true);
    expect(mask.coveredBase).toBe(false);
  });

  it('reveals with polygons (even-odd) and brush strokes', () => {
    const mask = new FogMask([
      coverAll(0),
      edit({ shape: 'polygon', mode: 'reveal', points: [0, 0, 100, 0, 0, 100] }, 1),
      edit({ shape: 'brush', mode: 'reveal', radius: 10, points: [200, 200, 300, 200] }, 2),
    ]);
    expect(mask.isFogged({ x: 20, y: 20 })).toBe(false);
    expect(mask.isFogged({ x: 80, y: 80 })).toBe(true);
    expect(mask.isFogged({ x: 250, y: 209 })).toBe(false);
    expect(mask.isFogged({ x: 250, y: 211 })).toBe(true);
    expect(mask.isFogged({ x: 305, y: 205 })).toBe(false);
  });

  it('hides a token only when every cell of its footprint is fogged', () => {
    // Cells of 70 px; the first column revealed.
    const mask = new FogMask([coverAll(0), rect('reveal', 0, 0, 70, 700, 1)]);
    const rat = { id: 'rat', x: 140, y: 0, size: 1 };
    const ogre = { id: 'ogre', x: 35, y: 0, size: 2 }; // its left cells’ centres are in the light
    const giant = { id: 'giant', x: 70, y: 0, size: 2 };
    expect(mask.hidesToken(70, rat)).toBe(true);
    expect(mask.hidesToken(70, ogre)).toBe(false);
    expect(mask.hidesToken(70, giant)).toBe(true);
    expect(FogMask.EMPTY.hidesToken(70, rat)).toBe(false);
  });
});

describe('fog geometry', () => {
  it('fills a self-crossing polygon even-odd', () => {
    // A star drawn in one stroke: its middle is crossed twice, so it is a hole.
    const star = [50, 0, 80, 100, 0, 35, 100, 35, 20, 100];
    expect(insidePolygon(star, { x: 50, y: 50 })).toBe(false);
    expect(insidePolygon(star, { x: 50, y: 10 })).toBe(true);
  });

  it('treats a one-point brush stroke as a dot', () => {
    expect(nearPolyline([10, 10], 5, { x: 13, y: 14 })).toBe(true);
    expect(nearPolyline([10, 10], 5, { x: 14, y: 14 })).toBe(false);
  });

  it('thins a slow stroke but keeps its ends', () => {
    const slow = Array.from({ length: 101 }, (_, i) => ({ x: i, y: 0 }));
    const thinned = thinStroke(slow, 40);
    expect(thinned[0]).toEqual({ x: 0, y: 0 });
    expect(thinned[thinned.length - 1]).toEqual({ x: 100, y: 0 });
    expect(thinned.length).toBe(11); // every 10 px: a quarter of the radius
  });
});
