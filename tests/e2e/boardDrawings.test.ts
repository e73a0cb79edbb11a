/**
 * Drawings and text on the campaign board end to end: the built app served by a real relay,
 * Debian's Chromium, a GM and a player each in their own browser context, through the real
 * route, the toolbar and the real mouse.
 *
 * The GM draws a rectangle; the player draws a stroke (an `annotation.put` intent the GM's
 * validator rules on); each sees the other's. The player's eraser, swept over both, takes only
 * their own stroke: the GM's rectangle is locked for them, and stays on both screens. The GM
 * erases the player's second drawing, and it goes from the player's screen too.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Brings in the declaration of window.__meshtableBoard (the board's test hook).
import type {} from '../../apps/web/src/board/campaignBoard/boardTestHook';
import {
  pickBoardTool,
  screenOf,
  showSceneAsGm,
  squareScene,
  waitForBoardScene,
} from '../support/campaignBoardPage';
import { type CampaignTable, closeCampaignTable, openCampaignTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;

/** An annotation shape as a page's board holds it. */
interface Drawn {
  readonly id: string;
  readonly type: string;
  readonly author: string;
  readonly locked: boolean;
}

/** The annotation shapes (draw, text, arrow, geo) on a page's board. */
async function drawings(page: Page): Promise<Drawn[]> {
  return page.evaluate(() =>
    (window.__meshtableBoard?.editor.getCurrentPageShapes() ?? [])
      .filter((s) => ['draw', 'text', 'arrow', 'geo'].includes(s.type))
      .map((s) => ({
        id: s.id,
        type: s.type,
        author: String((s.meta as { author?: unknown }).author ?? ''),
        locked: s.isLocked,
      })),
  );
}

/** Waits until a page's drawings satisfy `test`, and says what it saw when they never do. */
async function waitForDrawings(page: Page, what: string, test: (d: Drawn[]) => boolean) {
  let seen: Drawn[] = [];
  for (let i = 0; i < 300; i++) {
    seen = await drawings(page);
    if (test(seen)) return seen;
    await page.waitForTimeout(100);
  }
  throw new Error(`never saw ${what}; saw ${JSON.stringify(seen)}`);
}

/** Drags the mouse through scene points. */
async function dragThrough(page: Page, points: { x: number; y: number }[]) {
  const [first, ...rest] = points;
  if (first === undefined) return;
  const start = await screenOf(page, first);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (const point of rest) {
    const at = await screenOf(page, point);
    await page.mouse.move(at.x, at.y, { steps: 12 });
  }
  await page.mouse.up();
}

