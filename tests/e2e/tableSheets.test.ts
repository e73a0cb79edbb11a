/**
 * Character sheets end to end (issue 8, "Character sheets"): a GM and two players, each in
 * their own browser context, on the built app served by a real relay, with the SRD 5.1 module
 * (its sheet drawn from modules/srd5e/sheets/character.json, derive run in each page's sandbox).
 *
 * The GM (Gemma) makes Aster, a character owned by Ann. Ann rolls a Strength check with
 * advantage from her sheet (a roll intent, with the button's options and her answers, applied
 * by the GM's validator). Her device now known to the audit, she raises her Strength directly
 * and sees the modifier derive computes change on her screen and on the GM's, and the audit
 * keeps it; so are her ticked saving throw and the inventory row she adds, fills and removes.
 * Her change of Size, a field the sheet leaves to the GM, goes as a sheet.edit
 * intent, applied; with the GM deciding sheet edits by hand, it waits, shown as pending, and the
 * GM's refusal shows under the field. Bob sees Aster's sheet read-only, and his write around the
 * UI is undone by the GM's audit. A script typed into a text field and into the notes (shown to
 * Bob as markdown) never runs. axe finds nothing in the panel, and the sheet fits a phone.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { type CampaignTable, closeCampaignTable, openPartyTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** What a player might type to run a script on everyone else's screen. */
const XSS = '<img src=x onerror="window.__sheetXss=1"><script>window.__sheetXss=2</script>';

const field = (path: string) => `[data-testid="sheet-field-${path}"]`;
const input = (path: string) => `[data-testid="sheet-input-${path}"]`;
const badge = (path: string) => `[data-testid="sheet-badge-${path}"]`;

/** Waits until the element's text is `text`. */
async function textIs(page: Page, selector: string, text: string, what: string) {
  await waitOn(
    page,
    `${what}: "${text}"`,
    ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want,
    [selector, text] as const,
  );
}

/** Opens a character's sheet from the Characters panel. */
async function openSheet(page: Page, name: string): Promise<void> {
  const pick = page.locator('[data-testid=characters-panel] .mt-sheets-pick', { hasText: name });
  await pick.waitFor({ timeout: 30_000 });
  if ((await pick.getAttribute('aria-pressed')) !== 'true') await pick.click();
  await page.waitForSelector('[data-testid=character-sheet]', { timeout: 30_000 });
}

