/**
 * The 8-peer benchmark in Chromium (issue 12): 8 pages, each in a browser context of its own (two
 * pages of one context would talk through BroadcastChannel), all served by one real relay on
 * 127.0.0.1, measured in one run so that every figure has its floor beside it:
 *
 * - **rawAll** (the physical floor): page 0 sends a message on its raw data channels
 *   (meshRawChannels.ts: plain RTCPeerConnections, signalled by this driver); the time until all
 *   7 others have it, and each channel's one-way time (`rawLink`);
 * - **rawViaGm**: a player's page sends to page 0, which answers every page; until all 8 have the
 *   answer (an intent's two hops, with nothing on them);
 * - **move**: the GM's page moves a token in the table doc, synced as the app syncs it (y-webrtc
 *   through the relay's `/signal`); until all 7 others' docs hold the move;
 * - **intentCore** / **intentModule**: a player's IntentClient asks to move their token, the GM's
 *   page rules (GmValidator with the core rules, or the benchmark's module in the sandbox's Web
 *   Worker); from the intent's signing and append until all 8 docs hold its receipt and the move.
 *
 * Times are read in the pages on the clock they share (`performance.timeOrigin + now()`), so
 * neither Playwright nor this process is part of a figure. Rounds are one at a time, by a seeded
 * random player, with a pause between them for the mesh to fall quiet.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { startTempRelay } from '../../support/tempRelay';
import { median } from '../benchTable';
import { summarizeLatency } from '../latency';
import {
  type IntentParts,
  MESH_PAUSE_MS,
  type MeshConfig,
  type MeshResult,
  type MeshRun,
  type MeshSeries,
} from '../meshFigures';
import { seededRandom } from '../meshNetwork';
import { buildMeshPage } from './meshBundle';
import { Sightings } from './meshSightings';

/** Pages: the GM's (0) and 7 players'. */
const PAGES = 8;
const PLAYERS = Array.from({ length: PAGES - 1 }, (_, i) => i + 1);
const EVERY_PAGE = [0, ...PLAYERS];
/** A round not seen everywhere after this long fails the run. */
const ROUND_DEADLINE_MS = 20_000;
/** Connecting the 8 pages, both meshes. */
const MESH_DEADLINE_MS = 120_000;
/** The table's square, and the NPC tokens the GM moves: every other square of rows 28 and 29. */
const CELL = 70;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where MESHTABLE_MESH_PROFILE asks for CPU profiles, if it does. */
const PROFILE_DIR = process.env.MESHTABLE_MESH_PROFILE;

/** Starts V8's sampling profiler in each page; each stop() returns its .cpuprofile JSON. */
async function startProfiles(pages: readonly Page[]): Promise<Array<() => Promise<string>>> {
  return await Promise.all(
    pages.map(async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      return async () => JSON.stringify((await cdp.send('Profiler.stop')).profile);
    }),
  );
}

/** The median of each step over the rounds, the first tenth left out as warm-up. */
function medianParts(steps: readonly IntentParts[]): IntentParts {
  const kept = steps.slice(Math.floor(steps.length / 10));
  const of = (step: keyof IntentParts) => median(kept.map((parts) => parts[step]));
  return { sign: of('sign'), toGm: of('toGm'), rule: of('rule'), fanOut: of('fanOut') };
}

/** The latest of `times` (one per page), minus `start`. */
const until = (times: Map<number, number>, start: number) => Math.max(...times.values()) - start;

