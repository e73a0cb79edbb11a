/**
 * The GM's fog gestures turned into fog edits, as pure functions:
 *
 * - **Rectangle**: a drag from corner to corner; on square grids its corners snap to the grid's
 *   lines, so a room revealed is whole cells.
 * - **Polygon**: a click per corner; a double click, Enter, or a click on the first corner closes
 *   it; Backspace takes the last corner back.
 * - **Brush**: a stroke as wide as the brush, thinned for storage (fogGeometry.ts thinStroke) and
 *   cut into edits of at most FOG_LIMITS.brushPoints points.
 */
import { FOG_LIMITS, type FogMode, type Grid } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';
import type { FogEditDraft } from './fogEdits';
import { thinStroke } from './fogGeometry';

/** The fog tool's shapes. */
export type FogShape = 'rect' | 'polygon' | 'brush';

/** What the fog tool is set to. */
export interface FogSettings {
  readonly mode: FogMode;
  readonly shape: FogShape;
  /** The brush's width in cells. */
  readonly brushCells: number;
}

/** The settings a new board starts with: reveal with rectangles, a brush one cell wide. */
export const DEFAULT_FOG_SETTINGS: FogSettings = { mode: 'reveal', shape: 'rect', brushCells: 1 };

/** How close, in screen pixels, a click must come to a polygon's first corner to close it. */
export const CLOSE_POLYGON_PX = 10;

/** A point on the grid's lines nearest `point` (square grids), or `point` itself. */
export function snapToGridLines(
  grid: Pick<Grid, 'type' | 'size' | 'offsetX' | 'offsetY'>,
  point: Point,
): Point {
  if (grid.type !== 'square') return point;
  return {
    x: grid.offsetX + Math.round((point.x - grid.offsetX) / grid.size) * grid.size,
    y: grid.offsetY + Math.round((point.y - grid.offsetY) / grid.size) * grid.size,
  };
}

/**
 * The rectangle a drag from `a` to `b` makes (both already snapped), or null when it has no area.
 */
export function rectDraft(mode: FogMode, a: Point, b: Point): FogEditDraft | null {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const w = Math.abs(a.x - b.x);
  const h = Math.abs(a.y - b.y);
  if (w < 1 || h < 1) return null;
  return { shape: 'rect', mode, x: round(x), y: round(y), w: round(w), h: round(h) };
}

/** The polygon through `corners`, or null with fewer than three distinct ones. */
export function polygonDraft(mode: FogMode, corners: readonly Point[]): FogEditDraft | null {
  const distinct = corners.filter(
    (point, i) => i === 0 || point.x !== corners[i - 1]?.x || point.y !== corners[i - 1]?.y,
  );
  if (distinct.length < 3) return null;
  return {
    shape: 'polygon',
    mode,
    points: distinct.slice(0, FOG_LIMITS.polygonPoints).flatMap((p) => [round(p.x), round(p.y)]),
  };
}

/**
 * The edits a brush stroke makes: one per FOG_LIMITS.brushPoints points, each starting where
 * the one before ended so that the stroke has no gap.
 */
export function brushDrafts(
  mode: FogMode,
  radius: number,
  stroke: readonly Point[],
): FogEditDraft[] {
  if (stroke.length === 0) return [];
  const points = thinStroke(stroke, radius);
  const drafts: FogEditDraft[] = [];
  const step = FOG_LIMITS.brushPoints - 1;
  for (let start = 0; start < points.length; start += step) {
    const part = points.slice(start, start + FOG_LIMITS.brushPoints);
    if (start > 0 && part.length === 1) break;
    drafts.push({
      shape: 'brush',
      mode,
      radius: round(radius),
      points: part.flatMap((p) => [round(p.x), round(p.y)]),
    });
  }
  return drafts;
}

/** Scene pixels to a tenth: small edits, and nothing a GM could see. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A fog edit being drawn, shown to the GM before it is written. */
export type FogPreview =
  | { readonly shape: 'rect'; readonly mode: FogMode; readonly from: Point; readonly to: Point }
  | {
      readonly shape: 'polygon';
      readonly mode: FogMode;
      readonly corners: readonly Point[];
      /** Where the pointer is: the next corner, if clicked. */
      readonly pointer: Point | null;
    }
  | {
      readonly shape: 'brush';
      readonly mode: FogMode;
      readonly radius: number;
      readonly stroke: readonly Point[];
    };
