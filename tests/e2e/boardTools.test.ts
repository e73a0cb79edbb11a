/**
 * The board's tools end to end: the built app served by a real relay, Debian's Chromium, a GM
 * and a player each in their own browser context (so presence goes over WebRTC or the relay,
 * never a shared BroadcastChannel), through the real `#/c/<campaignId>` route, the toolbar and
 * the real mouse and keyboard.
 *
 * The GM makes a campaign (the template game system: 5 ft squares, every diagonal one square),
 * admits the player, and puts a scene with the player's hero and a goblin on the table. Then:
 * fog covers the scene and hides the goblin from the player (not their own hero); the GM
 * reveals a room with a rectangle and the goblin shows; the player's ruler drag is seen by the
 * GM while it lasts, with its length; pings go both ways, and the GM's "look here" moves the
 * player's view; the player's template and the GM's kept one are seen by the other, with what
 * they cover; and the GM's cursor moves on the player's screen, named.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Brings in the declaration of window.__meshtableBoardTools (the tools' test hook).
import type {} from '../../apps/web/src/board/presence/boardToolsTestHook';
import { cellToken } from '../support/boardTokens';
import {
  pickBoardTool,
  screenOf,
  showSceneAsGm,
  squareScene,
  tokenNamed,
  waitForBoardScene,
} from '../support/campaignBoardPage';
import { type CampaignTable, closeCampaignTable, openCampaignTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** 70 px squares, 20 × 14 of them. */
const CELL = 70;
const centre = (col: number, row: number) => ({ x: (col + 0.5) * CELL, y: (row + 0.5) * CELL });

