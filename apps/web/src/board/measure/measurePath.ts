/**
 * The length of a ruler's path in the scene's units: the cells between its waypoints counted by
 * the grid (and the game system's diagonal rule), times the scene's distance per cell. Without a
 * grid, the straight line: pixels divided by the cell size, times the distance per cell.
 */
import type { Grid } from '@meshtable/schema';
import { cellAt, cellCentre, type Point } from '../grid/gridGeometry';
import type { DiagonalRule } from './diagonalRule';
import { cellSteps } from './gridDistance';

/** One leg of a path, between two waypoints. */
export interface MeasuredSegment {
  readonly from: Point;
  readonly to: Point;
  /** Its length in cells (fractional under `euclidean` and without a grid). */
  readonly cells: number;
  /** Its length in the scene's units. */
  readonly distance: number;
}

/** A measured path. */
export interface PathMeasure {
  readonly segments: readonly MeasuredSegment[];
  /** The whole path in cells. */
  readonly cells: number;
  /** The whole path in the scene's units (`grid.distance` per cell). */
  readonly distance: number;
  /** The scene's units (`grid.units`). */
  readonly units: string;
}

/** The grid fields a measure needs. */
export type MeasureGrid = Pick<
  Grid,
  'type' | 'size' | 'offsetX' | 'offsetY' | 'distance' | 'units'
>;

/**
 * Measures a path through `points` (scene pixels). On a grid each point counts as the cell it
 * is in, so a ruler snapped to cell centres and one started from a token's centre count alike.
 * Under `alternate`, the diagonal count runs on across waypoints (5-10-5 over the whole path).
 * @example
 * // 70 px squares of 5 ft, SRD diagonals: three cells right and two down is 15 ft.
 * measurePath(grid, 'equal', [{ x: 35, y: 35 }, { x: 245, y: 175 }]).distance // 15
 */
export function measurePath(
  grid: MeasureGrid,
  rule: DiagonalRule,
  points: readonly Point[],
): PathMeasure {
  const segments: MeasuredSegment[] = [];
  let diagonals = 0;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Point;
    const to = points[i] as Point;
    let cells: number;
    const a = cellAt(grid, from);
    const b = cellAt(grid, to);
    if (grid.type === 'none' || a === null || b === null) {
      cells = Math.hypot(to.x - from.x, to.y - from.y) / grid.size;
    } else {
      const steps = cellSteps(grid.type, a, b, rule, diagonals);
      diagonals = steps.diagonals;
      cells = steps.cells;
    }
    segments.push({ from, to, cells, distance: cells * grid.distance });
  }
  const cells = segments.reduce((sum, segment) => sum + segment.cells, 0);
  return { segments, cells, distance: cells * grid.distance, units: grid.units };
}

/**
 * Where a ruler's point lands: the centre of the cell under `point`, or the point itself on a
 * scene without a grid.
 */
export function snapToCellCentre(grid: MeasureGrid, point: Point): Point {
  const cell = cellAt(grid, point);
  return (cell === null ? null : cellCentre(grid, cell)) ?? point;
}

/**
 * A distance as people read it: whole numbers as they are, others to one decimal ("7.5 m",
 * "10.6 m"); the units after a space.
 */
export function formatDistance(distance: number, units: string): string {
  const rounded = Math.round(distance * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${text} ${units}`;
}
