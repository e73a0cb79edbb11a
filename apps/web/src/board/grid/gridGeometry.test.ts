import type { Grid } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { type Cell, cellAt, cellCentre, hexRadius, snapTokenPosition } from './gridGeometry';

const grid = (type: Grid['type'], size = 50, offsetX = 0, offsetY = 0) => ({
  type,
  size,
  offsetX,
  offsetY,
});

const cells: Cell[] = [];
for (let col = -3; col <= 3; col++) for (let row = -3; row <= 3; row++) cells.push({ col, row });

describe('square grids', () => {
  it('puts cell centres half a cell in from the offset', () => {
    expect(cellCentre(grid('square', 50, 10, 20), { col: 0, row: 0 })).toEqual({ x: 35, y: 45 });
    expect(cellCentre(grid('square', 50, 10, 20), { col: 2, row: -1 })).toEqual({ x: 135, y: -5 });
  });

  it('finds the cell of a point, edges belonging to the cell right and below', () => {
    const g = grid('square', 50, 10, 20);
    expect(cellAt(g, { x: 10, y: 20 })).toEqual({ col: 0, row: 0 });
    expect(cellAt(g, { x: 59.9, y: 69.9 })).toEqual({ col: 0, row: 0 });
    expect(cellAt(g, { x: 60, y: 70 })).toEqual({ col: 1, row: 1 });
    expect(cellAt(g, { x: 9, y: 19 })).toEqual({ col: -1, row: -1 });
  });

  it('snaps a token of one cell or more to the nearest grid lines', () => {
    const g = grid('square', 50, 10, 20);
    expect(snapTokenPosition(g, 1, { x: 34, y: 46 })).toEqual({ x: 10, y: 70 });
    expect(snapTokenPosition(g, 2, { x: 36, y: 44 })).toEqual({ x: 60, y: 20 });
  });

  it('snaps a token smaller than a cell to the middle of the cell its centre is in', () => {
    const g = grid('square', 100);
    // A half-cell token (50 px) whose centre is at (130, 260) sits centred in cell (1, 2).
    expect(snapTokenPosition(g, 0.5, { x: 105, y: 235 })).toEqual({ x: 125, y: 225 });
  });
});

describe('hex grids', () => {
  for (const type of ['hexRows', 'hexColumns'] as const) {
    it(`${type}: every cell's centre lies in that cell`, () => {
      const g = grid(type, 60, 7, -13);
      for (const cell of cells) {
        const centre = cellCentre(g, cell);
        expect(centre).not.toBeNull();
        expect(cellAt(g, centre as { x: number; y: number })).toEqual(cell);
      }
    });

    it(`${type}: neighbouring centres are one cell size apart`, () => {
      const g = grid(type, 60);
      const origin = cellCentre(g, { col: 2, row: 2 }) as { x: number; y: number };
      const distances = cells
        .map((cell) => cellCentre(g, cell) as { x: number; y: number })
        .map((p) => Math.hypot(p.x - origin.x, p.y - origin.y))
        .filter((d) => d > 1e-9)
        .sort((a, b) => a - b);
      // Six neighbours at exactly the cell size, and nothing nearer.
      expect(distances.slice(0, 6).map((d) => Math.round(d * 1e6) / 1e6)).toEqual(
        Array(6).fill(60),
      );
      expect(distances[6]).toBeGreaterThan(60 * 1.7);
    });

    it(`${type}: a point near a centre belongs to that hex`, () => {
      const g = grid(type, 60, 3, 4);
      const centre = cellCentre(g, { col: 1, row: 3 }) as { x: number; y: number };
      // Anywhere within the inscribed circle (radius size / 2) is inside the hex.
      for (let angle = 0; angle < 360; angle += 15) {
        const a = (angle * Math.PI) / 180;
        const p = { x: centre.x + 29 * Math.cos(a), y: centre.y + 29 * Math.sin(a) };
        expect(cellAt(g, p)).toEqual({ col: 1, row: 3 });
      }
    });

    it(`${type}: snaps a token's centre to the nearest hex centre`, () => {
      const g = grid(type, 60);
      const centre = cellCentre(g, { col: 2, row: 1 }) as { x: number; y: number };
      const snapped = snapTokenPosition(g, 1, { x: centre.x - 30 + 11, y: centre.y - 30 - 9 });
      expect(snapped.x).toBeCloseTo(centre.x - 30, 9);
      expect(snapped.y).toBeCloseTo(centre.y - 30, 9);
    });
  }

  it('hexRows: the bounding box of hex (0, 0) starts at the offset, odd rows shifted right', () => {
    const g = grid('hexRows', 60, 10, 20);
    const r = hexRadius(60);
    expect(cellCentre(g, { col: 0, row: 0 })).toEqual({ x: 40, y: 20 + r });
    const odd = cellCentre(g, { col: 0, row: 1 }) as { x: number; y: number };
    expect(odd.x).toBe(70);
    expect(odd.y).toBeCloseTo(20 + 2.5 * r, 9);
  });

  it('hexColumns: the bounding box of hex (0, 0) starts at the offset, odd columns shifted down', () => {
    const g = grid('hexColumns', 60, 10, 20);
    const r = hexRadius(60);
    expect(cellCentre(g, { col: 0, row: 0 })).toEqual({ x: 10 + r, y: 50 });
    const odd = cellCentre(g, { col: 1, row: 0 }) as { x: number; y: number };
    expect(odd.x).toBeCloseTo(10 + 2.5 * r, 9);
    expect(odd.y).toBe(80);
  });
});

describe('no grid', () => {
  it('has no cells and leaves tokens where they are dropped', () => {
    const g = grid('none');
    expect(cellCentre(g, { col: 0, row: 0 })).toBeNull();
    expect(cellAt(g, { x: 5, y: 5 })).toBeNull();
    expect(snapTokenPosition(g, 1, { x: 12.5, y: 7 })).toEqual({ x: 12.5, y: 7 });
  });
});
