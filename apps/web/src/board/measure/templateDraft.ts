/**
 * Placing an area template by dragging, as pure functions: where its origin snaps, how big the
 * drag makes it, and what it is called.
 *
 * - The origin snaps to the nearest cell corner or cell centre on square grids (SRD spheres and
 *   cones start at a corner; some systems centre an area on a creature's cell), to the nearest
 *   hex centre on hex grids, and nowhere on scenes without a grid.
 * - Circles, cones and lines grow from the origin to the pointer, in whole cells on a grid (at
 *   least one). Cones and lines point at the pointer (in 15° steps with Shift).
 * - A square spans from the origin (a corner) to the pointer's corner, in whole cells.
 */
import type { Grid, TemplateKind, TemplateShape } from '@meshtable/schema';
import { cellAt, cellCentre, type Point } from '../grid/gridGeometry';
import { formatDistance } from './measurePath';
import { SRD_CONE_ANGLE } from './templateGeometry';

/** What the template tool is set to. */
export interface TemplateSettings {
  readonly kind: TemplateKind;
  /** A cone's angle in degrees: {@link SRD_CONE_ANGLE} or 90. */
  readonly coneAngle: number;
  /** A line's width in cells. */
  readonly lineWidth: number;
}

/** The settings a new board starts with: a circle, SRD cones, lines one cell wide. */
export const DEFAULT_TEMPLATE_SETTINGS: TemplateSettings = {
  kind: 'circle',
  coneAngle: SRD_CONE_ANGLE,
  lineWidth: 1,
};

/** The grid fields placing needs. */
export type PlacingGrid = Pick<
  Grid,
  'type' | 'size' | 'offsetX' | 'offsetY' | 'distance' | 'units'
>;

/** Where a template's origin lands for a press at `point`. */
export function snapTemplateOrigin(grid: PlacingGrid, point: Point): Point {
  if (grid.type === 'none') return point;
  if (grid.type === 'square') {
    // Corners and centres together make a lattice of half cells.
    const half = grid.size / 2;
    return {
      x: grid.offsetX + Math.round((point.x - grid.offsetX) / half) * half,
      y: grid.offsetY + Math.round((point.y - grid.offsetY) / half) * half,
    };
  }
  const cell = cellAt(grid, point);
  return (cell === null ? null : cellCentre(grid, cell)) ?? point;
}

/** A length in whole cells on a grid (at least one), or as it is without one (at least 1 px). */
function wholeCells(grid: PlacingGrid, length: number): number {
  if (grid.type === 'none') return Math.max(1, length);
  return Math.max(1, Math.round(length / grid.size)) * grid.size;
}

/** Degrees from `from` towards `to`, clockwise from +x; in 15° steps when `snapAngle`. */
function directionOf(from: Point, to: Point, snapAngle: boolean): number {
  const degrees = (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI;
  const snapped = snapAngle ? Math.round(degrees / 15) * 15 : degrees;
  return Math.round(snapped * 100) / 100;
}

/**
 * The template a drag from `origin` (already snapped) to `pointer` makes.
 * @param snapAngle turn cones and lines in 15° steps (Shift held)
 */
export function templateFromDrag(
  settings: TemplateSettings,
  grid: PlacingGrid,
  origin: Point,
  pointer: Point,
  snapAngle = false,
): TemplateShape {
  const length = wholeCells(grid, Math.hypot(pointer.x - origin.x, pointer.y - origin.y));
  const direction = directionOf(origin, pointer, snapAngle);
  switch (settings.kind) {
    case 'circle':
      return { kind: 'circle', x: origin.x, y: origin.y, radius: length };
    case 'cone':
      return {
        kind: 'cone',
        x: origin.x,
        y: origin.y,
        direction,
        length,
        angle: settings.coneAngle,
      };
    case 'line':
      return {
        kind: 'line',
        x: origin.x,
        y: origin.y,
        direction,
        length,
        width: Math.max(0.25, settings.lineWidth) * grid.size,
      };
    case 'square': {
      const dx = pointer.x - origin.x;
      const dy = pointer.y - origin.y;
      const side = wholeCells(grid, Math.max(Math.abs(dx), Math.abs(dy)));
      return {
        kind: 'square',
        x: origin.x + (dx < 0 ? -side : side) / 2,
        y: origin.y + (dy < 0 ? -side : side) / 2,
        direction: 0,
        side,
      };
    }
  }
}

/** A template's size as people say it: "20 ft radius", "15 ft cone (53°)", "30 × 5 ft line". */
export function describeTemplate(
  shape: TemplateShape,
  grid: Pick<Grid, 'size' | 'distance' | 'units'>,
): string {
  const amount = (pixels: number) =>
    formatDistance((pixels / grid.size) * grid.distance, '').trimEnd();
  switch (shape.kind) {
    case 'circle':
      return `${amount(shape.radius)} ${grid.units} radius`;
    case 'cone':
      return `${amount(shape.length)} ${grid.units} cone (${Math.round(shape.angle)}°)`;
    case 'line':
      return `${amount(shape.length)} × ${amount(shape.width)} ${grid.units} line`;
    case 'square':
      return `${amount(shape.side)} ${grid.units} square`;
  }
}
