/**
 * A GM's second device in an e2e table (issue 7): the GM's key and the campaign file (with its
 * gm key, which no invite carries) exported from the lobby of the GM's first device and imported
 * in the lobby of a second browser context, which opens the table as the same GM. Of the two
 * devices the leadership election (packages/campaign leadership.ts) picks one to run the table
 * (the validator, the one writer of the table doc); the other, "the phone", sends its changes as
 * `gm.edit` intents. Which is which is read, not assumed: the election keeps the device whose
 * table awareness has the smaller client id, which is random.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type CampaignTable, roleIs, userIdOn } from './campaignPage';
import { type BrowserPeer, openPeer } from './chromium';

/** What a page shows while it runs the table, and while it does not. */
export const VALIDATING = '[data-testid=campaign][data-validating=true]';
export const NOT_VALIDATING = '[data-testid=campaign][data-validating=false]';

/** The GM's two devices. */
export interface SecondGmDevice {
  /** The second browser context (close it when done). */
  readonly second: BrowserPeer;
  /** The device that runs the table. */
  readonly runner: Page;
  /** The other one: its changes go to the runner as `gm.edit`s. */
  readonly phone: Page;
}

/** Clicks what starts a download and saves the file under `path`. */
async function download(page: Page, selector: string, path: string): Promise<void> {
  const [started] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  await started.saveAs(path);
}

/** Whether a page's campaign runs the table. */
export async function runsTable(page: Page): Promise<boolean> {
  return (await page.getAttribute('[data-testid=campaign]', 'data-validating')) === 'true';
}

/** The client id of a page's table awareness: what its validator claim names. */
async function awarenessClientId(page: Page): Promise<number> {
  return page.evaluate(() => {
    const session = window.__meshtable?.campaign?.session;
    if (session === undefined) throw new Error('no campaign session on this page');
    return session.tableSync.awareness.clientID;
  });
}

/**
 * Brings the GM of `table` to a second device and waits until one of the two runs the table and
 * the other does not. The GM's first page returns to the table afterwards.
 * @param work a folder for the exported key and campaign file
 * @throws Error naming each device's client id and claims when the election does not settle
 */
export async function openSecondGmDevice(
  table: CampaignTable,
  work: string,
): Promise<SecondGmDevice> {
  const { gm, temp, invite, gmId } = table;
  const tableUrl = gm.page.url();
  await gm.page.goto(`${temp.relay.url}/`);
  const keyFile = join(work, 'gm-key.json');
  const campaignFile = join(work, 'campaign.meshtable.jsonl');
  await download(gm.page, '[data-testid=export-identity]', keyFile);
  const campaignId = new URL(invite).hash.split('/')[2] ?? '';
  const item = `[data-testid=campaign-item][data-campaign-id="${campaignId}"]`;
  await download(gm.page, `${item} [data-testid=export-campaign]`, campaignFile);
  await gm.page.waitForSelector(`${item} [data-testid=export-done]`);
  await gm.page.goto(tableUrl);
  await gm.page.waitForSelector(VALIDATING, { timeout: 30_000 });

  const second = await openPeer(table.browser);
  await second.page.goto(`${temp.relay.url}/`);
  await second.page.setInputFiles('[data-testid=import-identity-file]', keyFile);
  await second.page.click('[data-testid=confirm-identity-import]');
  await second.page.waitForSelector('[data-testid=identity-import-done]');
  await second.page.setInputFiles('[data-testid=import-campaign-file]', campaignFile);
  await second.page.waitForSelector(roleIs('gm'), { timeout: 45_000 });
  expect(await userIdOn(second.page)).toBe(gmId);

  const [first, other] = await Promise.all([gm.page, second.page].map(awarenessClientId));
  const [runner, phone] =
    (first as number) < (other as number) ? [gm.page, second.page] : [second.page, gm.page];
  try {
    await runner.waitForSelector(VALIDATING, { timeout: 45_000 });
    await phone.waitForSelector(NOT_VALIDATING, { timeout: 45_000 });
  } catch (error) {
    const seen = await Promise.all(
      [gm.page, second.page].map(async (page) => ({
        clientId: await awarenessClientId(page),
        validating: await runsTable(page),
        claims: await page.evaluate(() =>
          [...(window.__meshtable?.campaign?.session.tableSync.awareness.getStates() ?? [])].map(
            ([id, state]) => [id, (state as Record<string, unknown>).meshtableValidator ?? null],
          ),
        ),
      })),
    );
    throw new Error(`the election never settled as expected: ${JSON.stringify(seen)}`, {
      cause: error,
    });
  }
  return { second, runner, phone };
}

/** The outcome of each `gm.edit` in the GM's intent log, as `page`'s table doc holds them. */
export async function gmEditOutcomes(page: Page, gmId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const table = window.__meshtable?.campaign?.table;
    if (table === undefined) throw new Error('no campaign session on this page');
    const receipts = table.getMap('receipts');
    return table
      .getArray(`intents/${id}`)
      .toArray()
      .filter((entry) => (entry as { kind?: string }).kind === 'gm.edit')
      .map((entry) => {
        const receipt = receipts.get((entry as { id: string }).id);
        const json = (receipt as { toJSON?: () => unknown })?.toJSON?.() ?? receipt;
        return (json as { status?: string } | undefined)?.status ?? 'none';
      });
  }, gmId);
}