describe('the board tools, between a GM and a player in separate browser contexts', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let player: BrowserPeer;
  let goblinId: string;
  let heroId: string;

  const shot = (peer: BrowserPeer, name: string) =>
    peer.page.screenshot({ path: `${SCREENSHOT_DIR}tools-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const opened = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Fog and rulers', system: 'template' },
      ['Pat'],
    );
    table = opened;
    gm = opened.gm;
    const [pat] = opened.players;
    player = pat.peer;
    const patId = pat.userId;

    const token = (id: string, name: string, col: number, row: number, owners: string[]) =>
      cellToken({ id, sceneId: 'crypt', name, col, row, cell: CELL, owners });
    await showSceneAsGm(
      gm.page,
      squareScene('crypt', 'The crypt', 20, 14, CELL),
      {
        tokens: [token('hero', 'Pat’s hero', 2, 2, [patId]), token('goblin', 'Goblin', 5, 3, [])],
      },
      [gm.page, player.page],
    );
    goblinId = await tokenNamed(player.page, 'Goblin');
    heroId = await tokenNamed(player.page, 'Pat’s hero');
    await player.page.waitForFunction(() => window.__meshtableBoardTools !== undefined);
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('covers the scene in fog: the player sees none of it and no goblin, but their own hero', async () => {
    await pickBoardTool(gm.page, 'mt-fog');
    await gm.page.click('[data-testid=fog-cover-all]');
    await waitOn(player.page, 'the scene fogged', () =>
      window.__meshtableBoardTools?.fogged(350, 250),
    );
    await waitOn(
      player.page,
      'the goblin gone',
      (id) => window.__meshtableBoardTools?.tokenHidden(id),
      goblinId,
    );
    expect(
      await player.page.evaluate((id) => window.__meshtableBoardTools?.tokenHidden(id), heroId),
    ).toBe(false);
    // The GM sees through the fog, and every token.
    expect(
      await gm.page.evaluate((id) => window.__meshtableBoardTools?.tokenHidden(id), goblinId),
    ).toBe(false);
    expect(await gm.page.getAttribute('[data-testid=fog-layer]', 'data-gm')).toBe('true');
    expect(await player.page.getAttribute('[data-testid=fog-layer]', 'data-gm')).toBe('false');
  });

  it('reveals a room the GM drags a rectangle over, and the goblin in it, on the player’s screen', async () => {
    // From inside cell (0, 0) to inside cell (6, 5): the corners snap to the grid lines.
    const from = await screenOf(gm.page, { x: 10, y: 10 });
    const to = await screenOf(gm.page, { x: 7 * CELL - 8, y: 6 * CELL - 8 });
    await gm.page.mouse.move(from.x, from.y);
    await gm.page.mouse.down();
    await gm.page.mouse.move(to.x, to.y, { steps: 10 });
    await gm.page.mouse.up();
    await waitOn(
      player.page,
      'the room revealed',
      () => window.__meshtableBoardTools?.fogged(350, 250) === false,
    );
    await waitOn(
      player.page,
      'the goblin back',
      (id) => window.__meshtableBoardTools?.tokenHidden(id) === false,
      goblinId,
    );
    expect(
      await player.page.evaluate(() => window.__meshtableBoardTools?.fogged(7 * 70 + 5, 100)),
    ).toBe(true);
    // Attached, not visible: the token layer's canvas draws tokens, their DOM stays out of layout.
    await player.page.waitForSelector(`[data-testid=token][data-token-id="${goblinId}"]`, {
      state: 'attached',
    });
    await shot(gm, 'gm-fog');
    await shot(player, 'player-fog');
    await gm.page.keyboard.press('Escape');
  });

  it('shows the player’s ruler to the GM while the drag lasts, with its length', async () => {
    await pickBoardTool(player.page, 'mt-ruler');
    // From the hero (2, 2) to the cell (5, 4): three across, two down, SRD diagonals: 15 ft.
    const from = await screenOf(player.page, centre(2, 2));
    const to = await screenOf(player.page, centre(5, 4));
    await player.page.mouse.move(from.x, from.y);
    await player.page.mouse.down();
    await player.page.mouse.move(to.x, to.y, { steps: 12 });
    await waitOn(gm.page, 'Pat’s ruler of 15 ft', () =>
      window.__meshtableBoardTools
        ?.rulers()
        .some((r) => r.name === 'Pat' && r.distance === '15 ft' && !r.mine),
    );
    await gm.page.waitForSelector('[data-testid=ruler][data-name=Pat][data-distance="15 ft"]');
    expect(await player.page.textContent('[data-testid=ruler-readout]')).toContain('15 ft');
    await shot(gm, 'gm-sees-ruler');
    await shot(player, 'player-ruler');
    await player.page.mouse.up();
    await waitOn(
      gm.page,
      'the ruler gone',
      () => window.__meshtableBoardTools?.rulers().length === 0,
    );
  });

  it('shows a ping on the other screen, and the GM’s “look here” moves the player’s view', async () => {
    // The player pings the goblin with P.
    const goblin = await screenOf(player.page, centre(5, 3));
    await player.page.mouse.move(goblin.x, goblin.y);
    await player.page.keyboard.press('p');
    await gm.page.waitForSelector('[data-testid=ping][data-name=Pat]', { state: 'attached' });
    await waitOn(gm.page, 'Pat’s ping', () =>
      window.__meshtableBoardTools?.pings().some((p) => p.name === 'Pat'),
    );
    await shot(gm, 'gm-sees-ping');

    // The GM, looking elsewhere, calls everyone to a far corner of the scene.
    const far = { x: 19 * CELL, y: 13 * CELL };
    await pickBoardTool(gm.page, 'mt-ping');
    const farOnGm = await screenOf(gm.page, far);
    await gm.page.keyboard.down('Shift');
    await gm.page.mouse.click(farOnGm.x, farOnGm.y);
    await gm.page.keyboard.up('Shift');
    await player.page.waitForSelector('[data-testid=ping][data-name=Gemma][data-pull=true]', {
      state: 'attached',
    });
    // The player's view comes to the ping: it is now at the middle of their screen.
    await player.page.waitForFunction(
      ({ x, y }) => {
        const editor = window.__meshtableBoard?.editor;
        if (editor === undefined) return false;
        const middle = editor.getViewportPageBounds().center;
        return Math.hypot(middle.x - x, middle.y - y) < 20;
      },
      far,
      { timeout: 15_000 },
    );
    await shot(player, 'player-pulled');
    await gm.page.keyboard.press('Escape');
  });

  it('shows the player’s template, with what it covers, and the GM’s kept one to the player', async () => {
    // Braces: zoomToFit returns the editor, which is no value to send back to the test.
    await player.page.evaluate(() => {
      window.__meshtableBoard?.editor.zoomToFit();
    });
    await pickBoardTool(player.page, 'mt-template');
    // A 10 ft circle from the corner between cells (4, 2) and (5, 3): the goblin's cell is in.
    const origin = await screenOf(player.page, { x: 5 * CELL, y: 3 * CELL });
    const edge = await screenOf(player.page, { x: 7 * CELL, y: 3 * CELL });
    await player.page.mouse.move(origin.x, origin.y);
    await player.page.mouse.down();
    await player.page.mouse.move(edge.x, edge.y, { steps: 8 });
    await player.page.mouse.up();
    expect(await player.page.textContent('[data-testid=template-readout]')).toBe(
      '10 ft radius. Covers Goblin.',
    );
    await gm.page.waitForSelector('[data-testid=template][data-by=Pat][data-label="10 ft radius"]');
    await shot(player, 'player-template');

    // The GM places a 20 ft line along the hero's row, in the revealed room, and keeps it.
    await pickBoardTool(gm.page, 'mt-template');
    await gm.page.click('[data-testid=template-kind-line]');
    const start = await screenOf(gm.page, { x: 0, y: 2.5 * CELL });
    const end = await screenOf(gm.page, { x: 4 * CELL, y: 2.5 * CELL });
    await gm.page.mouse.move(start.x, start.y);
    await gm.page.mouse.down();
    await gm.page.mouse.move(end.x, end.y, { steps: 8 });
    await gm.page.mouse.up();
    await gm.page.click('[data-testid=keep-template]');
    await player.page.waitForSelector(
      '[data-testid=template][data-kept=true][data-kind=line][data-label="20 × 5 ft line"]',
    );
    expect(await gm.page.textContent('[data-testid=kept-template]')).toContain(
      '20 × 5 ft line. Covers Pat’s hero.',
    );
    await shot(gm, 'gm-templates');
    await shot(player, 'player-templates');
    await player.page.keyboard.press('Escape');
    await gm.page.waitForSelector('[data-testid=template][data-by=Pat]', { state: 'detached' });
  });

  it('moves the GM’s cursor, named, on the player’s screen', async () => {
    await gm.page.keyboard.press('Escape');
    const at = await screenOf(gm.page, centre(10, 8));
    await gm.page.mouse.move(at.x - 40, at.y - 40);
    await gm.page.mouse.move(at.x, at.y, { steps: 5 });
    await waitOn(player.page, 'the GM’s cursor at (10, 8)', () =>
      window.__meshtableBoardTools
        ?.cursors()
        .some((c) => c.name === 'Gemma' && Math.abs(c.x - 735) < 2 && Math.abs(c.y - 595) < 2),
    );
    await player.page.waitForSelector('[data-testid=cursor][data-name=Gemma]', {
      state: 'attached',
    });
    await shot(player, 'player-sees-cursor');
  });

  it('fits a phone-sized screen: the toolbar reaches the tools, the panel stays in view', async () => {
    // Opened on a phone: the board's dock starts closed there.
    for (const peer of [gm, player]) {
      await peer.page.setViewportSize({ width: 390, height: 844 });
      await peer.page.reload();
      await waitForBoardScene(peer.page, 'crypt');
      await peer.page.waitForFunction(() => window.__meshtableBoardTools !== undefined);
    }
    await pickBoardTool(gm.page, 'mt-fog');
    const panel = await gm.page.waitForSelector('[data-testid=board-tools-panel]');
    const box = await panel.boundingBox();
    expect(box).not.toBeNull();
    if (box !== null) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
    }
    await shot(gm, 'gm-phone-fog');
    await pickBoardTool(player.page, 'mt-template');
    await player.page.waitForSelector('[data-testid=template-readout]');
    await shot(player, 'player-phone-template');
    await gm.page.keyboard.press('Escape');

    // The player looks at the top left corner; the GM pings the bottom right one.
    const far = centre(19, 13);
    await player.page.evaluate(() =>
      window.__meshtableBoard?.editor.setCamera({ x: 0, y: 0, z: 2 }),
    );
    await gm.page.evaluate((point) => window.__meshtableBoard?.editor.centerOnPoint(point), far);
    const onGm = await screenOf(gm.page, far);
    await gm.page.mouse.move(onGm.x, onGm.y);
    await gm.page.keyboard.press('p');
    // Out of the player's view, it shows at the edge of their screen; a tap goes there.
    await player.page.waitForSelector('[data-testid=ping-indicator]');
    await shot(player, 'player-phone-ping-edge');
    await player.page.click('[data-testid=ping-indicator]');
    await player.page.waitForFunction(
      ({ x, y }) => window.__meshtableBoard?.editor.getViewportPageBounds().containsPoint({ x, y }),
      far,
    );
    await shot(player, 'player-phone-ping');
  });
});
