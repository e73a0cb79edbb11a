/**
 * Issue 8's intent queue and presence, end to end: a GM (Gemma) and two players (Ann, Bob), each
 * in their own browser context, on the built app served by a real relay.
 *
 * The GM ticks `roll` in the queue's policies ("ask me before ruling"). Ann rolls: her roll waits
 * for the GM, and her own queue panel says so. The GM sees it first in the queue and approves it:
 * the validator rules it by the rules and Ann's receipt is applied, with the dice. Ann rolls
 * again; the GM rejects it with a reason, which Ann then reads in her panel. The presence panel
 * on the GM's screen lists Ann and Bob online, with their connection and role, and Bob offline
 * once his page has closed.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { type CampaignTable, closeCampaignTable, openPartyTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitForShown } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const REASON = 'Not yet: the guards have not noticed you';

/** Asks for a roll through the page's intent client, as the dice UI would; returns its id. */
function roll(page: Page, notation: string, label: string): Promise<string> {
  return page.evaluate(
    ([n, l]) => {
      const campaign = window.__meshtable?.campaign;
      if (campaign === undefined) throw new Error('no campaign on this page');
      return campaign.intents.requestRoll(n, { label: l }).id;
    },
    [notation, label] as const,
  );
}

/** The receipt the page's table doc holds for an intent, as JSON (null while there is none). */
function receiptOn(page: Page, intentId: string) {
  return page.evaluate((id) => {
    const stored = window.__meshtable?.campaign?.table.getMap('receipts').get(id) as
      | { toJSON?: () => unknown }
      | undefined;
    return (stored?.toJSON?.() ?? stored ?? null) as Record<string, unknown> | null;
  }, intentId);
}

const item = (id: string) => `[data-testid=queue-item][data-intent-id="${id}"]`;
const member = (userId: string) => `[data-testid=presence-member][data-user-id="${userId}"]`;

