/**
 * The cold-open benchmark (issue 12): how long the GM's browser takes to open a 16 MB campaign
 * (tests' LARGE_CAMPAIGN: 40 scenes, 2,400 tokens, 900 actors with full sheets, 20,000 chat
 * posts; 15.8 MB of Yjs update), from a page load of `#/c/<campaignId>` until the table doc holds
 * every record and the board shows the active scene's tokens, read in the page as
 * `performance.now()` (from the navigation's start):
 * - cold: the browser keeps the device (identity, the campaign's keys) but not the campaign's
 *   local copy (its IndexedDB databases are deleted first), so the whole doc comes from the relay;
 * - warm: with the local copy, as on a second evening at the same table.
 * The anchor, in the same run on the same machine: plain Yjs applying the same update to a fresh
 * doc in Node (the same V8): what loading this document costs before any of Meshtable's work.
 *
 * Needs the built web app (`npm run build`): the relay serves apps/web/dist.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CampaignSize,
  generateCampaign,
  writeGeneratedCampaign,
} from '@meshtable/campaign/testing';
import type { Post } from '@meshtable/schema';
import { type Browser, chromium, type Page } from 'playwright-core';
import * as Y from 'yjs';
import { createCampaignAsGm } from '../../support/campaignPage';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { startTempRelay, type TempRelay } from '../../support/tempRelay';
import { waitFor } from '../../support/waitFor';
import { connectYClient } from '../../support/yClient';
import type { ColdOpenResult, ColdOpenRun } from '../coldOpenFigures';

const DIST_INDEX = fileURLToPath(new URL('../../../apps/web/dist/index.html', import.meta.url));
/** Records sent into the page per `page.evaluate` (the protocol's messages stay small). */
const CHUNK = 400;

/** What the page must hold before the campaign counts as open. */
interface Expected {
  readonly tokens: number;
  readonly actors: number;
  readonly posts: number;
  readonly sceneTokens: number;
}

/** Runs `runs` cold and warm opens of a campaign of `size` (seed 1). */
export async function runColdOpenBench(size: CampaignSize, runs: number): Promise<ColdOpenResult> {
  if (!existsSync(DIST_INDEX)) {
    throw new Error('the cold-open benchmark needs the built web app: run `npm run build` first');
  }
  const generated = generateCampaign(1, size);
  const temp: TempRelay = await startTempRelay({ webDir: undefined });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const gm = await context.newPage();
    const { campaignUrl, relay } = await makeCampaign(gm, temp.relay.url);
    // The generated GM's posts become the page's GM's: they are unsigned, so only the author changes.
    const gmId = await gm.evaluate(() => window.__meshtable?.campaign?.session.me.userId ?? '');
    const posts = Object.entries(generated.posts).flatMap(([author, list]) =>
      list.map((post): Post => (author === generated.gm.userId ? { ...post, author: gmId } : post)),
    );
    await writeInChunks(
      gm,
      'members',
      generated.members.filter((m) => m.role !== 'gm'),
      'userId',
    );
    await writeInChunks(gm, 'scenes', generated.scenes, 'id');
    await writeInChunks(gm, 'tokens', generated.tokens, 'id');
    await writeInChunks(gm, 'actors', generated.actors, 'id');
    await writePosts(gm, posts);
    const firstScene = generated.scenes[0]?.id ?? '';
    await gm.evaluate(
      (sceneId) =>
        window.__meshtable?.campaign?.writeAsGm((table) =>
          table.getMap('meta').set('activeScene', { sceneId }),
        ),
      firstScene,
    );
    const expected: Expected = {
      tokens: generated.tokens.length,
      actors: generated.actors.length,
      posts: posts.length,
      sceneTokens: generated.tokens.filter((t) => t.sceneId === firstScene).length,
    };
    await waitForRelayCopy(temp.relay.url, relay, expected);

    // The anchor's update: the same records in a doc of their own.
    const reference = new Y.Doc();
    writeGeneratedCampaign(reference, generated);
    const update = Y.encodeStateAsUpdate(reference);

    const results: ColdOpenRun[] = [];
    for (let run = 0; run < runs; run++) {
      const coldMs = await openMs(gm, campaignUrl, relay.room, expected, true);
      const warmMs = await openMs(gm, campaignUrl, relay.room, expected, false);
      const started = performance.now();
      Y.applyUpdate(new Y.Doc(), update);
      const yjsApplyMs = performance.now() - started;
      results.push({ coldMs, warmMs, yjsApplyMs });
      console.error(
        `cold open run ${run + 1} of ${runs}: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms, Yjs ${yjsApplyMs.toFixed(0)} ms`,
      );
    }
    return { runs: results, docBytes: update.byteLength, size };
  } finally {
    await browser.close();
    await temp.dispose();
  }
}

