/**
 * The asset library end to end: the built app served by a real relay, Debian's Chromium, a GM
 * and a player each in their own browser context.
 *
 * - The GM uploads a map image through the library's file chooser and watches its progress
 *   (uploads slowed by Chromium's network emulation, so that the progress is there to see), the
 *   relay stores it under its SHA-256, the GM shares it, and the player's library shows it with a
 *   thumbnail fetched from the relay; both browsers keep a copy for offline use.
 * - An SVG and a file over the size cap are refused before any byte is sent, and a file the
 *   relay's own (lower) cap refuses comes back with the relay's reason.
 * - A Universal VTT map becomes a hidden scene whose background and walls are on the relay.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sceneGeometrySchema } from '@meshtable/schema';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assetTile,
  chooseFiles,
  dropFiles,
  keptInBrowser,
  limitUploads,
  mapPng,
  uploadOutcome,
  uploadRow,
  uvttMap,
} from '../support/assetLibraryPage';
import { sampleWav, sha256Hex } from '../support/assetSamples';
import { admit, createCampaignAsGm, joinAs, roleIs, userIdOn } from '../support/campaignPage';
import {
  type BrowserPeer,
  expectNoPageTrouble,
  launchChromium,
  openPeer,
  pageTrouble,
} from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/**
 * What Chromium prints for an answer the asset protocol expects: `HEAD` of an asset the relay
 * does not have yet is 404 (docs/relay.md: the upload follows), and the refusals the tests
 * provoke. Anything else in the console fails the test.
 */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 404/;

