/**
 * Issue 8's lobby files, end to end, on the built app served by real relays, each "device" a
 * browser context of its own (its own IndexedDB and asset cache):
 *
 * - The GM (Gemma) makes a campaign on relay A with a scene whose map is in the library, and
 *   exports her identity ("Export my key") and the campaign file from the table panel: both are
 *   real downloads.
 * - A new device on relay B imports her key (same user id after the confirmation), then the
 *   campaign file: the campaign opens there with Gemma as its GM, the scene and its map, and
 *   the map is now on relay B (uploaded by the import).
 * - `meshtable campaign import` reads the browser's file into relay C; a file the CLI exports
 *   from relay A imports in a third device's browser (relay D).
 * - Bad files on that third device: the campaign file before its identity is a GM's
 *   (CAMPAIGN_IMPORT_NOT_GM), a file cut short (CAMPAIGN_FILE_TRUNCATED), one whose asset bytes
 *   were edited (CAMPAIGN_FILE_ASSET_HASH_MISMATCH), a damaged identity file: each shows a clear
 *   error and adds nothing.
 * - Screenshots of the lobby go to test-results/e2e/lobby-*.png.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../support/assetSamples';
import { makeSceneWithMap, shownImage } from '../support/boardFilesPage';
import { sampleMapPng } from '../support/boardSamples';
import { waitForBoardScene } from '../support/campaignBoardPage';
import { campaignCli, getAsset } from '../support/campaignCli';
import {
  type CampaignTable,
  closeCampaignTable,
  openCampaignTable,
  roleIs,
  userIdOn,
} from '../support/campaignPage';
import { type BrowserPeer, expectNoPageTrouble, openPeer, pageTrouble } from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const BACKDROP_IMAGE = '[data-testid=scene-backdrop] image';
/** A new file's `HEAD` on the relay answers 404 before its upload: the protocol, not a fault. */
const UPLOAD_PROBE_404 = /^Failed to load resource: the server responded with a status of 404/;
const MAP = sampleMapPng(12, 8);
const { run: meshtableCampaign } = campaignCli(60_000);

/** Clicks what starts a download and saves the file under `path`. */
async function download(page: Page, selector: string, path: string): Promise<string> {
  const [started] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  await started.saveAs(path);
  return started.suggestedFilename();
}

/** Picks a file in a file input. */
async function pickFile(page: Page, selector: string, path: string): Promise<void> {
  await page.setInputFiles(selector, path);
}

/** The lobby's import error once it names `code` (an earlier error may still show before). */
async function importProblem(page: Page, code: string): Promise<string> {
  await page.waitForFunction(
    (wanted) =>
      document.querySelector('[data-testid=import-problem]')?.textContent?.includes(wanted),
    code,
    { timeout: 30_000 },
  );
  return (await page.textContent('[data-testid=import-problem]')) ?? '';
}

/** Imports the identity file on a device's lobby and confirms. */
async function importIdentity(page: Page, path: string): Promise<void> {
  await pickFile(page, '[data-testid=import-identity-file]', path);
  await page.click('[data-testid=confirm-identity-import]');
  await page.waitForSelector('[data-testid=identity-import-done]');
}

/** The campaigns a device's lobby lists (their ids). */
async function listedCampaigns(page: Page): Promise<string[]> {
  await page.waitForSelector('[data-testid=campaign-list], [data-testid=campaign-list-empty]', {
    timeout: 15_000,
  });
  return page.$$eval('[data-testid=campaign-item]', (items) =>
    items.map((item) => item.getAttribute('data-campaign-id') ?? ''),
  );
}

/** Waits until an imported campaign is open on this device with its GM running the table. */
async function openedAsGm(page: Page, campaignId: string): Promise<void> {
  await page.waitForFunction((id) => window.location.hash === `#/c/${id}`, campaignId, {
    timeout: 60_000,
  });
  await page.waitForSelector(roleIs('gm'), { timeout: 30_000 });
  await page.waitForSelector('[data-testid=campaign][data-validating=true]', { timeout: 30_000 });
}