describe('character sheets: a GM and two players', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let ann: BrowserPeer;
  let bob: BrowserPeer;
  let annId: string;
  let actorId: string;

  /** A screenshot of the page with `at` (a part of the sheet) scrolled into the dock's view. */
  const shot = async (peer: BrowserPeer, name: string, at: string) => {
    await peer.page.locator(at).scrollIntoViewIfNeeded();
    await peer.page.screenshot({ path: `${SCREENSHOT_DIR}sheet-${name}.png` });
  };

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    ({ table, gm, ann, annId, bob } = await openPartyTable('Heroes of the Vale', 'srd5e'));
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('lets the GM make a character owned by Ann, which Ann and Bob then see', async () => {
    await gm.page.click('[data-testid=new-character] summary');
    await gm.page.fill('[data-testid=new-character-name]', 'Aster');
    await gm.page.selectOption('[data-testid=new-character-type]', 'character');
    await gm.page.selectOption('[data-testid=new-character-owner]', annId);
    await gm.page.click('[data-testid=new-character-create]');
    await gm.page.waitForSelector('[data-testid=character-sheet]', { timeout: 30_000 });
    actorId = (await gm.page.getAttribute('[data-testid=character-sheet]', 'data-actor')) ?? '';
    expect(actorId).not.toBe('');
    await textIs(gm.page, '[data-testid=sheet-title]', 'Aster', 'the sheet’s title');
    for (const peer of [ann, bob]) await openSheet(peer.page, 'Aster');
    // A fresh character of 10s: derive gives +0 on every screen.
    for (const peer of [gm, ann, bob]) {
      await textIs(peer.page, badge('data.abilities.str'), '+0', 'Strength’s modifier');
    }
  });

  it('sends Ann’s roll with its options and answers, and shows the applied receipt', async () => {
    await ann.page.click(`${field('data.abilities.str')} [data-testid=sheet-roll]`);
    await ann.page.selectOption(`${field('data.abilities.str')} form select`, {
      label: 'Advantage',
    });
    await ann.page.click(`${field('data.abilities.str')} [data-testid=sheet-roll-go]`);
    const status = `${field('data.abilities.str')} [data-testid=sheet-roll-status]`;
    await ann.page.waitForSelector(`${status}:not([data-status=sent])`, { timeout: 30_000 });
    const outcome = await ann.page.$eval(status, (element) => [
      element.getAttribute('data-status'),
      element.textContent,
    ]);
    expect(outcome[0], outcome[1] ?? '').toBe('applied');
    expect(outcome[1]).toMatch(/^Strength check: \d+/);
    const ruled = await ann.page.evaluate((userId) => {
      const hook = window.__meshtable?.campaign;
      const entry = hook?.table.getArray(`intents/${userId}`).toArray().at(-1) as {
        id: string;
        kind: string;
        payload: Record<string, unknown>;
      };
      const receipt = hook?.table.getMap('receipts').get(entry.id) as { toJSON(): unknown };
      return { kind: entry.kind, payload: entry.payload, receipt: receipt.toJSON() };
    }, annId);
    expect(ruled.kind).toBe('roll');
    expect(ruled.payload).toMatchObject({
      notation: '1d20+0',
      label: 'Strength check',
      kind: 'check',
      mode: 'advantage',
      dc: 0,
    });
    expect(ruled.receipt).toMatchObject({ status: 'applied', result: { mode: 'advantage' } });
    // Its card is in the chat on every screen, verified against the GM's receipt.
    for (const peer of [ann, gm, bob]) {
      await peer.page.waitForSelector(
        `[data-testid=roll-card][aria-label^="Roll: Aster: Strength check"] [data-testid=roll-verified]`,
        // The chat may be folded on this screen: the card is in the page all the same.
        { timeout: 30_000, state: 'attached' },
      );
    }
  });

  it('lets Ann raise her Strength directly; derive’s modifier follows on her screen and the GM’s', async () => {
    await ann.page.waitForSelector(`${field('data.abilities.str')}[data-route=direct]`);
    await ann.page.fill(input('data.abilities.str'), '16');
    await ann.page.press(input('data.abilities.str'), 'Enter');
    for (const peer of [ann, gm, bob]) {
      await textIs(peer.page, badge('data.abilities.str'), '+3', 'Strength’s modifier after 16');
    }
    await waitOn(
      gm.page,
      'Strength 16 in the GM’s form',
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '16',
      input('data.abilities.str'),
    );
  });

  it('lets Ann tick a checkbox and add, fill and remove a list’s rows, seen on the GM’s sheet', async () => {
    const section = (name: string) => `[data-testid=character-sheet] summary:has-text("${name}")`;
    for (const peer of [ann, gm]) {
      await peer.page.click(section('Saving throws'));
      await peer.page.click(section('Equipment'));
    }
    // Proficient in Dexterity saves: derive adds the proficiency bonus to the save.
    await textIs(gm.page, badge('data.saves.dex'), '+0', 'the Dexterity save');
    await ann.page.check(input('data.saves.dex'));
    for (const peer of [ann, gm]) {
      await textIs(peer.page, badge('data.saves.dex'), '+2', 'the proficient Dexterity save');
    }
    await ann.page.click('[data-testid="sheet-add-data.inventory"]');
    await ann.page.fill(input('data.inventory.0.name'), 'Rope');
    await ann.page.press(input('data.inventory.0.name'), 'Enter');
    await waitOn(
      gm.page,
      'the rope on the GM’s sheet',
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'Rope',
      input('data.inventory.0.name'),
    );
    await ann.page.click('button[aria-label="Remove row 1 of Inventory"]');
    await gm.page.waitForSelector('[data-testid="sheet-row-data.inventory-0"]', {
      state: 'detached',
      timeout: 30_000,
    });
    for (const peer of [ann, gm]) {
      await peer.page.click(section('Saving throws'));
      await peer.page.click(section('Equipment'));
    }
  });

  it('sends Ann’s change of a field the sheet leaves to the GM as an intent, which the GM’s validator applies', async () => {
    await ann.page.waitForSelector(`${field('data.size')}[data-route=intent]`);
    await ann.page.selectOption(input('data.size'), { label: 'Large' });
    for (const peer of [gm, ann]) {
      await waitOn(
        peer.page,
        'Size Large',
        (sel) =>
          (document.querySelector(sel) as HTMLSelectElement | null)?.selectedOptions[0]
            ?.textContent === 'Large',
        input('data.size'),
      );
    }
    // It went through Ann's log, and came back applied.
    const receipt = await ann.page.evaluate((userId) => {
      const hook = window.__meshtable?.campaign;
      const entry = hook?.table.getArray(`intents/${userId}`).toArray().at(-1) as {
        id: string;
        kind: string;
        payload: unknown;
      };
      const stored = hook?.table.getMap('receipts').get(entry.id) as { toJSON(): unknown };
      return { kind: entry.kind, payload: entry.payload, receipt: stored?.toJSON() };
    }, annId);
    expect(receipt).toMatchObject({
      kind: 'sheet.edit',
      payload: { actorId, path: ['size'], value: 'large' },
      receipt: { status: 'applied' },
    });
    await ann.page.waitForSelector(`${field('data.size')}[data-pending=false]`);
    // The audit kept Ann's direct edit of Strength, and had nothing to undo.
    await textIs(gm.page, badge('data.abilities.str'), '+3', 'Strength’s modifier still');
    expect(await gm.page.textContent('body')).not.toMatch(/Undid a change to actors/);
    await shot(ann, 'owner', field('data.abilities.str'));
    await shot(gm, 'gm', '[data-testid=character-sheet] header');
  });

  it('holds Ann’s request while the GM asks to decide sheet edits: pending, then refused with the GM’s reason', async () => {
    await gm.page.check('[data-testid=queue-policy][data-kind="sheet.edit"]');
    await ann.page.selectOption(input('data.size'), { label: 'Medium' });
    await ann.page.waitForSelector('[data-testid="sheet-pending-data.size"]', { timeout: 30_000 });
    // What Ann asked for shows on her sheet while it waits; the GM's still says Large.
    expect(
      await ann.page.$eval(
        input('data.size'),
        (element) => (element as HTMLSelectElement).selectedOptions[0]?.textContent,
      ),
    ).toBe('Medium');
    expect(
      await gm.page.$eval(
        input('data.size'),
        (element) => (element as HTMLSelectElement).selectedOptions[0]?.textContent,
      ),
    ).toBe('Large');
    const held = gm.page.locator('[data-testid=queue-asking] [data-testid=queue-item]');
    await held.waitFor({ timeout: 30_000 });
    await held.locator('[data-testid=queue-reason]').fill('Aster stays large');
    await held.locator('[data-testid=queue-reject]').click();
    await waitOn(
      ann.page,
      'the GM’s reason under Size',
      (sel) => document.querySelector(sel)?.textContent?.includes('Aster stays large') === true,
      '[data-testid="sheet-problem-data.size"]',
    );
    await waitOn(
      ann.page,
      'Size back to Large',
      (sel) =>
        (document.querySelector(sel) as HTMLSelectElement | null)?.selectedOptions[0]
          ?.textContent === 'Large',
      input('data.size'),
    );
    expect(await ann.page.$('[data-testid="sheet-pending-data.size"]')).toBeNull();
    await gm.page.uncheck('[data-testid=queue-policy][data-kind="sheet.edit"]');
  });

  it('shows Bob Ann’s sheet read-only, and the audit undoes his write around it', async () => {
    await bob.page.waitForSelector(`${field('data.abilities.str')}[data-route=none]`);
    const tag = await bob.page.$eval(input('data.abilities.str'), (element) => element.tagName);
    expect(tag).toBe('OUTPUT');
    await textIs(bob.page, input('data.abilities.str'), '16', 'Ann’s Strength on Bob’s sheet');
    expect(await bob.page.$(`${field('data.attacks')} button`)).toBeNull();
    expect(await bob.page.textContent('[data-testid=character-sheet] header')).toMatch(/read-only/);
    expect(await bob.page.$(`${field('data.abilities.str')} [data-testid=sheet-roll]`)).toBeNull();
    // Around the UI, straight into the table doc: the GM's audit puts Ann's Strength back.
    await bob.page.evaluate((id) => {
      const table = window.__meshtable?.campaign?.table;
      const actor = table?.getMap('actors').get(id) as
        | { get(key: string): { get(key: string): { set(key: string, value: number): void } } }
        | undefined;
      actor?.get('data').get('abilities').set('str', 3);
    }, actorId);
    await waitOn(
      gm.page,
      'the audit’s report',
      (id) => document.body.textContent?.includes(`Undid a change to actors/${id}`) === true,
      actorId,
    );
    for (const peer of [gm, ann, bob]) {
      await textIs(peer.page, badge('data.abilities.str'), '+3', 'Strength’s modifier put back');
    }
    await shot(bob, 'read-only', '[data-testid=character-sheet] header');
  });

  it('never runs a script typed into a text field or the notes', async () => {
    await ann.page.fill(input('data.species'), XSS);
    await ann.page.press(input('data.species'), 'Enter');
    await ann.page.click('[data-testid=character-sheet] summary:has-text("Features and notes")');
    await ann.page.fill(input('data.notes'), `# Notes\n\n${XSS}\n\n[run](javascript:alert(1))`);
    await ann.page.locator(input('data.notes')).blur();
    await textIs(bob.page, input('data.species'), XSS, 'the payload as plain text on Bob’s sheet');
    await bob.page.click('[data-testid=character-sheet] summary:has-text("Features and notes")');
    await waitOn(
      bob.page,
      'the notes as markdown',
      (sel) => document.querySelector(`${sel} h1`)?.textContent === 'Notes',
      input('data.notes'),
    );
    const notes = bob.page.locator(input('data.notes'));
    expect(await notes.locator('img, script').count()).toBe(0);
    expect(await notes.textContent()).toContain('<img src=x onerror=');
    expect(await notes.locator('a[href^="javascript"]').count()).toBe(0);
    for (const peer of [gm, ann, bob]) {
      expect(await peer.page.evaluate(() => (window as { __sheetXss?: unknown }).__sheetXss)).toBe(
        undefined,
      );
    }
    await shot(bob, 'notes', input('data.notes'));
  });

  it('has no WCAG A or AA violation axe can find, for the owner, the GM and a reader', async () => {
    for (const peer of [ann, gm, bob])
      expect(await axeViolations(peer.page, '[data-testid=characters-panel]')).toEqual([]);
  });

  it('fits a phone’s screen', async () => {
    await ann.page.setViewportSize({ width: 390, height: 800 });
    await ann.page.locator(field('data.abilities.str')).scrollIntoViewIfNeeded();
    const overflow = await ann.page.$eval('[data-testid=character-sheet]', (sheet) => ({
      sheet: sheet.scrollWidth - sheet.clientWidth,
      page: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow).toEqual({ sheet: 0, page: 0 });
    await ann.page.screenshot({ path: `${SCREENSHOT_DIR}sheet-phone.png` });
    await ann.page.setViewportSize({ width: 1200, height: 800 });
  });
});
