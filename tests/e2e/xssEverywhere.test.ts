/**
 * Every payload of tests/support/xssPayloads.ts in every text a member can write, end to end
 * (issue 13): the campaign's name, a player's display name, scene names, token names, character
 * names and sheet fields, journal pages (title and body) and chat, shown on the GM's and a
 * player's screens at once with every panel of the dock open. Nothing runs: no page sets the
 * flag, opens a dialog, holds a live element (an event handler, a script, a frame, a
 * javascript: link) or breaks its CSP (closeCampaignTable checks the last).
 *
 * The GM's records are written as the validating GM's device writes them (the lobby's and the
 * board's forms end in the same records); the player's texts go through the UI.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Actor, Handout, Scene, Token } from '@meshtable/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import {
  type CampaignTable,
  closeCampaignTable,
  openCampaignTable,
  writeRecordsAsGm,
} from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { XSS_NAME, XSS_PAYLOADS, xssTrouble } from '../support/xssPayloads';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;
/** Names are at most 100 characters (packages/schema nameSchema): the payloads that fit. */
const NAMES = XSS_PAYLOADS.filter((payload) => payload.trim().length <= 100);
const BODY = XSS_PAYLOADS.join('\n\n');

function scene(i: number): Scene {
  return squareScene(`s-${i}`, NAMES[i] ?? 'scene', 10, 8, CELL);
}

describe('XSS payloads in every text, on every screen', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let pat: BrowserPeer;
  let patId: string;
  const dialogs: string[] = [];
  const everyone = () => [gm, pat];

  beforeAll(async () => {
    const opened = await openCampaignTable(
      { gmName: 'Gemma', campaignName: NAMES[1] ?? 'x', system: 'template' },
      [XSS_NAME],
    );
    table = opened;
    gm = opened.gm;
    ({ peer: pat, userId: patId } = opened.players[0]);
    for (const peer of everyone()) {
      peer.page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('has a check that sees a live element and the flag (so that it can fail)', async () => {
    await pat.page.evaluate(() => {
      const probe = document.createElement('a');
      probe.id = 'xss-probe';
      probe.href = 'javascript:void 0';
      // An attribute named like a handler that no browser runs: a real one would be a CSP
      // violation, which closeCampaignTable counts as trouble.
      probe.setAttribute('onxss', 'void 0');
      document.body.append(probe);
      (window as unknown as Record<string, unknown>).__pwned = 'probe';
    });
    const found = await xssTrouble(pat.page);
    expect(found.flag).toBe('probe');
    expect(found.live).toEqual(['a[href=javascript:void 0]', 'a[onxss]']);
    await pat.page.evaluate(() => {
      document.getElementById('xss-probe')?.remove();
      delete (window as unknown as Record<string, unknown>).__pwned;
    });
  });

  it('runs none of them in scene, token, character and journal texts', async () => {
    const actors: Actor[] = NAMES.map((name, i) => ({
      id: `a-${i}`,
      type: 'character',
      name,
      image: null,
      owners: i === 0 ? [patId] : [],
      data: { notes: BODY, weapon: { name, damage: '1d4', reach: 1 } },
    }));
    const tokens: Token[] = NAMES.map((name, i) => ({
      ...{ id: `t-${i}`, sceneId: 's-0', actorId: `a-${i}`, name, image: null },
      ...{ x: (i % 10) * CELL, y: Math.floor(i / 10) * CELL, size: 1, rotation: 0 },
      ...{ bars: [], conditions: [], owners: i === 0 ? [patId] : [] },
    }));
    const handouts: Handout[] = NAMES.map((name, i) => ({
      id: `h-${i}`,
      name,
      body: BODY,
      image: null,
      sharedWith: 'all',
    }));
    await showSceneAsGm(
      gm.page,
      scene(0),
      { actors, tokens },
      everyone().map((p) => p.page),
    );
    const more = { scenes: NAMES.map((_, i) => scene(i)).slice(1), handouts };
    expect(await writeRecordsAsGm(gm.page, more as never)).toBe(true);
    for (const peer of everyone()) {
      await peer.page.waitForFunction(
        (count) => window.__meshtable?.campaign?.table.getMap('handouts').size === count,
        handouts.length,
      );
      await openEverything(peer.page);
      await peer.page.click('[data-testid=journal-link][data-page-id="h-0"]', { timeout: 30_000 });
      await peer.page.waitForSelector('[data-testid=journal-page][data-page-id="h-0"]');
      // The player's character's sheet: its name, notes and weapon are payloads.
      await peer.page.click('[data-testid=character-a-0]', { timeout: 30_000 });
      await peer.page.waitForSelector('[data-testid=character-sheet]');
    }
    await pat.page.waitForFunction(
      (text) =>
        document.querySelector('[data-testid=character-sheet]')?.textContent?.includes(text),
      NAMES[0] ?? '',
    );
    // The first payload is shown as the text it is, on the journal page.
    await pat.page.waitForFunction(
      (text) => document.querySelector('[data-testid=journal-page]')?.textContent?.includes(text),
      '<script>window.__pwned = "script"</script>',
    );
    await expectNothingRan();
  });

  it('runs none of them in chat, from a player whose name is one', async () => {
    for (const payload of XSS_PAYLOADS) {
      await pat.page.fill('[data-testid=chat-input]', payload);
      await pat.page.press('[data-testid=chat-input]', 'Enter');
    }
    await pat.page.fill('[data-testid=chat-input]', 'the last line');
    await pat.page.press('[data-testid=chat-input]', 'Enter');
    for (const peer of everyone()) {
      await peer.page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=chat-entry]')].some((entry) =>
          entry.textContent?.includes('the last line'),
        ),
      );
      await openEverything(peer.page);
    }
    await expectNothingRan();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}xss-gm.png`, fullPage: true });
    await pat.page.screenshot({ path: `${SCREENSHOT_DIR}xss-player.png`, fullPage: true });
  });

  /** Opens every panel of the dock, so that everything it can show is on the page. */
  async function openEverything(page: Page): Promise<void> {
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
  }

  async function expectNothingRan(): Promise<void> {
    for (const peer of everyone()) {
      expect(await xssTrouble(peer.page)).toEqual({ flag: null, live: [] });
    }
    expect(dialogs).toEqual([]);
  }
});
