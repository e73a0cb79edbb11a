/**
 * What a Universal VTT map becomes in a campaign: a scene record (its size in pixels, a square
 * grid of the map's cell size, its image as the background) and its walls, doors and lights as
 * a scene geometry (packages/schema sceneGeometry.ts), moved from grid cells to scene pixels.
 */
import {
  type Grid,
  SCENE_GEOMETRY_FORMAT,
  type Scene,
  type SceneGeometry,
  sceneGeometrySchema,
  sceneSchema,
  type UniversalVttMap,
  type UvttPoint,
} from '@meshtable/schema';

/** The grid of an imported map, but for its cell size and offset: 5 ft squares, drawn black. */
export const IMPORTED_GRID: Omit<Grid, 'size' | 'offsetX' | 'offsetY'> = {
  type: 'square',
  color: '#000000',
  distance: 5,
  units: 'ft',
};

/** Rounded to 1/100 of a pixel: finer than any screen, and walls' JSON stays short. */
const round = (value: number) => Math.round(value * 100) / 100;

/** A position in grid cells as scene pixels: cells from the image's corner, times the cell. */
function toPixels(map: UniversalVttMap, point: UvttPoint): { x: number; y: number } {
  return {
    x: round((point.x - map.origin.x) * map.pixelsPerGrid),
    y: round((point.y - map.origin.y) * map.pixelsPerGrid),
  };
}

/** `AARRGGBB` (or `RRGGBB`, with or without `#`) as a `#rrggbb` colour and its opacity. */
export function fromArgb(text: string): { color: string; alpha: number } {
  const hex = text.replace(/^#/, '').toLowerCase();
  if (hex.length === 8) {
    return { color: `#${hex.slice(2)}`, alpha: round(Number.parseInt(hex.slice(0, 2), 16) / 255) };
  }
  return { color: `#${hex}`, alpha: 1 };
}

/**
 * The walls, doors and lights of a map in scene pixels, or null when it has none (a plain image
 * with a grid).
 */
export function geometryFromUniversalVtt(map: UniversalVttMap): SceneGeometry | null {
  if (map.walls.length + map.objectWalls.length + map.portals.length + map.lights.length === 0) {
    return null;
  }
  const flat = (polyline: readonly UvttPoint[]) =>
    polyline.flatMap((point) => {
      const { x, y } = toPixels(map, point);
      return [x, y];
    });
  const geometry: SceneGeometry = {
    format: SCENE_GEOMETRY_FORMAT,
    v: 1,
    width: map.width,
    height: map.height,
    walls: map.walls.map(flat),
    objectWalls: map.objectWalls.map(flat),
    doors: map.portals.map((portal) => {
      const centre = toPixels(map, portal.position);
      const from = toPixels(map, portal.bounds[0] as UvttPoint);
      const to = toPixels(map, portal.bounds[portal.bounds.length - 1] as UvttPoint);
      return {
        ...centre,
        x1: from.x,
        y1: from.y,
        x2: to.x,
        y2: to.y,
        rotation: round((portal.rotation * 180) / Math.PI),
        closed: portal.closed,
        freestanding: portal.freestanding,
      };
    }),
    lights: map.lights.map((light) => ({
      ...toPixels(map, light.position),
      range: round(light.range * map.pixelsPerGrid),
      intensity: light.intensity,
      ...fromArgb(light.color),
      shadows: light.shadows,
    })),
    bakedLighting: map.bakedLighting,
    ambientLight: map.ambientLight === null ? null : fromArgb(map.ambientLight).color,
  };
  // Checked here, so that a map the schema would refuse never reaches the relay.
  return sceneGeometrySchema.parse(geometry);
}

/** What the new scene is, besides the map. */
export interface ImportedSceneFields {
  readonly id: string;
  readonly name: string;
  readonly order: number;
  /** The SHA-256 of the map's image, on the relay. */
  readonly background: string;
  /** The SHA-256 of its geometry, on the relay; null when it has none. */
  readonly geometry: string | null;
  /** Overrides of the imported grid (a game system's units, say). */
  readonly grid?: Partial<Omit<Grid, 'size'>>;
}

/**
 * The scene record of a map: `map_size × pixels_per_grid` pixels, a square grid of
 * `pixels_per_grid` whose lines fall where the map editor's did, the image as its background.
 */
export function sceneFromUniversalVtt(map: UniversalVttMap, fields: ImportedSceneFields): Scene {
  // The editor's grid lines are at whole cells; the image may start between two.
  const offset = (origin: number) => round((((-origin % 1) + 1) % 1) * map.pixelsPerGrid);
  const scene: Scene = {
    id: fields.id,
    name: fields.name,
    order: fields.order,
    width: map.width,
    height: map.height,
    background: fields.background,
    grid: {
      ...IMPORTED_GRID,
      size: map.pixelsPerGrid,
      offsetX: offset(map.origin.x),
      offsetY: offset(map.origin.y),
      ...fields.grid,
    },
    ...(fields.geometry === null ? {} : { geometry: fields.geometry }),
  };
  return sceneSchema.parse(scene);
}
