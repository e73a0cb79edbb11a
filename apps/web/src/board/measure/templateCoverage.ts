/**
 * What an area template covers, by one rule: **a cell is covered when its centre is inside the
 * template or on its edge** (templateGeometry.ts). A token is covered when any cell of its
 * footprint is: its footprint is `size` × `size` cells of the grid's cell size from its corner
 * (one cell, at its centre, for a token smaller than a cell), whatever the grid's shape, so the
 * same token is covered alike on every grid. Rotation is not counted: a token's footprint stays
 * square with the scene.
 */
import type { TemplateShape, Token } from '@meshtable/schema';
import { type Cell, cellAt, cellCentre, type GridLayout, type Point } from '../grid/gridGeometry';
import { templateBounds, templateContains } from './templateGeometry';

/** The most cells {@link coveredCells} lists; a larger template lists none (it draws its outline). */
export const MAX_COVERED_CELLS = 20_000;

/** The parts of a token coverage reads. */
export type CoverableToken = Pick<Token, 'id' | 'x' | 'y' | 'size'>;

/**
 * The cells whose centres are inside the template.
 * @returns the cells, or null on a grid without cells or when the template spans more than
 *   {@link MAX_COVERED_CELLS} candidates
 */
export function coveredCells(
  shape: TemplateShape,
  grid: GridLayout,
  limit = MAX_COVERED_CELLS,
): Cell[] | null {
  if (grid.type === 'none') return null;
  const box = templateBounds(shape);
  const corners = [
    cellAt(grid, { x: box.minX, y: box.minY }),
    cellAt(grid, { x: box.maxX, y: box.maxY }),
    cellAt(grid, { x: box.minX, y: box.maxY }),
    cellAt(grid, { x: box.maxX, y: box.minY }),
  ].filter((cell): cell is Cell => cell !== null);
  // Hex rows and columns are staggered: a cell one step outside the box's corner cells may still
  // have its centre inside, so the search reaches one cell further each way.
  const minCol = Math.min(...corners.map((c) => c.col)) - 1;
  const maxCol = Math.max(...corners.map((c) => c.col)) + 1;
  const minRow = Math.min(...corners.map((c) => c.row)) - 1;
  const maxRow = Math.max(...corners.map((c) => c.row)) + 1;
  if ((maxCol - minCol + 1) * (maxRow - minRow + 1) > limit * 4) return null;
  const cells: Cell[] = [];
  for (let row = minRow; row <= maxRow; row++) {
    for (let col = minCol; col <= maxCol; col++) {
      const centre = cellCentre(grid, { col, row });
      if (centre !== null && templateContains(shape, centre)) {
        if (cells.length === limit) return null;
        cells.push({ col, row });
      }
    }
  }
  return cells;
}

/**
 * The centres of a token's footprint cells: `size` × `size` cells of `cellSize` pixels from its
 * corner (rounded up for a fractional size, each then a fraction of a cell), or its centre alone
 * for a token of one cell or less.
 */
export function footprintCentres(cellSize: number, token: CoverableToken): Point[] {
  const side = token.size * cellSize;
  const n = Math.max(1, Math.ceil(token.size - 1e-9));
  const step = side / n;
  const centres: Point[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      centres.push({ x: token.x + (j + 0.5) * step, y: token.y + (i + 0.5) * step });
    }
  }
  return centres;
}

/** Whether the template covers any cell of the token's footprint. */
export function coversToken(
  shape: TemplateShape,
  cellSize: number,
  token: CoverableToken,
): boolean {
  return footprintCentres(cellSize, token).some((centre) => templateContains(shape, centre));
}

/**
 * The tokens the template covers, in the order given.
 * @example
 * coveredTokens(fireball, scene.grid.size, tokens).map((token) => token.name)
 */
export function coveredTokens<T extends CoverableToken>(
  shape: TemplateShape,
  cellSize: number,
  tokens: readonly T[],
): T[] {
  return tokens.filter((token) => coversToken(shape, cellSize, token));
}
