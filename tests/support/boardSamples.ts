/**
 * Images for the campaign board's tests, made byte by byte (no binary fixtures in the
 * repository): a small map that looks like a dungeon floor when stretched over a scene, so a
 * screenshot shows the background under the grid.
 */
import { deflateSync } from 'node:zlib';

const CRC32_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC32_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: its length, type, data and CRC-32 (also for assetLibraryPage.ts's PNGs). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of `width` × `height` whose pixels `colour(x, y)` gives. */
export function rgbPng(
  width: number,
  height: number,
  colour: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) rows.set(colour(x, y), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A dungeon map of `cells` × `rows` flagstones of `pixels` pixels: grey stones with a little
 * seeded variation, a dark wall round the edge and a room's wall with a door.
 */
export function sampleMapPng(cells: number, rows: number, pixels = 8): Buffer {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const shade = Array.from({ length: cells * rows }, () => Math.round(next() * 24));
  return rgbPng(cells * pixels, rows * pixels, (x, y) => {
    const cx = Math.floor(x / pixels);
    const cy = Math.floor(y / pixels);
    const wall =
      cx === 0 || cy === 0 || cx === cells - 1 || cy === rows - 1 || (cx === 12 && cy !== 7);
    if (wall) return [58, 52, 48];
    const seam = x % pixels === 0 || y % pixels === 0;
    const base = 150 + (shade[cy * cells + cx] as number) - (seam ? 30 : 0);
    return [base, base - 6, base - 16];
  });
}

/** A token portrait of `size` pixels: a teal disc with a lighter rim and a dark eye band. */
export function samplePortraitPng(size = 64): Buffer {
  const c = (size - 1) / 2;
  return rgbPng(size, size, (x, y) => {
    const d = Math.hypot(x - c, y - c) / c;
    if (d > 1) return [30, 30, 30];
    if (d > 0.85) return [120, 200, 190];
    if (Math.abs(y - c * 0.8) < size * 0.06) return [20, 40, 40];
    const shade = Math.round(150 - 60 * d);
    return [20, shade, shade - 10];
  });
}
