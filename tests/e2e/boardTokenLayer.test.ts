/**
 * The token layer end to end: the built app served by a real relay, Debian's Chromium, a GM in
 * their own browser context, the real `#/c/<campaignId>` route and the real mouse. One canvas
 * draws the tokens (apps/web/src/board/tokens/TokenCanvasLayer.tsx); the test reads what it drew
 * at scene points, through the board's test hook, and saves screenshots to look at.
 *
 * The scene: a long-named hero with a goblin in the cell right under him, the classic case where
 * a name hung under a token covered the next row. His name must stay inside his own cell, cut to
 * its width, and show whole while he is hovered.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToken } from '../support/boardTokens';
import {
  dragToken,
  type ScenePoint,
  showSceneAsGm,
  squareScene,
  waitForBoardToken,
} from '../support/campaignBoardPage';
import { type CampaignTable, closeCampaignTable, openCampaignTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;
const HERO_NAME = 'Grimbold the Unwashed of the Northern Marches';

const token = (id: string, name: string, col: number, row: number) =>
  cellToken({ id, sceneId: 'hall', name, col, row, cell: CELL });

/** Points along a horizontal line of the scene, from `x0` to `x1`, every 2 px. */
function line(x0: number, x1: number, y: number): ScenePoint[] {
  const points: ScenePoint[] = [];
  for (let x = x0; x <= x1; x += 2) points.push({ x, y });
  return points;
}

/** What the token layer drew at scene points: red, green, blue, alpha each. */
function layerPixels(page: Page, points: readonly ScenePoint[]): Promise<number[][]> {
  return page.evaluate((scenePoints) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=token-layer]');
    const hook = window.__meshtableBoard;
    const context = canvas?.getContext('2d');
    if (canvas === null || hook === undefined || context === null || context === undefined) {
      throw new Error('no token layer on the page');
    }
    const box = canvas.getBoundingClientRect();
    return scenePoints.map(({ x, y }) => {
      const screen = hook.pageToScreen(x, y);
      const u = Math.floor(((screen.x - box.left) * canvas.width) / box.width);
      const v = Math.floor(((screen.y - box.top) * canvas.height) / box.height);
      return [...context.getImageData(u, v, 1, 1).data];
    });
  }, points);
}

/** The label's backdrop: near white, mostly opaque. */
const isLabel = ([r = 0, g = 0, b = 0, a = 0]: number[]) =>
  r > 220 && g > 220 && b > 220 && a > 150;
const labelShare = (pixels: number[][]) => pixels.filter(isLabel).length / pixels.length;

describe('the token layer, on the GM’s board', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;

  const shot = (name: string) =>
    gm.page.screenshot({ path: `${SCREENSHOT_DIR}token-layer-${name}.png` });
  /** The band 2 px above the bottom edge of cell (col, row), inset 8 px from its sides. */
  const bottomBand = (col: number, row: number) =>
    line(col * CELL + 8, (col + 1) * CELL - 8, (row + 1) * CELL - 2);

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Labels', system: 'template' },
      [],
    );
    gm = table.gm;
    await showSceneAsGm(
      gm.page,
      squareScene('hall', 'The hall', 10, 5, CELL),
      {
        tokens: [
          token('hero', HERO_NAME, 2, 1),
          token('goblin', 'Goblin', 2, 2),
          token('al', 'Al', 6, 1),
        ],
      },
      [gm.page],
    );
    // 100 % zoom, the scene's corner near the screen's: every token in view, left of the dock.
    await gm.page.evaluate(() => {
      window.__meshtableBoard?.editor.setCamera({ x: 20, y: 20, z: 1 });
    });
    await waitOn(
      gm.page,
      'the token layer drew the three tokens',
      () => document.querySelector('[data-testid=token-layer]')?.getAttribute('data-drawn') === '3',
    );
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('draws every token on its canvas and keeps their DOM out of the layout', async () => {
    const centres = [
      { x: 2.5 * CELL, y: 1.5 * CELL },
      { x: 2.5 * CELL, y: 2.5 * CELL },
      { x: 6.5 * CELL, y: 1.5 * CELL },
    ];
    for (const [, , , alpha] of await layerPixels(gm.page, centres)) expect(alpha).toBe(255);
    // Between the tokens, nothing.
    const [[, , , between = -1] = []] = await layerPixels(gm.page, [
      { x: 4.5 * CELL, y: 1.5 * CELL },
    ]);
    expect(between).toBe(0);
    const boxes = await gm.page.$$eval('[data-testid=token]', (tokens) =>
      tokens.map((element) => element.getClientRects().length),
    );
    expect(boxes).toEqual([0, 0, 0]);
  });

  it('keeps a long name inside its token’s cell, cut to its width, off the token below', async () => {
    await shot('labels');
    // Along the hero's bottom edge: his label's backdrop.
    expect(labelShare(await layerPixels(gm.page, bottomBand(2, 1)))).toBeGreaterThan(0.5);
    // The top of the goblin's cell, under him: no label there.
    const underHero = line(2 * CELL + 8, 3 * CELL - 8, 2 * CELL + 3);
    expect(labelShare(await layerPixels(gm.page, underHero))).toBe(0);
    // The cells beside him: nothing.
    for (const col of [1, 3]) {
      expect(labelShare(await layerPixels(gm.page, bottomBand(col, 1)))).toBe(0);
    }
    // The whole name is still the token's, for tldraw's announcements and the DOM.
    expect(await gm.page.textContent('[data-token-id=hero] .mt-token-name')).toBe(HERO_NAME);
  });

  it('shows the whole name while the token is hovered, over its neighbours, not below', async () => {
    const screen = await gm.page.evaluate(
      () => window.__meshtableBoard?.tokens().find((t) => t.id === 'hero')?.screen,
    );
    if (screen === undefined) throw new Error('no hero on the board');
    await gm.page.mouse.move(screen.x, screen.y);
    await waitOn(gm.page, 'the hero hovered', () =>
      window.__meshtableBoard?.editor.getHoveredShapeId()?.endsWith('token-hero'),
    );
    await shot('hovered');
    for (const col of [1, 3]) {
      expect(labelShare(await layerPixels(gm.page, bottomBand(col, 1)))).toBeGreaterThan(0.5);
    }
    const underHero = line(1 * CELL, 4 * CELL, 2 * CELL + 3);
    expect(labelShare(await layerPixels(gm.page, underHero))).toBe(0);
    await gm.page.mouse.move(5, 700);
    await waitOn(
      gm.page,
      'nothing hovered',
      () => window.__meshtableBoard?.editor.getHoveredShapeId() === null,
    );
    expect(labelShare(await layerPixels(gm.page, bottomBand(1, 1)))).toBe(0);
  });

  it('draws a token where the GM drags it, and no longer where it was', async () => {
    await dragToken(gm.page, 'goblin', { x: 8 * CELL, y: 3 * CELL });
    await waitForBoardToken(gm.page, 'goblin', { x: 8 * CELL, y: 3 * CELL });
    const [[, , , there = -1] = [], [, , , before = -1] = []] = await layerPixels(gm.page, [
      { x: 8.5 * CELL, y: 3.5 * CELL },
      { x: 2.5 * CELL, y: 2.5 * CELL },
    ]);
    expect(there).toBe(255);
    expect(before).toBe(0);
    await shot('dragged');
  });
});
