/**
 * The table's screen as a whole (issue 8: "the layout works on a laptop, a tablet and a phone;
 * keyboard shortcuts for the common actions; accessible names on every control"). A GM and a
 * player, each in a browser context of their own, on the srd5e game system:
 * - with every panel of the dock opened, axe finds no WCAG 2 A or AA violation on either screen;
 * - the panels can be put away and brought back (the button, and Shift+P), and Shift+C goes to
 *   the chat's message box from the map, where Enter sends;
 * - on a phone's screen (390 px) nothing is wider than the screen, and the panels put away leave
 *   the whole map.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { type CampaignTable, closeCampaignTable, openCampaignTable } from '../support/campaignPage';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** Opens every closed panel of the dock (each a `<details>`), outermost first. */
async function openEveryPanel(page: Page): Promise<number> {
  return page.evaluate(() => {
    const panels = [...document.querySelectorAll<HTMLDetailsElement>('.mt-board-dock details')];
    for (const panel of panels) panel.open = true;
    return panels.length;
  });
}

async function dockShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const dock = document.querySelector<HTMLElement>('.mt-board-dock');
    return dock !== null && !dock.hidden && dock.getBoundingClientRect().width > 0;
  });
}

/**
 * Clicks an empty spot of the map with the select tool, so that keys go to the board, not to a
 * field (opening a tool's panel picks its tool: a click with the text tool would start a text).
 */
async function focusMap(page: Page): Promise<void> {
  await page.evaluate(() => window.__meshtable?.editor?.setCurrentTool('select'));
  // Never the same spot twice in a row: two clicks there would be a double click, which starts a
  // text on tldraw's canvas.
  clicks++;
  await page.mouse.click(150 + (clicks % 8) * 70, 420 + (clicks % 3) * 60);
}
let clicks = 0;

describe('the table screen: panels, shortcuts, accessibility, phones', () => {
  let table: CampaignTable<readonly ['Ann']>;
  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Night at the Inn', system: 'srd5e' },
      ['Ann'],
    );
  }, 180_000);
  afterAll(async () => {
    await closeCampaignTable(table);
  });

  it('has no WCAG A or AA violation axe can find, with every panel open, for the GM and a player', async () => {
    for (const page of [table.gm.page, table.players[0].peer.page]) {
      expect(await openEveryPanel(page)).toBeGreaterThanOrEqual(8);
      expect(await axeViolations(page, '.mt-board-dock')).toEqual([]);
    }
    await table.gm.page.screenshot({ path: `${SCREENSHOT_DIR}layout-gm-all-panels.png` });
    await table.gm.page.evaluate(() => {
      for (const panel of document.querySelectorAll<HTMLDetailsElement>('.mt-board-dock details')) {
        panel.open = false;
      }
    });
  });

  it('puts the panels away and back with the button and with Shift+P', async () => {
    const page = table.gm.page;
    expect(await dockShown(page)).toBe(true);
    await page.click('[data-testid=dock-toggle]');
    expect(await dockShown(page)).toBe(false);
    expect(await page.getAttribute('[data-testid=dock-toggle]', 'aria-expanded')).toBe('false');
    await focusMap(page);
    await page.keyboard.press('Shift+P');
    expect(await dockShown(page)).toBe(true);
    await focusMap(page);
    await page.keyboard.press('Shift+P');
    expect(await dockShown(page)).toBe(false);
    await page.click('[data-testid=dock-toggle]');
    expect(await dockShown(page)).toBe(true);
  });

  it('goes to the message box with Shift+C, from the map, and sends with Enter', async () => {
    const page = table.gm.page;
    await page.evaluate(() => {
      const chat = document.querySelector<HTMLDetailsElement>('[data-testid=chat-panel]');
      if (chat !== null) chat.open = false;
    });
    await focusMap(page);
    await page.keyboard.press('Shift+C');
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('[data-testid=chat-panel]') !== null,
      ),
    ).toBe(true);
    // Typing a capital P or C in the box is text, not a shortcut.
    await page.keyboard.type('Pass the Cheese, please');
    await page.keyboard.press('Enter');
    expect(await dockShown(page)).toBe(true);
    await table.players[0].peer.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=chat-log]')?.textContent?.includes('Pass the Cheese'),
      undefined,
      { timeout: 30_000 },
    );
  });

  it('fits a phone’s screen, and gives the phone the whole map when the panels are away', async () => {
    const page = table.players[0].peer.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => {
      for (const panel of document.querySelectorAll<HTMLDetailsElement>('.mt-board-dock details')) {
        panel.open = false;
      }
    });
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}layout-phone-panels.png` });
    await openEveryPanel(page);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.click('[data-testid=dock-toggle]');
    expect(await dockShown(page)).toBe(false);
    await page.screenshot({ path: `${SCREENSHOT_DIR}layout-phone-map.png` });
  });
});
