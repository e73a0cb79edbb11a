/**
 * Tiny but valid files of every asset type the relay accepts, built byte by byte (no binary
 * fixtures in the repository): each one decodes in Chromium (checked when this file was written)
 * and is recognised by `file(1)`.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** The SHA-256 of bytes, in lowercase hex: an asset's name. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const u16le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

const CRC32_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG uses it (reflected, polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC32_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** A 1×1 red PNG (RGBA). */
export function samplePng(): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An 8×8 grey baseline JPEG: one quantisation table of ones, Huffman tables with a single code
 * each (DC difference 0, end of block), and one block whose data is those two codes.
 */
export function sampleJpeg(): Buffer {
  const segment = (marker: number, data: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), u16be(data.length + 2), data]);
  const oneCodeTable = (tableClass: number) =>
    Buffer.concat([Buffer.from([tableClass << 4, 1]), Buffer.alloc(15), Buffer.from([0])]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    segment(0xc4, oneCodeTable(0)),
    segment(0xc4, oneCodeTable(1)),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    // "0" (DC: no difference) then "0" (AC: end of block), padded with ones.
    Buffer.from([0x3f]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function u16be(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}

/** A 1×1 GIF89a with a two-colour palette. */
export function sampleGif(): Buffer {
  return Buffer.concat([
    Buffer.from('GIF89a', 'ascii'),
    Buffer.from([1, 0, 1, 0, 0x80, 0, 0]),
    Buffer.from([0xff, 0, 0, 0, 0, 0]),
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]),
    // LZW minimum code size 2; codes clear (4), index 0, end (5), packed into 0x44 0x01.
    Buffer.from([2, 2, 0x44, 0x01, 0]),
    Buffer.from([0x3b]),
  ]);
}

/** Writes bits least significant first, as VP8L reads them. */
class BitWriter {
  private readonly bytes: number[] = [];
  private bit = 0;
  write(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      if (this.bit % 8 === 0) this.bytes.push(0);
      if ((value >> i) & 1) {
        const last = this.bytes.length - 1;
        this.bytes[last] = (this.bytes[last] as number) | (1 << (this.bit % 8));
      }
      this.bit++;
    }
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/**
 * A 1×1 lossless WebP: a VP8L stream without transforms or colour cache whose five prefix codes
 * each hold a single symbol (green 0, red 255, blue 0, alpha 255, distance 0), so the one pixel
 * takes no bits at all.
 */
export function sampleWebp(): Buffer {
  const bits = new BitWriter()
    .write(0x2f, 8)
    .write(0, 14) // width - 1
    .write(0, 14) // height - 1
    .write(0, 1) // alpha is used
    .write(0, 3) // version
    .write(0, 1) // no transform
    .write(0, 1) // no colour cache
    .write(0, 1); // no meta prefix codes
  for (const symbol of [0, 255, 0, 255]) bits.write(1, 1).write(0, 1).write(1, 1).write(symbol, 8);
  bits.write(1, 1).write(0, 1).write(0, 1).write(0, 1);
  let data = bits.toBuffer();
  const size = data.length;
  if (data.length % 2 === 1) data = Buffer.concat([data, Buffer.from([0])]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'ascii'), u32le(size), data]);
  return Buffer.concat([
    Buffer.from('RIFF', 'ascii'),
    u32le(4 + chunk.length),
    Buffer.from('WEBP', 'ascii'),
    chunk,
  ]);
}

/**
 * Two MPEG-1 Layer III frames of silence (128 kbit/s, 44.1 kHz, joint stereo: 417 bytes each,
 * side information all zero), optionally behind an ID3v2.4 tag with a title.
 */
export function sampleMp3(withId3 = false): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  const frames = Buffer.concat([frame, frame]);
  if (!withId3) return frames;
  const title = Buffer.concat([Buffer.from([3]), Buffer.from('Test', 'utf8')]);
  const titleFrame = Buffer.concat([
    Buffer.from('TIT2', 'ascii'),
    Buffer.from([0, 0, 0, title.length, 0, 0]),
    title,
  ]);
  return Buffer.concat([
    Buffer.from('ID3', 'ascii'),
    Buffer.from([4, 0, 0, 0, 0, 0, titleFrame.length]),
    titleFrame,
    frames,
  ]);
}

/**
 * A mono 8-bit PCM WAV at 8 kHz. The samples are `samples` bytes derived from `seed`, so that
 * tests can make as many different assets of a chosen size as they need.
 */
export function sampleWav(samples = 8, seed = 0): Buffer {
  const data = Buffer.alloc(samples);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < samples; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  const format = Buffer.concat([u16le(1), u16le(1), u32le(8000), u32le(8000), u16le(1), u16le(8)]);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'ascii'),
    Buffer.from('fmt ', 'ascii'),
    u32le(format.length),
    format,
    Buffer.from('data', 'ascii'),
    u32le(data.length),
    data,
    Buffer.alloc(data.length % 2),
  ]);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), u32le(body.length), body]);
}

const OGG_CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  return c >>> 0;
});

function oggPage(headerType: number, granule: number, sequence: number, packet: Buffer): Buffer {
  const lacing: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    lacing.push(255);
    left -= 255;
  }
  lacing.push(left);
  const granuleBytes = Buffer.alloc(8);
  granuleBytes.writeBigUInt64LE(BigInt(granule));
  const page = Buffer.concat([
    Buffer.from('OggS', 'ascii'),
    Buffer.from([0, headerType]),
    granuleBytes,
    u32le(0x4d455348), // stream serial number
    u32le(sequence),
    u32le(0), // CRC, filled in below
    Buffer.from([lacing.length, ...lacing]),
    packet,
  ]);
  let crc = 0;
  for (const byte of page) {
    crc = ((crc << 8) ^ (OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
  }
  page.writeUInt32LE(crc, 22);
  return page;
}

/** An Ogg Opus stream: the two header packets and one 20 ms packet of silence (a DTX frame). */
export function sampleOgg(): Buffer {
  const head = Buffer.concat([
    Buffer.from('OpusHead', 'ascii'),
    Buffer.from([1, 1]),
    u16le(312),
    u32le(48000),
    u16le(0),
    Buffer.from([0]),
  ]);
  const tags = Buffer.concat([
    Buffer.from('OpusTags', 'ascii'),
    u32le(9),
    Buffer.from('meshtable', 'ascii'),
    u32le(0),
  ]);
  return Buffer.concat([
    oggPage(0x02, 0, 0, head),
    oggPage(0x00, 0, 1, tags),
    oggPage(0x04, 960, 2, Buffer.from([0xf8])),
  ]);
}

/** A minimal Universal VTT map: a JSON object as Dungeondraft writes them, with a tiny image. */
export function sampleUvtt(): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 0.3,
      resolution: { map_origin: { x: 0, y: 0 }, map_size: { x: 1, y: 1 }, pixels_per_grid: 70 },
      line_of_sight: [
        [
          { x: 0, y: 0 },
          { x: 1, y: 0 },
        ],
      ],
      portals: [],
      lights: [],
      environment: { baked_lighting: true, ambient_light: 'ffffffff' },
      image: samplePng().toString('base64'),
    }),
  );
}
