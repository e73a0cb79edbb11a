/**
 * The Universal VTT map format (.dd2vtt from Dungeondraft, .uvtt from Arkenforge, DungeonFog and
 * others): one JSON object with the map's image in base64, its grid, and its walls, doors
 * ("portals") and lights, every position in grid cells. Exporters add fields of their own, so
 * objects are read loosely: unknown fields are ignored, known ones must have their type.
 */
import '../zodWithoutEval';
import { z } from 'zod';

/** How many of each thing an import takes: enough for any real map, bounded for a hostile one. */
export const UNIVERSAL_VTT_LIMITS = Object.freeze({
  /** Wall polylines, `line_of_sight` and `objects_line_of_sight` together. */
  polylines: 20_000,
  /** Points over all polylines. */
  points: 200_000,
  portals: 5_000,
  lights: 5_000,
  /** Cells across or down. */
  cells: 1_000,
  /** Pixels per cell (a scene's grid cell is at most 1,000 pixels). */
  pixelsPerGrid: 1_000,
  /** Pixels across or down (a scene is at most 100,000 pixels). */
  pixels: 100_000,
});

// Ten thousand cells from the origin is far beyond any map; the bound keeps pixels finite.
const coordinate = z.number().min(-10_000).max(10_000);

/** A position in grid cells. */
export const uvttPointSchema = z.looseObject({ x: coordinate, y: coordinate });

/** A wall: the points of a polyline. */
export const uvttPolylineSchema = z.array(uvttPointSchema).max(UNIVERSAL_VTT_LIMITS.points);

/** An ARGB colour as 8 hex digits (`ff00ab34`), or RGB as 6; a leading `#` is allowed. */
export const uvttColorSchema = z
  .string()
  .regex(/^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'must be a colour in hex (AARRGGBB)');

/** A door, window or other opening. */
export const uvttPortalSchema = z.looseObject({
  position: uvttPointSchema,
  /** The two ends of the segment it closes. */
  bounds: z.array(uvttPointSchema).min(2, 'must hold the two ends of the door').max(16),
  /** Radians, clockwise. */
  rotation: z.number().default(0),
  closed: z.boolean().default(true),
  freestanding: z.boolean().default(false),
});

/** A light. */
export const uvttLightSchema = z.looseObject({
  position: uvttPointSchema,
  /** Radius in grid cells. */
  range: z.number().min(0).max(UNIVERSAL_VTT_LIMITS.pixels),
  intensity: z.number().min(0).max(1000).default(1),
  color: uvttColorSchema.default('ffffffff'),
  shadows: z.boolean().default(true),
});

/** The map's frame: where it starts and how big it is, in cells, and the size of a cell. */
export const uvttResolutionSchema = z.looseObject({
  /** The top-left corner of the image in the map editor's grid (usually 0, 0). */
  map_origin: uvttPointSchema.default({ x: 0, y: 0 }),
  map_size: z.looseObject({
    x: z.number().positive().max(UNIVERSAL_VTT_LIMITS.cells),
    y: z.number().positive().max(UNIVERSAL_VTT_LIMITS.cells),
  }),
  pixels_per_grid: z.number().positive().max(UNIVERSAL_VTT_LIMITS.pixelsPerGrid),
});

/** A Universal VTT file, as read (positions in grid cells, the image still in base64). */
export const universalVttSchema = z.looseObject({
  /** The format's version (0.2, 0.3, …); some exporters write it as a string. */
  format: z.union([z.number(), z.string().max(32)]).optional(),
  resolution: uvttResolutionSchema,
  line_of_sight: z.array(uvttPolylineSchema).max(UNIVERSAL_VTT_LIMITS.polylines).default([]),
  /** Format 0.3: walls around objects, apart from the map's walls. */
  objects_line_of_sight: z
    .array(uvttPolylineSchema)
    .max(UNIVERSAL_VTT_LIMITS.polylines)
    .default([]),
  portals: z.array(uvttPortalSchema).max(UNIVERSAL_VTT_LIMITS.portals).default([]),
  lights: z.array(uvttLightSchema).max(UNIVERSAL_VTT_LIMITS.lights).default([]),
  environment: z
    .looseObject({
      baked_lighting: z.boolean().default(false),
      ambient_light: uvttColorSchema.optional(),
    })
    .optional(),
  /** The map's image (PNG, JPEG or WebP), base64. */
  image: z.string().min(1, 'is empty: the file carries no image'),
});

export type UvttPoint = z.infer<typeof uvttPointSchema>;
export type UvttPortal = z.infer<typeof uvttPortalSchema>;
export type UvttLight = z.infer<typeof uvttLightSchema>;
export type UniversalVttFile = z.infer<typeof universalVttSchema>;
