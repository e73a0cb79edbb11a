import { FOG_LIMITS, fogEditSchema } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { brushDrafts, polygonDraft, rectDraft, snapToGridLines } from './fogDraft';

const squares = { type: 'square' as const, size: 70, offsetX: 10, offsetY: 0 };

describe('fog drafts', () => {
  it('snaps rectangle corners to the grid lines of square grids only', () => {
    expect(snapToGridLines(squares, { x: 100, y: 30 })).toEqual({ x: 80, y: 0 });
    expect(snapToGridLines({ ...squares, type: 'hexRows' }, { x: 100, y: 30 })).toEqual({
      x: 100,
      y: 30,
    });
  });

  it('makes a rectangle from any two corners, and none without an area', () => {
    expect(rectDraft('reveal', { x: 150, y: 140 }, { x: 10, y: 0 })).toEqual({
      shape: 'rect',
      mode: 'reveal',
      x: 10,
      y: 0,
      w: 140,
      h: 140,
    });
    expect(rectDraft('hide', { x: 10, y: 0 }, { x: 10, y: 300 })).toBeNull();
  });

  it('makes a polygon of three distinct corners or more', () => {
    expect(
      polygonDraft('hide', [
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 5, y: 5 },
      ]),
    ).toBeNull();
    expect(
      polygonDraft('hide', [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
      ]),
    ).toEqual({ shape: 'polygon', mode: 'hide', points: [0, 0, 10, 0, 10, 10] });
  });

  it('cuts a long brush stroke into edits that fit, with no gap between them', () => {
    const stroke = Array.from({ length: FOG_LIMITS.brushPoints * 2 }, (_, i) => ({
      x: i * 20,
      y: 0,
    }));
    const drafts = brushDrafts('reveal', 35, stroke);
    expect(drafts.length).toBe(3);
    for (const draft of drafts) {
      const parsed = fogEditSchema.safeParse({ ...draft, id: 'e', sceneId: 's', seq: 0 });
      expect(parsed.success).toBe(true);
    }
    const [first, second] = drafts as unknown as [{ points: number[] }, { points: number[] }];
    expect(second.points.slice(0, 2)).toEqual(first.points.slice(-2));
    expect(brushDrafts('reveal', 35, [])).toEqual([]);
  });
});