describe('the GM’s intent queue and the presence panel', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let ann: BrowserPeer;
  let bob: BrowserPeer;
  let annId: string;
  let bobId: string;

  /** A screenshot with `panel` scrolled into the dock's view. */
  const shot = async (peer: BrowserPeer, name: string, panel = 'queue-panel') => {
    await peer.page.locator(`[data-testid=${panel}]`).scrollIntoViewIfNeeded();
    await peer.page.screenshot({ path: `${SCREENSHOT_DIR}queue-${name}.png` });
  };

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    ({ table, gm, ann, annId, bob, bobId } = await openPartyTable('The Gatehouse', 'template'));
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('holds a roll for the GM once the GM asks for rolls, and Ann sees it waiting', async () => {
    await waitForShown(gm.page, 'the GM’s queue', '[data-testid=queue-panel][data-view=gm]');
    await waitForShown(
      ann.page,
      'Ann’s own requests',
      '[data-testid=queue-panel][data-view=player]',
    );
    const policy = '[data-testid=queue-policy][data-kind="roll"]';
    expect(await gm.page.isChecked(policy)).toBe(false);
    await gm.page.check(policy);
    expect(await gm.page.isChecked(policy)).toBe(true);

    const first = await roll(ann.page, '1d20+3', 'Stealth');
    await waitForShown(
      ann.page,
      'Ann’s roll waiting for the GM',
      `[data-testid=queue-asking] ${item(first)}[data-state=asking]`,
    );
    expect(await ann.page.textContent('[data-testid=queue-summary-asking]')).toContain(
      '1 waiting for the GM',
    );
    await waitForShown(
      gm.page,
      'Ann’s roll in the GM’s queue',
      `[data-testid=queue-asking] ${item(first)}`,
    );
    expect(await gm.page.textContent(`${item(first)} [data-testid=queue-summary]`)).toBe(
      'Stealth: 1d20+3',
    );
    expect(await gm.page.textContent(item(first))).toContain('Ann');
    // Held, not ruled: no receipt on either side.
    expect(await receiptOn(gm.page, first)).toBeNull();
    await shot(ann, 'player-waiting');
    await shot(gm, 'gm-asking');
    // Approve, the reason and Reject have names that say whose request they are about.
    expect(await axeViolations(gm.page, '[data-testid=queue-panel]')).toEqual([]);
    expect(await axeViolations(ann.page, '[data-testid=queue-panel]')).toEqual([]);
    expect(
      await gm.page.getAttribute(`${item(first)} [data-testid=queue-approve]`, 'aria-label'),
    ).toBe("Approve Ann's roll (Stealth: 1d20+3)");

    await gm.page.click(`${item(first)} [data-testid=queue-approve]`);
    await waitForShown(
      ann.page,
      'Ann’s roll applied',
      `[data-testid=queue-recent] ${item(first)}[data-state=applied]`,
    );
    const receipt = await receiptOn(ann.page, first);
    expect(receipt).toMatchObject({
      status: 'applied',
      result: { text: expect.stringMatching(/^1d20\+3/), total: expect.any(Number) },
    });
    expect(receipt?.roll).toBeDefined();
    await waitForShown(
      gm.page,
      'the applied roll in the GM’s recent rulings',
      `[data-testid=queue-recent] ${item(first)}[data-state=applied]`,
    );
    // The roll's own text, which ends with its total already.
    expect(await gm.page.textContent(`${item(first)} [data-testid=queue-result]`)).toBe(
      ` ${(receipt?.result as { text?: string } | undefined)?.text}`,
    );
  });

  it('rejects a second roll with the GM’s reason, which Ann reads', async () => {
    const first =
      (await gm.page.getAttribute(
        '[data-testid=queue-recent] [data-kind=roll][data-state=applied]',
        'data-intent-id',
      )) ?? '';
    const second = await roll(ann.page, '1d20', 'Perception');
    await waitForShown(
      gm.page,
      'Ann’s second roll in the queue',
      `[data-testid=queue-asking] ${item(second)}`,
    );
    // A rejection needs a reason: the GM is told so, and nothing is decided.
    await gm.page.click(`${item(second)} [data-testid=queue-reject]`);
    expect(
      await (
        await waitForShown(gm.page, 'the missing reason', '[data-testid=queue-problem]')
      ).textContent(),
    ).toContain('a rejection needs a reason');
    await gm.page.fill(`${item(second)} [data-testid=queue-reason]`, REASON);
    await gm.page.click(`${item(second)} [data-testid=queue-reject]`);
    await waitForShown(
      ann.page,
      'Ann’s roll rejected',
      `[data-testid=queue-recent] ${item(second)}[data-state=rejected]`,
    );
    expect(await ann.page.textContent(`${item(second)} [data-testid=queue-reason-text]`)).toBe(
      ` Rejected by the GM: ${REASON}`,
    );
    expect(await receiptOn(ann.page, second)).toMatchObject({
      status: 'rejected',
      reason: `Rejected by the GM: ${REASON}`,
    });
    // The seed the roll would have used is revealed all the same: everyone can see what the GM
    // turned down.
    const firstIndex = ((await receiptOn(ann.page, first)) as { roll: { index: number } }).roll
      .index;
    expect(await receiptOn(ann.page, second)).toMatchObject({ roll: { index: firstIndex + 1 } });
    expect(await gm.page.isVisible('[data-testid=queue-problem]')).toBe(false);
    await shot(ann, 'player-rejected');
    await shot(gm, 'gm-recent');
    // On a phone's width the rows wrap inside the dock, which spans the screen.
    await ann.page.setViewportSize({ width: 390, height: 800 });
    const panel = await ann.page.$eval('[data-testid=queue-panel]', (element) => ({
      width: element.getBoundingClientRect().width,
      scroll: element.scrollWidth - element.clientWidth,
    }));
    expect(panel.width).toBeLessThanOrEqual(390);
    expect(panel.scroll).toBe(0);
    await shot(ann, 'player-phone');
  });

  it('shows both players online with their connection and role, and Bob offline once gone', async () => {
    for (const userId of [annId, bobId]) {
      const row = await waitForShown(
        gm.page,
        `player ${userId} online on the GM’s screen`,
        `${member(userId)}[data-online=true][data-role=player]`,
      );
      expect(await row.getAttribute('data-via')).toMatch(/^(webrtc|relay)$/);
      expect(await row.textContent()).toMatch(/Player.*Online · (WebRTC|Relay)/);
    }
    expect(
      await gm.page.textContent(`${member(table?.gmId ?? '')} [data-testid=presence-role]`),
    ).toBe('GM');
    await shot(gm, 'presence-online', 'presence-panel');
    expect(await axeViolations(gm.page, '[data-testid=presence-panel]')).toEqual([]);

    await bob.page.close();
    // Bob's awareness goes with his page: the relay drops it when his socket closes, and every
    // peer's awareness times out a silent state.
    await waitForShown(
      gm.page,
      'Bob offline on the GM’s screen',
      `${member(bobId)}[data-online=false][data-via=offline]`,
      60_000,
    );
    expect(await gm.page.textContent(`${member(bobId)} [data-testid=presence-state]`)).toBe(
      'Offline',
    );
    expect(await gm.page.getAttribute(member(annId), 'data-online')).toBe('true');
    await shot(gm, 'presence-bob-offline', 'presence-panel');
  });
});