describe('the lobby: campaign files and identity keys, between devices, relays and the CLI', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let gmId: string;
  let work: string;
  const others: { peer: BrowserPeer; relay: TempRelay }[] = [];
  let relayB: TempRelay;
  let relayC: TempRelay;
  let relayD: TempRelay;
  let sceneId: string;
  let background: string;
  let campaignId: string;
  let identityPath: string;
  let webFile: string;

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    work = await mkdtemp(join(tmpdir(), 'meshtable-lobby-files-'));
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'The Sunless Citadel', system: 'template' },
      [],
    );
    gm = table.gm;
    gmId = table.gmId;
    relayB = await startTempRelay({ webDir: undefined });
    relayC = await startTempRelay();
    relayD = await startTempRelay({ webDir: undefined });
  }, 240_000);

  afterAll(async () => {
    const trouble = others.map(({ peer, relay }) =>
      pageTrouble([peer], relay.relay.url, (error) => UPLOAD_PROBE_404.test(error)),
    );
    for (const { peer } of others) await peer.context.close();
    await closeCampaignTable(table, UPLOAD_PROBE_404);
    await relayB?.dispose();
    await relayC?.dispose();
    await relayD?.dispose();
    await rm(work, { recursive: true, force: true });
    for (const each of trouble) expectNoPageTrouble(each);
  }, 60_000);

  /** A new device: a browser context of its own on `relay`'s app. */
  async function newDevice(relay: TempRelay): Promise<Page> {
    if (table === undefined) throw new Error('no table');
    const peer = await openPeer(table.browser);
    others.push({ peer, relay });
    await peer.page.goto(`${relay.relay.url}/`);
    await peer.page.waitForSelector('[data-testid=campaign-import]');
    return peer.page;
  }

  it('exports the GM’s key and the campaign file (a map asset in it) as downloads', async () => {
    ({ sceneId, background } = await makeSceneWithMap(gm.page, {
      name: 'The gatehouse',
      map: { name: 'Gatehouse.png', buffer: MAP },
      cols: 12,
      rows: 8,
      cell: 50,
    }));
    await gm.page.click('[data-testid=activate-scene]');
    await gm.page.waitForSelector('[data-testid=scene-item][data-active=true][data-hidden=false]');
    campaignId = new URL(table?.invite ?? '').hash.split('/')[2] ?? '';

    // The table panel is open on a wide screen; a narrow one would show its summary only.
    if (!(await gm.page.isVisible('[data-testid=export-campaign]'))) {
      await gm.page.click('[data-testid=table-summary]');
    }
    const exportButton = await gm.page.waitForSelector('[data-testid=export-campaign]');
    expect(await exportButton.getAttribute('aria-label')).toBe(
      'Export campaign file of The Sunless Citadel',
    );
    webFile = join(work, 'web.meshtable.jsonl');
    expect(await download(gm.page, '[data-testid=export-campaign]', webFile)).toBe(
      'the-sunless-citadel.meshtable.jsonl',
    );
    await gm.page.waitForSelector('[data-testid=export-done][data-missing="0"]');
    await gm.page
      .locator('[data-testid=campaign]')
      .screenshot({ path: join(SCREENSHOT_DIR, 'lobby-table-export.png') });
    const lines = (await readFile(webFile, 'utf8')).split('\n');
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(header).toMatchObject({
      meshtableCampaign: 2,
      campaignId,
      assets: [{ sha256: background, size: MAP.length }],
    });
    expect(JSON.parse(lines[1] ?? '')).toEqual({
      sha256: background,
      data: MAP.toString('base64'),
    });
    expect(lines[2]).toBe('');

    await gm.page.goto(`${table?.temp.relay.url}/`);
    const item = `[data-testid=campaign-item][data-campaign-id="${campaignId}"]`;
    // The list exports the copy this device keeps in IndexedDB: the same campaign and map.
    const listFile = join(work, 'list.meshtable.jsonl');
    await download(gm.page, `${item} [data-testid=export-campaign]`, listFile);
    await gm.page.waitForSelector(`${item} [data-testid=export-done][data-missing="0"]`);
    const [listHeader, listAsset] = (await readFile(listFile, 'utf8')).split('\n');
    expect(JSON.parse(listHeader ?? '')).toMatchObject({
      campaignId,
      assets: [{ sha256: background, size: MAP.length }],
    });
    expect(listAsset).toBe(lines[1]);
    identityPath = join(work, 'gemma.json');
    expect(await download(gm.page, '[data-testid=export-identity]', identityPath)).toBe(
      'gemma.meshtable-identity.json',
    );
    expect(JSON.parse(await readFile(identityPath, 'utf8'))).toMatchObject({
      meshtableIdentity: 1,
      userId: gmId,
      name: 'Gemma',
    });
    await gm.page.screenshot({ path: join(SCREENSHOT_DIR, 'lobby-gm.png'), fullPage: true });
  }, 180_000);

  it('opens the campaign, its scene and its map on a new device that imported both files', async () => {
    const page = await newDevice(relayB);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'lobby-new-device.png'), fullPage: true });
    await importIdentity(page, identityPath);
    expect(await page.getAttribute('[data-testid=device-identity]', 'data-user-id')).toBe(gmId);

    await pickFile(page, '[data-testid=import-campaign-file]', webFile);
    await openedAsGm(page, campaignId);
    expect(await userIdOn(page)).toBe(gmId);
    await waitForBoardScene(page, sceneId);
    expect(await shownImage(page, BACKDROP_IMAGE, { x: 3, y: 3 })).toMatchObject({
      width: 12 * 8,
      height: 8 * 8,
    });
    // The import uploaded the map to this device's relay, which had never seen it.
    expect(await getAsset(relayB.relay.url, MAP)).toEqual(MAP);
    await page.goto(`${relayB.relay.url}/`);
    expect(await listedCampaigns(page)).toEqual([campaignId]);

    // The same file again merges with the copy this device keeps (after a reload: from
    // IndexedDB): nothing to confirm, still one campaign, and it opens with its scene.
    await pickFile(page, '[data-testid=import-campaign-file]', webFile);
    await openedAsGm(page, campaignId);
    await waitForBoardScene(page, sceneId);
    await page.goto(`${relayB.relay.url}/`);
    expect(await listedCampaigns(page)).toEqual([campaignId]);
  }, 180_000);

  it('refuses damaged files, and a campaign file before the GM’s key, keeping nothing', async () => {
    const page = await newDevice(relayD);
    await pickFile(page, '[data-testid=import-campaign-file]', webFile);
    expect(await importProblem(page, 'CAMPAIGN_IMPORT_NOT_GM')).toMatch(
      /^Nothing was imported\. CAMPAIGN_IMPORT_NOT_GM: This device has no identity yet/,
    );

    const damagedKey = join(work, 'damaged-identity.json');
    const key = JSON.parse(await readFile(identityPath, 'utf8')) as Record<string, string>;
    await writeFile(damagedKey, JSON.stringify({ ...key, name: '' }));
    await pickFile(page, '[data-testid=import-identity-file]', damagedKey);
    const keyProblem = await page.waitForSelector('[data-testid=identity-import-problem]');
    expect(await keyProblem.textContent()).toMatch(
      /^Nothing was changed\. IDENTITY_INVALID_FILE: The identity file is malformed: name/,
    );
    expect(await page.$('[data-testid=device-identity]')).toBeNull();
    await importIdentity(page, identityPath);

    const text = await readFile(webFile, 'utf8');
    const [head, assetLine] = text.split('\n');
    const truncated = join(work, 'truncated.meshtable.jsonl');
    // Cut in the middle of the map's line, as an interrupted copy would.
    await writeFile(
      truncated,
      text.slice(0, (head ?? '').length + 1 + Math.floor((assetLine ?? '').length / 2)),
    );
    await pickFile(page, '[data-testid=import-campaign-file]', truncated);
    expect(await importProblem(page, 'CAMPAIGN_FILE_TRUNCATED')).toMatch(
      /^Nothing was imported\. CAMPAIGN_FILE_TRUNCATED: The campaign file ends inside its data on line 2/,
    );

    const asset = JSON.parse(assetLine ?? '') as { sha256: string; data: string };
    const middle = Math.floor(asset.data.length / 2);
    const changed = asset.data[middle] === 'A' ? 'B' : 'A';
    const edited = `${asset.data.slice(0, middle)}${changed}${asset.data.slice(middle + 1)}`;
    const editedFile = join(work, 'edited.meshtable.jsonl');
    await writeFile(editedFile, `${head}\n{"sha256":"${asset.sha256}","data":"${edited}"}\n`);
    await pickFile(page, '[data-testid=import-campaign-file]', editedFile);
    expect(await importProblem(page, 'CAMPAIGN_FILE_ASSET_HASH_MISMATCH')).toMatch(
      /^Nothing was imported\. CAMPAIGN_FILE_ASSET_HASH_MISMATCH: Line 2 of the campaign file holds bytes for asset [0-9a-f]{64} that hash to [0-9a-f]{64}/,
    );
    expect(await listedCampaigns(page)).toEqual([]);
    expect(await getAsset(relayD.relay.url, MAP)).toBeNull();
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'lobby-import-refused.png'),
      fullPage: true,
    });
  }, 120_000);

  it('reads the browser’s file with the CLI, and a file the CLI exports in the browser', async () => {
    const imported = await meshtableCampaign(
      'import',
      webFile,
      '--relay',
      relayC.relay.url,
      '--json',
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ campaignId });
    expect(await getAsset(relayC.relay.url, MAP)).toEqual(MAP);

    const cliFile = join(work, 'cli.meshtable.jsonl');
    const { gmKey } = JSON.parse((await readFile(webFile, 'utf8')).split('\n')[0] ?? '').keys as {
      gmKey: string;
    };
    const exported = await meshtableCampaign(
      'export',
      table?.invite ?? '',
      '--gm-key',
      gmKey,
      // The app's invite names no relay: it is the one that served the app.
      '--relay',
      table?.temp.relay.url ?? '',
      '--out',
      cliFile,
    );
    expect(exported.code, exported.stderr).toBe(0);

    // The third device (relay D) has the GM's key from the test before.
    const page = others.find(({ relay }) => relay === relayD)?.peer.page;
    if (page === undefined) throw new Error('the third device is not open');
    await pickFile(page, '[data-testid=import-campaign-file]', cliFile);
    await openedAsGm(page, campaignId);
    await waitForBoardScene(page, sceneId);
    expect(await shownImage(page, BACKDROP_IMAGE, { x: 3, y: 3 })).toMatchObject({
      width: 12 * 8,
    });
    expect(await getAsset(relayD.relay.url, MAP)).toEqual(MAP);
    expect(sha256Hex(MAP)).toBe(background);
  }, 180_000);

  it('fits the lobby on a phone', async () => {
    const page = others.find(({ relay }) => relay === relayB)?.peer.page;
    if (page === undefined) throw new Error('the second device is not open');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${relayB.relay.url}/`);
    await page.waitForSelector('[data-testid=identity-section]');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'lobby-phone.png'), fullPage: true });
  }, 60_000);
});
