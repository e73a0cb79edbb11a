/**
 * The campaign board end to end: the built app served by a real relay, Debian's Chromium, a GM
 * and a player each in their own browser context, through the real `#/c/<campaignId>` route and
 * the real mouse.
 *
 * The GM makes a campaign (the template game system), admits the player, makes a scene in the
 * scene panel (a background image, a grid), moves the party there, and places tokens from the
 * token panel: the player's character, a goblin, and a lurker hidden from the players. Then:
 * the GM's drag moves the goblin on the player's screen; the player's drag of their own token
 * shows a ghost until the GM's receipt (the GM is away for a moment, so the ghost stays long
 * enough to see), then the applied position on both screens; the player cannot drag the goblin;
 * a move beyond the template's speed is refused, snaps back and says why; and the lurker is on
 * the GM's board only.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Actor } from '@meshtable/schema';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleMapPng, samplePortraitPng } from '../support/boardSamples';
import {
  boardTokens,
  clickScenePoint,
  dragToken,
  recordedTokenStates,
  recordTokenStates,
  tokenNamed,
  uploadAsset,
  waitForBoardScene,
  waitForBoardToken,
} from '../support/campaignBoardPage';
import {
  admit,
  createCampaignAsGm,
  joinAs,
  roleIs,
  userIdOn,
  writeRecordsAsGm,
} from '../support/campaignPage';
import {
  type BrowserPeer,
  launchChromium,
  openPeer,
  trafficOutsideOrigin,
} from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const TEMPLATE_DIR = fileURLToPath(new URL('../../modules/template/', import.meta.url));

/** The scene's cells: 70 px squares, 20 × 14 of them. */
const CELL = 70;
const cell = (col: number, row: number) => ({ x: col * CELL, y: row * CELL });
/** The middle of a cell no token goes to: a click there deselects. */
const EMPTY_CELL = { x: 17.5 * CELL, y: 12.5 * CELL };

