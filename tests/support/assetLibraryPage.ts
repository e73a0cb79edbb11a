/**
 * Drives the asset library (apps/web/src/assets/AssetLibrary.tsx) through its `data-testid`s,
 * and makes the files the asset tests upload: real, decodable images built byte by byte (no
 * binary fixtures in the repository) and a Universal VTT map around one.
 */
import { deflateSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import { pngChunk } from './boardSamples';

/** The library's upload rows, by file name. */
export const uploadRow = (name: string) => `[data-testid=asset-upload][data-name="${name}"]`;

/** The library's tile of one asset. */
export const assetTile = (sha256: string) => `[data-testid=asset-tile][data-sha256="${sha256}"]`;

/** Chooses files in the library's file chooser, as a person picking them would. */
export async function chooseFiles(
  page: Page,
  files: readonly { name: string; buffer: Buffer; mimeType?: string }[],
): Promise<void> {
  await page.setInputFiles(
    '[data-testid=asset-upload-input]',
    files.map((file) => ({
      name: file.name,
      mimeType: file.mimeType ?? 'application/octet-stream',
      buffer: file.buffer,
    })),
  );
}

/** Waits until the upload of `name` is over, and says how it ended and what it said. */
export async function uploadOutcome(
  page: Page,
  name: string,
): Promise<{ state: string; message: string }> {
  const row = uploadRow(name);
  await page.waitForSelector(
    `${row}[data-state=done], ${row}[data-state=failed], ${row}[data-state=cancelled]`,
    { timeout: 60_000 },
  );
  return {
    state: (await page.getAttribute(row, 'data-state')) ?? '',
    message: (await page.textContent(`${row} [data-testid=asset-upload-message]`)) ?? '',
  };
}

/**
 * Slows this page's uploads to `bytesPerSecond` (Chromium's network emulation), so that a test
 * can see an upload under way; `null` lifts the limit.
 */
export async function limitUploads(
  page: Page,
  bytesPerSecond: number | null,
  session?: CDPSession,
): Promise<CDPSession> {
  const cdp = session ?? (await page.context().newCDPSession(page));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
  return cdp;
}

/**
 * The SHA-256 of the copy of an asset this page's browser keeps in the library's Cache Storage
 * (what it shows offline), or null when it keeps none.
 */
export async function keptInBrowser(page: Page, sha256: string): Promise<string | null> {
  return page.evaluate(async (sha) => {
    const cache = await caches.open('meshtable-assets-v1');
    const kept = await cache.match(`${location.origin}/assets/${sha}`);
    if (kept === undefined) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await kept.arrayBuffer()));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }, sha256);
}

/**
 * Drops files on an element, as a drag from the desktop would: a `drop` event whose
 * DataTransfer holds them, made in the page.
 */
export async function dropFiles(
  page: Page,
  selector: string,
  files: readonly { name: string; buffer: Buffer }[],
): Promise<void> {
  const transfer = await page.evaluateHandle(
    (list) => {
      const data = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], file.name));
      }
      return data;
    },
    files.map((file) => ({ name: file.name, base64: file.buffer.toString('base64') })),
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

/**
 * A `width` × `height` RGB PNG of a map-like picture: stone-coloured cells with darker mortar
 * every `cell` pixels. Stored without compression when `stored` is set, so that its size is
 * known (3 bytes a pixel): the upload tests need files of a given size.
 */
export function mapPng(width: number, height: number, cell = 50, stored = false): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const mortar = x % cell < 2 || y % cell < 2;
      const tint = ((Math.floor(x / cell) * 7 + Math.floor(y / cell) * 13) % 5) * 6;
      const at = row + 1 + x * 3;
      rows[at] = mortar ? 70 : 150 + tint;
      rows[at + 1] = mortar ? 64 : 140 + tint;
      rows[at + 2] = mortar ? 60 : 120 + tint;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: stored ? 0 : 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Universal VTT map of `cells` cells of `pixelsPerGrid`, its image `png`, with a room in it. */
export function uvttMap(
  png: Buffer,
  cells: { x: number; y: number },
  pixelsPerGrid: number,
): Buffer {
  const { x, y } = cells;
  return Buffer.from(
    JSON.stringify({
      format: 0.3,
      resolution: { map_origin: { x: 0, y: 0 }, map_size: cells, pixels_per_grid: pixelsPerGrid },
      line_of_sight: [
        [
          { x: 1, y: 1 },
          { x: x - 1, y: 1 },
          { x: x - 1, y: y - 1 },
          { x: 1, y: y - 1 },
          { x: 1, y: 1 },
        ],
      ],
      objects_line_of_sight: [],
      portals: [
        {
          position: { x: 2.5, y: 1 },
          bounds: [
            { x: 2, y: 1 },
            { x: 3, y: 1 },
          ],
          rotation: 0,
          closed: true,
          freestanding: false,
        },
      ],
      environment: { baked_lighting: true, ambient_light: 'ff404040' },
      lights: [
        { position: { x: 3, y: 3 }, range: 4, intensity: 1, color: 'ffffcc88', shadows: true },
      ],
      image: png.toString('base64'),
      software: 'meshtable e2e',
    }),
  );
}
