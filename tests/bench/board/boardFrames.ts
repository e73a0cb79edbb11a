/**
 * The board benchmark (issue 7's Speed): a scene of 2,000 tokens on the campaign board in
 * headless Chromium, as the GM who runs the table sees it. Measured per run:
 * - the time to open that scene: a reload of `#/c/<campaignId>` until all 2,000 token shapes are
 *   in the page's DOM and the token layer has drawn them all, read in the page as
 *   `performance.now()` (from the navigation's start);
 * - frame times while panning: for a few seconds the camera is moved every frame through the
 *   editor's API (a figure-of-eight around the fitted view, at the zoom the board opens at, where
 *   every token is in view), and the page records the gaps between `requestAnimationFrame`
 *   timestamps.
 * Anchors in the same run, panned the same way: the same campaign board on a scene with no tokens
 * (what the board costs without tokens), and the free board (`#/board/…`, plain tldraw, no
 * Meshtable projection) holding 2,000 labelled tldraw geo rectangles laid out like the tokens.
 *
 * Needs the built web app: run `npm run build` first (the relay serves apps/web/dist).
 *
 * Chromium runs headless without a GPU (software raster) and with its frame rate unlimited
 * (`--disable-frame-rate-limit --disable-gpu-vsync`): a frame then starts as soon as the last one
 * is done, so a gap between frames is what the frame cost, not a 60 Hz tick.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scene, Token } from '@meshtable/schema';
import { createRoomId, createTableKey } from '@meshtable/sync';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createCampaignAsGm, writeRecordsAsGm } from '../../support/campaignPage';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { startTempRelay, type TempRelay } from '../../support/tempRelay';
import type { BoardConfig, BoardResult, BoardRun, FrameFigures, PanProfile } from '../boardFigures';

/** An open benchmark: a relay, a browser, the GM's campaign with its two scenes, a free board. */
export interface BoardBench {
  run(): Promise<BoardRun>;
  /**
   * One traced pan of the 2,000 tokens, of the scene without tokens, of the geo shapes; then of
   * the tokens and of the scene without them at 100 % zoom.
   */
  profile(): Promise<BoardResult['profile']>;
  close(): Promise<void>;
  /** The GM's page (the 2,000 tokens) and the free board's (the geo shapes), for experiments. */
  readonly pages: { readonly gm: Page; readonly free: Page };
}

