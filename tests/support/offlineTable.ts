/**
 * What the offline scenarios (tests/e2e/offline*.test.ts) do to a table: take its relay down and
 * bring it back (on the same port, with the same data folder, or with that folder emptied), put
 * a peer's context offline, and read the table's state through the campaign test hook.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RelayOptions, startRelay } from '@meshtable/relay';
import type { Browser, Page } from 'playwright-core';
// Brings in the declaration of window.__meshtable (the app's test hook).
import type {} from '../../apps/web/src/testHook';
import {
  type CampaignTable,
  createCampaignAsGm,
  joinAndAdmit,
  type NewCampaign,
  type TablePlayer,
  userIdOn,
} from './campaignPage';
import {
  type BrowserPeer,
  expectNoPageTrouble,
  launchChromium,
  openPeer,
  pageTrouble,
} from './chromium';
import { type RelayProcess, spawnRelay } from './relayProcess';
import type { TempRelay } from './tempRelay';

/**
 * What Chromium logs while a page cannot reach the relay: its sockets' and fetches' failures
 * (the relay is down, or the context is offline). Expected in these scenarios, and nothing else.
 */
export const UNREACHABLE_NOISE =
  /(WebSocket connection to .* failed|Failed to load resource).*(ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET)|WebSocket is closed before the connection is established/;

/**
 * Closes what `openCampaignTable` opened plus `others` (contexts the test opened itself), then
 * checks that no page reached outside the relay's origin, broke its CSP, or logged an error
 * other than {@link UNREACHABLE_NOISE}.
 */
export async function closeOfflineTable(
  table: CampaignTable | undefined,
  others: readonly BrowserPeer[] = [],
): Promise<void> {
  if (table === undefined) return;
  const peers = [table.gm, ...table.players.map((p) => p.peer), ...others];
  const trouble = pageTrouble(peers, table.temp.relay.url, (error) =>
    UNREACHABLE_NOISE.test(error),
  );
  for (const peer of peers) await peer.context.close();
  await table.browser.close();
  await table.temp.dispose();
  expectNoPageTrouble(trouble);
}

/**
 * Closes the table's relay: every socket to it drops and its port stops answering, as when the
 * relay's machine goes away. (`relay.close()` flushes its LevelDB before it returns; the crash
 * without a flush is tests/integration's business: relayCrash.)
 */
export async function relayDown(temp: TempRelay): Promise<void> {
  await temp.relay.close();
}

/**
 * Starts the relay again on the port it had, so the pages' retries find it.
 * @param wipe empty its data folder first: the relay comes back knowing nothing
 */
export async function relayUp(temp: TempRelay, { wipe = false } = {}): Promise<void> {
  if (wipe) await rm(temp.dataDir, { recursive: true, force: true });
  const options: RelayOptions = {
    port: new URL(temp.relay.url).port === '' ? 80 : Number(new URL(temp.relay.url).port),
    dataDir: temp.dataDir,
    logLevel: (process.env.MESHTABLE_TEST_LOG as RelayOptions['logLevel']) ?? 'silent',
  };
  temp.relay = await startRelay(options);
}

/** Selector of the status badge once the table connects to `n` WebRTC peers. */
export const webrtcPeersAre = (n: number) => `[data-testid=status-webrtc-peers][data-peers="${n}"]`;

/** Selector of the status badge in relay state `state`. */
export const relayIs = (state: string) => `[data-testid=status-relay][data-state="${state}"]`;

/** Waits for a selector with a deadline, and says which condition never came. */
export async function waitForShown(page: Page, what: string, selector: string, timeout = 60_000) {
  try {
    return await page.waitForSelector(selector, { timeout });
  } catch (error) {
    throw new Error(`never saw: ${what} (${selector})`, { cause: error });
  }
}

/** Waits for a condition in the page with a deadline, and says which one never came. */
export async function waitInPage<T>(
  page: Page,
  what: string,
  condition: (arg: T) => unknown,
  arg: T,
  timeout = 60_000,
): Promise<void> {
  try {
    // Playwright's types cannot follow a generic argument into the page; it is plain JSON.
    await page.waitForFunction(condition as (arg: unknown) => unknown, arg as unknown, { timeout });
  } catch (error) {
    throw new Error(`never saw: ${what}`, { cause: error });
  }
}

/** Types a line in the chat composer and presses Enter. */
export async function say(page: Page, line: string): Promise<void> {
  await page.fill('[data-testid=chat-input]', line);
  await page.press('[data-testid=chat-input]', 'Enter');
}

/** Waits until a chat entry on the page shows `text`. */
export async function waitForChat(page: Page, who: string, text: string): Promise<void> {
  await waitInPage(
    page,
    `${who}: a chat entry with "${text}"`,
    (wanted) =>
      [...document.querySelectorAll('[data-testid=chat-entry]')].some((entry) =>
        entry.textContent?.includes(wanted),
      ),
    text,
  );
}

