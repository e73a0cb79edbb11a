/**
 * The geometry of a scene's grid (packages/schema `gridSchema`): where cells are, which cell a
 * point is in, and where a token snaps to. Pure functions in scene pixels, shared by the board's
 * rendering, snapping and (later) the ruler.
 *
 * Layouts, with `s` the grid's `size` and `o` its offset:
 * - `square`: cell (col, row) spans [o + col·s, o + (col+1)·s) on each axis.
 * - `hexRows`: pointy-top hexes in horizontal rows, odd rows pushed right by s/2 ("odd-r").
 *   `s` is the distance between neighbouring centres (the hex's width, flat side to flat side),
 *   so a move to a neighbour is one cell of `distance`, as on a square grid.
 * - `hexColumns`: flat-top hexes in vertical columns, odd columns pushed down by s/2 ("odd-q");
 *   `s` is again the distance between neighbouring centres (the hex's height).
 * - `none`: no cells; nothing snaps.
 * In both hex layouts, the bounding box of cell (0, 0) has its top-left corner at the offset.
 */
import type { Grid } from '@meshtable/schema';

/** A point in scene pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A cell of a grid: its column and row (offset coordinates for hex grids). */
export interface Cell {
  readonly col: number;
  readonly row: number;
}

/** The grid fields geometry needs. */
export type GridLayout = Pick<Grid, 'type' | 'size' | 'offsetX' | 'offsetY'>;

const SQRT3 = Math.sqrt(3);

/** A hex's circumradius (centre to corner) for a grid whose neighbouring centres are `size` apart. */
export function hexRadius(size: number): number {
  return size / SQRT3;
}

/**
 * The centre of a cell.
 * @returns null for a grid of type `none`, which has no cells
 */
export function cellCentre(grid: GridLayout, cell: Cell): Point | null {
  const { size: s, offsetX: ox, offsetY: oy } = grid;
  const r = hexRadius(s);
  switch (grid.type) {
    case 'square':
      return { x: ox + (cell.col + 0.5) * s, y: oy + (cell.row + 0.5) * s };
    case 'hexRows':
      return {
        x: ox + s / 2 + cell.col * s + (isOdd(cell.row) ? s / 2 : 0),
        y: oy + r + cell.row * 1.5 * r,
      };
    case 'hexColumns':
      return {
        x: ox + r + cell.col * 1.5 * r,
        y: oy + s / 2 + cell.row * s + (isOdd(cell.col) ? s / 2 : 0),
      };
    case 'none':
      return null;
  }
}

/**
 * The cell a point is in (for hex grids: the hex whose centre is nearest).
 * @returns null for a grid of type `none`
 */
export function cellAt(grid: GridLayout, point: Point): Cell | null {
  const { size: s, offsetX: ox, offsetY: oy } = grid;
  const r = hexRadius(s);
  switch (grid.type) {
    case 'square':
      return { col: Math.floor((point.x - ox) / s), row: Math.floor((point.y - oy) / s) };
    case 'hexRows': {
      // Axial coordinates of a pointy-top layout whose hex (0, 0) is centred at the origin.
      const px = point.x - (ox + s / 2);
      const py = point.y - (oy + r);
      const { q, r: axialR } = roundAxial(((SQRT3 / 3) * px - py / 3) / r, ((2 / 3) * py) / r);
      return { col: q + (axialR - (axialR & 1)) / 2 + 0, row: axialR };
    }
    case 'hexColumns': {
      const px = point.x - (ox + r);
      const py = point.y - (oy + s / 2);
      const { q, r: axialR } = roundAxial(((2 / 3) * px) / r, (-px / 3 + (SQRT3 / 3) * py) / r);
      return { col: q, row: axialR + (q - (q & 1)) / 2 + 0 };
    }
    case 'none':
      return null;
  }
}

/** The side of a token's square footprint in scene pixels: its size in cells times the cell size. */
export function tokenFootprint(grid: Pick<Grid, 'size'>, sizeInCells: number): number {
  return sizeInCells * grid.size;
}

/**
 * Where a token whose unrotated top-left corner is at `position` comes to rest on the grid.
 * - square grids: a token of one cell or more lines its corner up with the grid lines (a 2×2
 *   token covers four whole cells); a smaller one sits in the middle of the cell its centre is in;
 * - hex grids: its centre goes to the centre of the nearest hex;
 * - `none`: it stays where it is.
 * @returns the snapped top-left corner
 */
export function snapTokenPosition(grid: GridLayout, sizeInCells: number, position: Point): Point {
  const side = tokenFootprint(grid, sizeInCells);
  if (grid.type === 'none') return position;
  if (grid.type === 'square' && sizeInCells >= 1) {
    const { size: s, offsetX: ox, offsetY: oy } = grid;
    return {
      x: ox + Math.round((position.x - ox) / s) * s,
      y: oy + Math.round((position.y - oy) / s) * s,
    };
  }
  const centre = { x: position.x + side / 2, y: position.y + side / 2 };
  const cell = cellAt(grid, centre);
  const snapped = cell === null ? null : cellCentre(grid, cell);
  if (snapped === null) return position;
  return { x: snapped.x - side / 2, y: snapped.y - side / 2 };
}

function isOdd(n: number): boolean {
  return (n & 1) === 1;
}

/** Rounds fractional axial hex coordinates to the nearest hex (through cube coordinates). */
function roundAxial(q: number, r: number): { q: number; r: number } {
  const s = -q - r;
  let rq = Math.round(q);
  let rr = Math.round(r);
  const rs = Math.round(s);
  const dq = Math.abs(rq - q);
  const dr = Math.abs(rr - r);
  const ds = Math.abs(rs - s);
  if (dq > dr && dq > ds) rq = -rr - rs;
  else if (dr > ds) rr = -rq - rs;
  // +0 turns a -0 into 0, so that cells compare equal with toEqual.
  return { q: rq + 0, r: rr + 0 };
}