/** Runs the benchmark: one browser, one table, every run on the same 8 pages. */
export async function runMeshBench(config: MeshConfig): Promise<MeshResult> {
  const started = performance.now();
  const webDir = await mkdtemp(join(tmpdir(), 'meshtable-mesh-'));
  await buildMeshPage(webDir);
  const temp = await startTempRelay({ webDir });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const sightings = new Sightings();
  const pageErrors: string[] = [];
  try {
    const pages: Page[] = [];
    for (let index = 0; index < PAGES; index++) {
      const context = await browser.newContext();
      await context.addInitScript({ content: 'window.__name = (f) => f;' });
      await context.exposeBinding('__meshSeen', (_source, kind: string, key: string, at: number) =>
        sightings.seen(index, kind, key, at),
      );
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`page ${index}: ${String(error)}`));
      await page.goto(`${temp.relay.url}/`);
      await page.waitForFunction(() => typeof window.__meshBench === 'object');
      await page.evaluate((i) => window.__meshBench.setIndex(i), index);
      pages.push(page);
    }
    await connectRawChannels(pages);
    const table = await openTable(pages, temp.relay.url);
    const setupMs = performance.now() - started;
    const loadAtStart = loadavg()[0] as number;
    console.error(`mesh: 8 pages connected in ${(setupMs / 1000).toFixed(1)} s`);

    const rounds = new RoundRunner(pages, sightings);
    const series: MeshSeries[] = ['rawAll', 'rawViaGm', 'move', 'intentCore'];
    if (config.module) series.push('intentModule');
    for (const name of series) await rounds.series(name, config.warmup, 1);
    const runs: MeshRun[] = [];
    for (let run = 0; run < config.runs; run++) {
      const figures: Partial<Record<MeshSeries, ReturnType<typeof summarizeLatency>>> = {};
      const links: number[] = [];
      const parts: MeshRun['parts'] = {};
      for (const name of series) {
        const steps: IntentParts[] = [];
        // MESHTABLE_MESH_PROFILE=<folder>: a CPU profile of the GM's and one player's page
        // during the last run's intent series, to see where an intent's time goes.
        const last = run === config.runs - 1;
        const profiling = last && PROFILE_DIR !== undefined && name.startsWith('intent');
        const profilers = profiling ? await startProfiles([pages[0], pages[1]] as Page[]) : [];
        const samples = await rounds.series(name, config.rounds, run + 2, links, steps);
        for (const [i, stop] of profilers.entries()) {
          await writeFile(join(PROFILE_DIR as string, `${name}-page${i}.cpuprofile`), await stop());
        }
        figures[name] = summarizeLatency(samples);
        if (name === 'intentCore' || name === 'intentModule') parts[name] = medianParts(steps);
      }
      runs.push({ ...figures, rawLink: summarizeLatency(links), parts });
      const line = series.map((name) => `${name} p50 ${figures[name]?.p50.toFixed(2)} ms`);
      for (const [name, steps] of Object.entries(parts)) {
        const each = Object.entries(steps).map(([step, ms]) => `${step} ${ms.toFixed(1)}`);
        line.push(`${name} steps ${each.join(' ')}`);
      }
      console.error(`mesh run ${run + 1} of ${config.runs}: ${line.join(', ')}`);
    }
    const problems = (
      await Promise.all(pages.map((page) => page.evaluate(() => window.__meshBench.problems())))
    )
      .flat()
      .concat(pageErrors);
    if (problems.length > 0) throw new Error(`the pages reported: ${problems.join('; ')}`);
    await Promise.all(pages.map((page) => page.evaluate(() => window.__meshBench.close())));
    return {
      runs,
      setupMs,
      table: { tokens: table.tokens, players: PLAYERS.length },
      load: { start: loadAtStart, end: loadavg()[0] as number },
    };
  } finally {
    await browser.close();
    await temp.dispose();
    await rm(webDir, { recursive: true, force: true });
  }
}

/** A raw channel between every two pages, offer and answer carried by this driver. */
async function connectRawChannels(pages: readonly Page[]): Promise<void> {
  for (let a = 0; a < PAGES; a++) {
    for (let b = a + 1; b < PAGES; b++) {
      const [from, to] = [pages[a] as Page, pages[b] as Page];
      const offer = await from.evaluate((remote) => window.__meshBench.rawOffer(remote), b);
      const answer = await to.evaluate(
        ({ remote, offer }) => window.__meshBench.rawAnswer(remote, offer),
        { remote: a, offer },
      );
      await from.evaluate(({ remote, answer }) => window.__meshBench.rawAccept(remote, answer), {
        remote: b,
        answer,
      });
    }
  }
  await Promise.all(
    pages.map((page) => page.evaluate((ms) => window.__meshBench.rawOpen(ms), 30_000)),
  );
}

/**
 * The GM's page makes the campaign; the players open it; once every page has a data channel to
 * the 7 others (y-webrtc's glare is retried by packages/sync's watchdog), the players join and
 * the GM sets the scene, seen by every page.
 */
async function openTable(pages: readonly Page[], relayUrl: string): Promise<{ tokens: number }> {
  const gm = pages[0] as Page;
  const invite = await gm.evaluate((url) => window.__meshBench.openAsGm(url), relayUrl);
  const players = await Promise.all(
    PLAYERS.map((p) =>
      (pages[p] as Page).evaluate(
        ({ name, address }) => window.__meshBench.openAsPlayer(name, address),
        { name: `Player ${p}`, address: { ...invite, relayUrl } },
      ),
    ),
  );
  await everyPage(pages, 'a WebRTC data channel to all 7 others', async (page) => {
    return (await page.evaluate(() => window.__meshBench.peers())) === PAGES - 1;
  });
  const joined = await Promise.all(
    PLAYERS.map((p) => (pages[p] as Page).evaluate(() => window.__meshBench.join())),
  );
  if (joined.some((status) => status !== 'applied')) {
    throw new Error(`a join was refused: ${joined.join(', ')}`);
  }
  const tokens = await gm.evaluate((ids) => window.__meshBench.setUpScene(ids), players);
  await everyPage(pages, `the scene's ${tokens} tokens`, async (page) => {
    return (await page.evaluate(() => window.__meshBench.tokens())) === tokens;
  });
  return { tokens };
}

