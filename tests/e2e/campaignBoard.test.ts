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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetTile, uvttMap } from '../support/assetLibraryPage';
import { sha256Hex } from '../support/assetSamples';
import {
  boardUpload,
  boardUploadOutcome,
  dropOnBoard,
  hoverOverBoard,
  makeSceneWithMap,
  pickImage,
  shownImage,
} from '../support/boardFilesPage';
import { rgbPng, sampleMapPng, samplePortraitPng } from '../support/boardSamples';
import {
  boardTokens,
  clickScenePoint,
  dragToken,
  recordedTokenStates,
  recordTokenStates,
  tokenNamed,
  waitForBoardScene,
  waitForBoardToken,
} from '../support/campaignBoardPage';
import {
  type CampaignTable,
  closeCampaignTable,
  openCampaignTable,
  writeRecordsAsGm,
} from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import type { TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const TEMPLATE_DIR = fileURLToPath(new URL('../../modules/template/', import.meta.url));

/** The scene's cells: 70 px squares, 20 × 14 of them. */
const CELL = 70;
const cell = (col: number, row: number) => ({ x: col * CELL, y: row * CELL });
/** The backdrop's background image, and a token's image, on a board. */
const BACKDROP_IMAGE = '[data-testid=scene-backdrop] image';
const tokenImage = (tokenId: string) =>
  `[data-testid=token][data-token-id="${tokenId}"] img.mt-token-image`;
/** What Chromium prints for the `HEAD` that finds a file to upload new on the relay. */
const UPLOAD_PROBE_404 = /^Failed to load resource: the server responded with a status of 404/;
/** Colours of the test's pictures, to tell them apart on the screen. */
const GOBLIN: [number, number, number] = [70, 150, 60];
const STONE: [number, number, number] = [150, 140, 120];
const MOSS: [number, number, number] = [80, 110, 70];
const FLOOR: [number, number, number] = [190, 170, 130];
/** The middle of a cell no token goes to: a click there deselects. */
const EMPTY_CELL = { x: 17.5 * CELL, y: 12.5 * CELL };

describe('the campaign board, between a GM and a player in separate browser contexts', () => {
  let table: CampaignTable | undefined;
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
    const opened = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'The Sunless Citadel', system: 'template' },
      ['Pat'],
    );
    table = opened;
    ({ temp, gm } = opened);
    const [pat] = opened.players;
    player = pat.peer;
    const patId = pat.userId;
    campaignUrl = gm.page.url();

    // A scene from the scene panel: made hidden, then given a grid and a background, its map
    // uploaded into the library and picked from there ("Use as background").
    ({ sceneId } = await makeSceneWithMap(gm.page, {
      name: 'The crypt',
      map: { name: 'Crypt map.png', buffer: sampleMapPng(20, 14) },
      cols: 20,
      rows: 14,
      cell: CELL,
    }));
    expect(await gm.page.textContent('[data-testid=scene-background-name]')).toBe('Crypt map.png');
    await gm.page.waitForFunction(
      (size) =>
        document.querySelector('[data-testid=scene-backdrop]') !== null &&
        window.__meshtableBoard?.editor.getDocumentSettings().gridSize === size,
      CELL,
    );
    await gm.page.locator('[data-testid=scene-settings]').screenshot({
      path: `${SCREENSHOT_DIR}board-scene-settings.png`,
    });
    // The players have seen nothing of it yet.
    expect(await player.page.getAttribute('[data-testid=campaign-board]', 'data-scene-id')).toBe(
      '',
    );
    await gm.page.click('[data-testid=activate-scene]');
    await gm.page.waitForSelector('[data-testid=scene-item][data-active=true][data-hidden=false]');
    await waitForBoardScene(player.page, sceneId);
    // The player's board shows the map: its 160 × 112 pixels, the wall's colour at a corner.
    expect(await shownImage(player.page, BACKDROP_IMAGE, { x: 3, y: 3 })).toEqual({
      scheme: 'blob:',
      width: 160,
      height: 112,
      rgb: [58, 52, 48],
    });

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
    // The dragged token stays selected, and the token panel edits it: it gets a portrait,
    // uploaded in the picker's own library and picked there. (A click on an empty cell then
    // lets it go.)
    const portraitPng = samplePortraitPng();
    const portrait = sha256Hex(portraitPng);
    await gm.page.waitForSelector(`[data-testid=selected-token][data-token-id="${heroId}"]`);
    await pickImage(gm.page, 'token-image', portrait, {
      upload: { name: 'Hero.png', buffer: portraitPng },
      screenshot: `${SCREENSHOT_DIR}board-gm-picker.png`,
    });
    // Its middle: the teal of the portrait's face.
    expect(await shownImage(player.page, tokenImage(heroId), { x: 32, y: 32 })).toEqual({
      scheme: 'blob:',
      width: 64,
      height: 64,
      rgb: [20, 149, 139],
    });
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

  // An upload asks the relay first whether it has the file (`HEAD`, docs/relay.md): a new
  // file's 404 is the protocol, on the GM's page, which uploads; anything else is an error.
  afterAll(() => closeCampaignTable(table, UPLOAD_PROBE_404));

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

  it('places a token with the image the GM drops on the board, on both boards; refuses the player’s drop', async () => {
    // A goblin's picture, dragged from the desktop onto cell (14, 9): while it hovers, the
    // board says what a drop will do.
    const goblinPng = rgbPng(48, 48, (x, y) =>
      Math.hypot(x - 23.5, y - 23.5) < 20 ? GOBLIN : [30, 30, 30],
    );
    const file = { name: 'goblin_archer.png', buffer: goblinPng };
    const target = { x: 14.4 * CELL, y: 9.6 * CELL };
    const stopHovering = await hoverOverBoard(gm.page, target, [file]);
    await gm.page.waitForSelector(
      '[data-testid=board-drop-hint]:has-text("place the image as a token")',
    );
    await shot(gm, 'gm-drop-hint');
    await stopHovering();
    await dropOnBoard(gm.page, target, [file]);
    expect(await boardUploadOutcome(gm.page, file.name)).toEqual({
      state: 'done',
      message: 'Placed “goblin archer” on “The crypt”.',
    });
    const archerId = await tokenNamed(gm.page, 'goblin archer');
    // In the cell it was dropped in, on both boards, with its picture.
    await waitForBoardToken(gm.page, archerId, { ...cell(14, 9) });
    await waitForBoardToken(player.page, archerId, { ...cell(14, 9), movable: false });
    for (const peer of [gm, player]) {
      expect(await shownImage(peer.page, tokenImage(archerId), { x: 24, y: 24 })).toEqual({
        scheme: 'blob:',
        width: 48,
        height: 48,
        rgb: GOBLIN,
      });
    }
    // Content-addressed: on the relay under its SHA-256, and in the GM's library.
    const sha = sha256Hex(goblinPng);
    expect((await fetch(`${temp.relay.url}/assets/${sha}`, { method: 'HEAD' })).status).toBe(200);
    await gm.page.waitForSelector(`[data-testid=library-panel] ${assetTile(sha)}`);
    // tldraw made no image of its own.
    expect(
      await gm.page.evaluate(
        () => window.__meshtableBoard?.editor.getAssets().filter((a) => a.type === 'image').length,
      ),
    ).toBe(0);
    await shot(gm, 'gm-dropped-token');
    await shot(player, 'player-dropped-token');

    // A player's drop is refused, and says why; nothing is sent.
    const before = player.requests.length;
    await dropOnBoard(player.page, cell(3, 10), [{ name: 'my_cat.png', buffer: goblinPng }]);
    expect(await boardUploadOutcome(player.page, 'my_cat.png')).toEqual({
      state: 'failed',
      message: 'Only the GM adds files to the board: send it to your GM.',
    });
    expect(player.requests.slice(before).filter((url) => url.includes('/assets/'))).toEqual([]);
    expect((await boardTokens(player.page)).map((t) => t.name)).not.toContain('my cat');
    await shot(player, 'player-drop-refused');
    await player.page.click(`${boardUpload('my_cat.png')} [data-testid=board-upload-dismiss]`);
    await gm.page.click(`${boardUpload(file.name)} [data-testid=board-upload-dismiss]`);
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

  it('imports a map with “Import map”: a hidden scene with its background and grid, shown at once', async () => {
    const mapPng = rgbPng(480, 320, (x, y) =>
      (Math.floor(x / 40) + Math.floor(y / 40)) % 2 === 0 ? STONE : MOSS,
    );
    await gm.page.setInputFiles('[data-testid=import-map-input]', {
      name: 'Sunken Temple.dd2vtt',
      mimeType: 'application/octet-stream',
      buffer: uvttMap(mapPng, { x: 12, y: 8 }, 40),
    });
    expect(await boardUploadOutcome(gm.page, 'Sunken Temple.dd2vtt')).toEqual({
      state: 'done',
      message:
        'Made the scene “Sunken Temple”, hidden from the players until you share it (1 wall, 1 door, 1 light).',
    });
    // The new scene is on the GM's board: hidden, the map's size and grid, the map behind it.
    const temple = await gm.page.getAttribute(
      '[data-testid=scene-item][data-hidden=true]:has-text("Sunken Temple")',
      'data-scene-id',
    );
    expect(temple).toBeTruthy();
    await waitForBoardScene(gm.page, temple ?? '');
    await gm.page.waitForFunction(
      () => window.__meshtableBoard?.editor.getDocumentSettings().gridSize === 40,
    );
    expect(await shownImage(gm.page, BACKDROP_IMAGE, { x: 60, y: 20 })).toEqual({
      scheme: 'blob:',
      width: 480,
      height: 320,
      rgb: MOSS,
    });
    // The map's wall and door are drawn on the GM's backdrop, one path a kind; its light is not,
    // as the map says its image shows it already (baked lighting).
    await gm.page.waitForSelector('[data-testid=scene-walls] path[d^="M"]');
    expect(await gm.page.locator('[data-testid=scene-walls] path[d^="M"]').count()).toBe(2);
    expect(await gm.page.locator('[data-testid=scene-lights] circle').count()).toBe(0);
    await shot(gm, 'gm-imported-map');
    // The players have not seen it.
    expect(
      await player.page.evaluate(() =>
        JSON.stringify(window.__meshtable?.campaign?.table.toJSON()).includes('Sunken Temple'),
      ),
    ).toBe(false);

    // An image dropped with Shift held becomes the background instead of a token.
    const floorPng = rgbPng(960, 640, () => FLOOR);
    await dropOnBoard(gm.page, { x: 100, y: 100 }, [{ name: 'floor.png', buffer: floorPng }], {
      shiftKey: true,
    });
    expect(await boardUploadOutcome(gm.page, 'floor.png')).toEqual({
      state: 'done',
      message: '“floor.png” is the background of “Sunken Temple” now.',
    });
    expect(await gm.page.getAttribute('[data-testid=scene-background]', 'data-value')).toBe(
      sha256Hex(floorPng),
    );
    await gm.page.waitForFunction(
      (tokens) => (window.__meshtableBoard?.tokens().length ?? -1) === tokens,
      0,
    );
    // The new background is twice the scene's size: the settings offer to fit the scene to it.
    await gm.page.click('[data-testid=scene-settings] > summary');
    await gm.page.click('[data-testid=fit-scene-to-image]');
    await gm.page.waitForSelector('[data-testid=fit-scene]', { state: 'detached' });
    expect(await gm.page.inputValue('[data-testid=scene-width]')).toBe('960');
    expect(await gm.page.inputValue('[data-testid=scene-height]')).toBe('640');
    expect(await shownImage(gm.page, BACKDROP_IMAGE, { x: 900, y: 600 })).toMatchObject({
      width: 960,
      rgb: FLOOR,
    });
    // Back to the party.
    await gm.page.click('[data-testid=follow-party]');
    await waitForBoardScene(gm.page, sceneId);

    // On a phone-sized screen the panels start closed, and the library opens over the map.
    await gm.page.setViewportSize({ width: 390, height: 844 });
    await gm.page.reload();
    await waitForBoardScene(gm.page, sceneId);
    await gm.page.waitForSelector('[data-testid=scene-panel]:not([open])');
    await shot(gm, 'gm-phone');
    await gm.page.click('[data-testid=scene-panel] > summary');
    await gm.page.click('[data-testid=scene-settings] > summary');
    await gm.page.click('[data-testid=scene-background-choose]');
    await gm.page.waitForSelector(
      `[data-testid=asset-picker-dialog] ${assetTile(sha256Hex(floorPng))} [data-testid=asset-thumbnail]`,
    );
    await shot(gm, 'gm-phone-picker');
    // Removing the background from the campaign warns that the scene still uses it: kept.
    const dialog = '[data-testid=asset-picker-dialog]';
    await gm.page.click(`${dialog} ${assetTile(sha256Hex(floorPng))} [data-testid=asset-remove]`);
    expect(await gm.page.textContent('[data-testid=asset-remove-uses]')).toBe(
      'Still in use: the background of the scene “Sunken Temple”. It will show no image.',
    );
    await shot(gm, 'gm-phone-remove-used');
    await gm.page.click('[data-testid=asset-remove-no]');
    await gm.page.waitForSelector('[data-testid=asset-remove-confirm]', { state: 'detached' });
    // An image nothing uses, uploaded here, goes: off the relay (404) and out of the library.
    const spare = rgbPng(16, 16, () => [200, 10, 10]);
    const spareUrl = `${temp.relay.url}/assets/${sha256Hex(spare)}`;
    await gm.page.setInputFiles(`${dialog} [data-testid=asset-upload-input]`, {
      name: 'spare.png',
      mimeType: 'image/png',
      buffer: spare,
    });
    await gm.page.click(`${dialog} ${assetTile(sha256Hex(spare))} [data-testid=asset-remove]`, {
      timeout: 30_000,
    });
    await gm.page.waitForSelector('[data-testid=asset-remove-confirm][data-uses="0"]');
    expect((await fetch(spareUrl)).status).toBe(200);
    await gm.page.click('[data-testid=asset-remove-yes]');
    expect(await gm.page.textContent('[data-testid=asset-remove-outcome]')).toBe(
      'Removed “spare.png”: the relay deleted it and freed its space.',
    );
    await gm.page.waitForSelector(`${dialog} ${assetTile(sha256Hex(spare))}`, {
      state: 'detached',
    });
    expect((await fetch(spareUrl)).status).toBe(404);
    await shot(gm, 'gm-phone-removed');
    await gm.page.click('[data-testid=asset-picker-close]');
    await gm.page.waitForSelector('[data-testid=asset-picker-dialog]', { state: 'detached' });
    // A drop's outcome shows above the phone's toolbar.
    await gm.page.click('[data-testid=scene-panel] > summary');
    await dropOnBoard(gm.page, cell(5, 11), [
      { name: 'torch.png', buffer: rgbPng(32, 32, () => FLOOR) },
    ]);
    expect((await boardUploadOutcome(gm.page, 'torch.png')).state).toBe('done');
    await shot(gm, 'gm-phone-dropped');
  });

  it('deletes a scene with what is on it, after asking once more', async () => {
    await gm.page.setViewportSize({ width: 1280, height: 800 });
    const temple = await gm.page.getAttribute(
      '[data-testid=scene-item]:has-text("Sunken Temple")',
      'data-scene-id',
    );
    expect(temple).toBeTruthy();
    await gm.page.evaluate(() => {
      const panel = document.querySelector<HTMLDetailsElement>('[data-testid=scene-panel]');
      if (panel !== null) panel.open = true;
    });
    await gm.page.click(`[data-testid=scene-item][data-scene-id="${temple}"] .mt-scene-name`);
    await gm.page.click(
      `[data-testid=scene-item][data-scene-id="${temple}"] [data-testid=delete-scene]`,
    );
    // Keep it: nothing happens.
    await gm.page.click('[data-testid=delete-scene-no]');
    expect(await gm.page.$(`[data-testid=scene-item][data-scene-id="${temple}"]`)).not.toBeNull();
    await gm.page.click(
      `[data-testid=scene-item][data-scene-id="${temple}"] [data-testid=delete-scene]`,
    );
    await gm.page.click('[data-testid=delete-scene-yes]');
    await gm.page.waitForSelector(`[data-testid=scene-item][data-scene-id="${temple}"]`, {
      state: 'detached',
    });
    // Gone from both docs, with the token dropped on it; the party's scene is untouched.
    expect(
      await gm.page.evaluate((id) => {
        const hook = window.__meshtable?.campaign;
        const tokensOn = (doc: { getMap(name: string): { toJSON(): object } } | null | undefined) =>
          Object.values(doc?.getMap('tokens').toJSON() ?? {}).filter(
            (token) => (token as { sceneId?: string }).sceneId === id,
          ).length;
        return {
          table: hook?.table.getMap('scenes').has(id),
          gm: hook?.gm?.getMap('scenes').has(id),
          tokens: tokensOn(hook?.table) + tokensOn(hook?.gm),
        };
      }, temple ?? ''),
    ).toEqual({ table: false, gm: false, tokens: 0 });
    expect(await gm.page.$(`[data-testid=scene-item][data-scene-id="${sceneId}"]`)).not.toBeNull();
  });
});
