/**
 * A scene's geometry (walls, doors and lights from a Universal VTT import, packages/schema
 * sceneGeometry.ts) as what the backdrop draws: every wall of a kind as one SVG path, so that a
 * map of thousands of walls adds three elements to the page, not thousands.
 */
import type { SceneGeometry, SceneLight } from '@meshtable/schema';

/** What the backdrop draws of a scene's geometry, in the geometry's own frame. */
export interface GeometryPaths {
  /** Walls that block sight and movement: one path, `M x y L x y …` per polyline. */
  readonly walls: string;
  /** Walls around objects (pillars, furniture). */
  readonly objectWalls: string;
  /** Doors: one segment each. */
  readonly doors: string;
  /** Lights to draw (none when the map's image shows them already). */
  readonly lights: readonly SceneLight[];
  /** The frame the geometry was made in; the backdrop scales it to the scene's size. */
  readonly width: number;
  readonly height: number;
}

/** The paths of `geometry` (see {@link GeometryPaths}). */
export function geometryPaths(geometry: SceneGeometry): GeometryPaths {
  return {
    walls: polylinesPath(geometry.walls),
    objectWalls: polylinesPath(geometry.objectWalls),
    doors: geometry.doors.map((d) => `M${d.x1} ${d.y1}L${d.x2} ${d.y2}`).join(''),
    lights: geometry.bakedLighting ? [] : geometry.lights,
    width: geometry.width,
    height: geometry.height,
  };
}

/** Flat `[x0, y0, x1, y1, …]` polylines as one path. */
function polylinesPath(polylines: readonly (readonly number[])[]): string {
  let path = '';
  for (const flat of polylines) {
    for (let i = 0; i + 1 < flat.length; i += 2)
      path += `${i === 0 ? 'M' : 'L'}${flat[i]} ${flat[i + 1]}`;
  }
  return path;
}
