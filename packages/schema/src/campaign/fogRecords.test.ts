import { describe, expect, it } from 'vitest';
import { FOG_LIMITS, fogEditKey, fogEditSchema } from './fogRecords';

const base = { id: 'e1', sceneId: 'crypt', seq: 3, mode: 'reveal' } as const;

describe('fogEditSchema', () => {
  it('accepts each shape of edit', () => {
    for (const edit of [
      { ...base, shape: 'all', mode: 'hide' },
      { ...base, shape: 'rect', x: 0, y: -10, w: 140, h: 70 },
      { ...base, shape: 'polygon', points: [0, 0, 100, 0, 50, 80] },
      { ...base, shape: 'brush', radius: 35, points: [10, 10] },
    ]) {
      expect(fogEditSchema.safeParse(edit).success, JSON.stringify(edit)).toBe(true);
    }
  });

  it('refuses broken geometry, odd point lists and unknown fields', () => {
    for (const edit of [
      { ...base, shape: 'rect', x: 0, y: 0, w: 0, h: 70 },
      { ...base, shape: 'rect', x: Number.NaN, y: 0, w: 10, h: 70 },
      { ...base, shape: 'rect', x: FOG_LIMITS.coordinate * 2, y: 0, w: 10, h: 70 },
      { ...base, shape: 'polygon', points: [0, 0, 100, 0] },
      { ...base, shape: 'polygon', points: [0, 0, 100, 0, 50, 80, 7] },
      { ...base, shape: 'brush', radius: 0, points: [1, 1] },
      { ...base, shape: 'brush', radius: 5, points: [] },
      {
        ...base,
        shape: 'brush',
        radius: 5,
        points: new Array(FOG_LIMITS.brushPoints * 2 + 2).fill(1),
      },
      { ...base, shape: 'all', extra: true },
      { ...base, shape: 'circle' },
      { ...base, shape: 'all', mode: 'toggle' },
      { ...base, shape: 'all', seq: -1 },
      { ...base, shape: 'all', id: 'a/b' },
    ]) {
      expect(fogEditSchema.safeParse(edit).success, JSON.stringify(edit).slice(0, 80)).toBe(false);
    }
  });

  it('keys an edit by its scene and id', () => {
    expect(fogEditKey('crypt', 'e1')).toBe('crypt/e1');
  });
});
