/**
 * The installable app's updates (issue 10): offered, never forced. A relay serves a copy of the
 * built app; a browser loads it and its service worker takes charge of the page. Then the relay's
 * copy changes (a new `sw.js`, as a new build brings). The page learns of it on its next load and
 * shows "A new version is ready" with a Reload button, and nothing else happens: the page in use
 * is not reloaded or swapped. Only the click lets the new version take over, and reloads.
 */
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserPeer,
  expectNoPageTrouble,
  launchChromium,
  openPeer,
  pageTrouble,
} from '../support/chromium';
import { waitForShown, waitInPage } from '../support/offlineTable';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const BUILT_APP = fileURLToPath(new URL('../../apps/web/dist/', import.meta.url));

describe('updates of the installable app', () => {
  let browser: Browser;
  let temp: TempRelay;
  let webDir: string;
  let peer: BrowserPeer | undefined;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'meshtable-web-'));
    await cp(BUILT_APP, webDir, { recursive: true });
    temp = await startTempRelay({ webDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    const trouble = peer === undefined ? null : pageTrouble([peer], temp.relay.url);
    await browser?.close();
    await temp?.dispose();
    await rm(webDir, { recursive: true, force: true });
    if (trouble !== null) expectNoPageTrouble(trouble);
  });

  it('offers a new version and waits for the user’s click', async () => {
    peer = await openPeer(browser);
    const { page } = peer;
    await page.goto(`${temp.relay.url}/`);
    await waitForShown(page, 'the lobby', '[data-testid=new-campaign]');
    await waitInPage(
      page,
      'the first version’s worker active',
      async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
      null,
    );
    await page.reload();
    await waitInPage(
      page,
      'the page controlled',
      () => navigator.serviceWorker.controller !== null,
      null,
    );
    expect(await page.$('[data-testid=app-update]')).toBeNull();

    // A new build on the relay: its service worker differs.
    await appendFile(join(webDir, 'sw.js'), '\n// the next build\n');
    await page.reload();
    await waitForShown(page, 'the page in use, marked', '[data-testid=new-campaign]');
    await page.evaluate(() => {
      (window as unknown as { sessionMark: string }).sessionMark = 'still the same page';
    });
    const offer = await waitForShown(page, 'the update offered', '[data-testid=app-update]');
    expect(await offer.textContent()).toContain('A new version is ready.');
    // Offered, not applied: the same page, under the old worker, with the new one waiting.
    expect(
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return {
          mark: (window as unknown as { sessionMark?: string }).sessionMark,
          waiting: registration?.waiting?.state ?? null,
        };
      }),
    ).toEqual({ mark: 'still the same page', waiting: 'installed' });
    await page.screenshot({ path: 'test-results/e2e/offline-update-offer.png' });

    await page.click('[data-testid=app-update-reload]');
    await waitInPage(
      page,
      'a reload under the new version',
      async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return (
          (window as unknown as { sessionMark?: string }).sessionMark === undefined &&
          registration?.waiting === null &&
          document.querySelector('[data-testid=new-campaign]') !== null &&
          document.querySelector('[data-testid=app-update]') === null
        );
      },
      null,
    );
  });
});
