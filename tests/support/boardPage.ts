/**
 * Drives the board page through its test hook (`window.__meshtable`) and its status badge's
 * data attributes, so that tests wait on named conditions rather than on text or sleeps.
 */
import type { Page } from 'playwright-core';
// Brings in the declaration of window.__meshtable (the app's test hook).
import type {} from '../../apps/web/src/testHook';

/** Selector of the badge item that reads `peers` connected WebRTC peers. */
export const webrtcPeers = (peers: number) =>
  `[data-testid=status-webrtc-peers][data-peers="${peers}"]`;
/** Selector of the badge item that reads the relay state `state`. */
export const relayState = (state: string) => `[data-testid=status-relay][data-state="${state}"]`;

/** A fresh room id and table key, as the landing page makes them. */
export function newBoardCredentials(): { room: string; tableKey: string } {
  const room = Array.from(
    crypto.getRandomValues(new Uint8Array(16)),
    (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32],
  ).join('');
  const tableKey = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
  return { room, tableKey };
}

/** The URL of a board, with transport switches in the query string (`sync=webrtc|relay`). */
export function boardUrl(base: string, room: string, tableKey: string, query = ''): string {
  return `${base}/${query ? `?${query}` : ''}#/board/${room}/${tableKey}`;
}

/** Opens a board URL and waits until the editor is mounted. */
export async function openBoard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForEditor(page);
}

/** Waits until the board's tldraw editor is mounted and the hook exposes it. */
export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__meshtable?.editor), undefined, {
    timeout: 30_000,
  });
}

/** Draws a rectangle with a known id through the editor; returns the id. */
export async function drawRectangle(
  page: Page,
  name: string,
  x: number,
  y: number,
): Promise<string> {
  return page.evaluate(
    ({ name, x, y }) => {
      const editor = window.__meshtable?.editor;
      if (!editor) throw new Error('no editor');
      const id = `shape:${name}` as const;
      editor.createShape({ id: id as never, type: 'geo', x, y, props: { w: 160, h: 100 } });
      return id;
    },
    { name, x, y },
  );
}

/** Ids of the shapes on the current page, sorted. */
export async function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.__meshtable?.editor?.getCurrentPageShapes() ?? [])
      .map((shape) => shape.id as string)
      .sort(),
  );
}

/** Waits until the page's board holds a shape with this id. */
export async function waitForShape(page: Page, id: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (shapeId) => window.__meshtable?.editor?.getShape(shapeId as never) !== undefined,
    id,
    {
      timeout,
    },
  );
}
