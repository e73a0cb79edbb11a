import { describe, expect, it } from 'vitest';
import { cellCentre, hexRadius } from './gridGeometry';
import { gridPatternTile } from './gridPattern';

type Segment = [number, number, number, number];

function segmentsOf(path: string): Segment[] {
  return [...path.matchAll(/M(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) (-?[\d.]+)/g)].map(
    (m) => m.slice(1, 5).map(Number) as Segment,
  );
}

/** Whether the tile draws the edge from a to b somewhere (in either direction). */
function draws(segments: Segment[], a: [number, number], b: [number, number]): boolean {
  const near = (p: number, q: number) => Math.abs(p - q) < 0.01;
  return segments.some(
    ([x1, y1, x2, y2]) =>
      (near(x1, a[0]) && near(y1, a[1]) && near(x2, b[0]) && near(y2, b[1])) ||
      (near(x1, b[0]) && near(y1, b[1]) && near(x2, a[0]) && near(y2, a[1])),
  );
}

describe('grid pattern tiles', () => {
  it('draws nothing for a grid of type none', () => {
    expect(gridPatternTile({ type: 'none', size: 50, offsetX: 0, offsetY: 0 })).toBeNull();
  });

  it('anchors a square tile of one cell at the offset', () => {
    const tile = gridPatternTile({ type: 'square', size: 40, offsetX: 5, offsetY: -3 });
    expect(tile).toMatchObject({ x: 5, y: -3, width: 40, height: 40 });
    const segments = segmentsOf(tile?.path ?? '');
    expect(draws(segments, [0, 0], [40, 0])).toBe(true);
    expect(draws(segments, [0, 0], [0, 40])).toBe(true);
    // The edges a neighbour would draw are drawn here too, so none is cut in half.
    expect(draws(segments, [0, 40], [40, 40])).toBe(true);
  });

  for (const type of ['hexRows', 'hexColumns'] as const) {
    it(`${type}: the tile draws every edge of every hex, wrapped into the tile`, () => {
      const size = 60;
      const grid = { type, size, offsetX: 0, offsetY: 0 };
      const tile = gridPatternTile(grid);
      if (tile === null) throw new Error('no tile');
      const r = hexRadius(size);
      expect([tile.width, tile.height].map((n) => Math.round(n * 1000) / 1000).sort()).toEqual(
        [size, Math.round(3 * r * 1000) / 1000].sort(),
      );
      const segments = segmentsOf(tile.path);
      // Corners of a hex, pointy-top (rows) or flat-top (columns).
      const start = type === 'hexRows' ? 30 : 0;
      for (let col = -2; col <= 2; col++) {
        for (let row = -2; row <= 2; row++) {
          const c = cellCentre(grid, { col, row }) as { x: number; y: number };
          const corners = [0, 1, 2, 3, 4, 5].map((k) => {
            const a = ((start + 60 * k) * Math.PI) / 180;
            return [c.x + r * Math.cos(a), c.y + r * Math.sin(a)] as [number, number];
          });
          for (let k = 0; k < 6; k++) {
            const a = corners[k] as [number, number];
            const b = corners[(k + 1) % 6] as [number, number];
            // Shift the edge by whole tiles so that its middle falls inside the tile.
            const dx = Math.floor((a[0] + b[0]) / 2 / tile.width) * tile.width;
            const dy = Math.floor((a[1] + b[1]) / 2 / tile.height) * tile.height;
            const edge = draws(segments, [a[0] - dx, a[1] - dy], [b[0] - dx, b[1] - dy]);
            expect(edge, `edge ${k} of hex (${col}, ${row})`).toBe(true);
          }
        }
      }
    });
  }
});
