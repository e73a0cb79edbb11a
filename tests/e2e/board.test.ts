/**
 * The walking skeleton end to end: the built app served by a real relay, Debian's Chromium, each
 * peer in its own browser context (own storage, no BroadcastChannel between them).
 *
 * Each test gets its own relay, so that the relay's counters speak of that test alone, and after
 * each test every peer is checked for traffic outside that relay's origin: requests, WebSockets,
 * ICE servers and CSP violations (see `trafficOutsideOrigin`).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { indexeddbName } from '@meshtable/sync';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  boardUrl,
  drawRectangle,
  indexeddbNames,
  newBoardCredentials,
  openBoard,
  persistedState,
  relayState,
  shapeIds,
  waitForEditor,
  waitForShape,
  waitForStoredShape,
  webrtcPeers,
} from '../support/boardPage';
import {
  type BrowserPeer,
  launchChromium,
  openPeer,
  trafficOutsideOrigin,
} from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

async function health(relay: TempRelay): Promise<Record<string, number>> {
  return (await (await fetch(`${relay.relay.url}/healthz`)).json()) as Record<string, number>;
}

describe('the board, between separate browser contexts', () => {
  let browser: Browser;
  let temp: TempRelay;
  let peers: BrowserPeer[] = [];

  const peer = async () => {
    const opened = await openPeer(browser);
    peers.push(opened);
    return opened;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  beforeEach(async () => {
    // webDir undefined: the relay serves the app built by `npm run build` (test:e2e builds first).
    temp = await startTempRelay({ webDir: undefined });
  });
  afterEach(async () => {
    const outside = peers.flatMap((p) => trafficOutsideOrigin(p, temp.relay.url));
    for (const p of peers) await p.context.close();
    peers = [];
    await temp.dispose();
    expect(outside, 'traffic outside the relay origin, or a CSP violation').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
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
    // Nothing went through the relay's /sync: no page opened one, and the relay (this test's
    // own) has no sync connection and no room.
    const sockets = [...alice.websockets, ...bob.websockets];
    expect(sockets.filter((url) => new URL(url).pathname.startsWith('/sync'))).toEqual([]);
    expect(sockets.some((url) => new URL(url).pathname === '/signal')).toBe(true);
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
    const sockets = [...alice.websockets, ...bob.websockets];
    expect(sockets.filter((url) => new URL(url).pathname === '/signal')).toEqual([]);
    expect((await health(temp)).signalConnections).toBe(0);
    expect([...alice.rtcConfigs, ...bob.rtcConfigs]).toEqual([]);
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
    await solo.page.waitForSelector(persistedState('ready'));
    const id = await drawRectangle(solo.page, 'kept', 200, 150);
    await waitForStoredShape(solo.page, indexeddbName(room, tableKey), id);
    await solo.page.reload();
    await waitForEditor(solo.page);
    await waitForShape(solo.page, id);
    expect(await shapeIds(solo.page)).toContain(id);
  });

  it('syncs two tabs of one browser over WebRTC, as two peers', async () => {
    // The transport takes y-webrtc off its BroadcastChannel to the browser's other tabs
    // (webrtcTransport.ts): two tabs with the same key must reach each other as any two peers
    // do. WebRTC only, so that neither the relay nor the channel could carry the shapes.
    const { room, tableKey } = newBoardCredentials();
    const url = boardUrl(temp.relay.url, room, tableKey, 'sync=webrtc');
    const player = await peer();
    await openBoard(player.page, url);
    const second = await player.openTab();
    await openBoard(second, url);
    await player.page.waitForSelector(webrtcPeers(1), { timeout: 45_000 });
    await second.waitForSelector(webrtcPeers(1), { timeout: 45_000 });
    const fromFirst = await drawRectangle(player.page, 'first-tab', 100, 100);
    const fromSecond = await drawRectangle(second, 'second-tab', 400, 100);
    await waitForShape(second, fromFirst);
    await waitForShape(player.page, fromSecond);
    expect(await shapeIds(player.page)).toEqual(await shapeIds(second));
    await second.close();
  });

  it("opens a known room with another key as an empty board, apart from the real table's copy", async () => {
    // A link to a real room (its id is no secret) with someone else's key, opened in the same
    // browser as the real table: the local copy must not feed it, nor take its writes.
    const { room, tableKey: realKey } = newBoardCredentials();
    const { tableKey: otherKey } = newBoardCredentials();
    const victim = await peer();
    await openBoard(victim.page, boardUrl(temp.relay.url, room, realKey, 'sync=webrtc'));
    await victim.page.waitForSelector(persistedState('ready'));
    const real = await drawRectangle(victim.page, 'real-table', 100, 100);
    await waitForStoredShape(victim.page, indexeddbName(room, realKey), real);

    // WebRTC only: no relay copy can feed the second tab, and y-webrtc's encryption keeps the
    // two keys' tabs from syncing with each other.
    const lure = await victim.openTab();
    await openBoard(lure, boardUrl(temp.relay.url, room, otherKey, 'sync=webrtc'));
    await lure.waitForSelector(persistedState('ready'));
    expect(await shapeIds(lure)).toEqual([]);

    // What is written under the other key is kept under the other key only.
    const intruder = await drawRectangle(lure, 'intruder', 300, 100);
    await waitForStoredShape(lure, indexeddbName(room, otherKey), intruder);
    expect(await indexeddbNames(lure)).toEqual(
      [indexeddbName(room, realKey), indexeddbName(room, otherKey)].sort(),
    );
    await lure.close();
    await victim.page.reload();
    await waitForEditor(victim.page);
    await waitForShape(victim.page, real);
    expect(await shapeIds(victim.page)).toEqual([real]);
  });

  it('keeps tabs with different keys apart when they sync through the relay', async () => {
    // Over the relay alone, y-websocket also syncs same-browser tabs over a BroadcastChannel,
    // unencrypted. The relay refuses the other key (the room is claimed), and the channel must
    // not hand the second tab the table either.
    const { room, tableKey: realKey } = newBoardCredentials();
    const { tableKey: otherKey } = newBoardCredentials();
    const victim = await peer();
    await openBoard(victim.page, boardUrl(temp.relay.url, room, realKey, 'sync=relay'));
    await victim.page.waitForSelector(relayState('connected'));
    const real = await drawRectangle(victim.page, 'real-table', 100, 100);
    await waitForStoredShape(victim.page, indexeddbName(room, realKey), real);

    const lure = await victim.openTab();
    await openBoard(lure, boardUrl(temp.relay.url, room, otherKey, 'sync=relay'));
    await lure.waitForSelector(relayState('refused'));
    expect(await shapeIds(lure)).toEqual([]);
  });

  it('shows two peers on one board, both transports on, and stays on its origin', async () => {
    const { room, tableKey } = newBoardCredentials();
    const url = boardUrl(temp.relay.url, room, tableKey);
    const alice = await peer();
    const bob = await peer();
    const landing = await alice.page.goto(`${temp.relay.url}/`);
    await alice.page.waitForSelector('[data-testid=landing]');
    const csp = landing?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
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

    // The checks after each test find nothing outside the origin; here, that they had plenty
    // to look at: requests, both WebSockets, and the peer connections that carried the board.
    for (const p of [alice, bob]) {
      expect(p.requests.length).toBeGreaterThan(5);
      expect([...new Set(p.websockets.map((u) => new URL(u).pathname))].sort()).toEqual([
        '/signal',
        `/sync/${room}`,
      ]);
      expect(p.rtcConfigs.length).toBeGreaterThan(0);
      expect(p.errors).toEqual([]);
    }
    expect(trafficOutsideOrigin(alice, temp.relay.url)).toEqual([]);
  });
});
