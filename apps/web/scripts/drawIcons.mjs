/**
 * Draws the installable app's icons into apps/web/public/ (run `node apps/web/scripts/drawIcons.mjs`
 * after changing the design; the PNGs are committed). Plain Node (zlib) rather than an image
 * library: the design is a few circles and lines, and nothing else needs one.
 *
 * The design: four table seats (dots) meshed together by lines on the app's blue, with room to
 * spare at the edges so that a "maskable" crop (the inner 80%) keeps all of it.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../public/', import.meta.url);
const BLUE = [0x2f, 0x6f, 0xdb];
const WHITE = [0xff, 0xff, 0xff];
/** The seats, as fractions of the icon's side. */
const SEATS = [
  [0.34, 0.34],
  [0.66, 0.34],
  [0.66, 0.66],
  [0.34, 0.66],
];

/** Distance from point p to the segment a–b. */
function toSegment(p, a, b) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(
    0,
    Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)),
  );
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** How much of the pixel at (x, y) (fractions) is white: the seats and the mesh between them. */
function whiteness(x, y, side) {
  const p = [x, y];
  const pixel = 1 / side;
  let best = 0;
  for (const seat of SEATS) {
    const d = Math.hypot(x - seat[0], y - seat[1]) - 0.075;
    best = Math.max(best, Math.min(1, Math.max(0, 0.5 - d / pixel)));
  }
  for (let i = 0; i < SEATS.length; i++) {
    for (let j = i + 1; j < SEATS.length; j++) {
      const d = toSegment(p, SEATS[i], SEATS[j]) - 0.018;
      best = Math.max(best, Math.min(1, Math.max(0, 0.5 - d / pixel)));
    }
  }
  return best;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGB) of the icon, `side` pixels square. */
function png(side) {
  const rows = Buffer.alloc(side * (1 + side * 3));
  for (let y = 0; y < side; y++) {
    const row = y * (1 + side * 3);
    rows[row] = 0; // no filter
    for (let x = 0; x < side; x++) {
      const w = whiteness((x + 0.5) / side, (y + 0.5) / side, side);
      for (let c = 0; c < 3; c++) {
        rows[row + 1 + x * 3 + c] = Math.round(BLUE[c] * (1 - w) + WHITE[c] * w);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const at = (v) => Math.round(v * 512);
  const lines = [];
  for (let i = 0; i < SEATS.length; i++) {
    for (let j = i + 1; j < SEATS.length; j++) {
      const [a, b] = [SEATS[i], SEATS[j]];
      lines.push(`<line x1="${at(a[0])}" y1="${at(a[1])}" x2="${at(b[0])}" y2="${at(b[1])}"/>`);
    }
  }
  const dots = SEATS.map(([x, y]) => `<circle cx="${at(x)}" cy="${at(y)}" r="${at(0.075)}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" aria-labelledby="title">
<title id="title">Meshtable</title>
<rect width="512" height="512" fill="#2f6fdb"/>
<g stroke="#fff" stroke-width="${at(0.036)}" stroke-linecap="round">${lines.join('')}</g>
<g fill="#fff">${dots.join('')}</g>
</svg>
`;
}

for (const side of [192, 512]) writeFileSync(new URL(`icon-${side}.png`, OUT), png(side));
writeFileSync(new URL('apple-touch-icon.png', OUT), png(180));
writeFileSync(new URL('icon.svg', OUT), svg());
