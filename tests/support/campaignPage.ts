/**
 * Drives a campaign's screens (the lobby, an invite, the table screen) through their
 * `data-testid`s and the campaign part of the test hook (`window.__meshtable.campaign`), so
 * that tests wait on named conditions rather than on text or sleeps.
 */
import type { Actor, Scene, Token } from '@meshtable/schema';
import type { Browser, Page } from 'playwright-core';
// Brings in the declaration of window.__meshtable (the app's test hook).
import type {} from '../../apps/web/src/testHook';
import {
  type BrowserPeer,
  expectNoPageTrouble,
  launchChromium,
  openPeer,
  pageTrouble,
} from './chromium';
import { startTempRelay, type TempRelay } from './tempRelay';

/** Selector of the table screen once my role is `role`. */
export const roleIs = (role: string) => `[data-testid=campaign-role][data-role="${role}"]`;

/** What a GM fills in on the lobby's "New campaign" form. */
export interface NewCampaign {
  /** The GM's name, asked when the device has no identity yet. */
  readonly gmName: string;
  readonly campaignName: string;
  /** A bundled game system's id. */
  readonly system: string;
}

/** Fills in "New campaign" on the lobby (the page must be on `#/`) and submits it. */
export async function fillNewCampaign(page: Page, campaign: NewCampaign): Promise<void> {
  await page.waitForSelector('[data-testid=new-campaign]');
  if ((await page.$('[data-testid=identity-name]')) !== null) {
    await page.fill('[data-testid=identity-name]', campaign.gmName);
  }
  await page.fill('[data-testid=campaign-name-input]', campaign.campaignName);
  await page.selectOption('[data-testid=campaign-system-select]', campaign.system);
}

/** Waits until the page's campaign session is open and the hook exposes it. */
export async function waitForCampaignHook(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__meshtable?.campaign), undefined, {
    timeout: 30_000,
  });
}

/** My role at the table, as the session says it. */
export async function roleOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.__meshtable?.campaign?.role());
}

/** Records for {@link writeRecordsAsGm}, by the table doc's map they go in. */
export interface GmRecords {
  readonly scenes?: readonly Scene[];
  readonly actors?: readonly Actor[];
  readonly tokens?: readonly Token[];
}

/**
 * Writes records into the table doc as the validating GM (`writeAsGm`), each a Y.Map as the
 * engine stores them.
 * @returns whether this device was the validating one and wrote them
 */
export async function writeRecordsAsGm(page: Page, records: GmRecords): Promise<boolean> {
  return page.evaluate(
    (byMap) => {
      const hook = window.__meshtable?.campaign;
      if (hook === undefined) throw new Error('no campaign session on this page');
      return hook.writeAsGm((table) => {
        for (const [map, list] of Object.entries(byMap)) {
          for (const record of list) {
            table.getMap(map).set(record.id, hook.toYValue(record as never));
          }
        }
      });
      // Plain JSON on the way in; Playwright's serialisable type is too deep for the schema types.
    },
    records as unknown as Readonly<Record<string, readonly { readonly id: string }[]>>,
  );
}

/** `meta.campaign.system` as the page's table doc holds it: the game system's pin. */
export async function pinnedSystem(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const stored = window.__meshtable?.campaign?.table.getMap('meta').get('campaign');
    return (stored as { system?: unknown } | undefined)?.system;
  });
}

/**
 * Every shared type of the page's table doc as JSON text: what this peer holds of the table (to
 * check that a secret is not in it). Logs are arrays; every other top-level type is a map.
 */
export async function tableDocText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const table = window.__meshtable?.campaign?.table;
    if (table === undefined) throw new Error('no campaign session on this page');
    const parts: Record<string, unknown> = {};
    for (const name of table.share.keys()) {
      parts[name] =
        name.startsWith('intents/') || name.startsWith('posts/')
          ? table.getArray(name).toJSON()
          : table.getMap(name).toJSON();
    }
    return JSON.stringify(parts);
  });
}

/** Waits until the page's table doc holds `tokens[tokenId]`. */
export async function waitForToken(page: Page, tokenId: string): Promise<void> {
  await page.waitForFunction(
    (id) => window.__meshtable?.campaign?.table.getMap('tokens').has(id) === true,
    tokenId,
    { timeout: 30_000 },
  );
}

/** A receipt as the test reads it. */
export interface ReceiptSummary {
  readonly status: string;
  readonly reason?: string;
  readonly by?: string;
}

/** Asks to move a token through the player's IntentClient and waits for the GM's receipt. */
export async function moveToken(
  page: Page,
  tokenId: string,
  x: number,
  y: number,
): Promise<ReceiptSummary> {
  return page.evaluate(
    async ({ tokenId, x, y }) => {
      const hook = window.__meshtable?.campaign;
      if (hook === undefined) throw new Error('no campaign session on this page');
      const receipt = await hook.intents.requestMoveToken(tokenId, x, y).receipt;
      const { status, by } = receipt;
      return receipt.status === 'rejected'
        ? { status, by, reason: receipt.reason }
        : { status, by };
    },
    { tokenId, x, y },
  );
}

/**
 * Makes a campaign from the lobby as a GM (on a device that may not know them yet) and waits
 * until this device runs the table.
 * @returns the invite link the table screen shows
 */
export async function createCampaignAsGm(
  page: Page,
  baseUrl: string,
  campaign: NewCampaign,
): Promise<string> {
  await page.goto(`${baseUrl}/`);
  await fillNewCampaign(page, campaign);
  await page.click('[data-testid=new-campaign]');
  await page.waitForSelector('[data-testid=campaign][data-validating=true]', { timeout: 30_000 });
  const link = await page.getAttribute('[data-testid=invite-link]', 'data-link');
  if (link === null) throw new Error('the table screen shows no invite link');
  return link;
}

