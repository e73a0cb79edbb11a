import type { Grid } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { cellCentre } from '../grid/gridGeometry';
import { diagonalRuleOf } from './diagonalRule';
import { formatDistance, measurePath, snapToCellCentre } from './measurePath';

/** 70 px squares of 5 ft. */
const squares: Grid = {
  type: 'square',
  size: 70,
  offsetX: 0,
  offsetY: 0,
  color: '#000000',
  distance: 5,
  units: 'ft',
};
const centre = (col: number, row: number) => ({ x: col * 70 + 35, y: row * 70 + 35 });

describe('measurePath', () => {
  it('measures SRD diagonals: three across and two down is 15 ft', () => {
    const measure = measurePath(squares, 'equal', [centre(0, 0), centre(3, 2)]);
    expect(measure).toMatchObject({ cells: 3, distance: 15, units: 'ft' });
  });

  it('measures 5-10-5 diagonals over waypoints: 5 + 10 + 10 + 5', () => {
    // A diagonal (5), two straight (10), a diagonal that is the path's second (10), then a
    // third diagonal (5).
    const measure = measurePath(squares, 'alternate', [
      centre(0, 0),
      centre(1, 1),
      centre(1, 3),
      centre(2, 4),
      centre(3, 5),
    ]);
    expect(measure.segments.map((segment) => segment.distance)).toEqual([5, 10, 10, 5]);
    expect(measure.distance).toBe(30);
  });

  it('measures the straight line in metres under euclidean', () => {
    const metres = { ...squares, distance: 1.5, units: 'm' };
    const measure = measurePath(metres, 'euclidean', [centre(0, 0), centre(3, 4)]);
    expect(measure.distance).toBeCloseTo(7.5, 12);
    expect(formatDistance(measure.distance, measure.units)).toBe('7.5 m');
  });

  it('counts a point by the cell it is in, not where in the cell it is', () => {
    const measure = measurePath(squares, 'equal', [
      { x: 1, y: 1 },
      { x: 3 * 70 + 69, y: 2 },
    ]);
    expect(measure.distance).toBe(15);
  });

  it('counts hexes on hex grids', () => {
    const hexes: Grid = { ...squares, type: 'hexRows', size: 60 };
    const a = cellCentre(hexes, { col: 0, row: 0 });
    const b = cellCentre(hexes, { col: 1, row: 2 });
    if (a === null || b === null) throw new Error('hex cells have centres');
    expect(measurePath(hexes, 'alternate', [a, b]).distance).toBe(10);
  });

  it('measures the straight line in scene units without a grid', () => {
    const none: Grid = { ...squares, type: 'none', size: 100, distance: 2, units: 'm' };
    const measure = measurePath(none, 'alternate', [
      { x: 0, y: 0 },
      { x: 300, y: 400 },
    ]);
    expect(measure.cells).toBe(5);
    expect(measure.distance).toBe(10);
  });

  it('is zero for a single point', () => {
    expect(measurePath(squares, 'equal', [centre(2, 2)])).toMatchObject({
      segments: [],
      distance: 0,
    });
  });
});

describe('snapToCellCentre', () => {
  it('snaps to the centre of the cell under the point, or keeps it without a grid', () => {
    expect(snapToCellCentre(squares, { x: 80, y: 139 })).toEqual(centre(1, 1));
    const none: Grid = { ...squares, type: 'none' };
    expect(snapToCellCentre(none, { x: 80, y: 139 })).toEqual({ x: 80, y: 139 });
  });
});

describe('formatDistance', () => {
  it('keeps whole numbers whole and rounds others to a tenth', () => {
    expect(formatDistance(15, 'ft')).toBe('15 ft');
    expect(formatDistance(1.5 * Math.SQRT2, 'm')).toBe('2.1 m');
    expect(formatDistance(14.999999999, 'ft')).toBe('15 ft');
  });
});

describe('diagonalRuleOf', () => {
  it('reads the module manifest, and falls back to equal', () => {
    expect(diagonalRuleOf({ manifest: { grid: { diagonals: 'alternate' } } })).toBe('alternate');
    expect(diagonalRuleOf({ manifest: { grid: { type: 'square' } } })).toBe('equal');
    expect(diagonalRuleOf({ manifest: { grid: { diagonals: 'sideways' } } })).toBe('equal');
    expect(diagonalRuleOf(null)).toBe('equal');
    const throwing = {
      get manifest(): never {
        throw new Error('closed');
      },
    };
    expect(diagonalRuleOf(throwing)).toBe('equal');
  });
});
