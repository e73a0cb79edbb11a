/**
 * The geometry of area templates (packages/schema templateRecords.ts): whether a point is inside
 * one, its bounding box, and its outline for drawing. Scene pixels; `direction` in degrees
 * clockwise from +x (the board's y axis points down).
 *
 * Points on the edge count as inside, with a tolerance of {@link EDGE_TOLERANCE} pixels, so a
 * cell centre that lies exactly on a template's edge (a 10 ft radius from a grid corner reaching
 * the centres two cells out along a diagonal, say) is covered on every device alike, whatever
 * rounding its floating point did.
 */
import type { TemplateShape } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';

/** How far outside an edge a point may be and still count as on it, in scene pixels. */
export const EDGE_TOLERANCE = 1e-6;

/** SRD 5.1's cone: its width at any distance equals that distance (2·atan(½), about 53.13°). */
export const SRD_CONE_ANGLE = (2 * Math.atan(0.5) * 180) / Math.PI;

/** An axis-aligned box. */
export interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The unit vector of a direction in degrees. */
function axis(direction: number): Point {
  const radians = (direction * Math.PI) / 180;
  return { x: Math.cos(radians), y: Math.sin(radians) };
}

/** A point in a template's own frame: distance along its axis and across it. */
function local(shape: { x: number; y: number; direction: number }, point: Point) {
  const a = axis(shape.direction);
  const dx = point.x - shape.x;
  const dy = point.y - shape.y;
  return { along: dx * a.x + dy * a.y, across: -dx * a.y + dy * a.x };
}

/**
 * Whether `point` is inside the template or on its edge.
 * @example
 * templateContains({ kind: 'circle', x: 0, y: 0, radius: 10 }, { x: 6, y: 8 }) // true: on the edge
 */
export function templateContains(shape: TemplateShape, point: Point): boolean {
  const e = EDGE_TOLERANCE;
  switch (shape.kind) {
    case 'circle':
      return Math.hypot(point.x - shape.x, point.y - shape.y) <= shape.radius + e;
    case 'cone': {
      const { along, across } = local(shape, point);
      const halfWidth = along * Math.tan((shape.angle * Math.PI) / 360);
      return along >= -e && along <= shape.length + e && Math.abs(across) <= halfWidth + e;
    }
    case 'line': {
      const { along, across } = local(shape, point);
      return along >= -e && along <= shape.length + e && Math.abs(across) <= shape.width / 2 + e;
    }
    case 'square': {
      const { along, across } = local(shape, point);
      const half = shape.side / 2 + e;
      return Math.abs(along) <= half && Math.abs(across) <= half;
    }
  }
}

/**
 * The corners of a template's outline, in order (none for a circle, which is drawn as one).
 */
export function templateCorners(shape: TemplateShape): Point[] {
  if (shape.kind === 'circle') return [];
  const a = axis(shape.direction);
  const normal = { x: -a.y, y: a.x };
  const at = (along: number, across: number): Point => ({
    x: shape.x + a.x * along + normal.x * across,
    y: shape.y + a.y * along + normal.y * across,
  });
  switch (shape.kind) {
    case 'cone': {
      const half = shape.length * Math.tan((shape.angle * Math.PI) / 360);
      return [at(0, 0), at(shape.length, -half), at(shape.length, half)];
    }
    case 'line':
      return [
        at(0, -shape.width / 2),
        at(shape.length, -shape.width / 2),
        at(shape.length, shape.width / 2),
        at(0, shape.width / 2),
      ];
    case 'square': {
      const h = shape.side / 2;
      return [at(-h, -h), at(h, -h), at(h, h), at(-h, h)];
    }
  }
}

/** The smallest axis-aligned box around a template. */
export function templateBounds(shape: TemplateShape): Box {
  if (shape.kind === 'circle') {
    return {
      minX: shape.x - shape.radius,
      minY: shape.y - shape.radius,
      maxX: shape.x + shape.radius,
      maxY: shape.y + shape.radius,
    };
  }
  const corners = templateCorners(shape);
  return {
    minX: Math.min(...corners.map((p) => p.x)),
    minY: Math.min(...corners.map((p) => p.y)),
    maxX: Math.max(...corners.map((p) => p.x)),
    maxY: Math.max(...corners.map((p) => p.y)),
  };
}

/** A template's size along its main measure, in scene pixels: radius, length or side. */
export function templateSize(shape: TemplateShape): number {
  switch (shape.kind) {
    case 'circle':
      return shape.radius;
    case 'cone':
    case 'line':
      return shape.length;
    case 'square':
      return shape.side;
  }
}
