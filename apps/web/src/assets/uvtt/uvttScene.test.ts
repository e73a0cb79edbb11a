import { parseUniversalVtt, sceneGeometrySchema, sceneSchema } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { SAMPLE_HEADS } from '../testing/fakeAssetSession';
import { fromArgb, geometryFromUniversalVtt, sceneFromUniversalVtt } from './uvttScene';

const image = btoa(String.fromCharCode(...SAMPLE_HEADS.png));
const BG = 'b'.repeat(64);
const WALLS = 'c'.repeat(64);

/** A 6 × 4 cell map of 70 px cells whose image starts half a cell into the editor's grid. */
const map = parseUniversalVtt(
  JSON.stringify({
    format: 0.3,
    resolution: { map_origin: { x: 0.5, y: 1 }, map_size: { x: 6, y: 4 }, pixels_per_grid: 70 },
    line_of_sight: [
      [
        { x: 0.5, y: 1 },
        { x: 6.5, y: 1 },
        { x: 6.5, y: 5 },
      ],
    ],
    objects_line_of_sight: [
      [
        { x: 2, y: 2 },
        { x: 2.25, y: 2.125 },
      ],
    ],
    portals: [
      {
        position: { x: 3.5, y: 1 },
        bounds: [
          { x: 3, y: 1 },
          { x: 4, y: 1 },
        ],
        rotation: Math.PI,
        closed: false,
        freestanding: true,
      },
    ],
    lights: [{ position: { x: 1.5, y: 2 }, range: 4, intensity: 0.5, color: '80ff8800' }],
    environment: { baked_lighting: false, ambient_light: 'ff202020' },
    image,
  }),
);

describe('a Universal VTT map as a scene', () => {
  it('is the map’s size in pixels, with a square grid of its cell laid where the editor’s was', () => {
    const scene = sceneFromUniversalVtt(map, {
      id: 's1',
      name: 'Crypt',
      order: 3,
      background: BG,
      geometry: WALLS,
    });
    expect(scene).toEqual({
      id: 's1',
      name: 'Crypt',
      order: 3,
      width: 420,
      height: 280,
      background: BG,
      geometry: WALLS,
      grid: {
        type: 'square',
        size: 70,
        offsetX: 35,
        offsetY: 0,
        color: '#000000',
        distance: 5,
        units: 'ft',
      },
    });
    expect(sceneSchema.safeParse(scene).success).toBe(true);
    const plain = sceneFromUniversalVtt(map, {
      id: 's2',
      name: 'Plain',
      order: 0,
      background: BG,
      geometry: null,
      grid: { units: 'm', distance: 1.5 },
    });
    expect(plain).not.toHaveProperty('geometry');
    expect(plain.grid).toMatchObject({ units: 'm', distance: 1.5, size: 70 });
  });

  it('keeps walls, doors and lights in scene pixels from the image’s corner', () => {
    const geometry = geometryFromUniversalVtt(map);
    expect(geometry).toEqual({
      format: 'meshtable/scene-geometry',
      v: 1,
      width: 420,
      height: 280,
      walls: [[0, 0, 420, 0, 420, 280]],
      objectWalls: [[105, 70, 122.5, 78.75]],
      doors: [
        {
          x: 210,
          y: 0,
          x1: 175,
          y1: 0,
          x2: 245,
          y2: 0,
          rotation: 180,
          closed: false,
          freestanding: true,
        },
      ],
      lights: [
        { x: 70, y: 70, range: 280, intensity: 0.5, color: '#ff8800', alpha: 0.5, shadows: true },
      ],
      bakedLighting: false,
      ambientLight: '#202020',
    });
    expect(sceneGeometrySchema.safeParse(geometry).success).toBe(true);
  });

  it('keeps no geometry for a map without walls, doors or lights', () => {
    const plain = parseUniversalVtt(
      JSON.stringify({ resolution: { map_size: { x: 1, y: 1 }, pixels_per_grid: 50 }, image }),
    );
    expect(geometryFromUniversalVtt(plain)).toBeNull();
  });

  it('reads ARGB colours, and RGB ones', () => {
    expect(fromArgb('ffeccd8b')).toEqual({ color: '#eccd8b', alpha: 1 });
    expect(fromArgb('#00FFFFFF')).toEqual({ color: '#ffffff', alpha: 0 });
    expect(fromArgb('123abc')).toEqual({ color: '#123abc', alpha: 1 });
  });
});
