/**
 * Issue 7's own scenario, end to end: a GM and two players, each in their own browser context
 * (so everything between them goes over WebRTC or the relay), on the built app served by a real
 * relay, through the real routes (`#/` → "New campaign", the invite link, `#/join`, then
 * `#/c/<campaignId>`), the panels and the real mouse and keyboard.
 *
 * The GM (Gemma) makes a campaign of the template game system, admits Ann and Bob, makes a scene
 * in the scene panel with a 70 px square grid and a background from the library, moves the party
 * there, and places three tokens from the token panel: Ann's fighter (moved by Ann), Bob's rogue
 * (moved by Bob) and a goblin (GMs only). Ann drags her fighter (a move intent, applied by the
 * GM's validator, seen on every board); she cannot pick up Bob's rogue, and a move of it asked
 * for anyway is refused with the validator's reason, shown next to the rogue. The GM covers the
 * scene in fog and reveals the room the party stands in: the goblin outside it is gone from both
 * players' boards. Bob pings; the GM and Ann see it. Then every page reloads at once, and the
 * scene, its background, the tokens where they were, their owners, the fog, and each player's
 * identity and membership all come back.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Brings in the declaration of window.__meshtableBoardTools (the tools' test hook).
import type {} from '../../apps/web/src/board/presence/boardToolsTestHook';
import { makeSceneWithMap, shownImage } from '../support/boardFilesPage';
import { sampleMapPng } from '../support/boardSamples';
import {
  boardTokens,
  clickScenePoint,
  dragToken,
  pickBoardTool,
  screenOf,
  tokenNamed,
  waitForBoardScene,
  waitForBoardToken,
} from '../support/campaignBoardPage';
import {
  type CampaignTable,
  closeCampaignTable,
  moveToken,
  openPartyTable,
  roleIs,
  userIdOn,
} from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** The scene's cells: 70 px squares, 20 × 14 of them. */
const CELL = 70;
const cell = (col: number, row: number) => ({ x: col * CELL, y: row * CELL });
const centre = (col: number, row: number) => ({ x: (col + 0.5) * CELL, y: (row + 0.5) * CELL });
/** The middle of a cell no token goes to: a click there deselects. */
const EMPTY_CELL = centre(17, 12);
/** Where the tokens stand once placed, and where Ann's fighter goes. */
const FIGHTER_AT = cell(2, 2);
const FIGHTER_TO = cell(4, 3);
const ROGUE_AT = cell(2, 4);
const GOBLIN_AT = cell(10, 3);
/** The room the GM reveals: cells (0, 0) to (6, 6); the goblin stands outside it. */
const ROOM = { from: { x: 10, y: 10 }, to: { x: 7 * CELL - 8, y: 7 * CELL - 8 } };
const BACKDROP_IMAGE = '[data-testid=scene-backdrop] image';
/** What Chromium prints for the `HEAD` that finds a file to upload new on the relay. */
const UPLOAD_PROBE_404 = /^Failed to load resource: the server responded with a status of 404/;
/** What the GM's validator says to a player who moves a token that is not theirs. */
const NOT_YOURS = 'you do not control this token';

