/**
 * Issue 7, a GM's second device, end to end: the built app served by a real relay, Debian's
 * Chromium, each device a browser context of its own.
 *
 * Gemma makes a campaign (the template game system) and admits Pat; a scene with a goblin is put
 * on the table. She exports her key and the campaign file from the lobby and imports both on a
 * second device (a second browser context), which opens the table as the same GM. Of her two
 * devices the leadership election picks one to run the table (the validator, the one writer of
 * the table doc); the other, "the phone", does everything through the board's own controls, each
 * change
 * reaching the table as a `gm.edit` that the validating device checks and commits:
 * - it covers the scene in fog and reveals a room, and Pat sees the goblin in it appear;
 * - it keeps an area template, which Pat sees;
 * - it makes a new scene (hidden) and moves the party there: Pat's board follows;
 * - it deletes the first scene, and Pat's table loses it with its token, fog and template.
 * Screenshots go to test-results/e2e/second-gm-*.png.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tokenRecord } from '@meshtable/campaign/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Brings in the declaration of window.__meshtableBoardTools (the tools' test hook).
import type {} from '../../apps/web/src/board/presence/boardToolsTestHook';
import {
  pickBoardTool,
  screenOf,
  squareScene,
  tokenNamed,
  waitForBoardScene,
} from '../support/campaignBoardPage';
import { waitOn } from '../support/pageWaits';
import {
  closeTableWithSecondGm,
  expectStillSending,
  gmEditOutcomes,
  openTableWithSecondGm,
  type TableWithSecondGm,
} from '../support/secondGmDevice';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;
const CRYPT = squareScene('crypt', 'The crypt', 16, 10, CELL);

const goblin = tokenRecord('goblin', CRYPT.id, { name: 'Goblin', x: 3 * CELL, y: 2 * CELL });

/** What Pat's table doc holds of a scene: its record, tokens, fog edits and kept templates. */
async function heldOfScene(page: Page, sceneId: string) {
  return page.evaluate((id) => {
    const table = window.__meshtable?.campaign?.table;
    if (table === undefined) throw new Error('no campaign session on this page');
    const onScene = (map: string) =>
      Object.values(table.getMap(map).toJSON()).filter(
        (record) => (record as { sceneId?: string }).sceneId === id,
      ).length;
    return {
      scene: table.getMap('scenes').has(id),
      tokens: onScene('tokens'),
      templates: onScene('templates'),
      fog: [...table.getMap('fog').keys()].filter((key) => key.startsWith(`${id}/`)).length,
    };
  }, sceneId);
}

