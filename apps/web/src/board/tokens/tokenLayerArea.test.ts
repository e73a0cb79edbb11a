import { describe, expect, it } from 'vitest';
import { contains, MAX_CANVAS_PIXELS, OVERSCAN, overlaps, overscanned } from './tokenLayerArea';

const upright = (x: number, y: number) => ({ a: 1, b: 0, c: 0, d: 1, e: x, f: y });

describe('the token layer’s area', () => {
  it('reaches past the view by a share of its longer side, so a pan within it draws nothing', () => {
    const view = { x: 100, y: 50, w: 1280, h: 800 };
    const area = overscanned(view, 1, 1);
    const margin = 1280 * OVERSCAN;
    expect(area).toEqual({
      x: 100 - margin,
      y: 50 - margin,
      w: 1280 + 2 * margin,
      h: 800 + 2 * margin,
    });
    expect(contains(area, view)).toBe(true);
    // The board benchmark's pan: a third of the viewport wide.
    expect(contains(area, { ...view, x: view.x + 1280 / 6 })).toBe(true);
    expect(contains(area, { ...view, x: view.x + margin + 1 })).toBe(false);
  });

  it('keeps the canvas within its pixel budget: the margin shrinks, then goes', () => {
    // 1920 × 1080 at 2x: a quarter of 1920 each side is too much, an eighth is not.
    const big = overscanned({ x: 0, y: 0, w: 1920, h: 1080 }, 1, 2);
    expect(big.w * big.h * 4).toBeLessThanOrEqual(MAX_CANVAS_PIXELS);
    expect(big.w).toBe(1920 + 2 * 240);
    // 4K at 2x is past the budget alone: no margin.
    const huge = overscanned({ x: 0, y: 0, w: 7680, h: 4320 }, 1, 2);
    expect(huge).toEqual({ x: 0, y: 0, w: 7680, h: 4320 });
  });

  it('counts the scene px of the canvas at the zoom: zoomed out, the same screen is a bigger area', () => {
    const area = overscanned({ x: 0, y: 0, w: 4000, h: 2500 }, 0.25, 1);
    expect(area.w).toBe(4000 * (1 + 2 * OVERSCAN));
  });

  it('tells which tokens touch the area, their rings and markers included', () => {
    const area = { x: 0, y: 0, w: 700, h: 700 };
    expect(overlaps(area, upright(100, 100), 70)).toBe(true);
    // Just outside, but its markers reach in.
    expect(overlaps(area, upright(-100, 100), 70)).toBe(true);
    expect(overlaps(area, upright(-200, 100), 70)).toBe(false);
    expect(overlaps(area, upright(100, 800), 70)).toBe(false);
    // Turned half round about its corner: it lies up and to the left of (760, 100).
    expect(overlaps(area, { a: -1, b: 0, c: 0, d: -1, e: 760, f: 100 }, 70)).toBe(true);
  });
});
