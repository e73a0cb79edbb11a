import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUniversalVtt } from './parseUniversalVtt';
import { UniversalVttError, type UniversalVttErrorCode } from './UniversalVttError';

/** The first bytes of a PNG (signature and IHDR): all the parser reads of an image. */
const PNG_HEAD = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  0, 0, 0, 1, 8, 6, 0, 0, 0,
];
const base64 = (bytes: readonly number[] | Uint8Array) => btoa(String.fromCharCode(...bytes));
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** A small but complete map: 4 × 3 cells of 100 px, a room's walls, a door, a light. */
function sampleMap(): Record<string, unknown> {
  return {
    format: 0.3,
    resolution: {
      map_origin: { x: 0, y: 0 },
      map_size: { x: 4, y: 3 },
      pixels_per_grid: 100,
    },
    line_of_sight: [
      [
        { x: 0, y: 0 },
        { x: 4, y: 0 },
        { x: 4, y: 3 },
      ],
      [{ x: 1, y: 1 }],
    ],
    objects_line_of_sight: [
      [
        { x: 2, y: 2 },
        { x: 2.5, y: 2 },
      ],
    ],
    portals: [
      {
        position: { x: 2, y: 3 },
        bounds: [
          { x: 1.5, y: 3 },
          { x: 2.5, y: 3 },
        ],
        rotation: Math.PI / 2,
        closed: true,
        freestanding: false,
      },
    ],
    environment: { baked_lighting: true, ambient_light: 'ff808080' },
    lights: [
      {
        position: { x: 1, y: 1 },
        range: 3,
        intensity: 0.8,
        color: 'ffeccd8b',
        shadows: true,
      },
    ],
    image: base64(PNG_HEAD),
    software: 'a map editor',
  };
}

const parse = (map: unknown) => parseUniversalVtt(JSON.stringify(map));

function failure(run: () => unknown): UniversalVttError {
  try {
    run();
  } catch (error) {
    if (error instanceof UniversalVttError) return error;
    throw error;
  }
  throw new Error('expected a UniversalVttError');
}

