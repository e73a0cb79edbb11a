/**
 * Point tests for the shapes a fog edit draws (packages/schema fogRecords.ts): rectangles,
 * polygons (even-odd, as the SVG mask fills them, so a test agrees with what is drawn) and brush
 * strokes (every point within the radius of the stroke's polyline). Scene pixels.
 */
import type { FogEdit } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';
import type { Box } from '../measure/templateGeometry';

/** Whether `point` is inside a polygon given as a flat `[x0, y0, x1, y1, …]`, by even-odd. */
export function insidePolygon(points: readonly number[], point: Point): boolean {
  let inside = false;
  const n = points.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i] as number;
    const yi = points[2 * i + 1] as number;
    const xj = points[2 * j] as number;
    const yj = points[2 * j + 1] as number;
    if (yi > point.y !== yj > point.y && point.x < ((xj - xi) * (point.y - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/** The distance from `point` to the segment from `a` to `b`. */
export function distanceToSegment(point: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length2));
  return Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy));
}

/** Whether `point` is within `radius` of a polyline given as a flat list (one point: a dot). */
export function nearPolyline(points: readonly number[], radius: number, point: Point): boolean {
  const at = (i: number): Point => ({ x: points[2 * i] as number, y: points[2 * i + 1] as number });
  const n = points.length / 2;
  if (n === 1) return Math.hypot(point.x - at(0).x, point.y - at(0).y) <= radius;
  for (let i = 1; i < n; i++) {
    if (distanceToSegment(point, at(i - 1), at(i)) <= radius) return true;
  }
  return false;
}

/** Whether a fog edit's shape covers `point` (an `all` edit covers every point). */
export function editCovers(edit: FogEdit, point: Point): boolean {
  switch (edit.shape) {
    case 'all':
      return true;
    case 'rect':
      return (
        point.x >= edit.x &&
        point.x <= edit.x + edit.w &&
        point.y >= edit.y &&
        point.y <= edit.y + edit.h
      );
    case 'polygon':
      return insidePolygon(edit.points, point);
    case 'brush':
      return nearPolyline(edit.points, edit.radius, point);
  }
}

/** The box around a fog edit's shape; null for `all`, which has none. */
export function editBounds(edit: FogEdit): Box | null {
  switch (edit.shape) {
    case 'all':
      return null;
    case 'rect':
      return { minX: edit.x, minY: edit.y, maxX: edit.x + edit.w, maxY: edit.y + edit.h };
    case 'polygon':
    case 'brush': {
      const pad = edit.shape === 'brush' ? edit.radius : 0;
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < edit.points.length; i += 2) {
        const x = edit.points[i] as number;
        const y = edit.points[i + 1] as number;
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
      return { minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad };
    }
  }
}

/**
 * A brush stroke thinned for storage: a point is kept only when it lies at least a quarter of
 * the radius from the last one kept (the stroke's last point always is), so a slow drag does not
 * store hundreds of points a pixel apart. The stroke still covers what was drawn to within a
 * small fraction of the radius.
 */
export function thinStroke(points: readonly Point[], radius: number): Point[] {
  const kept: Point[] = [];
  for (const point of points) {
    const last = kept[kept.length - 1];
    if (last === undefined || Math.hypot(point.x - last.x, point.y - last.y) >= radius / 4) {
      kept.push(point);
    }
  }
  const end = points[points.length - 1];
  if (end !== undefined && kept[kept.length - 1] !== end) kept.push(end);
  return kept;
}
