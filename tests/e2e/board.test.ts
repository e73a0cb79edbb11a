/**
 * The walking skeleton end to end: the built app served by a real relay, Debian's Chromium, each
 * peer in its own browser context (own storage, no BroadcastChannel between them).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  boardUrl,
  drawRectangle,
  newBoardCredentials,
  openBoard,
  relayState,
  shapeIds,
  waitForEditor,
  waitForShape,
  webrtcPeers,
} from '../support/boardPage';
import { type BrowserPeer, launchChromium, openPeer } from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

async function health(relay: TempRelay): Promise<Record<string, number>> {
  return (await (await fetch(`${relay.relay.url}/healthz`)).json()) as Record<string, number>;
}

describe('the board, between separate browser contexts', () => {
  let browser: Browser;
  let temp: TempRelay;
  let peers: BrowserPeer[] = [];
  const allRequests: string[] = [];

  const peer = async () => {
    const opened = await openPeer(browser);
    peers.push(opened);
    return opened;
  };

  beforeAll(async () => {
    // webDir undefined: the relay serves the app built by `npm run build` (test:e2e builds first).
    temp = await startTempRelay({ webDir: undefined });
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const p of peers) {
      allRequests.push(...p.requests);
      await p.context.close();
    }
    peers = [];
  });
  afterAll(async () => {
    await browser?.close();
    await temp?.dispose();
  });

  it("syncs shapes over WebRTC alone, with the relay's /sync turned off", async () => {
    const alice = await peer();
    const bob = await peer();
    // Alice starts from the landing page, as a GM would, and shares the invite link.
    await alice.page.goto(`${temp.relay.url}/?sync=webrtc`);
    await alice.page.click('[data-testid=new-board]');
    await waitForEditor(alice.page);
    const invite = await alice.page.getAttribute('[data-testid=invite-link]', 'data-link');
    expect(invite).toMatch(/#\/board\/[a-z0-9]+\/[A-Za-z0-9_-]{22,}$/);
    const fragment = new URL(invite ?? '').hash;
    await openBoard(bob.page, `${temp.relay.url}/?sync=webrtc${fragment}`);

    await alice.page.waitForSelector(webrtcPeers(1), { timeout: 45_000 });
    await bob.page.waitForSelector(webrtcPeers(1), { timeout: 45_000 });
    const fromAlice = await drawRectangle(alice.page, 'alice', 100, 100);
    const fromBob = await drawRectangle(bob.page, 'bob', 400, 100);
    await waitForShape(bob.page, fromAlice);
    await waitForShape(alice.page, fromBob);
    expect(await shapeIds(alice.page)).toEqual(await shapeIds(bob.page));
    // Nothing went through the relay's /sync: it has no sync connection and no room.
    expect(await health(temp)).toMatchObject({ syncConnections: 0, rooms: 0 });
    expect(await alice.page.getAttribute('[data-testid=status-relay]', 'data-state')).toBe('off');
  });

  it('syncs shapes over the relay alone, with WebRTC turned off', async () => {
    const { room, tableKey } = newBoardCredentials();
    const url = boardUrl(temp.relay.url, room, tableKey, 'sync=relay');
    const alice = await peer();
    const bob = await peer();
    await openBoard(alice.page, url);
    await openBoard(bob.page, url);
    await alice.page.waitForSelector(relayState('connected'));
    await bob.page.waitForSelector(relayState('connected'));
    const fromAlice = await drawRectangle(alice.page, 'alice', 100, 100);
    const fromBob = await drawRectangle(bob.page, 'bob', 400, 100);
    await waitForShape(bob.page, fromAlice);
    await waitForShape(alice.page, fromBob);
    expect(await shapeIds(alice.page)).toEqual(await shapeIds(bob.page));
    // No signalling at all, so no WebRTC path could have carried the shapes.
    expect((await health(temp)).signalConnections).toBe(0);
    expect(await alice.page.getAttribute('[data-testid=status-webrtc-peers]', 'data-peers')).toBe(
      '0',
    );
  });

  it('keeps the shapes across a reload, from IndexedDB alone', async () => {
    const { room, tableKey } = newBoardCredentials();
    // WebRTC only and nobody else in the room: after the reload, IndexedDB is the only source.
    const url = boardUrl(temp.relay.url, room, tableKey, 'sync=webrtc');
    const solo = await peer();
    await openBoard(solo.page, url);
    await solo.page.waitForSelector('[data-testid=status-persisted][data-state=ready]');
    const id = await drawRectangle(solo.page, 'kept', 200, 150);
    await solo.page.waitForFunction(
      async ({ roomName, shapeId }) => {
        // y-indexeddb names the database after the room and appends each update to `updates`.
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(roomName);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const updates = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('updates').objectStore('updates').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        db.close();
        const text = new TextDecoder();
        return updates.some((update) => text.decode(update as Uint8Array).includes(shapeId));
      },
      { roomName: room, shapeId: id },
      { timeout: 15_000 },
    );
    await solo.page.reload();
    await waitForEditor(solo.page);
    await waitForShape(solo.page, id);
    expect(await shapeIds(solo.page)).toContain(id);
  });

  it('shows two peers on one board, both transports on, and requests nothing outside its origin', async () => {
    const { room, tableKey } = newBoardCredentials();
    const url = boardUrl(temp.relay.url, room, tableKey);
    const alice = await peer();
    const bob = await peer();
    await alice.page.goto(`${temp.relay.url}/`);
    await alice.page.waitForSelector('[data-testid=landing]');
    await openBoard(alice.page, url);
    await openBoard(bob.page, url);
    for (const p of [alice, bob]) {
      await p.page.waitForSelector(relayState('connected'));
      await p.page.waitForSelector(webrtcPeers(1), { timeout: 45_000 });
    }
    await drawRectangle(alice.page, 'alice-room', 120, 120);
    const last = await drawRectangle(bob.page, 'bob-room', 420, 220);
    await waitForShape(alice.page, last);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await alice.page.screenshot({ path: `${SCREENSHOT_DIR}board-two-peers.png` });

    const requests = [...allRequests, ...peers.flatMap((p) => p.requests)];
    expect(requests.length).toBeGreaterThan(5);
    const outside = requests.filter(
      (request) => !request.startsWith(`${temp.relay.url}/`) && !/^(data|blob):/.test(request),
    );
    expect(outside).toEqual([]);
    expect(peers.flatMap((p) => p.errors)).toEqual([]);
  });
});
