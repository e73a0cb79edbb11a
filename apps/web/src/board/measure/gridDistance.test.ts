import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, cellCentre } from '../grid/gridGeometry';
import { cellSteps, hexDistance, squareSteps } from './gridDistance';

const at = (col: number, row: number): Cell => ({ col, row });

describe('squareSteps', () => {
  it('counts every diagonal as one cell under equal (5-5-5)', () => {
    expect(squareSteps(at(0, 0), at(3, 3), 'equal').cells).toBe(3);
    expect(squareSteps(at(0, 0), at(4, 1), 'equal').cells).toBe(4);
    expect(squareSteps(at(2, 5), at(-1, 5), 'equal').cells).toBe(3);
  });

  it('counts every second diagonal as two cells under alternate (5-10-5)', () => {
    // One, two, three and four diagonal steps: 5, 15, 20 and 30 ft at 5 ft a cell.
    expect(squareSteps(at(0, 0), at(1, 1), 'alternate').cells).toBe(1);
    expect(squareSteps(at(0, 0), at(2, 2), 'alternate').cells).toBe(3);
    expect(squareSteps(at(0, 0), at(3, 3), 'alternate').cells).toBe(4);
    expect(squareSteps(at(0, 0), at(4, 4), 'alternate').cells).toBe(6);
    // Three straight and two diagonal steps: 3 + 1 + 2.
    expect(squareSteps(at(0, 0), at(5, 2), 'alternate').cells).toBe(6);
  });

  it('carries the diagonal count across waypoints under alternate', () => {
    const first = squareSteps(at(0, 0), at(1, 1), 'alternate');
    expect(first).toEqual({ cells: 1, diagonals: 1 });
    // The path's second diagonal costs two even though it starts a new leg.
    const second = squareSteps(at(1, 1), at(2, 2), 'alternate', first.diagonals);
    expect(second).toEqual({ cells: 2, diagonals: 2 });
    expect(first.cells + second.cells).toBe(squareSteps(at(0, 0), at(2, 2), 'alternate').cells);
  });

  it('measures the straight line between centres under euclidean', () => {
    expect(squareSteps(at(0, 0), at(3, 4), 'euclidean').cells).toBe(5);
    expect(squareSteps(at(0, 0), at(1, 1), 'euclidean').cells).toBeCloseTo(Math.SQRT2, 12);
  });

  it('never makes a path shorter by splitting it, and is symmetric', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('equal', 'alternate', 'euclidean' as const),
        fc.array(
          fc.record({
            col: fc.integer({ min: -30, max: 30 }),
            row: fc.integer({ min: -30, max: 30 }),
          }),
          {
            minLength: 2,
            maxLength: 6,
          },
        ),
        (rule, cells) => {
          const first = cells[0] as Cell;
          const last = cells[cells.length - 1] as Cell;
          let diagonals = 0;
          let path = 0;
          for (let i = 1; i < cells.length; i++) {
            const steps = squareSteps(cells[i - 1] as Cell, cells[i] as Cell, rule, diagonals);
            diagonals = steps.diagonals;
            path += steps.cells;
          }
          const direct = squareSteps(first, last, rule).cells;
          expect(path).toBeGreaterThanOrEqual(direct - 1e-9);
          expect(squareSteps(last, first, rule).cells).toBeCloseTo(direct, 9);
        },
      ),
      { seed: 7 },
    );
  });
});

describe('hexDistance', () => {
  it('counts hexes in rows (pointy top, odd rows pushed right)', () => {
    expect(hexDistance('hexRows', at(0, 0), at(3, 0))).toBe(3);
    // From an even row, the neighbours below are at the same column and the one before.
    expect(hexDistance('hexRows', at(0, 0), at(0, 1))).toBe(1);
    expect(hexDistance('hexRows', at(0, 0), at(-1, 1))).toBe(1);
    expect(hexDistance('hexRows', at(0, 0), at(1, 1))).toBe(2);
    // From an odd row, the same column and the one after.
    expect(hexDistance('hexRows', at(0, 1), at(1, 0))).toBe(1);
    expect(hexDistance('hexRows', at(0, 0), at(1, 2))).toBe(2);
    expect(hexDistance('hexRows', at(0, 0), at(0, 4))).toBe(4);
  });

  it('counts hexes in columns (flat top, odd columns pushed down)', () => {
    expect(hexDistance('hexColumns', at(0, 0), at(0, 3))).toBe(3);
    expect(hexDistance('hexColumns', at(0, 0), at(1, 0))).toBe(1);
    expect(hexDistance('hexColumns', at(0, 0), at(1, -1))).toBe(1);
    expect(hexDistance('hexColumns', at(0, 0), at(1, 1))).toBe(2);
    expect(hexDistance('hexColumns', at(0, 0), at(4, 0))).toBe(4);
  });

  it('gives 1 exactly to the cells whose centres are one cell size apart', () => {
    for (const type of ['hexRows', 'hexColumns'] as const) {
      const grid = { type, size: 60, offsetX: 0, offsetY: 0 };
      fc.assert(
        fc.property(
          fc.integer({ min: -8, max: 8 }),
          fc.integer({ min: -8, max: 8 }),
          fc.integer({ min: -2, max: 2 }),
          fc.integer({ min: -2, max: 2 }),
          (col, row, dc, dr) => {
            const a = at(col, row);
            const b = at(col + dc, row + dr);
            const ca = cellCentre(grid, a);
            const cb = cellCentre(grid, b);
            if (ca === null || cb === null) throw new Error('hex cells have centres');
            const apart = Math.hypot(ca.x - cb.x, ca.y - cb.y);
            expect(hexDistance(type, a, b) === 1).toBe(Math.abs(apart - 60) < 1e-6);
          },
        ),
        { seed: 11 },
      );
    }
  });
});

describe('cellSteps', () => {
  it('ignores the diagonal rule on hex grids', () => {
    expect(cellSteps('hexRows', at(0, 0), at(3, 0), 'alternate', 1)).toEqual({
      cells: 3,
      diagonals: 1,
    });
  });
});
