/**
 * A grid drawn as one repeating SVG pattern tile, so that a scene of any size costs the same
 * few path segments (a 100,000 px scene of 50 px cells would otherwise be four million hexes).
 *
 * A pattern clips what it draws to its tile, which would cut lines that run along the tile's
 * edge to half their width. So the tile's path holds its segments nine times, shifted by one
 * tile in each direction: whatever a neighbouring tile would draw across the edge is drawn here
 * too, and the tiles join without seams.
 */
import { type GridLayout, hexRadius } from './gridGeometry';

/** One tile of a grid's pattern, in scene pixels. */
export interface GridPatternTile {
  /** Where the tile's top-left corner is anchored (the grid's offset). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The lines of the tile, as SVG path data. */
  readonly path: string;
}

type Segment = readonly [x1: number, y1: number, x2: number, y2: number];

/**
 * The pattern tile of a grid.
 * @returns null for a grid of type `none`, which draws nothing
 */
export function gridPatternTile(grid: GridLayout): GridPatternTile | null {
  const s = grid.size;
  const r = hexRadius(s);
  let width: number;
  let height: number;
  let segments: Segment[];
  switch (grid.type) {
    case 'none':
      return null;
    case 'square':
      width = s;
      height = s;
      segments = [
        [0, 0, s, 0],
        [0, 0, 0, s],
      ];
      break;
    case 'hexRows':
      // Two rows of pointy-top hexes: hex (0, 0) centred at (s/2, r), the odd row below it.
      width = s;
      height = 3 * r;
      segments = pointyTileSegments(s, r);
      break;
    case 'hexColumns':
      // The same tile turned a quarter: flat-top hexes in columns.
      width = 3 * r;
      height = s;
      segments = pointyTileSegments(s, r).map(([x1, y1, x2, y2]) => [y1, x1, y2, x2] as const);
      break;
  }
  const path: string[] = [];
  for (const dx of [-width, 0, width]) {
    for (const dy of [-height, 0, height]) {
      for (const [x1, y1, x2, y2] of segments) {
        path.push(`M${round(x1 + dx)} ${round(y1 + dy)}L${round(x2 + dx)} ${round(y2 + dy)}`);
      }
    }
  }
  return { x: grid.offsetX, y: grid.offsetY, width, height, path: path.join('') };
}

/**
 * The edges one tile of pointy-top hexes owns: hex (0, 0)'s upper edges, its left side and its
 * lower edges, and the side between the two hexes of the odd row below. Repeated, they draw
 * every edge once.
 */
function pointyTileSegments(s: number, r: number): Segment[] {
  return [
    [0, r / 2, s / 2, 0],
    [s / 2, 0, s, r / 2],
    [0, r / 2, 0, 1.5 * r],
    [0, 1.5 * r, s / 2, 2 * r],
    [s / 2, 2 * r, s, 1.5 * r],
    [s / 2, 2 * r, s / 2, 3 * r],
  ];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