describe('drawings on the campaign board, between a GM and a player', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let player: BrowserPeer;
  let gmId: string;
  let patId: string;

  const shot = (peer: BrowserPeer, name: string) =>
    peer.page.screenshot({ path: `${SCREENSHOT_DIR}drawings-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const opened = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Scribbles', system: 'template' },
      ['Pat'],
    );
    table = opened;
    ({ gm, gmId } = opened);
    ({ peer: player, userId: patId } = opened.players[0]);
    await showSceneAsGm(gm.page, squareScene('crypt', 'The crypt', 12, 8, CELL), {}, [
      gm.page,
      player.page,
    ]);
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('shows each one’s drawing to the other, the GM’s locked for the player', async () => {
    await pickBoardTool(gm.page, 'rectangle');
    await dragThrough(gm.page, [
      { x: 1 * CELL, y: 1 * CELL },
      { x: 4 * CELL, y: 3 * CELL },
    ]);
    const onPlayer = await waitForDrawings(player.page, 'the GM’s rectangle', (d) =>
      d.some((s) => s.type === 'geo' && s.author === gmId),
    );
    expect(onPlayer.find((s) => s.type === 'geo')?.locked).toBe(true);

    await pickBoardTool(player.page, 'draw');
    await dragThrough(player.page, [
      { x: 6 * CELL, y: 1.5 * CELL },
      { x: 8 * CELL, y: 2.5 * CELL },
      { x: 10 * CELL, y: 1.5 * CELL },
    ]);
    const onGm = await waitForDrawings(gm.page, 'the player’s stroke', (d) =>
      d.some((s) => s.type === 'draw' && s.author === patId),
    );
    // The GM may erase anyone's: nothing is locked for them.
    expect(onGm.every((s) => !s.locked)).toBe(true);
    // The player's stroke, ruled on, is theirs and unlocked on their own screen.
    await waitForDrawings(player.page, 'the stroke kept as Pat’s', (d) =>
      d.some((s) => s.type === 'draw' && s.author === patId && !s.locked),
    );
    await shot(gm, 'gm');
    await shot(player, 'player');
  });

  it('lets the player’s eraser take only their own drawing', async () => {
    await pickBoardTool(player.page, 'eraser');
    // One sweep over the GM's rectangle and the player's stroke.
    await dragThrough(player.page, [
      { x: 2.5 * CELL, y: 1 * CELL },
      { x: 2.5 * CELL, y: 2 * CELL },
      { x: 8 * CELL, y: 2.5 * CELL },
      { x: 8 * CELL, y: 1.5 * CELL },
    ]);
    const left = await waitForDrawings(gm.page, 'the stroke erased', (d) =>
      d.every((s) => s.type !== 'draw'),
    );
    expect(left.map((s) => s.type)).toEqual(['geo']);
    expect((await drawings(player.page)).map((s) => s.type)).toEqual(['geo']);
    // Nor can the player select it and press Delete.
    await pickBoardTool(player.page, 'select');
    const inside = await screenOf(player.page, { x: 2.5 * CELL, y: 2 * CELL });
    await player.page.mouse.click(inside.x, inside.y);
    await player.page.keyboard.press('Delete');
    expect(
      await player.page.evaluate(() => window.__meshtableBoard?.editor.getSelectedShapeIds()),
    ).toEqual([]);
    await shot(player, 'player-erased');
  });

  it('lets the GM erase the player’s drawing', async () => {
    await pickBoardTool(player.page, 'ellipse');
    await dragThrough(player.page, [
      { x: 6 * CELL, y: 4 * CELL },
      { x: 9 * CELL, y: 6 * CELL },
    ]);
    await waitForDrawings(gm.page, 'the player’s ellipse', (d) =>
      d.some((s) => s.type === 'geo' && s.author === patId),
    );
    await pickBoardTool(gm.page, 'eraser');
    await dragThrough(gm.page, [
      { x: 7.5 * CELL, y: 3.8 * CELL },
      { x: 7.5 * CELL, y: 5 * CELL },
    ]);
    await waitForDrawings(player.page, 'the ellipse erased by the GM', (d) =>
      d.every((s) => s.author !== patId),
    );
    expect((await drawings(gm.page)).map((s) => s.author)).toEqual([gmId]);
    await shot(gm, 'gm-erased');
  });

  it('keeps the player’s text once they stop typing, and everything over a reload', async () => {
    await pickBoardTool(player.page, 'text');
    const at = await screenOf(player.page, { x: 7 * CELL, y: 5 * CELL });
    await player.page.mouse.click(at.x, at.y);
    // Types once the new text shape's editor has the focus, as a person would see the caret.
    await player.page.waitForFunction(
      () =>
        window.__meshtableBoard?.editor.getEditingShapeId() != null &&
        (document.activeElement as HTMLElement | null)?.isContentEditable === true,
    );
    await player.page.keyboard.type('Trap here');
    await player.page.keyboard.press('Escape');
    const onGm = await waitForDrawings(gm.page, 'the player’s text', (d) =>
      d.some((s) => s.type === 'text' && s.author === patId),
    );
    const textId = onGm.find((s) => s.type === 'text')?.id ?? '';
    expect(
      await gm.page.evaluate((id) => {
        const shape = window.__meshtableBoard?.editor.getShape(id as never);
        return shape === undefined
          ? ''
          : window.__meshtableBoard?.editor.getShapeUtil(shape).getText(shape);
      }, textId),
    ).toBe('Trap here');
    await player.page.reload();
    await waitForBoardScene(player.page, 'crypt');
    const after = await waitForDrawings(
      player.page,
      'the drawings after a reload',
      (d) => d.length === 2,
    );
    expect(after.map((s) => [s.type, s.author === gmId, s.locked]).sort()).toEqual([
      ['geo', true, true],
      ['text', false, false],
    ]);
    await shot(player, 'player-reloaded');
  });
});
