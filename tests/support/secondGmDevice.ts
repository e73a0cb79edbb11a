/**
 * A GM's second device in an e2e table (issue 7): the GM's key and the campaign file (with its
 * gm key, which no invite carries) exported from the lobby of the GM's first device and imported
 * in the lobby of a second browser context, which opens the table as the same GM. Of the two
 * devices the leadership election (packages/campaign leadership.ts) picks one to run the table
 * (the validator, the one writer of the table doc); the other, "the phone", sends its changes as
 * `gm.edit` intents. Which is which is read, not assumed: the election keeps the device whose
 * table awareness has the smaller client id, which is random.
 *
 * {@link openTableWithSecondGm} sets up the whole table (Gemma, Pat, a scene, Gemma's two
 * devices) and {@link closeTableWithSecondGm} closes it, for tests/e2e/boardSecondGm.test.ts and
 * tableSecondGm.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scene, Token } from '@meshtable/schema';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { showSceneAsGm, waitForBoardScene } from './campaignBoardPage';
import {
  type CampaignTable,
  closeCampaignTable,
  openCampaignTable,
  roleIs,
  userIdOn,
} from './campaignPage';
import { type BrowserPeer, expectNoPageTrouble, openPeer, pageTrouble } from './chromium';

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

/**
 * Fails when `phone` has become the device that runs the table (the election moved): a test of
 * what a GM's other device sends would prove nothing from then on.
 */
export async function expectStillSending(phone: Page): Promise<void> {
  expect(await runsTable(phone)).toBe(false);
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

/** Gemma's table with Pat, a scene shown, and Gemma's second device. */
export interface TableWithSecondGm extends SecondGmDevice {
  readonly table: CampaignTable<readonly ['Pat']>;
  /** Pat's page. */
  readonly player: Page;
  /** A folder of the test's own (the exported key and campaign file). */
  readonly work: string;
}

/**
 * Starts a relay and Chromium; Gemma makes a campaign of the template game system and admits
 * Pat, puts `scene` with `tokens` on the table (the party there), and brings her table to a
 * second device ({@link openSecondGmDevice}), which shows the scene.
 */
export async function openTableWithSecondGm(
  scene: Scene,
  tokens: readonly Token[],
): Promise<TableWithSecondGm> {
  const work = await mkdtemp(join(tmpdir(), 'meshtable-second-gm-'));
  const table = await openCampaignTable(
    { gmName: 'Gemma', campaignName: 'Two screens', system: 'template' },
    ['Pat'],
  );
  const player = table.players[0].peer.page;
  let second: BrowserPeer | undefined;
  try {
    await showSceneAsGm(table.gm.page, scene, { tokens: [...tokens] }, [table.gm.page, player]);
    const device = await openSecondGmDevice(table, work);
    second = device.second;
    await waitForBoardScene(device.second.page, scene.id);
    return { ...device, table, player, work };
  } catch (error) {
    await second?.context.close();
    await closeCampaignTable(table).catch(() => {});
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Closes what {@link openTableWithSecondGm} opened, then checks that no page reached outside the
 * relay's origin nor logged an error.
 * @param expectedErrors errors the GM's pages may log as part of the protocol
 */
export async function closeTableWithSecondGm(
  opened: TableWithSecondGm | undefined,
  expectedErrors?: RegExp,
): Promise<void> {
  if (opened === undefined) return;
  const trouble = pageTrouble(
    [opened.second],
    opened.table.temp.relay.url,
    (error) => expectedErrors?.test(error) === true,
  );
  await opened.second.context.close();
  await closeCampaignTable(opened.table, expectedErrors);
  await rm(opened.work, { recursive: true, force: true });
  expectNoPageTrouble(trouble);
}
