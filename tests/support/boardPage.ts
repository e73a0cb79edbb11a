/**
 * Drives the board page through its test hook (`window.__meshtable`) and its status badge's
 * data attributes, so that tests wait on named conditions rather than on text or sleeps.
 */
import { createRoomId, createTableKey } from '@meshtable/sync';
import type { Page } from 'playwright-core';
// Brings in the declaration of window.__meshtable (the app's test hook).
import type {} from '../../apps/web/src/testHook';
import { waitFor } from './waitFor';

/** Selector of the badge item that reads `peers` connected WebRTC peers. */
export const webrtcPeers = (peers: number) =>
  `[data-testid=status-webrtc-peers][data-peers="${peers}"]`;
/** Selector of the badge item that reads the relay state `state`. */
export const relayState = (state: string) => `[data-testid=status-relay][data-state="${state}"]`;

/** A fresh room id and table key, made the way the landing page makes them. */
export function newBoardCredentials(): { room: string; tableKey: string } {
  return { room: createRoomId(), tableKey: createTableKey() };
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

/** Selector of the badge item that reads the IndexedDB copy's state `state`. */
export const persistedState = (state: string) =>
  `[data-testid=status-persisted][data-state="${state}"]`;

/**
 * Waits until this browser's IndexedDB database `databaseName` (see `indexeddbName`) holds an
 * update that mentions `shapeId`: y-indexeddb appends each update to its `updates` store.
 *
 * Polls from the test with `page.evaluate` (which awaits the page's promise) rather than with
 * `page.waitForFunction`, which takes the promise an async predicate returns as a truthy answer
 * and stops waiting at once.
 */
export async function waitForStoredShape(
  page: Page,
  databaseName: string,
  shapeId: string,
): Promise<void> {
  const stored = () =>
    page.evaluate(
      async ({ name, id }) => {
        // Opening a database that does not exist would create it, empty: look before opening.
        if (!(await indexedDB.databases()).some((db) => db.name === name)) return false;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        try {
          if (!db.objectStoreNames.contains('updates')) return false;
          const updates = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction('updates').objectStore('updates').getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          const text = new TextDecoder();
          return updates.some((update) => text.decode(update as Uint8Array).includes(id));
        } finally {
          db.close();
        }
      },
      { name: databaseName, id: shapeId },
    );
  await waitFor(`IndexedDB database ${databaseName} to hold ${shapeId}`, stored, {
    timeoutMs: 15_000,
    intervalMs: 100,
  });
}

/** Names of this page's origin's IndexedDB databases, sorted. */
export async function indexeddbNames(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases())
      .map((db) => db.name ?? '')
      .filter((name) => name !== '')
      .sort(),
  );
}