const CELL = 70;
const BIG = 'bench-big';
const EMPTY = 'bench-empty';
const VIEWPORT = { width: 1280, height: 800 };
/** See the file's comment: frames as fast as they can be made, without a GPU. */
const BENCH_ARGS = [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'];
/**
 * The built app to serve: apps/web/dist, or MESHTABLE_BENCH_WEB_DIR (a build of its own, which
 * another `npm run build` on the same checkout cannot replace in the middle of a run).
 */
const WEB_DIR = process.env.MESHTABLE_BENCH_WEB_DIR;
const DIST_INDEX =
  WEB_DIR === undefined
    ? fileURLToPath(new URL('../../../apps/web/dist/index.html', import.meta.url))
    : join(WEB_DIR, 'index.html');

const scene = (id: string, name: string, columns: number, rows: number): Scene => ({
  id,
  name,
  order: id === BIG ? 1 : 2,
  width: columns * CELL,
  height: rows * CELL,
  background: null,
  grid: {
    type: 'square',
    size: CELL,
    offsetX: 0,
    offsetY: 0,
    color: '#444444',
    distance: 5,
    units: 'ft',
  },
});

/** Every token a name, a bar, and every fifth a condition: what a crowded encounter shows. */
const token = (i: number, columns: number): Token => ({
  id: `bench-token-${i}`,
  sceneId: BIG,
  actorId: null,
  name: `Goblin ${i + 1}`,
  image: null,
  x: (i % columns) * CELL,
  y: Math.floor(i / columns) * CELL,
  size: 1,
  rotation: 0,
  bars: [{ value: 3 + (i % 5), max: 7, color: '#cc3333' }],
  conditions: i % 5 === 0 ? ['prone'] : [],
  owners: [],
});

const rowsOf = (config: BoardConfig) => Math.ceil(config.tokens / config.columns);

async function setActiveScene(page: Page, sceneId: string): Promise<void> {
  await page.evaluate(
    (id) =>
      window.__meshtable?.campaign?.writeAsGm((table) =>
        table.getMap('meta').set('activeScene', { sceneId: id }),
      ),
    sceneId,
  );
  await page.waitForSelector(`[data-testid=campaign-board][data-scene-id="${sceneId}"]`, {
    timeout: 60_000,
  });
}

/**
 * Waits (frame by frame) until `count` token shapes are in the DOM and the token layer has drawn
 * them (apps/web/src/board/tokens/TokenCanvasLayer.tsx); returns `performance.now()`.
 */
async function tokensShownAt(page: Page, count: number): Promise<number> {
  const handle = await page
    .waitForFunction(
      (wanted) =>
        document.querySelectorAll('[data-testid=token]').length >= wanted &&
        Number(document.querySelector('[data-testid=token-layer]')?.getAttribute('data-drawn')) >=
          wanted &&
        performance.now(),
      count,
      { polling: 'raf', timeout: 120_000 },
    )
    .catch(async (error) => {
      const seen = await page.evaluate(() => ({
        dom: document.querySelectorAll('[data-testid=token]').length,
        drawn: document.querySelector('[data-testid=token-layer]')?.getAttribute('data-drawn'),
        store: window.__meshtableBoard?.tokens().length,
        scene: window.__meshtableBoard?.sceneId(),
        shapes: document.querySelectorAll('.tl-shape').length,
      }));
      throw new Error(`the tokens never showed: ${JSON.stringify(seen)}`, { cause: error });
    });
  return (await handle.jsonValue()) as number;
}

/**
 * Pans the page's board for `ms`: each frame moves the camera along a figure-of-eight of a third
 * of the viewport around where it was, at the same zoom, then puts it back.
 * @returns the gaps between frames, ms
 */
export async function pan(page: Page, ms: number, zoom?: number): Promise<number[]> {
  return page.evaluate(
    async ({ duration, zoom }) => {
      const editor = window.__meshtableBoard?.editor ?? window.__meshtable?.editor;
      if (editor === undefined || editor === null) throw new Error('no board on the page');
      const fitted = editor.getCamera();
      if (zoom !== undefined) {
        // The same middle of the view, at this zoom.
        const middle = editor.getViewportPageBounds().center;
        editor.setCamera({
          x: window.innerWidth / 2 / zoom - middle.x,
          y: window.innerHeight / 2 / zoom - middle.y,
          z: zoom,
        });
      }
      const start = editor.getCamera();
      const reach = window.innerWidth / 6 / start.z;
      const gaps: number[] = [];
      // A few frames first, so that the first gap does not carry the evaluate's own start.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise<void>((resolve) => {
        let first = -1;
        let last = -1;
        const step = (now: number) => {
          if (first < 0) first = now;
          else gaps.push(now - last);
          last = now;
          const t = (now - first) / 1000;
          if (now - first >= duration) {
            editor.setCamera(fitted);
            resolve();
            return;
          }
          editor.setCamera({
            x: start.x + reach * Math.sin(t * Math.PI),
            y: start.y + (reach / 2) * Math.sin(t * 2 * Math.PI),
            z: start.z,
          });
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      if (gaps.length < 5) throw new Error('the pan did not run');
      return gaps;
    },
    { duration: ms, zoom },
  );
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** p50, p95, p99 of frame gaps. */
export function frameFigures(gaps: number[]): FrameFigures {
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    frames: gaps.length,
  };
}

/** Fills the free board with `count` labelled geo rectangles laid out like the tokens. */
async function fillGeoBoard(page: Page, config: BoardConfig): Promise<void> {
  await page.evaluate(
    ({ count, columns, cell }) => {
      const editor = window.__meshtable?.editor;
      if (editor === undefined || editor === null) throw new Error('no editor');
      const label = (text: string) => ({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      });
      const shapes = Array.from({ length: count }, (_, i) => ({
        type: 'geo' as const,
        x: (i % columns) * cell + 4,
        y: Math.floor(i / columns) * cell + 4,
        props: { w: cell - 8, h: cell - 8, richText: label(`Goblin ${i + 1}`) as never },
      }));
      editor.run(() => editor.createShapes(shapes));
      editor.zoomToBounds(
        { x: 0, y: 0, w: columns * cell, h: Math.ceil(count / columns) * cell } as never,
        { inset: 16 },
      );
    },
    { count: config.tokens, columns: config.columns, cell: CELL },
  );
  await page.waitForFunction(
    (count) => document.querySelectorAll('.tl-shape').length >= count,
    config.tokens,
    { timeout: 120_000 },
  );
}

/**
 * Starts the relay and the browser, makes the GM's campaign with its two scenes (2,000 tokens
 * written in one transaction) and a free board of geo shapes.
 */
export async function openBoardBench(config: BoardConfig): Promise<BoardBench> {
  if (!existsSync(DIST_INDEX)) {
    throw new Error('the board benchmark needs the built web app: run `npm run build` first');
  }
  const temp: TempRelay = await startTempRelay({ webDir: WEB_DIR });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: BENCH_ARGS,
  });
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    // tsx (esbuild's keepNames) wraps named functions in `__name(...)`, also in the functions
    // handed to page.evaluate: give the page a do-nothing one.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    return context.newPage();
  };
  try {
    const gm = await newPage();
    await createCampaignAsGm(gm, temp.relay.url, {
      gmName: 'Bench GM',
      campaignName: 'Bench',
      system: 'template',
    });
    const written = await writeRecordsAsGm(gm, {
      scenes: [
        scene(BIG, 'The big fight', config.columns, rowsOf(config)),
        scene(EMPTY, 'The empty hall', config.columns, rowsOf(config)),
      ],
      tokens: Array.from({ length: config.tokens }, (_, i) => token(i, config.columns)),
    });
    if (!written) throw new Error('the GM page does not run the table');
    await setActiveScene(gm, BIG);
    await tokensShownAt(gm, config.tokens);

    const free = await newPage();
    await free.goto(`${temp.relay.url}/#/board/${createRoomId()}/${createTableKey()}`);
    await free.waitForFunction(() => Boolean(window.__meshtable?.editor), undefined, {
      timeout: 30_000,
    });
    await fillGeoBoard(free, config);

    return {
      async run() {
        await setActiveScene(gm, EMPTY);
        const emptyScene = frameFigures(await pan(gm, config.panMs));
        const emptyAtOne = frameFigures(await pan(gm, config.panMs, 1));
        await setActiveScene(gm, BIG);
        await gm.reload();
        const openMs = await tokensShownAt(gm, config.tokens);
        await gm.waitForFunction(() => window.__meshtableBoard !== undefined);
        const tokens = frameFigures(await pan(gm, config.panMs));
        const tokensAtOne = frameFigures(await pan(gm, config.panMs, 1));
        const geo = frameFigures(await pan(free, config.panMs));
        const geoAtOne = frameFigures(await pan(free, config.panMs, 1));
        const load = loadavg()[0] ?? Number.NaN;
        return { openMs, tokens, emptyScene, emptyAtOne, geo, tokensAtOne, geoAtOne, load };
      },
      pages: { gm, free },
      async profile() {
        const tokens = await profilePan(browser, gm, config.panMs);
        const tokensAtOne = await profilePan(browser, gm, config.panMs, 1);
        await setActiveScene(gm, EMPTY);
        const empty = await profilePan(browser, gm, config.panMs);
        const emptyAtOne = await profilePan(browser, gm, config.panMs, 1);
        await setActiveScene(gm, BIG);
        const geo = await profilePan(browser, free, config.panMs);
        return { tokens, empty, geo, tokensAtOne, emptyAtOne };
      },
      async close() {
        for (const context of contexts) await context.close();
        await browser.close();
        await temp.dispose();
      },
    };
  } catch (error) {
    await browser.close();
    await temp.dispose();
    throw error;
  }
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

