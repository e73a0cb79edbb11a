/**
 * The installable app (issue 10): the built app's service worker precaches it, so that once a
 * browser has loaded it, the lobby and a campaign kept on the device open with no network at
 * all: the app's files from the service worker's cache, the campaign from IndexedDB, its game
 * system (the rules sandbox's worker included) from the same cache, and the scene's map, seen
 * once online, from the assets kept in this browser.
 *
 * Also what the relay serves for it: `sw.js` with `no-cache` (so a new build is seen) under the
 * app's strict CSP, which the worker and its Workbox runtime load under without a violation, and
 * the web app manifest.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownImage } from '../support/boardFilesPage';
import { sampleMapPng } from '../support/boardSamples';
import { showSceneAsGm, squareScene, uploadAsset } from '../support/campaignBoardPage';
import { type CampaignTable, openCampaignTable, roleIs } from '../support/campaignPage';
import { campaignIdOf, closeOfflineTable, waitForShown, waitInPage } from '../support/offlineTable';

const BACKDROP_IMAGE = '[data-testid=scene-backdrop] image';
const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

describe('the installable app', () => {
  let table: CampaignTable | undefined;

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Lights out', system: 'srd5e' },
      [],
    );
  }, 180_000);

  afterAll(() => closeOfflineTable(table));

  it('serves sw.js uncached under the app’s CSP, and a manifest', async () => {
    const url = table?.temp.relay.url ?? '';
    const sw = await fetch(`${url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(sw.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    const manifest = await fetch(`${url}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    const body = (await manifest.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'Meshtable', display: 'standalone', start_url: '/' });
    expect(body.icons).toEqual(
      expect.arrayContaining([expect.objectContaining({ sizes: '512x512', type: 'image/png' })]),
    );
  });

  it('opens the lobby and the campaign with no network once loaded', async () => {
    if (table === undefined) throw new Error('no table');
    const { page, context } = table.gm;
    const campaignId = campaignIdOf(page);
    // A map uploaded to the relay and seen once on this device: kept for offline use.
    const map = await uploadAsset(table.invite, sampleMapPng(10, 10));
    await showSceneAsGm(
      page,
      { ...squareScene('cellar', 'The cellar', 10, 10, 70), background: map },
      {
        tokens: [
          {
            id: 'lantern',
            sceneId: 'cellar',
            actorId: null,
            name: 'Lantern',
            image: null,
            x: 140,
            y: 210,
            size: 1,
            rotation: 0,
            bars: [],
            conditions: [],
            owners: [],
          },
        ],
      },
      [page],
    );
    const online = await shownImage(page, BACKDROP_IMAGE, { x: 3, y: 3 });
    // The worker installed and precached everything (it activates once its precache is complete).
    await waitInPage(
      page,
      'an active service worker',
      async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
      null,
    );

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // From #/c/… to #/ is a change of fragment, not a load: reload to load the app anew.
    await page.goto(`${table.temp.relay.url}/#/`);
    await page.reload();
    await waitForShown(
      page,
      'the lobby from the cache, listing the campaign',
      `[data-testid=campaign-item][data-campaign-id="${campaignId}"]`,
    );
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.textContent('[data-testid=app-offline]')).toBe(
      'Offline — the campaigns kept on this device still open, and your changes will sync.',
    );
    await page.screenshot({ path: `${SCREENSHOT_DIR}offline-app-lobby.png` });

    await page.goto(`${table.temp.relay.url}/#/c/${campaignId}`);
    await page.reload();
    await waitForShown(page, 'the campaign opened from IndexedDB', roleIs('gm'));
    // The gm doc too: this device runs the table offline (its duties need the gm doc's keys).
    await waitForShown(
      page,
      'the GM’s device validating from its local copies',
      '[data-testid=campaign][data-validating=true]',
    );
    await waitForShown(
      page,
      'the game system loaded from the cache',
      '[data-testid=campaign-system][data-loaded=true]',
    );
    await waitInPage(
      page,
      'the token from the local copy',
      () => window.__meshtable?.campaign?.table.getMap('tokens').has('lantern') === true,
      null,
    );
    expect(await shownImage(page, BACKDROP_IMAGE, { x: 3, y: 3 })).toEqual(online);
    const offline = await waitForShown(
      page,
      'the offline notice',
      '[data-testid=status-offline][data-state=offline]',
    );
    expect(await offline.textContent()).toBe('Offline — your changes are kept and will sync');
    await page.screenshot({ path: `${SCREENSHOT_DIR}offline-app-campaign.png` });

    // Back online, the table connects again without a reload.
    await context.setOffline(false);
    await waitForShown(page, 'the relay again', '[data-testid=status-relay][data-state=connected]');
    expect(await page.$('[data-testid=status-offline]')).toBeNull();
  });
});
