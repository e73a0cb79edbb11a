/**
 * Reads a Universal VTT map (.dd2vtt, .uvtt) from its text: the JSON checked against
 * universalVttSchema.ts within UNIVERSAL_VTT_LIMITS, and its image decoded and recognised by its
 * bytes. Every way a file can be broken ends in a {@link UniversalVttError} whose message says
 * what is wrong in words the person importing it can act on; nothing half-read comes out.
 */
import { DEFAULT_MAX_ASSET_BYTES, sniffAssetType } from '../assets/assetTypes';
import { base64DecodedLength, decodeBase64Body, normalizeBase64 } from './base64';
import { UniversalVttError } from './UniversalVttError';
import {
  UNIVERSAL_VTT_LIMITS,
  type UvttLight,
  type UvttPoint,
  type UvttPortal,
  universalVttSchema,
} from './universalVttSchema';

/** The image types a map may embed: those every browser draws and the relay stores. */
export type UniversalVttImageType = 'png' | 'jpeg' | 'webp';

/** A Universal VTT map as read: positions still in grid cells, the image as bytes. */
export interface UniversalVttMap {
  /** The format version the file names, as text; null when it names none. */
  readonly format: string | null;
  /** The image's top-left corner in the map editor's grid, in cells. */
  readonly origin: UvttPoint;
  /** The map's size in cells. */
  readonly cells: { readonly x: number; readonly y: number };
  readonly pixelsPerGrid: number;
  /** The map's size in pixels: cells × pixels per cell. */
  readonly width: number;
  readonly height: number;
  /** Wall polylines of two points or more (single points, which block nothing, are dropped). */
  readonly walls: readonly (readonly UvttPoint[])[];
  readonly objectWalls: readonly (readonly UvttPoint[])[];
  readonly portals: readonly UvttPortal[];
  readonly lights: readonly UvttLight[];
  readonly bakedLighting: boolean;
  /** The ambient light as the file gives it (AARRGGBB), or null. */
  readonly ambientLight: string | null;
  readonly image: { readonly bytes: Uint8Array<ArrayBuffer>; readonly type: UniversalVttImageType };
}

/** Options of {@link parseUniversalVtt}. */
export interface ParseUniversalVttOptions {
  /** The largest image accepted, bytes; default: the relay's default cap for an asset. */
  readonly maxImageBytes?: number;
}

/**
 * Reads a Universal VTT map.
 * @param text the file's text (its size checked against MAX_UNIVERSAL_VTT_BYTES by the caller,
 *   before it was read)
 * @throws UniversalVttError `UVTT_NOT_JSON`, `UVTT_INVALID`, `UVTT_TOO_MANY`,
 *   `UVTT_MAP_TOO_LARGE`, `UVTT_IMAGE_BASE64`, `UVTT_IMAGE_TYPE`, `UVTT_IMAGE_TOO_LARGE`
 * @example
 * ```ts
 * const map = parseUniversalVtt(await file.text());
 * map.width; // 30 cells × 256 px = 7680
 * map.image.type; // 'png'
 * ```
 */
export function parseUniversalVtt(
  text: string,
  options: ParseUniversalVttOptions = {},
): UniversalVttMap {
  const raw = readJson(text);
  checkCounts(raw);
  const checked = universalVttSchema.safeParse(raw);
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 3).map((issue) => describeIssue(raw, issue));
    throw new UniversalVttError(
      'UVTT_INVALID',
      `This is not a Universal VTT map that can be read: ${problems.join('; ')}.`,
    );
  }
  const file = checked.data;
  const { map_origin: origin, map_size: cells, pixels_per_grid: pixelsPerGrid } = file.resolution;
  const width = Math.round(cells.x * pixelsPerGrid);
  const height = Math.round(cells.y * pixelsPerGrid);
  if (width > UNIVERSAL_VTT_LIMITS.pixels || height > UNIVERSAL_VTT_LIMITS.pixels || width < 1) {
    throw new UniversalVttError(
      'UVTT_MAP_TOO_LARGE',
      `The map is ${width} × ${height} pixels (${cells.x} × ${cells.y} cells of ${pixelsPerGrid} pixels); a scene can be at most ${UNIVERSAL_VTT_LIMITS.pixels} pixels across. Export it with fewer pixels per cell.`,
    );
  }
  const image = readImage(file.image, options.maxImageBytes ?? DEFAULT_MAX_ASSET_BYTES);
  const lines = (polylines: readonly UvttPoint[][]) =>
    polylines.filter((polyline) => polyline.length >= 2);
  return {
    format: file.format === undefined ? null : String(file.format),
    origin: { x: origin.x, y: origin.y },
    cells: { x: cells.x, y: cells.y },
    pixelsPerGrid,
    width,
    height,
    walls: lines(file.line_of_sight),
    objectWalls: lines(file.objects_line_of_sight),
    portals: file.portals,
    lights: file.lights,
    bakedLighting: file.environment?.baked_lighting ?? false,
    ambientLight: file.environment?.ambient_light ?? null,
    image,
  };
}

function readJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UniversalVttError(
      'UVTT_NOT_JSON',
      `This file is not a Universal VTT map: it is not JSON (${(error as Error).message}). Export the map again as Universal VTT (.dd2vtt or .uvtt).`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UniversalVttError(
      'UVTT_NOT_JSON',
      'This file is not a Universal VTT map: its JSON is not an object.',
    );
  }
  return parsed as Record<string, unknown>;
}

/** Refuses huge counts before the schema walks every item of them. */
function checkCounts(raw: Record<string, unknown>): void {
  const tooMany = (what: string, count: number, limit: number) =>
    new UniversalVttError(
      'UVTT_TOO_MANY',
      `The map has ${count.toLocaleString('en')} ${what}; an import takes at most ${limit.toLocaleString('en')}.`,
    );
  const arrayOf = (key: string): readonly unknown[] => {
    const value = raw[key];
    return Array.isArray(value) ? value : [];
  };
  const polylines = [...arrayOf('line_of_sight'), ...arrayOf('objects_line_of_sight')];
  if (polylines.length > UNIVERSAL_VTT_LIMITS.polylines) {
    throw tooMany('walls', polylines.length, UNIVERSAL_VTT_LIMITS.polylines);
  }
  let points = 0;
  for (const polyline of polylines) if (Array.isArray(polyline)) points += polyline.length;
  if (points > UNIVERSAL_VTT_LIMITS.points) {
    throw tooMany('wall points', points, UNIVERSAL_VTT_LIMITS.points);
  }
  const portals = arrayOf('portals').length;
  if (portals > UNIVERSAL_VTT_LIMITS.portals) {
    throw tooMany('doors', portals, UNIVERSAL_VTT_LIMITS.portals);
  }
  const lights = arrayOf('lights').length;
  if (lights > UNIVERSAL_VTT_LIMITS.lights) {
    throw tooMany('lights', lights, UNIVERSAL_VTT_LIMITS.lights);
  }
}

/** A zod issue as `resolution.pixels_per_grid is missing`, naming the field as the file does. */
function describeIssue(
  raw: unknown,
  issue: { readonly path: readonly PropertyKey[]; readonly message: string },
): string {
  const path = issue.path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
  const where = path === '' ? 'the file' : path;
  let value: unknown = raw;
  for (const key of issue.path) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined;
  }
  if (value === undefined) return `${where} is missing`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function readImage(
  text: string,
  maxBytes: number,
): { bytes: Uint8Array<ArrayBuffer>; type: UniversalVttImageType } {
  const normalized = normalizeBase64(text);
  if ('problem' in normalized) {
    throw new UniversalVttError(
      'UVTT_IMAGE_BASE64',
      `The map's image is damaged: its base64 is not valid (${normalized.problem}). Export the map again.`,
    );
  }
  const size = base64DecodedLength(normalized.body.length);
  if (size > maxBytes) {
    throw new UniversalVttError(
      'UVTT_IMAGE_TOO_LARGE',
      `The map's image is ${formatMiB(size)}; the relay stores images of up to ${formatMiB(maxBytes)}. Export the map with fewer pixels per cell, or as WebP or JPEG.`,
    );
  }
  const bytes = decodeBase64Body(normalized.body);
  const sniffed = sniffAssetType(bytes.subarray(0, 64), true);
  if (sniffed.kind !== 'type' || !isMapImageType(sniffed.type)) {
    const what = sniffed.kind === 'type' ? `a ${sniffed.type.toUpperCase()}` : 'not an image';
    throw new UniversalVttError(
      'UVTT_IMAGE_TYPE',
      `The map's image is ${what}; a map's image must be PNG, JPEG or WebP. Export the map again in one of those.`,
    );
  }
  return { bytes, type: sniffed.type };
}

function isMapImageType(type: string): type is UniversalVttImageType {
  return type === 'png' || type === 'jpeg' || type === 'webp';
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