/**
 * Asks to move a token through the page's intent client and returns the intent's id at once:
 * the receipt may be long in coming (the GM is away), and is read later with {@link receiptOn}.
 */
export function queueMove(page: Page, tokenId: string, x: number, y: number): Promise<string> {
  return page.evaluate(
    ([id, toX, toY]) => {
      const campaign = window.__meshtable?.campaign;
      if (campaign === undefined) throw new Error('no campaign on this page');
      const ticket = campaign.intents.requestMoveToken(id, toX, toY);
      // Read from the table doc later; a page closed before the ruling is no error.
      ticket.receipt.catch(() => {});
      return ticket.id;
    },
    [tokenId, x, y] as const,
  );
}

/** A receipt as the tests read it. */
export interface ReceiptSeen {
  readonly status: 'applied' | 'rejected';
  readonly by: string;
  /** The GM's ruling order (`n`). */
  readonly n?: number;
  readonly reason?: string;
}

/** The receipt the page's table doc holds for an intent, or null while there is none. */
export function receiptOn(page: Page, intentId: string): Promise<ReceiptSeen | null> {
  return page.evaluate((id) => {
    const stored = window.__meshtable?.campaign?.table.getMap('receipts').get(id) as
      | { toJSON?: () => unknown }
      | undefined;
    return (stored?.toJSON?.() ?? stored ?? null) as ReceiptSeen | null;
  }, intentId);
}

/** Waits until the page's table doc holds a receipt for every one of `intentIds`. */
export async function waitForReceipts(page: Page, who: string, intentIds: readonly string[]) {
  await waitInPage(
    page,
    `${who}: receipts for ${intentIds.length} intents`,
    (ids) => {
      const receipts = window.__meshtable?.campaign?.table.getMap('receipts');
      return receipts !== undefined && ids.every((id) => receipts.has(id));
    },
    intentIds,
  );
}

/** Where the page's table doc has a token. */
export function tokenAt(page: Page, tokenId: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((id) => {
    const token = window.__meshtable?.campaign?.table.getMap('tokens').get(id) as
      | { toJSON(): { x: number; y: number } }
      | undefined;
    if (token === undefined) return null;
    const { x, y } = token.toJSON();
    return { x, y };
  }, tokenId);
}

/** Waits until the page's table doc has the token at (x, y). */
export async function waitForTokenAt(
  page: Page,
  who: string,
  tokenId: string,
  at: { x: number; y: number },
): Promise<void> {
  await waitInPage(
    page,
    `${who}: token ${tokenId} at ${at.x},${at.y}`,
    ([id, x, y]) => {
      const token = window.__meshtable?.campaign?.table.getMap('tokens').get(id) as
        | { get(key: string): unknown }
        | undefined;
      return token?.get('x') === x && token?.get('y') === y;
    },
    [tokenId, at.x, at.y] as const,
  );
}

/** The campaign's id from a table screen's URL (`#/c/<id>`). */
export function campaignIdOf(page: Page): string {
  const match = /#\/c\/([^/?#]+)/.exec(page.url());
  if (match?.[1] === undefined) throw new Error(`not a campaign's URL: ${page.url()}`);
  return match[1];
}

/** The table's relay room and token, as the page's session syncs it. */
export async function relayRoomOf(page: Page): Promise<{ room: string; token: string }> {
  return page.evaluate(() => {
    const relay = window.__meshtable?.campaign?.session.assetRelay;
    if (relay === undefined) throw new Error('no campaign on this page');
    return { room: relay.room, token: relay.token };
  });
}

/** The texts of every post in a table doc (all the authors' logs). */
export function postTexts(table: import('yjs').Doc, authors: readonly string[]): string[] {
  return authors.flatMap((author) =>
    table
      .getArray(`posts/${author}`)
      .toJSON()
      .map((post) => String((post as { text?: unknown }).text ?? '')),
  );
}

/** A token of the template system's square scene, owned by `owners`, at (x, y). */
export function sceneToken(
  id: string,
  sceneId: string,
  name: string,
  owners: readonly string[],
  x: number,
  y: number,
) {
  return {
    id,
    sceneId,
    actorId: null,
    name,
    image: null,
    x,
    y,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [...owners],
  };
}

/**
 * Lets a test cut a page's WebRTC data channels, which `context.setOffline(true)` leaves
 * untouched: Chromium's offline emulation stalls HTTP and WebSockets (an open socket stays
 * "open" with nothing flowing) but not the peer-to-peer stack, so a peer "offline" by
 * setOffline alone goes on syncing with the others over WebRTC. A real loss of network takes
 * the data channels too; this stands in for that part. Installed in a context before its pages
 * load (it wraps RTCPeerConnection, after chromium.ts's own instrumentation).
 */