/** Opens an invite on a device that does not know the person yet, and asks to join. */
export async function joinAs(page: Page, invite: string, name: string): Promise<void> {
  await page.goto(invite);
  await page.fill('[data-testid=identity-name]', name);
  await page.click('[data-testid=join-campaign]');
  await page.waitForSelector(roleIs('pending'), { timeout: 45_000 });
}

/** My user id on this page's open campaign. */
export async function userIdOn(page: Page): Promise<string> {
  await waitForCampaignHook(page);
  return page.evaluate(() => window.__meshtable?.campaign?.session.me.userId ?? '');
}

/** Clicks Admit for one pending member on the GM's table screen. */
export async function admit(gmPage: Page, userId: string): Promise<void> {
  const row = `[data-testid=pending-member][data-user-id="${userId}"]`;
  await gmPage.waitForSelector(row, { timeout: 30_000 });
  await gmPage.click(`${row} [data-testid=admit-member]`);
}

/** Waits until the page's open table doc is of key epoch `epoch` (`meta.epoch`). */
export async function waitForEpoch(page: Page, epoch: number): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const stored = window.__meshtable?.campaign?.table.getMap('meta').get('epoch');
      return (stored as { epoch?: number } | undefined)?.epoch === wanted;
    },
    epoch,
    { timeout: 45_000 },
  );
}

/**
 * A new person opens the invite, asks to join, and the GM admits them: waits until their page
 * says they are a player.
 * @returns their user id
 */
export async function joinAndAdmit(
  gmPage: Page,
  page: Page,
  invite: string,
  name: string,
): Promise<string> {
  await joinAs(page, invite, name);
  const userId = await userIdOn(page);
  await admit(gmPage, userId);
  await page.waitForSelector(roleIs('player'), { timeout: 30_000 });
  return userId;
}

/** A player at a {@link CampaignTable}. */
export interface TablePlayer {
  readonly peer: BrowserPeer;
  readonly userId: string;
}

/** A GM and admitted players at a new campaign, each in their own browser context, on a relay of their own. */
export interface CampaignTable<Names extends readonly string[] = readonly string[]> {
  readonly browser: Browser;
  readonly temp: TempRelay;
  readonly gm: BrowserPeer;
  readonly gmId: string;
  /** The players' pages and user ids, in the order they were named. */
  readonly players: { readonly [K in keyof Names]: TablePlayer };
  /** The invite link the GM's table screen shows. */
  readonly invite: string;
}

/**
 * Starts a relay and Chromium, makes `campaign` as its GM in one browser context, waits for the
 * game system to load, then has each of `playerNames` join from a context of their own and the
 * GM admit them. What was started is closed again when a step fails.
 * @example
 *   table = await openCampaignTable({ gmName: 'Gemma', campaignName: 'Scribbles', system: 'template' }, ['Pat']);
 */
export async function openCampaignTable<const Names extends readonly string[]>(
  campaign: NewCampaign,
  playerNames: Names,
): Promise<CampaignTable<Names>> {
  const browser = await launchChromium();
  let temp: TempRelay | undefined;
  try {
    temp = await startTempRelay({ webDir: undefined });
    const gm = await openPeer(browser);
    const peers: BrowserPeer[] = [];
    for (const _ of playerNames) peers.push(await openPeer(browser));
    const invite = await createCampaignAsGm(gm.page, temp.relay.url, campaign);
    const gmId = await userIdOn(gm.page);
    await gm.page.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
      timeout: 30_000,
    });
    const players: TablePlayer[] = [];
    for (const [i, peer] of peers.entries()) {
      const userId = await joinAndAdmit(gm.page, peer.page, invite, playerNames[i] ?? '');
      players.push({ peer, userId });
    }
    // One player per name, in order: the tuple type says so.
    return { browser, temp, gm, gmId, players: players as never, invite };
  } catch (error) {
    await browser.close();
    await temp?.dispose();
    throw error;
  }
}

/** The e2e tests' usual table: the GM Gemma, and Ann and Bob admitted as players. */
export interface PartyTable {
  readonly table: CampaignTable<readonly ['Ann', 'Bob']>;
  readonly gm: BrowserPeer;
  readonly ann: BrowserPeer;
  readonly annId: string;
  readonly bob: BrowserPeer;
  readonly bobId: string;
}

/**
 * Opens a new campaign with Gemma as its GM and Ann and Bob admitted, each in a browser context
 * of their own ({@link openCampaignTable}); close it with {@link closeCampaignTable}.
 * @param system a bundled game system's id
 */
export async function openPartyTable(campaignName: string, system: string): Promise<PartyTable> {
  const table = await openCampaignTable({ gmName: 'Gemma', campaignName, system }, [
    'Ann',
    'Bob',
  ] as const);
  const [ann, bob] = table.players;
  return {
    table,
    gm: table.gm,
    ann: ann.peer,
    annId: ann.userId,
    bob: bob.peer,
    bobId: bob.userId,
  };
}

/**
 * Closes what {@link openCampaignTable} opened, then checks that no page reached outside the
 * relay's origin (or broke its CSP) nor logged an error.
 * @param expectedGmErrors errors the GM's page may log as part of the protocol
 */
export async function closeCampaignTable(
  table: CampaignTable | undefined,
  expectedGmErrors?: RegExp,
): Promise<void> {
  if (table === undefined) return;
  const { browser, temp, gm } = table;
  const peers = [gm, ...table.players.map((p) => p.peer)];
  const trouble = pageTrouble(
    peers,
    temp.relay.url,
    (error, peer) => peer === gm && expectedGmErrors?.test(error) === true,
  );
  for (const peer of peers) await peer.context.close();
  await browser.close();
  await temp.dispose();
  expectNoPageTrouble(trouble);
}