/** Creates the campaign through the lobby; returns its URL and where its doc lives on the relay. */
async function makeCampaign(
  gm: Page,
  relayUrl: string,
): Promise<{ campaignUrl: string; relay: { room: string; token: string } }> {
  await createCampaignAsGm(gm, relayUrl, {
    gmName: 'Bench GM',
    campaignName: 'The long campaign',
    system: 'template',
  });
  const relay = await gm.evaluate(() => {
    const session = window.__meshtable?.campaign?.session;
    if (session === undefined) throw new Error('no campaign session');
    return { room: session.assetRelay.room, token: session.assetRelay.token };
  });
  return { campaignUrl: gm.url(), relay };
}

async function writeInChunks(
  page: Page,
  map: string,
  records: readonly object[],
  key: 'id' | 'userId',
): Promise<void> {
  for (let start = 0; start < records.length; start += CHUNK) {
    const written = await page.evaluate(
      ({ map, chunk, key }) =>
        window.__meshtable?.campaign?.writeAsGm((table) => {
          const hook = window.__meshtable?.campaign;
          for (const record of chunk) {
            table.getMap(map).set(String(record[key]), hook?.toYValue(record as never));
          }
        }),
      { map, chunk: records.slice(start, start + CHUNK) as Record<string, unknown>[], key },
    );
    if (!written) throw new Error('the GM page does not run the table');
  }
}

async function writePosts(page: Page, posts: readonly Post[]): Promise<void> {
  for (let start = 0; start < posts.length; start += CHUNK * 5) {
    await page.evaluate(
      (chunk) =>
        window.__meshtable?.campaign?.writeAsGm((table) => {
          const hook = window.__meshtable?.campaign;
          for (const post of chunk) {
            table.getArray(`posts/${post.author}`).push([hook?.toYValue(post as never)]);
          }
        }),
      posts.slice(start, start + CHUNK * 5) as unknown as { author: string }[],
    );
  }
}

/** Waits until a plain client of the relay gets the whole campaign: the relay has stored it. */
async function waitForRelayCopy(
  relayUrl: string,
  relay: { room: string; token: string },
  expected: Expected,
): Promise<void> {
  const client = connectYClient(relayUrl, relay.room, relay.token);
  try {
    await waitFor(
      'the relay to hold the whole campaign',
      () =>
        client.doc.getMap('tokens').size === expected.tokens &&
        client.doc.getMap('actors').size === expected.actors &&
        [...client.doc.share.keys()]
          .filter((name) => name.startsWith('posts/'))
          .reduce((sum, name) => sum + client.doc.getArray(name).length, 0) === expected.posts,
      { timeoutMs: 180_000, intervalMs: 250 },
    );
  } finally {
    client.destroy();
  }
}

/**
 * Loads the campaign's page and waits until it holds everything and shows the active scene's
 * tokens; `cold` first deletes the campaign's local copy. Returns ms from the navigation's start.
 */
async function openMs(
  page: Page,
  campaignUrl: string,
  room: string,
  expected: Expected,
  cold: boolean,
): Promise<number> {
  // Leave the campaign (its session closes its databases), then delete its local copy.
  await page.goto(new URL('/#/', campaignUrl).href);
  if (cold) {
    await page.evaluate(async (prefix) => {
      const names = (await indexedDB.databases())
        .map((db) => db.name ?? '')
        .filter((name) => name.startsWith(prefix));
      for (const name of names) {
        await new Promise<void>((done, fail) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = () => done();
          request.onerror = () => fail(request.error);
          // The page's last session closes its databases as it leaves, which may take a moment
          // on a busy machine: the deletion waits for it (and succeeds then), within reason.
          request.onblocked = () =>
            setTimeout(() => fail(new Error(`${name} is still open after 10 s`)), 10_000);
        });
      }
      if (names.length === 0) throw new Error(`no local copy starts with ${prefix}`);
    }, `meshtable:${room}:`);
  }
  await page.goto('about:blank');
  await page.goto(campaignUrl);
  const handle = await page.waitForFunction(
    (want) => {
      const table = window.__meshtable?.campaign?.table;
      if (table === undefined) return false;
      if (table.getMap('tokens').size < want.tokens || table.getMap('actors').size < want.actors) {
        return false;
      }
      let posts = 0;
      for (const name of table.share.keys()) {
        if (name.startsWith('posts/')) posts += table.getArray(name).length;
      }
      if (posts < want.posts) return false;
      return (
        document.querySelectorAll('[data-testid=token]').length >= want.sceneTokens &&
        performance.now()
      );
    },
    expected,
    { polling: 'raf', timeout: 300_000 },
  );
  return (await handle.jsonValue()) as number;
}