describe('the campaign board, between a GM and a player in separate browser contexts', () => {
  let browser: Browser;
  let temp: TempRelay;
  let gm: BrowserPeer;
  let player: BrowserPeer;
  let campaignUrl: string;
  let sceneId: string;
  let heroId: string;
  let goblinId: string;
  let lurkerId: string;

  const shot = (peer: BrowserPeer, name: string) =>
    peer.page.screenshot({ path: `${SCREENSHOT_DIR}board-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    browser = await launchChromium();
    temp = await startTempRelay({ webDir: undefined });
    gm = await openPeer(browser);
    player = await openPeer(browser);

    const invite = await createCampaignAsGm(gm.page, temp.relay.url, {
      gmName: 'Gemma',
      campaignName: 'The Sunless Citadel',
      system: 'template',
    });
    campaignUrl = gm.page.url();
    await gm.page.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
      timeout: 30_000,
    });
    await joinAs(player.page, invite, 'Pat');
    const patId = await userIdOn(player.page);
    await admit(gm.page, patId);
    await player.page.waitForSelector(roleIs('player'), { timeout: 30_000 });

    // A scene from the scene panel: made hidden, then given a background and a grid.
    await gm.page.fill('[data-testid=new-scene-name]', 'The crypt');
    await gm.page.click('[data-testid=new-scene]');
    await gm.page.waitForSelector('[data-testid=scene-item][data-hidden=true]');
    sceneId = (await gm.page.getAttribute('[data-testid=scene-item]', 'data-scene-id')) ?? '';
    const background = await uploadAsset(invite, sampleMapPng(20, 14));
    await gm.page.click('[data-testid=scene-settings] > summary');
    await gm.page.fill('[data-testid=scene-width]', String(20 * CELL));
    await gm.page.fill('[data-testid=scene-height]', String(14 * CELL));
    await gm.page.fill('[data-testid=scene-gridSize]', String(CELL));
    await gm.page.fill('[data-testid=scene-background]', background);
    await gm.page.click('[data-testid=save-scene]');
    await gm.page.waitForFunction(
      (size) =>
        document.querySelector('[data-testid=scene-backdrop]') !== null &&
        window.__meshtableBoard?.editor.getDocumentSettings().gridSize === size,
      CELL,
    );
    // The players have seen nothing of it yet.
    expect(await player.page.getAttribute('[data-testid=campaign-board]', 'data-scene-id')).toBe(
      '',
    );
    await gm.page.click('[data-testid=activate-scene]');
    await gm.page.waitForSelector('[data-testid=scene-item][data-active=true][data-hidden=false]');
    await waitForBoardScene(player.page, sceneId);

    // The player's character, as the sheets will make it; its token from the token panel.
    const sheet = JSON.parse(await readFile(`${TEMPLATE_DIR}sheets/character.json`, 'utf8')) as {
      defaults: Actor['data'];
    };
    const hero: Actor = {
      id: 'pat-hero',
      type: 'character',
      name: 'Pat’s hero',
      image: null,
      owners: [patId],
      data: sheet.defaults,
    };
    expect(await writeRecordsAsGm(gm.page, { actors: [hero] })).toBe(true);
    await gm.page.waitForSelector('[data-testid=token-actor] option[value=pat-hero]', {
      state: 'attached',
    });
    await gm.page.selectOption('[data-testid=token-actor]', 'pat-hero');
    expect(await gm.page.inputValue('[data-testid=token-name]')).toBe('Pat’s hero');
    expect(await gm.page.inputValue('[data-testid=token-owner]')).toBe(patId);
    await gm.page.click('[data-testid=token-submit]');
    heroId = await tokenNamed(gm.page, 'Pat’s hero');
    // Tokens are placed in the middle of the view; the GM drags each to its place.
    await dragToken(gm.page, heroId, cell(2, 2));
    await waitForBoardToken(gm.page, heroId, { ...cell(2, 2) });
    // The dragged token stays selected, and the token panel edits it: it gets a portrait.
    // (A click on an empty cell then lets it go.)
    const portrait = await uploadAsset(invite, samplePortraitPng());
    await gm.page.waitForSelector(`[data-testid=selected-token][data-token-id="${heroId}"]`);
    await gm.page.fill('[data-testid=token-image]', portrait);
    await gm.page.click('[data-testid=token-submit]');
    await player.page.waitForSelector(
      `[data-testid=token][data-token-id="${heroId}"] img[src="/assets/${portrait}"]`,
      { timeout: 30_000 },
    );
    await clickScenePoint(gm.page, EMPTY_CELL);

    await gm.page.fill('[data-testid=token-name]', 'Goblin');
    await gm.page.fill('[data-testid=token-conditions]', 'prone');
    await gm.page.click('[data-testid=token-submit]');
    goblinId = await tokenNamed(gm.page, 'Goblin');
    await dragToken(gm.page, goblinId, cell(8, 2));
    await waitForBoardToken(gm.page, goblinId, { ...cell(8, 2) });
    await clickScenePoint(gm.page, EMPTY_CELL);

    await gm.page.fill('[data-testid=token-name]', 'Lurker');
    await gm.page.check('[data-testid=token-hidden]');
    await gm.page.click('[data-testid=token-submit]');
    lurkerId = await tokenNamed(gm.page, 'Lurker');
    await waitForBoardToken(gm.page, lurkerId, { hidden: true });
    await waitForBoardToken(player.page, heroId, { ...cell(2, 2), movable: true });
  }, 240_000);

  afterAll(async () => {
    const peers = [gm, player].filter((peer) => peer !== undefined);
    const outside = peers.flatMap((p) => trafficOutsideOrigin(p, temp.relay.url));
    const errors = peers.flatMap((p) => p.errors);
    for (const peer of peers) await peer.context.close();
    await browser?.close();
    await temp?.dispose();
    expect(outside, 'traffic outside the relay origin, or a CSP violation').toEqual([]);
    expect(errors, 'errors in the pages').toEqual([]);
  });

  it("moves the goblin on the player's screen when the GM drags it", async () => {
    await dragToken(gm.page, goblinId, cell(9, 4));
    await waitForBoardToken(gm.page, goblinId, { ...cell(9, 4) });
    await waitForBoardToken(player.page, goblinId, { ...cell(9, 4), movable: false });
    await shot(gm, 'gm-view');
    await shot(player, 'player-view');
  });

  it('shows the player their own move as a ghost until the receipt, then where it landed', async () => {
    // The GM steps away: nobody rules on intents, which wait in the player's log.
    await gm.page.goto(`${temp.relay.url}/#/`);
    await gm.page.waitForSelector('[data-testid=campaign-list]');
    await recordTokenStates(player.page, heroId);
    await dragToken(player.page, heroId, cell(4, 2));
    await waitForBoardToken(player.page, heroId, { ...cell(4, 2), pending: true });
    await player.page.waitForSelector(
      `[data-testid=token][data-token-id="${heroId}"][data-pending=true]`,
    );
    await shot(player, 'player-ghost');

    // The GM comes back: the validator rules, the move is applied on both screens.
    await gm.page.goto(campaignUrl);
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]', {
      timeout: 45_000,
    });
    await waitForBoardToken(player.page, heroId, { ...cell(4, 2), pending: false }, 60_000);
    await waitForBoardToken(gm.page, heroId, { ...cell(4, 2), pending: false });
    // The ghost was there from the drop to the receipt, at the drop, and never went back.
    const states = await recordedTokenStates(player.page);
    expect(states.at(-1)).toEqual({ ...cell(4, 2), pending: false });
    expect(states).toContainEqual({ ...cell(4, 2), pending: true });
    const ghostAt = states.findIndex((s) => s.pending);
    expect(states.slice(ghostAt).every((s) => s.x === cell(4, 2).x)).toBe(true);
  });

  it("cannot drag another's token: it is locked on the player's board and nothing is asked", async () => {
    await waitForBoardToken(player.page, goblinId, { locked: true, movable: false });
    const intentsBefore = await player.page.evaluate(() => {
      const hook = window.__meshtable?.campaign;
      return hook?.table.getArray(`intents/${hook.session.me.userId}`).length ?? -1;
    });
    await dragToken(player.page, goblinId, cell(12, 4));
    // The drag drew a selection box instead; the goblin stays, on both boards.
    await player.page.mouse.click(5, 400);
    expect((await boardTokens(player.page)).find((t) => t.id === goblinId)).toMatchObject(
      cell(9, 4),
    );
    expect((await boardTokens(gm.page)).find((t) => t.id === goblinId)).toMatchObject(cell(9, 4));
    const intentsAfter = await player.page.evaluate(() => {
      const hook = window.__meshtable?.campaign;
      return hook?.table.getArray(`intents/${hook.session.me.userId}`).length ?? -1;
    });
    expect(intentsAfter).toBe(intentsBefore);
    expect(
      await player.page.$(
        `[data-testid=token][data-token-id="${goblinId}"][data-movable=false] .mt-token-lock`,
      ),
    ).not.toBeNull();
  });

  it('snaps a move beyond the speed rule back, and says why next to the token', async () => {
    await dragToken(player.page, heroId, cell(12, 2));
    const reason = 'Pat’s hero moves at most 6 squares; that is 8';
    await waitForBoardToken(player.page, heroId, {
      ...cell(4, 2),
      pending: false,
      rejection: reason,
    });
    const shown = await player.page.textContent(
      `[data-testid=token][data-token-id="${heroId}"] .mt-token-rejection`,
    );
    expect(shown).toContain(reason);
    await shot(player, 'player-rejected');
    expect((await boardTokens(gm.page)).find((t) => t.id === heroId)).toMatchObject(cell(4, 2));
    // Dismissed, it goes.
    await player.page.click(
      `[data-testid=token][data-token-id="${heroId}"] .mt-token-rejection button`,
    );
    await waitForBoardToken(player.page, heroId, { rejection: '' });
  });

  it("keeps the hidden lurker on the GM's board only", async () => {
    const gmTokens = await boardTokens(gm.page);
    expect(gmTokens.find((t) => t.id === lurkerId)).toMatchObject({ hidden: true, opacity: 0.5 });
    // Something the GM did after hiding the lurker has reached the player: the lurker has not.
    await dragToken(gm.page, goblinId, cell(9, 5));
    await waitForBoardToken(player.page, goblinId, { ...cell(9, 5) });
    const playerTokens = await boardTokens(player.page);
    expect(playerTokens.map((t) => t.name).sort()).toEqual(['Goblin', 'Pat’s hero']);
    const leaked = await player.page.evaluate(() => {
      const hook = window.__meshtable?.campaign;
      return hook === undefined
        ? null
        : hook.gm !== null || JSON.stringify(hook.table.toJSON()).includes('Lurker');
    });
    expect(leaked).toBe(false);
    await shot(gm, 'gm-hidden');
  });

  it('moves their own token one cell with the arrow keys', async () => {
    const hero = (await boardTokens(player.page)).find((t) => t.id === heroId);
    if (hero === undefined) throw new Error('no hero on the board');
    await player.page.mouse.click(hero.screen.x, hero.screen.y);
    await player.page.keyboard.press('ArrowDown');
    await waitForBoardToken(player.page, heroId, { ...cell(4, 3), pending: false });
    await waitForBoardToken(gm.page, heroId, { ...cell(4, 3) });
    await clickScenePoint(player.page, EMPTY_CELL);
  });

  it('draws a hex grid and snaps a dropped token to the centre of a hex', async () => {
    // The GM's page was opened again since the settings were last open.
    if ((await gm.page.$('[data-testid=scene-settings][open]')) === null) {
      await gm.page.click('[data-testid=scene-settings] > summary');
    }
    await gm.page.selectOption('[data-testid=scene-gridType]', 'hexRows');
    await gm.page.click('[data-testid=save-scene]');
    await player.page.waitForSelector('[data-testid=scene-backdrop][data-grid=hexRows]');
    // Dropped anywhere, it comes to rest centred on a hex of the odd-r layout.
    await dragToken(gm.page, goblinId, { x: 10.3 * CELL, y: 5.6 * CELL });
    await clickScenePoint(gm.page, EMPTY_CELL);
    const r = CELL / Math.sqrt(3);
    const onHexCentre = (t: { x: number; y: number; side: number }) => {
      const row = (t.y + t.side / 2 - r) / (1.5 * r);
      const col = (t.x + t.side / 2 - CELL / 2 - (Math.round(row) % 2 === 1 ? CELL / 2 : 0)) / CELL;
      return Math.abs(row - Math.round(row)) < 1e-6 && Math.abs(col - Math.round(col)) < 1e-6;
    };
    await gm.page.waitForFunction(
      ({ id, x }) => {
        const goblin = window.__meshtableBoard?.tokens().find((t) => t.id === id);
        return goblin !== undefined && goblin.x !== x;
      },
      { id: goblinId, x: cell(9, 5).x },
    );
    const goblin = (await boardTokens(gm.page)).find((t) => t.id === goblinId);
    expect(goblin !== undefined && onHexCentre(goblin), JSON.stringify(goblin)).toBe(true);
    await waitForBoardToken(player.page, goblinId, { x: goblin?.x, y: goblin?.y });
    await shot(gm, 'gm-hex');
    // On a phone-sized screen the panels start closed and the map stays in view.
    await player.page.setViewportSize({ width: 390, height: 844 });
    await player.page.reload();
    await waitForBoardScene(player.page, sceneId);
    await waitForBoardToken(player.page, goblinId, { x: goblin?.x, y: goblin?.y });
    await shot(player, 'player-phone');
  });
});