const NETWORK_CUT_SCRIPT = `(() => {
  const Base = window.RTCPeerConnection;
  const channels = new Set();
  let cut = false;
  const track = (channel) => {
    if (cut) { channel.close(); return channel; }
    channels.add(channel);
    channel.addEventListener('close', () => channels.delete(channel));
    return channel;
  };
  class CuttablePeerConnection extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('datachannel', (event) => track(event.channel));
    }
    createDataChannel(...args) {
      return track(super.createDataChannel(...args));
    }
  }
  window.RTCPeerConnection = CuttablePeerConnection;
  Object.defineProperty(window, '__meshtableNetwork', {
    value: Object.freeze({
      cut() { cut = true; for (const channel of channels) channel.close(); channels.clear(); },
      restore() { cut = false; },
    }),
  });
})();`;

/** The page's side of {@link NETWORK_CUT_SCRIPT}. */
interface NetworkCut {
  cut(): void;
  restore(): void;
}

/**
 * Makes a peer's network cuttable ({@link goOffline}): installs the WebRTC cut in its context and
 * reloads its page, then waits until the campaign is open again as `role`.
 */
export async function makeCuttable(peer: BrowserPeer, role: string): Promise<void> {
  await peer.context.addInitScript({ content: NETWORK_CUT_SCRIPT });
  await peer.page.reload();
  await waitForShown(
    peer.page,
    `the table again, as ${role}`,
    `[data-testid=campaign-role][data-role="${role}"]`,
  );
}

/** Takes a peer's whole network away: HTTP and WebSockets (setOffline) and its data channels. */
export async function goOffline(peer: BrowserPeer): Promise<void> {
  await peer.context.setOffline(true);
  await peer.page.evaluate(() =>
    (window as unknown as { __meshtableNetwork: NetworkCut }).__meshtableNetwork.cut(),
  );
}

/** Gives a peer its network back. */
export async function goOnline(peer: BrowserPeer): Promise<void> {
  await peer.page.evaluate(() =>
    (window as unknown as { __meshtableNetwork: NetworkCut }).__meshtableNetwork.restore(),
  );
  await peer.context.setOffline(false);
}

/** The built app the relay processes serve. */
const BUILT_APP = fileURLToPath(new URL('../../apps/web/dist/', import.meta.url));

/** A table like `openCampaignTable`'s, on a relay that runs as its own process (so it can be SIGKILLed). */
export interface ProcessTable<Names extends readonly string[] = readonly string[]> {
  readonly browser: Browser;
  /** The relay process now running (replaced by {@link restartRelayProcess}). */
  relay: RelayProcess;
  readonly port: number;
  readonly dataDir: string;
  readonly gm: BrowserPeer;
  readonly gmId: string;
  readonly players: { readonly [K in keyof Names]: TablePlayer };
  readonly invite: string;
}

/** A free loopback port: the relay process must come back on the one it had. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `openCampaignTable` on a relay process (tests/support/relayProcess.ts) on a fixed port: the GM
 * makes the campaign in one context, each player joins from their own and is admitted.
 */
export async function openProcessTable<const Names extends readonly string[]>(
  campaign: NewCampaign,
  playerNames: Names,
): Promise<ProcessTable<Names>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-offline-'));
  const port = await freePort();
  const relay = await spawnRelay(dataDir, port, { args: ['--web', BUILT_APP] });
  const browser = await launchChromium();
  try {
    const gm = await openPeer(browser);
    const invite = await createCampaignAsGm(gm.page, relay.url, campaign);
    const gmId = await userIdOn(gm.page);
    await gm.page.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
      timeout: 30_000,
    });
    const players: TablePlayer[] = [];
    for (const name of playerNames) {
      const peer = await openPeer(browser);
      players.push({ peer, userId: await joinAndAdmit(gm.page, peer.page, invite, name) });
    }
    // One player per name, in order: the tuple type says so.
    return { browser, relay, port, dataDir, gm, gmId, players: players as never, invite };
  } catch (error) {
    await browser.close();
    await relay.kill();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts the table's relay process again, on its port and data folder. */
export async function restartRelayProcess(table: ProcessTable): Promise<void> {
  table.relay = await spawnRelay(table.dataDir, table.port, { args: ['--web', BUILT_APP] });
}

/** Closes a {@link ProcessTable} and checks its pages as {@link closeOfflineTable} does. */
export async function closeProcessTable(table: ProcessTable | undefined): Promise<void> {
  if (table === undefined) return;
  const peers = [table.gm, ...table.players.map((p) => p.peer)];
  const trouble = pageTrouble(peers, table.relay.url, (error) => UNREACHABLE_NOISE.test(error));
  for (const peer of peers) await peer.context.close();
  await table.browser.close();
  await table.relay.stop();
  await rm(table.dataDir, { recursive: true, force: true });
  expectNoPageTrouble(trouble);
}