describe('the asset library, between a GM and a player in separate browser contexts', () => {
  let browser: Browser;
  let temp: TempRelay | null = null;
  let peers: BrowserPeer[] = [];
  let expectedErrors: RegExp[] = [];

  const peer = async () => {
    const opened = await openPeer(browser);
    peers.push(opened);
    return opened;
  };
  const relay = async (options: Parameters<typeof startTempRelay>[0] = {}) => {
    // webDir undefined: the relay serves the app built by `npm run build`.
    temp = await startTempRelay({ webDir: undefined, ...options });
    return temp;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  afterEach(async () => {
    const trouble = pageTrouble(peers, temp?.relay.url ?? '', (error) =>
      [EXPECTED_CONSOLE, ...expectedErrors].some((ok) => ok.test(error)),
    );
    for (const p of peers) await p.context.close();
    peers = [];
    expectedErrors = [];
    await temp?.dispose();
    temp = null;
    expectNoPageTrouble(trouble);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads an image with progress, shares it, and the player sees it from the relay', async () => {
    const { relay: server } = await relay();
    const gm = await peer();
    const player = await peer();
    const invite = await createCampaignAsGm(gm.page, server.url, {
      gmName: 'Gemma',
      campaignName: 'The Sunless Citadel',
      system: 'template',
    });
    await joinAs(player.page, invite, 'Pat');
    await admit(gm.page, await userIdOn(player.page));
    await player.page.waitForSelector(roleIs('player'), { timeout: 45_000 });
    await gm.page.waitForSelector('[data-testid=asset-library] [data-testid=asset-empty]');

    // About 1.2 MB, sent at 400 KB/s: the upload is under way for a few seconds.
    const png = mapPng(640, 640, 64, true);
    const sha = sha256Hex(png);
    const cdp = await limitUploads(gm.page, 400 * 1024);
    const wav = sampleWav(4000);
    await chooseFiles(gm.page, [
      { name: 'Goblin Cave.png', buffer: png, mimeType: 'image/png' },
      { name: 'Drip.wav', buffer: wav, mimeType: 'audio/wav' },
    ]);
    await gm.page.waitForFunction(
      (row) => {
        const bar = document.querySelector(`${row} [data-testid=asset-upload-progress]`);
        const loaded = Number(bar?.getAttribute('data-loaded') ?? 0);
        return loaded > 0 && loaded < Number(bar?.getAttribute('max') ?? 0);
      },
      uploadRow('Goblin Cave.png'),
      { timeout: 30_000 },
    );
    const library = gm.page.locator('[data-testid=asset-library]');
    await library.scrollIntoViewIfNeeded();
    await library.screenshot({ path: `${SCREENSHOT_DIR}assets-1-gm-uploading.png` });
    await limitUploads(gm.page, null, cdp);
    expect(await uploadOutcome(gm.page, 'Goblin Cave.png')).toEqual({
      state: 'done',
      message: 'Added.',
    });
    // The second file waited its turn, then went the same way; audio has a player, not a picture.
    expect((await uploadOutcome(gm.page, 'Drip.wav')).state).toBe('done');
    const drip = assetTile(sha256Hex(wav));
    await gm.page.click(`${drip} button[aria-pressed=false]:has-text("Play")`);
    await gm.page.waitForSelector(`${drip} audio`, { state: 'attached' });
    await gm.page.click(`${drip} button[aria-pressed=true]:has-text("Stop")`);
    await gm.page.waitForSelector(`${drip} audio`, { state: 'detached' });

    // The relay has it under its SHA-256; the GM's library lists it, for the GM alone so far.
    const head = await fetch(`${server.url}/assets/${sha}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/png');
    await gm.page.waitForSelector(
      `${assetTile(sha)}[data-shared=false] [data-testid=asset-thumbnail]`,
    );
    expect(await gm.page.textContent(`${assetTile(sha)} [data-testid=asset-name]`)).toBe(
      'Goblin Cave.png',
    );
    expect(await keptInBrowser(gm.page, sha)).toBe(sha);
    await player.page.waitForSelector('[data-testid=asset-library] [data-testid=asset-empty]');

    // Shared, it reaches the player's library, whose thumbnail is fetched from the relay.
    await gm.page.click(`${assetTile(sha)} [data-testid=asset-share]`);
    await gm.page.waitForSelector(`${assetTile(sha)}[data-shared=true]`);
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}assets-2-gm-shared.png` });
    await player.page.waitForSelector(`${assetTile(sha)} [data-testid=asset-thumbnail]`, {
      timeout: 30_000,
    });
    expect(player.requests).toContain(`${server.url}/assets/${sha}`);
    expect(await player.page.$(`${assetTile(sha)} [data-testid=asset-share]`)).toBeNull();
    expect(await player.page.$('[data-testid=asset-upload-input]')).toBeNull();
    expect(await keptInBrowser(player.page, sha)).toBe(sha);
    const playerLibrary = player.page.locator('[data-testid=asset-library]');
    await playerLibrary.scrollIntoViewIfNeeded();
    await player.page.screenshot({ path: `${SCREENSHOT_DIR}assets-3-player-library.png` });

    // The search narrows the list, by any word of the name.
    await player.page.fill('[data-testid=asset-search]', 'dragon');
    await player.page.waitForSelector('[data-testid=asset-empty]:has-text("No file matches")');
    await player.page.fill('[data-testid=asset-search]', 'cave');
    await player.page.waitForSelector(assetTile(sha));

    // On a phone-sized screen the library is one readable column.
    await gm.page.setViewportSize({ width: 390, height: 844 });
    await library.scrollIntoViewIfNeeded();
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}assets-4-gm-phone.png` });
  });

  it('refuses an SVG and a file over the cap before sending it, and says why the relay refused one', async () => {
    // This relay keeps 200 KB of files a campaign: a 300 KB image passes our checks (the relay's
    // cap of a file, which its /config announces, is the default 25 MB; how full the campaign's
    // space is, only the relay knows) and is refused by the relay itself, whose reason comes back.
    const { relay: server } = await relay({ assetQuotaBytesPerRoom: 200 * 1024 });
    expectedErrors = [/status of 413/];
    const gm = await peer();
    await createCampaignAsGm(gm.page, server.url, {
      gmName: 'Gemma',
      campaignName: 'Refusals',
      system: 'template',
    });
    await gm.page.waitForSelector('[data-testid=asset-library]');
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
    );
    const huge = Buffer.concat([mapPng(8, 8), Buffer.alloc(25 * 1024 * 1024)]);
    const large = mapPng(320, 320, 32, true);
    await chooseFiles(gm.page, [
      { name: 'dragon.svg', buffer: svg, mimeType: 'image/svg+xml' },
      { name: 'huge.png', buffer: huge, mimeType: 'image/png' },
      { name: 'large.png', buffer: large, mimeType: 'image/png' },
    ]);

    const refusedSvg = await uploadOutcome(gm.page, 'dragon.svg');
    expect(refusedSvg.state).toBe('failed');
    expect(refusedSvg.message).toMatch(
      /“dragon\.svg” cannot be added: SVG.*convert an SVG to PNG or WebP/,
    );
    const refusedHuge = await uploadOutcome(gm.page, 'huge.png');
    expect(refusedHuge).toEqual({
      state: 'failed',
      message:
        '“huge.png” is 25.1 MB, over the 25 MB the relay keeps. Make it smaller (as WebP or JPEG an image is often a tenth of its PNG).',
    });
    const refusedLarge = await uploadOutcome(gm.page, 'large.png');
    expect(refusedLarge.state).toBe('failed');
    expect(refusedLarge.message).toMatch(
      /^This campaign's space on the relay is full, so “large\.png” was not kept \(.*\)\. Ask the relay's operator to raise --asset-quota-mb\.$/,
    );
    // Nothing of them was sent but the one the relay refused, and nothing was kept or listed.
    const sent = gm.requests.filter((url) => url.includes('/assets/'));
    expect(sent).toEqual([
      `${server.url}/assets/${sha256Hex(large)}`,
      `${server.url}/assets/${sha256Hex(large)}`,
    ]);
    expect(
      (await fetch(`${server.url}/assets/${sha256Hex(large)}`, { method: 'HEAD' })).status,
    ).toBe(404);
    await gm.page.waitForSelector('[data-testid=asset-empty]');
    const library = gm.page.locator('[data-testid=asset-library]');
    await library.scrollIntoViewIfNeeded();
    await library.screenshot({ path: `${SCREENSHOT_DIR}assets-5-refusals.png` });
  });

  it('imports a Universal VTT map as a hidden scene with its background and walls on the relay', async () => {
    const { relay: server } = await relay();
    const gm = await peer();
    await createCampaignAsGm(gm.page, server.url, {
      gmName: 'Gemma',
      campaignName: 'Maps',
      system: 'template',
    });
    await gm.page.waitForSelector('[data-testid=asset-library]');
    const png = mapPng(600, 400, 50);
    // Dropped on the library, as a file dragged from the desktop.
    await dropFiles(gm.page, '[data-testid=asset-library]', [
      { name: 'Crypt.dd2vtt', buffer: uvttMap(png, { x: 12, y: 8 }, 50) },
    ]);
    const outcome = await uploadOutcome(gm.page, 'Crypt.dd2vtt');
    expect(outcome).toEqual({
      state: 'done',
      message:
        'Made the scene “Crypt”, hidden from the players until you share it (1 wall, 1 door, 1 light).',
    });

    // The scene: hidden (in the gm doc only), the map's size, its grid, its image as background.
    const scenes = await gm.page.evaluate(() => {
      const hook = window.__meshtable?.campaign;
      return {
        hidden: hook?.gm?.getMap('scenes').toJSON() ?? {},
        shown: hook?.table.getMap('scenes').toJSON() ?? {},
      };
    });
    expect(scenes.shown).toEqual({});
    const [scene] = Object.values(scenes.hidden) as Record<string, unknown>[];
    expect(scene).toMatchObject({
      name: 'Crypt',
      width: 600,
      height: 400,
      background: sha256Hex(png),
      grid: { type: 'square', size: 50, offsetX: 0, offsetY: 0 },
    });

    // Both are on the relay: the image byte for byte, the walls as the scene geometry schema.
    const image = await fetch(`${server.url}/assets/${sha256Hex(png)}`);
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    const walls = await fetch(`${server.url}/assets/${String(scene?.geometry)}`);
    const geometry = sceneGeometrySchema.parse(await walls.json());
    expect(geometry.walls).toEqual([[50, 50, 550, 50, 550, 350, 50, 350, 50, 50]]);
    expect(geometry.doors[0]).toMatchObject({ x1: 100, y1: 50, x2: 150, y2: 50, closed: true });
    expect(geometry.lights[0]).toMatchObject({ x: 150, y: 150, range: 200, color: '#ffcc88' });

    // The map's image is in the GM's library, ready to use elsewhere.
    await gm.page.waitForSelector(`${assetTile(sha256Hex(png))} [data-testid=asset-thumbnail]`);
    expect(await gm.page.textContent(`${assetTile(sha256Hex(png))} [data-testid=asset-name]`)).toBe(
      'Crypt.png',
    );
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}assets-6-imported-map.png` });
  });
});
