/**
 * Distances between cells, in cells: on a square grid under a {@link DiagonalRule}, on hex grids
 * by counting hexes. Pure functions over the cell coordinates of board/grid/gridGeometry.ts
 * (offset coordinates: "odd-r" rows for `hexRows`, "odd-q" columns for `hexColumns`).
 */
import type { Grid } from '@meshtable/schema';
import type { Cell } from '../grid/gridGeometry';
import type { DiagonalRule } from './diagonalRule';

/** What a run of square-grid steps cost, and how many diagonal steps the path has taken. */
export interface SquareSteps {
  /** The cost in cells. */
  readonly cells: number;
  /** Diagonal steps taken so far along the path, this run's included (for `alternate`). */
  readonly diagonals: number;
}

/**
 * The cost of going from `a` to `b` on a square grid, as the shortest run of king's moves.
 * @param diagonalsBefore diagonal steps the path took before this run: under `alternate`, every
 *   second diagonal of the whole path costs two cells, so the count carries over waypoints
 * @example
 * squareSteps({ col: 0, row: 0 }, { col: 3, row: 3 }, 'alternate').cells // 1 + 2 + 1 = 4
 */
export function squareSteps(
  a: Cell,
  b: Cell,
  rule: DiagonalRule,
  diagonalsBefore = 0,
): SquareSteps {
  const dc = Math.abs(b.col - a.col);
  const dr = Math.abs(b.row - a.row);
  const diagonal = Math.min(dc, dr);
  const straight = Math.max(dc, dr) - diagonal;
  const diagonals = diagonalsBefore + diagonal;
  switch (rule) {
    case 'equal':
      return { cells: straight + diagonal, diagonals };
    case 'alternate':
      // The k-th diagonal of the path costs 2 when k is even: count the even k in this run.
      return {
        cells: straight + diagonal + Math.floor(diagonals / 2) - Math.floor(diagonalsBefore / 2),
        diagonals,
      };
    case 'euclidean':
      return { cells: Math.hypot(dc, dr), diagonals };
  }
}

/** Cube coordinates of a hex: q + r + s = 0. */
interface Cube {
  readonly q: number;
  readonly r: number;
}

/** The axial (cube) coordinates of a hex cell given in the grid's offset coordinates. */
function toCube(type: 'hexRows' | 'hexColumns', cell: Cell): Cube {
  if (type === 'hexRows') {
    // odd-r: odd rows are pushed right by half a hex.
    return { q: cell.col - (cell.row - (cell.row & 1)) / 2, r: cell.row };
  }
  // odd-q: odd columns are pushed down by half a hex.
  return { q: cell.col, r: cell.row - (cell.col - (cell.col & 1)) / 2 };
}

/**
 * The number of hex steps between two cells of a hex grid (neighbours are 1 apart).
 * @example
 * hexDistance('hexRows', { col: 0, row: 0 }, { col: 1, row: 2 }) // 2
 */
export function hexDistance(type: 'hexRows' | 'hexColumns', a: Cell, b: Cell): number {
  const ca = toCube(type, a);
  const cb = toCube(type, b);
  const dq = ca.q - cb.q;
  const dr = ca.r - cb.r;
  return (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2;
}

/**
 * Cells from `a` to `b` on a grid with cells (square or hex).
 * @returns the cost in cells and the path's diagonal count after it
 */
export function cellSteps(
  type: Exclude<Grid['type'], 'none'>,
  a: Cell,
  b: Cell,
  rule: DiagonalRule,
  diagonalsBefore = 0,
): SquareSteps {
  if (type === 'square') return squareSteps(a, b, rule, diagonalsBefore);
  return { cells: hexDistance(type, a, b), diagonals: diagonalsBefore };
}