describe('a table of a GM and two players: scene, tokens, moves, fog, pings, reload', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let ann: BrowserPeer;
  let bob: BrowserPeer;
  let annId: string;
  let bobId: string;
  let sceneId: string;
  let background: string;
  let fighterId: string;
  let rogueId: string;
  let goblinId: string;

  const players = () => [ann, bob];
  const shot = (peer: BrowserPeer, name: string) =>
    peer.page.screenshot({ path: `${SCREENSHOT_DIR}table-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    ({ table, gm, ann, annId, bob, bobId } = await openPartyTable(
      'The Goblin Warrens',
      'template',
    ));
    expect(new URL(table.invite).hash).toMatch(/^#\/join\//);
  }, 240_000);

  // The GM's upload asks the relay first whether it has the file: a new file's 404 is the
  // protocol (docs/relay.md); anything else is an error.
  afterAll(() => closeCampaignTable(table, UPLOAD_PROBE_404));

  it('makes a scene with a grid and a background, and moves the party there', async () => {
    ({ sceneId, background } = await makeSceneWithMap(gm.page, {
      name: 'The warrens',
      map: { name: 'Warrens.png', buffer: sampleMapPng(20, 14) },
      cols: 20,
      rows: 14,
      cell: CELL,
    }));
    await gm.page.waitForFunction(
      (size) => window.__meshtableBoard?.editor.getDocumentSettings().gridSize === size,
      CELL,
    );
    // Hidden until the GM moves the party there.
    for (const peer of players()) {
      expect(await peer.page.getAttribute('[data-testid=campaign-board]', 'data-scene-id')).toBe(
        '',
      );
    }
    await gm.page.click('[data-testid=activate-scene]');
    await gm.page.waitForSelector('[data-testid=scene-item][data-active=true][data-hidden=false]');
    for (const peer of players()) {
      await waitForBoardScene(peer.page, sceneId);
      await peer.page.waitForSelector('[data-testid=scene-backdrop][data-grid=square]');
      expect(await shownImage(peer.page, BACKDROP_IMAGE, { x: 3, y: 3 })).toMatchObject({
        width: 160,
        height: 112,
      });
    }
  });

  it('places tokens from the token panel and gives one to each player', async () => {
    const place = async (name: string, owner: string, at: { x: number; y: number }) => {
      await gm.page.fill('[data-testid=token-name]', name);
      await gm.page.selectOption('[data-testid=token-owner]', owner);
      await gm.page.click('[data-testid=token-submit]');
      const id = await tokenNamed(gm.page, name);
      // Placed in the middle of the view; the GM drags it to its place.
      await dragToken(gm.page, id, at);
      await waitForBoardToken(gm.page, id, { ...at });
      await clickScenePoint(gm.page, EMPTY_CELL);
      return id;
    };
    fighterId = await place('Ann’s fighter', annId, FIGHTER_AT);
    rogueId = await place('Bob’s rogue', bobId, ROGUE_AT);
    goblinId = await place('Goblin', '', GOBLIN_AT);
    // Each player may move their own token, and no other.
    await waitForBoardToken(ann.page, fighterId, { ...FIGHTER_AT, movable: true, locked: false });
    await waitForBoardToken(ann.page, rogueId, { ...ROGUE_AT, movable: false, locked: true });
    await waitForBoardToken(ann.page, goblinId, { ...GOBLIN_AT, movable: false });
    await waitForBoardToken(bob.page, rogueId, { ...ROGUE_AT, movable: true, locked: false });
    await waitForBoardToken(bob.page, fighterId, { ...FIGHTER_AT, movable: false, locked: true });
  });

  it('moves Ann’s fighter where she drags it, once the GM’s validator has applied it', async () => {
    await dragToken(ann.page, fighterId, FIGHTER_TO);
    await waitForBoardToken(ann.page, fighterId, { ...FIGHTER_TO, pending: false, rejection: '' });
    await waitForBoardToken(gm.page, fighterId, { ...FIGHTER_TO });
    await waitForBoardToken(bob.page, fighterId, { ...FIGHTER_TO });
    // Applied by the validator: the table doc holds the new corner.
    const stored = await gm.page.evaluate((id) => {
      const token = window.__meshtable?.campaign?.table.getMap('tokens').get(id);
      return (token as { toJSON(): unknown } | undefined)?.toJSON();
    }, fighterId);
    expect(stored).toMatchObject(FIGHTER_TO);
  });

  it('refuses Ann’s move of Bob’s rogue, and shows her why', async () => {
    // On her board the rogue is locked: a drag draws a selection box and asks nothing.
    await dragToken(ann.page, rogueId, cell(5, 5));
    await clickScenePoint(ann.page, EMPTY_CELL);
    expect((await boardTokens(ann.page)).find((t) => t.id === rogueId)).toMatchObject(ROGUE_AT);
    // Asked for anyway (as a modified client could), the GM's validator refuses it, and her
    // board says why next to the rogue, which stays where it was everywhere.
    const receipt = await moveToken(ann.page, rogueId, cell(5, 5).x, cell(5, 5).y);
    expect(receipt.status).toBe('rejected');
    expect(receipt.reason).toContain(NOT_YOURS);
    await waitForBoardToken(ann.page, rogueId, { ...ROGUE_AT, pending: false });
    await waitOn(
      ann.page,
      'the refusal next to the rogue',
      ({ id, reason }) =>
        document
          .querySelector(`[data-testid=token][data-token-id="${id}"] .mt-token-rejection`)
          ?.textContent?.includes(reason),
      { id: rogueId, reason: NOT_YOURS },
    );
    await shot(ann, 'player-refused');
    for (const peer of [gm, bob]) {
      expect((await boardTokens(peer.page)).find((t) => t.id === rogueId)).toMatchObject(ROGUE_AT);
    }
    await ann.page.click(
      `[data-testid=token][data-token-id="${rogueId}"] .mt-token-rejection button`,
    );
    await waitForBoardToken(ann.page, rogueId, { rejection: '' });
  });

  it('hides the goblin outside the revealed room from both players, not from the GM', async () => {
    await pickBoardTool(gm.page, 'mt-fog');
    await gm.page.click('[data-testid=fog-cover-all]');
    const from = await screenOf(gm.page, ROOM.from);
    const to = await screenOf(gm.page, ROOM.to);
    await gm.page.mouse.move(from.x, from.y);
    await gm.page.mouse.down();
    await gm.page.mouse.move(to.x, to.y, { steps: 10 });
    await gm.page.mouse.up();
    await gm.page.keyboard.press('Escape');
    const goblinCentre = { x: GOBLIN_AT.x + CELL / 2, y: GOBLIN_AT.y + CELL / 2 };
    for (const peer of players()) {
      await waitOn(
        peer.page,
        'the room revealed and the rest fogged',
        ({ room, outside }) =>
          window.__meshtableBoardTools?.fogged(room.x, room.y) === false &&
          window.__meshtableBoardTools?.fogged(outside.x, outside.y) === true,
        { room: centre(3, 3), outside: goblinCentre },
      );
      await waitOn(
        peer.page,
        'the goblin gone',
        (id) => window.__meshtableBoardTools?.tokenHidden(id),
        goblinId,
      );
      await peer.page.waitForSelector(`[data-testid=token][data-token-id="${goblinId}"]`, {
        state: 'detached',
      });
      for (const id of [fighterId, rogueId]) {
        expect(
          await peer.page.evaluate((t) => window.__meshtableBoardTools?.tokenHidden(t), id),
        ).toBe(false);
      }
    }
    expect(
      await gm.page.evaluate((id) => window.__meshtableBoardTools?.tokenHidden(id), goblinId),
    ).toBe(false);
    expect(await gm.page.getAttribute('[data-testid=fog-layer]', 'data-gm')).toBe('true');
    expect(await ann.page.getAttribute('[data-testid=fog-layer]', 'data-gm')).toBe('false');
  });

  it('shows Bob’s ping on the GM’s and Ann’s screens', async () => {
    // A click on an empty cell gives his board the keyboard; then P where the pointer is.
    await clickScenePoint(bob.page, centre(3, 6));
    const at = await screenOf(bob.page, centre(3, 5));
    await bob.page.mouse.move(at.x, at.y);
    await bob.page.keyboard.press('p');
    for (const peer of [gm, ann]) {
      await peer.page.waitForSelector('[data-testid=ping][data-name=Bob]', { state: 'attached' });
      await waitOn(
        peer.page,
        'Bob’s ping at the middle of cell (3, 5)',
        ({ x, y }) =>
          window.__meshtableBoardTools
            ?.pings()
            .some((p) => p.name === 'Bob' && Math.hypot(p.x - x, p.y - y) < 1),
        centre(3, 5),
      );
    }
    await shot(gm, 'gm');
    await shot(ann, 'player');
  });

  it('keeps everything through a reload of every page', async () => {
    await Promise.all([gm, ann, bob].map((peer) => peer.page.reload()));
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]', {
      timeout: 45_000,
    });
    // Each player is still who they were, and still a player of the campaign.
    for (const [peer, id] of [
      [ann, annId],
      [bob, bobId],
    ] as const) {
      await peer.page.waitForSelector(roleIs('player'), { timeout: 45_000 });
      expect(await userIdOn(peer.page)).toBe(id);
    }
    for (const peer of [gm, ann, bob]) {
      await waitForBoardScene(peer.page, sceneId);
      expect(await shownImage(peer.page, BACKDROP_IMAGE, { x: 3, y: 3 })).toMatchObject({
        width: 160,
        height: 112,
      });
      await peer.page.waitForSelector('[data-testid=scene-backdrop][data-grid=square]');
    }
    await gm.page.waitForSelector(`[data-testid=scene-background][data-value="${background}"]`, {
      state: 'attached',
    });
    // The tokens where they were, each movable by its owner only.
    await waitForBoardToken(gm.page, goblinId, { ...GOBLIN_AT });
    await waitForBoardToken(ann.page, fighterId, { ...FIGHTER_TO, movable: true });
    await waitForBoardToken(ann.page, rogueId, { ...ROGUE_AT, movable: false });
    await waitForBoardToken(bob.page, rogueId, { ...ROGUE_AT, movable: true });
    await waitForBoardToken(bob.page, fighterId, { ...FIGHTER_TO, movable: false });
    // The fog, and the goblin still hidden from the players.
    for (const peer of players()) {
      await waitOn(
        peer.page,
        'the fog back, and the goblin under it',
        ({ id, room }) =>
          window.__meshtableBoardTools?.fogged(room.x, room.y) === false &&
          window.__meshtableBoardTools?.tokenHidden(id) === true,
        { id: goblinId, room: centre(3, 3) },
      );
      await peer.page.waitForSelector(`[data-testid=token][data-token-id="${goblinId}"]`, {
        state: 'detached',
      });
    }
    // And the table goes on: Bob moves his rogue, validated by the reloaded GM.
    await dragToken(bob.page, rogueId, cell(3, 4));
    await waitForBoardToken(bob.page, rogueId, { ...cell(3, 4), pending: false, rejection: '' });
    await waitForBoardToken(ann.page, rogueId, { ...cell(3, 4) });
    await shot(gm, 'gm-reloaded');
    await shot(bob, 'player-reloaded');
  });
});
