/**
 * Drives the files of the campaign board (apps/web/src/board/files): images and maps dropped on
 * the map as files dragged from the desktop would be, the image pickers of the scene and token
 * panels, and what an image on the board shows, read back pixel by pixel (the board shows
 * assets from `blob:` URLs of the asset cache, which the page's policy lets no fetch read).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { assetTile, chooseFiles, uploadOutcome } from './assetLibraryPage';
import { sha256Hex } from './assetSamples';
import type { ScenePoint } from './campaignBoardPage';

/** A file as the tests make them. */
export interface TestFile {
  readonly name: string;
  readonly buffer: Buffer;
}

/** The board's upload row of a file, by name. */
export const boardUpload = (name: string) => `[data-testid=board-upload][data-name="${name}"]`;

/** Where a scene point is on the page's screen. */
async function screenPoint(page: Page, point: ScenePoint): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(({ x, y }) => window.__meshtableBoard?.pageToScreen(x, y), point);
  if (at === undefined) throw new Error('no board on the page');
  return at;
}

/** A DataTransfer in the page holding the files. */
function transferOf(page: Page, files: readonly TestFile[]) {
  return page.evaluateHandle(
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
}

/**
 * Drops files on the board's canvas at a scene point: `dragover` then `drop`, as a drag from the
 * desktop ends (with Shift held when `shiftKey`).
 */
export async function dropOnBoard(
  page: Page,
  point: ScenePoint,
  files: readonly TestFile[],
  options: { readonly shiftKey?: boolean } = {},
): Promise<void> {
  const { x, y } = await screenPoint(page, point);
  const dataTransfer = await transferOf(page, files);
  const init = { dataTransfer, clientX: x, clientY: y, shiftKey: options.shiftKey === true };
  await page.dispatchEvent('.tl-canvas', 'dragover', init);
  await page.dispatchEvent('.tl-canvas', 'drop', init);
}

/**
 * Holds files over the board at a scene point (a `dragover` every 50 ms, as a browser sends
 * them) until the returned function is called: the drop hint stays up to be looked at.
 */
export async function hoverOverBoard(
  page: Page,
  point: ScenePoint,
  files: readonly TestFile[],
  options: { readonly shiftKey?: boolean } = {},
): Promise<() => Promise<void>> {
  const { x, y } = await screenPoint(page, point);
  const dataTransfer = await transferOf(page, files);
  await page.evaluate(
    ({ transfer, x, y, shiftKey }) => {
      const canvas = document.querySelector('.tl-canvas');
      const send = () =>
        canvas?.dispatchEvent(
          new DragEvent('dragover', {
            bubbles: true,
            cancelable: true,
            dataTransfer: transfer,
            clientX: x,
            clientY: y,
            shiftKey,
          }),
        );
      send();
      (window as unknown as { __hovering: number }).__hovering = window.setInterval(send, 50);
    },
    { transfer: dataTransfer, x, y, shiftKey: options.shiftKey === true },
  );
  return () =>
    page.evaluate(() =>
      window.clearInterval((window as unknown as { __hovering: number }).__hovering),
    );
}

/** Waits until the board's upload of `name` is over; says how it ended and what it said. */
export async function boardUploadOutcome(
  page: Page,
  name: string,
): Promise<{ state: string; message: string }> {
  const row = boardUpload(name);
  await page.waitForSelector(
    `${row}[data-state=done], ${row}[data-state=failed], ${row}[data-state=cancelled]`,
    { timeout: 60_000 },
  );
  return {
    state: (await page.getAttribute(row, 'data-state')) ?? '',
    message: (await page.textContent(`${row} [data-testid=board-upload-message]`)) ?? '',
  };
}

/**
 * Picks an image of the library with a picker of the scene or token panel (`scene-background`,
 * `token-image`): "Choose image…", then the image's tile in the dialog. With `upload`, the file
 * is first uploaded in the dialog's own library; with `screenshot`, the dialog is taken there
 * once the image's thumbnail shows.
 */
export async function pickImage(
  page: Page,
  picker: string,
  sha256: string,
  options: { readonly upload?: TestFile; readonly screenshot?: string } = {},
): Promise<void> {
  await page.click(`[data-testid=${picker}] [data-testid=${picker}-choose]`);
  const dialog = '[data-testid=asset-picker-dialog]';
  await page.waitForSelector(dialog);
  const { upload, screenshot } = options;
  if (upload !== undefined) {
    await page.setInputFiles(`${dialog} [data-testid=asset-upload-input]`, {
      name: upload.name,
      mimeType: 'image/png',
      buffer: upload.buffer,
    });
  }
  if (screenshot !== undefined) {
    await page.waitForSelector(`${dialog} ${assetTile(sha256)} [data-testid=asset-thumbnail]`, {
      timeout: 30_000,
    });
    await page.screenshot({ path: screenshot });
  }
  await page.click(`${dialog} ${assetTile(sha256)} [data-testid=asset-pick]`, { timeout: 30_000 });
  await page.waitForSelector(dialog, { state: 'detached' });
  await page.waitForSelector(`[data-testid=${picker}][data-value="${sha256}"]`);
}

/** What an image on the board shows: its URL's kind, its size, and one pixel's colour. */
export interface ShownImage {
  readonly scheme: string;
  readonly width: number;
  readonly height: number;
  readonly rgb: readonly [number, number, number];
}

/**
 * Waits until the element (a token's `<img>`, the backdrop's SVG `<image>`) shows an image, and
 * reads it back: decoded from its URL and drawn on a canvas in the page, the colour of the pixel
 * at `at` (image pixels).
 */
export async function shownImage(
  page: Page,
  selector: string,
  at: { readonly x: number; readonly y: number },
  timeout = 30_000,
): Promise<ShownImage> {
  await page.waitForFunction(
    (sel) => {
      const element = document.querySelector(sel);
      return (element?.getAttribute('src') ?? element?.getAttribute('href') ?? '') !== '';
    },
    selector,
    { timeout },
  );
  return page.evaluate(
    async ({ sel, x, y }) => {
      const element = document.querySelector(sel);
      const src = element?.getAttribute('src') ?? element?.getAttribute('href') ?? '';
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2d canvas');
      context.drawImage(image, 0, 0);
      const [r, g, b] = context.getImageData(x, y, 1, 1).data;
      return {
        scheme: new URL(src, location.href).protocol,
        width: image.naturalWidth,
        height: image.naturalHeight,
        rgb: [r ?? -1, g ?? -1, b ?? -1] as [number, number, number],
      };
    },
    { sel: selector, x: at.x, y: at.y },
  );
}

/** What {@link makeSceneWithMap} makes: a scene of `cols` × `rows` squares of `cell` px. */
export interface SceneWithMap {
  /** The scene's name in the scene panel. */
  readonly name: string;
  /** The map image, and the name it is uploaded under. */
  readonly map: TestFile;
  readonly cols: number;
  readonly rows: number;
  readonly cell: number;
}

/**
 * Makes a scene in the GM's scene panel (hidden, as a new scene is), uploads its map into the
 * library (the dock's upload button), sets its size and grid, and picks the map as its background.
 * @returns the scene's id and the map's SHA-256
 */
export async function makeSceneWithMap(
  gmPage: Page,
  scene: SceneWithMap,
): Promise<{ sceneId: string; background: string }> {
  await gmPage.fill('[data-testid=new-scene-name]', scene.name);
  await gmPage.click('[data-testid=new-scene]');
  await gmPage.waitForSelector('[data-testid=scene-item][data-hidden=true]');
  const sceneId = (await gmPage.getAttribute('[data-testid=scene-item]', 'data-scene-id')) ?? '';
  const background = sha256Hex(scene.map.buffer);
  await chooseFiles(gmPage, [{ ...scene.map, mimeType: 'image/png' }]);
  expect((await uploadOutcome(gmPage, scene.map.name)).state).toBe('done');
  await gmPage.click('[data-testid=scene-settings] > summary');
  await gmPage.fill('[data-testid=scene-width]', String(scene.cols * scene.cell));
  await gmPage.fill('[data-testid=scene-height]', String(scene.rows * scene.cell));
  await gmPage.fill('[data-testid=scene-gridSize]', String(scene.cell));
  await gmPage.click('[data-testid=save-scene]');
  await pickImage(gmPage, 'scene-background', background);
  return { sceneId, background };
}