describe('a GM’s second device does what the first does, through the device that runs the table', () => {
  let opened: TableWithSecondGm | undefined;
  let player: Page;
  /** The GM device that runs the table, and the other one ("the phone"). */
  let runner: Page;
  let phone: Page;
  let goblinId: string;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${SCREENSHOT_DIR}second-gm-${name}.png` });

  const phoneStillSends = () => expectStillSending(phone);

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    // Gemma's key and the campaign, from the lobby of her first device into a second device's
    // lobby: how a GM brings a table to another device.
    opened = await openTableWithSecondGm(CRYPT, [goblin]);
    ({ player, runner, phone } = opened);
    goblinId = await tokenNamed(player, 'Goblin');
    await player.waitForFunction(() => window.__meshtableBoardTools !== undefined);
    await phone.waitForFunction(() => window.__meshtableBoardTools !== undefined);
  }, 300_000);

  afterAll(() => closeTableWithSecondGm(opened), 60_000);

  it('covers the scene in fog and reveals a room from the phone: Pat sees the goblin appear', async () => {
    await pickBoardTool(phone, 'mt-fog');
    await phone.click('[data-testid=fog-cover-all]');
    await waitOn(player, 'the crypt fogged', () => window.__meshtableBoardTools?.fogged(250, 170));
    await waitOn(
      player,
      'the goblin gone in the fog',
      (id) => window.__meshtableBoardTools?.tokenHidden(id),
      goblinId,
    );

    // A rectangle over cells (0, 0) to (5, 4): the corners snap to the grid lines.
    const from = await screenOf(phone, { x: 10, y: 10 });
    const to = await screenOf(phone, { x: 6 * CELL - 8, y: 5 * CELL - 8 });
    await phone.mouse.move(from.x, from.y);
    await phone.mouse.down();
    await phone.mouse.move(to.x, to.y, { steps: 10 });
    await phone.mouse.up();
    await waitOn(
      player,
      'the room revealed',
      () => window.__meshtableBoardTools?.fogged(250, 170) === false,
    );
    await waitOn(
      player,
      'the goblin back',
      (id) => window.__meshtableBoardTools?.tokenHidden(id) === false,
      goblinId,
    );
    // Outside the room the fog stays.
    expect(await player.evaluate(() => window.__meshtableBoardTools?.fogged(12 * 70, 8 * 70))).toBe(
      true,
    );
    // The phone's fog is what the table holds, written by the other device.
    await waitOn(
      phone,
      'the phone’s board shows the room revealed',
      () => window.__meshtableBoardTools?.fogged(250, 170) === false,
    );
    // Nothing was refused.
    expect(await phone.$('[data-testid=board-tools-notice]')).toBeNull();
    await phone.keyboard.press('Escape');
    await phoneStillSends();
  });

  it('keeps an area template from the phone, which Pat sees', async () => {
    await pickBoardTool(phone, 'mt-template');
    // A 10 ft circle around the corner between cells (2, 1) and (3, 2): over the goblin.
    const origin = await screenOf(phone, { x: 3 * CELL, y: 2 * CELL });
    const edge = await screenOf(phone, { x: 5 * CELL, y: 2 * CELL });
    await phone.mouse.move(origin.x, origin.y);
    await phone.mouse.down();
    await phone.mouse.move(edge.x, edge.y, { steps: 8 });
    await phone.mouse.up();
    await phone.click('[data-testid=keep-template]');
    await player.waitForSelector(
      '[data-testid=template][data-kept=true][data-kind=circle][data-label="10 ft radius"]',
      { state: 'attached', timeout: 30_000 },
    );
    await phone.waitForSelector('[data-testid=kept-template]');
    expect(await phone.textContent('[data-testid=kept-template]')).toContain('Covers Goblin');
    await shot(phone, 'phone-fog-template');
    await shot(player, 'player-fog-template');
    await phone.keyboard.press('Escape');
    await phoneStillSends();
  });

  it('makes a hidden scene on the phone and moves the party there: Pat’s board follows', async () => {
    await phone.evaluate(() => {
      const panel = document.querySelector<HTMLDetailsElement>('[data-testid=scene-panel]');
      if (panel !== null) panel.open = true;
    });
    await phone.fill('[data-testid=new-scene-name]', 'The tower');
    await phone.click('[data-testid=new-scene]');
    const item = '[data-testid=scene-item][data-hidden=true]:has-text("The tower")';
    await phone.waitForSelector(item);
    const towerId = (await phone.getAttribute(item, 'data-scene-id')) ?? '';
    expect(towerId).not.toBe('');
    // The gm doc carries it to the device that runs the table; Pat has none of it.
    await runner.waitForSelector(`[data-testid=scene-item][data-scene-id="${towerId}"]`, {
      state: 'attached',
      timeout: 30_000,
    });
    expect((await heldOfScene(player, towerId)).scene).toBe(false);

    await phone.click(`[data-testid=scene-item][data-scene-id="${towerId}"] .mt-scene-name`);
    await phone.click(
      `[data-testid=scene-item][data-scene-id="${towerId}"] [data-testid=activate-scene]`,
    );
    await waitForBoardScene(player, towerId);
    await phone.waitForSelector(
      `[data-testid=scene-item][data-scene-id="${towerId}"][data-active=true][data-hidden=false]`,
      { timeout: 30_000 },
    );
    await shot(player, 'player-moved');
    await phoneStillSends();
  });

  it('deletes the crypt from the phone: Pat’s table loses it with its token, fog and template', async () => {
    expect(await heldOfScene(player, CRYPT.id)).toEqual({
      scene: true,
      tokens: 1,
      templates: 1,
      fog: 2,
    });
    const crypt = `[data-testid=scene-item][data-scene-id="${CRYPT.id}"]`;
    await phone.click(`${crypt} .mt-scene-name`);
    await phone.click(`${crypt} [data-testid=delete-scene]`);
    await phone.click('[data-testid=delete-scene-yes]');
    await waitOn(
      player,
      'the crypt gone from Pat’s table doc',
      (id) => window.__meshtable?.campaign?.table.getMap('scenes').has(id) === false,
      CRYPT.id,
    );
    expect(await heldOfScene(player, CRYPT.id)).toEqual({
      scene: false,
      tokens: 0,
      templates: 0,
      fog: 0,
    });
    await phone.waitForSelector(crypt, { state: 'detached', timeout: 30_000 });
    await runner.waitForSelector(crypt, { state: 'detached', timeout: 30_000 });
    await shot(phone, 'phone-deleted');
    await phoneStillSends();

    // All of it went as gm.edit intents of Gemma's log (the device that runs the table writes
    // directly, and sends none), each committed by that device's validator.
    const outcomes = await gmEditOutcomes(player, opened?.table.gmId ?? '');
    // Fog twice, a template, the party's move, the deletion.
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  });
});