/**
 * Pans the page's board once under Chrome's performance trace (devtools.timeline) and sums the
 * complete events by thread and name: how much of a frame is script, style, layout, paint and
 * raster. Nested events count in their own row and in their parent's.
 */
export async function profilePan(
  browser: Browser,
  page: Page,
  ms: number,
  zoom?: number,
): Promise<PanProfile> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'],
  });
  const gaps = await pan(page, ms, zoom);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: TraceEvent[];
  };
  const threads = new Map<string, string>();
  for (const event of trace.traceEvents) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name !== undefined) {
      threads.set(`${event.pid}:${event.tid}`, event.args.name);
    }
  }
  const totals = new Map<string, number>();
  for (const event of trace.traceEvents) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const thread = threads.get(`${event.pid}:${event.tid}`) ?? 'other';
    if (!/CrRendererMain|Compositor|CompositorTileWorker|VizCompositor|CrGpuMain/.test(thread))
      continue;
    const key = `${thread.replace(/\d+$/, '')}: ${event.name}`;
    totals.set(key, (totals.get(key) ?? 0) + event.dur / 1000);
  }
  const perFrame = [...totals]
    .map(([what, total]) => ({ what, ms: total / gaps.length }))
    .sort((a, b) => b.ms - a.ms)
    .filter((row) => row.ms >= 0.05);
  return { frames: gaps.length, perFrame };
}
