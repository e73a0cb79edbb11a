/**
 * A scene's walls, doors and lights, kept for line of sight and lighting (not drawn yet): what a
 * Universal VTT map (.dd2vtt, .uvtt) carries besides its image, in scene pixels.
 *
 * Stored as a JSON asset (uploaded to the relay like an image, by its SHA-256) that the scene
 * names in its optional `geometry` field, rather than in the scene record itself:
 *
 * - a map's walls run to thousands of points, and every intent's ruling hands the whole table
 *   (every scene record) to the game system's module (packages/campaign tableSnapshot.ts); a
 *   hash keeps scene records small;
 * - it goes where its scene goes: a hidden scene, in the gm doc, names it there only, so the
 *   layout of a dungeon the players have not reached does not reach them either;
 * - it is immutable, like the map it came from. What changes in play (a door opened) will be
 *   state of its own, keyed by the door's index here, when line of sight is built.
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { colorSchema } from './fields';

/** The `format` of a scene geometry asset. */
export const SCENE_GEOMETRY_FORMAT = 'meshtable/scene-geometry';

/** The most wall polylines, doors and lights one scene geometry holds. */
export const SCENE_GEOMETRY_LIMITS = Object.freeze({
  /** Polylines (walls and object walls together). */
  polylines: 20_000,
  /** Points over all polylines. */
  points: 200_000,
  doors: 5_000,
  lights: 5_000,
});

// Room for what a Universal VTT import makes: 10,000 cells either side of its origin, whose own
// place is as far again, at 1,000 px a cell.
const coordinate = z.number().finite().min(-100_000_000).max(100_000_000);

/**
 * A wall: a polyline of at least two points, as flat `[x0, y0, x1, y1, …]` in scene pixels
 * (compact: a map has thousands).
 */
export const wallPolylineSchema = z
  .array(coordinate)
  .min(4)
  .max(2 * SCENE_GEOMETRY_LIMITS.points)
  .refine((flat) => flat.length % 2 === 0, 'must hold x, y pairs');

/** A door (a portal, in Universal VTT's words): a wall segment that opens. */
export const sceneDoorSchema = z.strictObject({
  /** Its centre. */
  x: coordinate,
  y: coordinate,
  /** The segment it closes: from (x1, y1) to (x2, y2). */
  x1: coordinate,
  y1: coordinate,
  x2: coordinate,
  y2: coordinate,
  /** Degrees clockwise (the board's convention). */
  rotation: z.number().finite(),
  /** Closed when the map was made. */
  closed: z.boolean(),
  /** A door that stands without a wall around it (a window in open ground, say). */
  freestanding: z.boolean(),
});

/** A light. */
export const sceneLightSchema = z.strictObject({
  x: coordinate,
  y: coordinate,
  /** Radius in scene pixels. */
  range: z.number().finite().nonnegative().max(1_000_000),
  /** Brightness, 1 for full. */
  intensity: z.number().finite().nonnegative().max(1000),
  color: colorSchema,
  /** Opacity of the colour, 0 to 1. */
  alpha: z.number().min(0).max(1),
  /** Whether walls cast its shadows. */
  shadows: z.boolean(),
});

/** A scene geometry asset: see the file's header. */
export const sceneGeometrySchema = z
  .strictObject({
    format: z.literal(SCENE_GEOMETRY_FORMAT),
    v: z.literal(1),
    /** The scene size it was made for, pixels (the walls are in that frame). */
    width: z.number().positive().max(100_000),
    height: z.number().positive().max(100_000),
    /** Walls that block sight and movement. */
    walls: z.array(wallPolylineSchema).max(SCENE_GEOMETRY_LIMITS.polylines),
    /** Walls around objects (pillars, furniture), which a table may choose to ignore. */
    objectWalls: z.array(wallPolylineSchema).max(SCENE_GEOMETRY_LIMITS.polylines),
    doors: z.array(sceneDoorSchema).max(SCENE_GEOMETRY_LIMITS.doors),
    lights: z.array(sceneLightSchema).max(SCENE_GEOMETRY_LIMITS.lights),
    /** Whether the image already shows the lights (the map editor baked them in). */
    bakedLighting: z.boolean(),
    /** The light everywhere, or null when the map does not say. */
    ambientLight: colorSchema.nullable(),
  })
  .refine(
    (geometry) =>
      geometry.walls.length + geometry.objectWalls.length <= SCENE_GEOMETRY_LIMITS.polylines,
    `holds at most ${SCENE_GEOMETRY_LIMITS.polylines} wall polylines`,
  )
  .refine(
    (geometry) =>
      [...geometry.walls, ...geometry.objectWalls].reduce((sum, wall) => sum + wall.length, 0) <=
      2 * SCENE_GEOMETRY_LIMITS.points,
    `holds at most ${SCENE_GEOMETRY_LIMITS.points} wall points`,
  );

export type SceneDoor = z.infer<typeof sceneDoorSchema>;
export type SceneLight = z.infer<typeof sceneLightSchema>;
export type SceneGeometry = z.infer<typeof sceneGeometrySchema>;