/** Waits until `holds` is true of every page, checked every 250 ms, failing after the deadline. */
async function everyPage(
  pages: readonly Page[],
  what: string,
  holds: (page: Page) => Promise<boolean>,
): Promise<void> {
  const deadline = performance.now() + MESH_DEADLINE_MS;
  for (;;) {
    const states = await Promise.all(pages.map(holds));
    if (states.every(Boolean)) return;
    if (performance.now() > deadline) {
      const missing = states.flatMap((ok, i) => (ok ? [] : [i]));
      throw new Error(`pages ${missing.join(', ')} lack ${what} after ${MESH_DEADLINE_MS} ms`);
    }
    await pause(250);
  }
}

/** Runs rounds of each series, keeping where each token stands. */
class RoundRunner {
  readonly #pages: readonly Page[];
  readonly #sightings: Sightings;
  /** Column of each player's token (its row is the player's), and of each NPC token's. */
  readonly #playerColumns = PLAYERS.map(() => 0);
  readonly #npcShifted = Array.from({ length: 24 }, () => false);
  #round = 0;

  constructor(pages: readonly Page[], sightings: Sightings) {
    this.#pages = pages;
    this.#sightings = sightings;
  }

  /**
   * `rounds` rounds of `name`; returns each round's ms, and pushes rawAll's one-way times to
   * `links` and each intent's steps to `parts`.
   */
  async series(
    name: MeshSeries,
    rounds: number,
    seed: number,
    links: number[] = [],
    parts: IntentParts[] = [],
  ) {
    const random = seededRandom(seed * 977 + name.length);
    const gm = this.#pages[0] as Page;
    if (name === 'intentCore' || name === 'intentModule') {
      await gm.evaluate((module) => window.__meshBench.useRules(module), name === 'intentModule');
    }
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const player = 1 + Math.floor(random() * PLAYERS.length);
      const id = `r${++this.#round}`;
      this.#sightings.forgetEarly();
      samples.push(await this.#one(name, id, player, random, links, parts));
      await pause(MESH_PAUSE_MS);
    }
    return samples;
  }

  async #one(
    name: MeshSeries,
    id: string,
    player: number,
    random: () => number,
    links: number[],
    parts: IntentParts[],
  ): Promise<number> {
    const expect = (kind: string, key: string, pages: readonly number[]) =>
      this.#sightings.expect(kind, key, pages, ROUND_DEADLINE_MS);
    const gm = this.#pages[0] as Page;
    const playerPage = this.#pages[player] as Page;
    switch (name) {
      case 'rawAll': {
        const seen = expect('rawAll', id, PLAYERS);
        const sent = await gm.evaluate((key) => window.__meshBench.rawBroadcast(key), id);
        const times = await seen;
        for (const at of times.values()) links.push(at - sent);
        return until(times, sent);
      }
      case 'rawViaGm': {
        const seen = expect('rawViaGm', id, EVERY_PAGE);
        const sent = await playerPage.evaluate((key) => window.__meshBench.rawAsk(key), id);
        return until(await seen, sent);
      }
      case 'move': {
        const npc = Math.floor(random() * this.#npcShifted.length);
        const shifted = !this.#npcShifted[npc];
        this.#npcShifted[npc] = shifted;
        const x = ((npc >> 1) * 2 + (shifted ? 1 : 0)) * CELL;
        const y = (28 + (npc % 2)) * CELL;
        const tokenId = `npc-${npc}`;
        const seen = expect('move', `${tokenId}:${x},${y}`, PLAYERS);
        const moved = await gm.evaluate((m) => window.__meshBench.gmMove(m.tokenId, m.x, m.y), {
          tokenId,
          x,
          y,
        });
        return until(await seen, moved);
      }
      case 'intentCore':
      case 'intentModule': {
        const row = player - 1;
        const from = this.#playerColumns[row] as number;
        const to = from === 0 ? 1 : from + (random() < 0.5 ? -1 : 1);
        this.#playerColumns[row] = to;
        const tokenId = `pc-${row}`;
        const move = { tokenId, x: to * CELL, y: row * CELL };
        const moved = expect('move', `${tokenId}:${move.x},${move.y}`, EVERY_PAGE);
        const asked = await playerPage.evaluate(
          (m) => window.__meshBench.requestMove(m.tokenId, m.x, m.y),
          move,
        );
        const atGm = expect('intentAtGm', asked.id, [0]);
        const receipts = await expect('receipt', asked.id, EVERY_PAGE);
        const moves = await moved;
        // Each page holds the commit once it has both the receipt and the move (one transaction).
        const committed = new Map(
          EVERY_PAGE.map((p) => [p, Math.max(receipts.get(p) ?? 0, moves.get(p) ?? 0)]),
        );
        const reached = (await atGm).get(0) as number;
        const ruled = receipts.get(0) as number;
        parts.push({
          sign: asked.appended - asked.at,
          toGm: reached - asked.appended,
          rule: ruled - reached,
          fanOut: until(committed, ruled),
        });
        return until(committed, asked.at);
      }
    }
  }
}