function expectRefusal(map: unknown, code: UniversalVttErrorCode, message: RegExp): void {
  const error = failure(() => (typeof map === 'string' ? parseUniversalVtt(map) : parse(map)));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

describe('parseUniversalVtt', () => {
  it('reads the grid, walls, doors, lights and image of a map', () => {
    const map = parse(sampleMap());
    expect(map).toMatchObject({
      format: '0.3',
      origin: { x: 0, y: 0 },
      cells: { x: 4, y: 3 },
      pixelsPerGrid: 100,
      width: 400,
      height: 300,
      bakedLighting: true,
      ambientLight: 'ff808080',
    });
    // The one-point polyline blocks nothing and is dropped.
    expect(map.walls).toHaveLength(1);
    expect(map.walls[0]).toHaveLength(3);
    expect(map.objectWalls).toHaveLength(1);
    expect(map.portals[0]).toMatchObject({ closed: true, rotation: Math.PI / 2 });
    expect(map.lights[0]).toMatchObject({ range: 3, intensity: 0.8, color: 'ffeccd8b' });
    expect(map.image.type).toBe('png');
    expect([...map.image.bytes]).toEqual(PNG_HEAD);
  });

  it('takes what exporters leave out, and what some write differently', () => {
    const map = sampleMap();
    for (const key of ['format', 'line_of_sight', 'objects_line_of_sight', 'environment']) {
      delete map[key];
    }
    map.portals = [
      {
        position: { x: 0, y: 0 },
        bounds: [
          { x: 0, y: 0 },
          { x: 1, y: 0 },
        ],
      },
    ];
    map.lights = [{ position: { x: 0, y: 0 }, range: 2 }];
    // A data: URL, line breaks and no padding, as some tools write base64.
    const body = base64([...PNG_HEAD, 1]).replace(/=+$/, '');
    map.image = `data:image/png;base64,${body.slice(0, 10)}\r\n${body.slice(10)}`;
    const read = parse(map);
    expect(read.format).toBeNull();
    expect(read.walls).toEqual([]);
    expect(read.portals[0]).toMatchObject({ rotation: 0, closed: true, freestanding: false });
    expect(read.lights[0]).toMatchObject({ intensity: 1, color: 'ffffffff', shadows: true });
    expect([...read.image.bytes]).toEqual([...PNG_HEAD, 1]);
    expect(parse({ ...sampleMap(), format: '1.0' }).format).toBe('1.0');
  });

  it('refuses a file that is not a JSON object', () => {
    expectRefusal('PNG…', 'UVTT_NOT_JSON', /not JSON/);
    expectRefusal('{"resolution": ', 'UVTT_NOT_JSON', /not JSON/);
    expectRefusal('[1, 2]', 'UVTT_NOT_JSON', /not an object/);
    expectRefusal('null', 'UVTT_NOT_JSON', /not an object/);
  });

  it('names a missing field', () => {
    const noResolution = sampleMap();
    delete noResolution.resolution;
    expectRefusal(noResolution, 'UVTT_INVALID', /resolution is missing/);
    const noGrid = sampleMap();
    delete (noGrid.resolution as Record<string, unknown>).pixels_per_grid;
    expectRefusal(noGrid, 'UVTT_INVALID', /resolution\.pixels_per_grid is missing/);
    const noImage = sampleMap();
    delete noImage.image;
    expectRefusal(noImage, 'UVTT_INVALID', /image is missing/);
    expectRefusal({ ...sampleMap(), image: '' }, 'UVTT_INVALID', /image: .*carries no image/);
  });

  it('names a field of the wrong type, down to the item', () => {
    const grid = sampleMap();
    (grid.resolution as Record<string, unknown>).pixels_per_grid = '100';
    expectRefusal(grid, 'UVTT_INVALID', /resolution\.pixels_per_grid: expected number/);
    const door = sampleMap();
    (door.portals as Record<string, unknown>[])[0] = { position: { x: 0, y: 0 }, closed: 'yes' };
    expectRefusal(door, 'UVTT_INVALID', /portals\[0\]\.bounds is missing/);
    expectRefusal(door, 'UVTT_INVALID', /portals\[0\]\.closed: expected boolean/);
    const wall = sampleMap();
    wall.line_of_sight = [
      [
        { x: 0, y: 0 },
        { x: 'one', y: 0 },
      ],
    ];
    expectRefusal(wall, 'UVTT_INVALID', /line_of_sight\[0\]\[1\]\.x: expected number/);
    expectRefusal({ ...sampleMap(), lights: {} }, 'UVTT_INVALID', /lights: expected array/);
    const colour = sampleMap();
    (colour.lights as Record<string, unknown>[])[0] = {
      position: { x: 0, y: 0 },
      range: 1,
      color: 'red',
    };
    expectRefusal(colour, 'UVTT_INVALID', /lights\[0\]\.color: must be a colour/);
    const size = sampleMap();
    (size.resolution as Record<string, unknown>).map_size = { x: 0, y: 3 };
    expectRefusal(size, 'UVTT_INVALID', /resolution\.map_size\.x/);
  });

  it('refuses huge counts before reading them', () => {
    const point = { x: 0, y: 0 };
    const walls = sampleMap();
    walls.line_of_sight = Array.from({ length: 20_000 }, () => [point, point]);
    // Object walls count too: the sample has one.
    expectRefusal(walls, 'UVTT_TOO_MANY', /20,001 walls; an import takes at most 20,000/);
    const points = sampleMap();
    points.objects_line_of_sight = Array.from({ length: 3 }, () => Array(70_000).fill(point));
    expectRefusal(points, 'UVTT_TOO_MANY', /210,004 wall points/);
    const doors = sampleMap();
    doors.portals = Array(5_001).fill(null);
    expectRefusal(doors, 'UVTT_TOO_MANY', /5,001 doors/);
    const lights = sampleMap();
    lights.lights = Array(5_001).fill(null);
    expectRefusal(lights, 'UVTT_TOO_MANY', /5,001 lights/);
  });

  it('refuses a map larger than a scene can be', () => {
    const map = sampleMap();
    map.resolution = { map_size: { x: 500, y: 10 }, pixels_per_grid: 256 };
    expectRefusal(map, 'UVTT_MAP_TOO_LARGE', /128000 × 2560 pixels/);
  });

  it('refuses an image that is not base64', () => {
    expectRefusal({ ...sampleMap(), image: 'iVBORw0K*GgoAAAA' }, 'UVTT_IMAGE_BASE64', /"\*"/);
    expectRefusal({ ...sampleMap(), image: 'iVBORw0KG' }, 'UVTT_IMAGE_BASE64', /length/);
    expectRefusal({ ...sampleMap(), image: 'iVBORw==AAAA' }, 'UVTT_IMAGE_BASE64', /"="/);
  });

  it('refuses an image that is not a PNG, JPEG or WebP', () => {
    const gif = base64(ascii('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000'));
    expectRefusal(
      { ...sampleMap(), image: gif },
      'UVTT_IMAGE_TYPE',
      /is a GIF; .*PNG, JPEG or WebP/,
    );
    const svg = base64(ascii('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'));
    expectRefusal({ ...sampleMap(), image: svg }, 'UVTT_IMAGE_TYPE', /is not an image/);
    const jpeg = base64([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1, 1]);
    expect(parse({ ...sampleMap(), image: jpeg }).image.type).toBe('jpeg');
    const webp = base64([...ascii('RIFF'), 4, 0, 0, 0, ...ascii('WEBPVP8L')]);
    expect(parse({ ...sampleMap(), image: webp }).image.type).toBe('webp');
  });

  it('refuses an image over the size cap before decoding it', () => {
    const image = base64(new Uint8Array([...PNG_HEAD, ...new Uint8Array(3000)]));
    const error = failure(() =>
      parseUniversalVtt(JSON.stringify({ ...sampleMap(), image }), { maxImageBytes: 1024 }),
    );
    expect(error.code).toBe('UVTT_IMAGE_TOO_LARGE');
    expect(error.message).toMatch(/up to 0\.0 MiB/);
  });

  it('never fails other than with a UniversalVttError, whatever the JSON', () => {
    const field = fc.constantFrom(
      'resolution',
      'line_of_sight',
      'portals',
      'lights',
      'image',
      'environment',
      'format',
    );
    fc.assert(
      fc.property(fc.jsonValue(), field, fc.jsonValue(), (whole, key, value) => {
        for (const input of [whole, { ...sampleMap(), [key]: value }]) {
          try {
            parse(input);
          } catch (error) {
            if (!(error instanceof UniversalVttError)) throw error;
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
