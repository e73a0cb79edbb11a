/**
 * A GM's second device runs the table's panels too (issues 7/8), end to end: the built app
 * served by a real relay, Debian's Chromium, each device a browser context of its own.
 *
 * Gemma makes a campaign (the template game system) and admits Pat; a scene with a goblin is
 * put on the table. She brings her key and the campaign file to a second device
 * (support/secondGmDevice.ts); of her two devices one runs the table, and the other, "the
 * phone", uses the panels, each change reaching the table as a `gm.edit` that the device running
 * it checks and commits:
 * - it makes a character played by Pat, which Pat's Characters panel lists;
 * - it starts an encounter, adds the goblin, starts round 1 and moves to the next turn, and
 *   Pat's combat panel follows;
 * - it publishes a journal page to everyone, which Pat reads;
 * - it uploads a track and plays it, and Pat's page plays it; paused while the device that runs
 *   the table is held in the debugger, the phone shows the change pending until it is ruled;
 * - a turn asked for just after the encounter's scene was deleted (both sent while the device
 *   that runs the table is held) is refused, and the phone's combat panel says why.
 * Screenshots go to test-results/e2e/second-gm-panels-*.png.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tokenRecord } from '@meshtable/campaign/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, uploadOutcome } from '../support/assetLibraryPage';
import { sampleWav, sha256Hex } from '../support/assetSamples';
import { squareScene } from '../support/campaignBoardPage';
import { waitOn } from '../support/pageWaits';
import {
  closeTableWithSecondGm,
  expectStillSending,
  gmEditOutcomes,
  openTableWithSecondGm,
  runsTable,
  type TableWithSecondGm,
} from '../support/secondGmDevice';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** What Chromium prints for the `HEAD` that finds a file to upload new on the relay. */
const UPLOAD_PROBE_404 = /^Failed to load resource: the server responded with a status of 404/;
const CELL = 70;
const HALL = squareScene('hall', 'The hall', 12, 8, CELL);
/** 40 s of 8 kHz mono noise: long enough to be playing while the test looks. */
const TRACK = sampleWav(8000 * 40, 11);
const TRACK_SHA = sha256Hex(TRACK);

const goblin = tokenRecord('goblin', HALL.id, { name: 'Goblin', x: 3 * CELL, y: 2 * CELL });

declare global {
  interface Window {
    /** The panels' pending lines the phone has shown (notePending). */
    __pendingSeen?: Set<string>;
  }
}

/**
 * Notes every panel's "sent, waiting for the device that runs the table" line that `page` shows,
 * however briefly: a change sent is pending until its receipt comes back over the network.
 */
async function notePending(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    window.__pendingSeen = seen;
    new MutationObserver(() => {
      for (const line of document.querySelectorAll('[data-testid$="-pending"]')) {
        seen.add(line.getAttribute('data-testid') ?? '');
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/** Opens a panel of the dock (a disclosure, closed at first on a small screen). */
async function openPanel(page: Page, testId: string): Promise<void> {
  await page.evaluate((id) => {
    const panel = document.querySelector<HTMLDetailsElement>(`[data-testid=${id}]`);
    if (panel !== null) panel.open = true;
  }, testId);
}

describe('a GM’s second device makes characters, runs combat, shares pages and plays audio', () => {
  let opened: TableWithSecondGm | undefined;
  let player: Page;
  let patId: string;
  /** The GM device that runs the table, and the other one ("the phone"). */
  let runner: Page;
  let phone: Page;

  const shot = (page: Page, name: string, selector: string) =>
    page.locator(selector).screenshot({ path: `${SCREENSHOT_DIR}second-gm-panels-${name}.png` });

  const phoneStillSends = () => expectStillSending(phone);

  /**
   * Waits until the phone has no change on its way, and checks that `panel` said one was on its
   * way meanwhile (notePending) and shows no refusal.
   */
  const settled = async (panel: string) => {
    await phone.waitForSelector(`[data-testid=${panel}-pending]`, {
      state: 'detached',
      timeout: 30_000,
    });
    expect(await phone.evaluate(() => [...(window.__pendingSeen ?? [])])).toContain(
      `${panel}-pending`,
    );
    expect(await phone.$(`[data-testid=${panel}-refused]`)).toBeNull();
  };

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    opened = await openTableWithSecondGm(HALL, [goblin]);
    ({ player, runner, phone } = opened);
    patId = opened.table.players[0].userId;
    await notePending(phone);
    await phone.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
      timeout: 30_000,
    });
  }, 300_000);

  afterAll(() => closeTableWithSecondGm(opened, UPLOAD_PROBE_404), 60_000);

  it('makes a character played by Pat from the phone: Pat’s Characters panel lists it', async () => {
    await openPanel(phone, 'characters-panel');
    await phone.click('[data-testid=new-character] summary');
    await phone.fill('[data-testid=new-character-name]', 'Aster');
    await phone.selectOption('[data-testid=new-character-type]', 'character');
    await phone.selectOption('[data-testid=new-character-owner]', patId);
    await phone.click('[data-testid=new-character-create]');
    expect(await phone.$('[data-testid=new-character-problem]')).toBeNull();
    await openPanel(player, 'characters-panel');
    await player.waitForSelector(
      '[data-testid=characters-panel] .mt-sheets-name:text-is("Aster")',
      {
        timeout: 30_000,
      },
    );
    // The phone opens the sheet of the character once the table has made it.
    await phone.waitForSelector('[data-testid=character-sheet]', { timeout: 30_000 });
    await settled('characters');
    await shot(phone, 'phone-character', '[data-testid=characters-panel]');
    await phoneStillSends();
  });

  it('starts an encounter, adds the goblin and moves the turn from the phone: Pat follows', async () => {
    await openPanel(phone, 'combat-panel');
    await openPanel(player, 'combat-panel');
    await phone.click('[data-testid=combat-start]');
    await player.waitForSelector('[data-testid=combat-turn][data-round="0"]', { timeout: 30_000 });
    // Held while the start is on its way; then the scene's tokens can be added.
    await phone.click('[data-testid=combat-add-all]', { timeout: 30_000 });
    await player.waitForSelector('[data-testid=combatant]', { timeout: 30_000 });
    await phone.click('[data-testid=combat-next]', { timeout: 30_000 });
    await player.waitForSelector('[data-testid=combat-turn][data-round="1"]', { timeout: 30_000 });
    await phone.waitForSelector('[data-testid=combat-turn][data-round="1"]', { timeout: 30_000 });
    // One combatant: the next turn is the next round's.
    await phone.click('[data-testid=combat-next]', { timeout: 30_000 });
    await player.waitForSelector('[data-testid=combat-turn][data-round="2"]', { timeout: 30_000 });
    expect(await player.textContent('[data-testid=combat-turn]')).toContain('Goblin’s turn');
    await settled('combat');
    await shot(phone, 'phone-combat', '[data-testid=combat-panel]');
    await shot(player, 'player-combat', '[data-testid=combat-panel]');
    await phoneStillSends();
  });

  it('publishes a journal page to everyone from the phone: Pat reads it', async () => {
    await openPanel(phone, 'journal-panel');
    await openPanel(player, 'journal-panel');
    await phone.click('[data-testid=journal-new]');
    await phone.fill('[data-testid=journal-title]', 'Notice from the phone');
    await phone.fill('[data-testid=journal-body]', 'The **hall** is closed at night.');
    await phone.check('[data-testid=journal-share-all]');
    await phone.click('[data-testid=journal-save]');
    await phone.waitForSelector('[data-testid=journal-page]');
    const pageId = await phone.getAttribute('[data-testid=journal-page]', 'data-page-id');
    expect(pageId).not.toBeNull();
    await player.click(`[data-testid=journal-link][data-page-id="${pageId}"]`, {
      timeout: 30_000,
    });
    await player.waitForSelector(`[data-testid=journal-page][data-page-id="${pageId}"]`);
    expect(await player.textContent('[data-testid=journal-page] strong')).toBe('hall');
    await settled('journal');
    await shot(player, 'player-journal', '[data-testid=journal-panel]');
    await phoneStillSends();
  });

  it('uploads and plays a track from the phone: Pat’s page plays it', async () => {
    await chooseFiles(phone, [{ name: 'Hall echoes.wav', buffer: TRACK }]);
    expect((await uploadOutcome(phone, 'Hall echoes.wav')).state).toBe('done');
    await openPanel(phone, 'audio-panel');
    await openPanel(player, 'audio-panel');
    await phone.selectOption('[data-testid=audio-track]', TRACK_SHA);
    await phone.waitForSelector('[data-testid=audio-now]:has-text("Paused: Hall echoes")', {
      timeout: 30_000,
    });
    await phone.click('[data-testid=audio-play]');
    await player.waitForSelector('[data-testid=audio-now][data-playing=true]', {
      timeout: 30_000,
    });
    await waitOn(
      player,
      'Pat’s page playing the phone’s track',
      (sha) => {
        const audio = document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]');
        return audio?.dataset.track === sha && !audio.paused && audio.currentTime > 0;
      },
      TRACK_SHA,
    );
    await settled('audio');
    await shot(phone, 'phone-audio', '[data-testid=audio-panel]');
    await shot(player, 'player-audio', '[data-testid=audio-panel]');
    await phoneStillSends();

    // Every change went as a gm.edit of Gemma's log, each committed by the device that runs the
    // table: the character, the start, the goblin added, two turns, the page, the track chosen
    // and played.
    expect(await gmEditOutcomes(player, opened?.table.gmId ?? '')).toEqual(
      Array(8).fill('applied'),
    );
    expect(await runsTable(runner)).toBe(true);
  });

  it('shows a change pending on the phone while the device that runs the table cannot rule', async () => {
    // The runner's page is held in the debugger: what the phone sends waits for it.
    const debug = await runner.context().newCDPSession(runner);
    await debug.send('Debugger.enable');
    await debug.send('Debugger.pause');
    try {
      await phone.click('[data-testid=audio-play]');
      await phone.waitForSelector('[data-testid=audio-pending]');
      // Nothing changed yet: the record is the table's, and the table has not ruled.
      expect(await phone.getAttribute('[data-testid=audio-now]', 'data-playing')).toBe('true');
      await shot(phone, 'phone-audio-pending', '[data-testid=audio-panel]');
    } finally {
      await debug.send('Debugger.resume');
      await debug.detach();
    }
    await player.waitForSelector('[data-testid=audio-now][data-playing=false]', {
      timeout: 30_000,
    });
    await settled('audio');
    expect(await gmEditOutcomes(player, opened?.table.gmId ?? '')).toEqual(
      Array(9).fill('applied'),
    );
  });

  it('says why the table refused a change: the encounter went with its scene, sent just before', async () => {
    const debug = await runner.context().newCDPSession(runner);
    await debug.send('Debugger.enable');
    await debug.send('Debugger.pause');
    try {
      // Both sent while the runner cannot rule, so the phone still holds the encounter when it
      // asks for the next turn: the scene's deletion, ruled first, takes the encounter along.
      await openPanel(phone, 'scene-panel');
      const hall = `[data-testid=scene-item][data-scene-id="${HALL.id}"]`;
      await phone.click(`${hall} .mt-scene-name`);
      await phone.click(`${hall} [data-testid=delete-scene]`);
      await phone.click('[data-testid=delete-scene-yes]');
      await phone.click('[data-testid=combat-next]');
      await phone.waitForSelector('[data-testid=combat-pending]');
    } finally {
      await debug.send('Debugger.resume');
      await debug.detach();
    }
    await phone.waitForSelector('[data-testid=combat-refused]', { timeout: 30_000 });
    expect(await phone.textContent('[data-testid=combat-refused]')).toMatch(
      /^The table refused to move to the next turn: .*there is no such record/,
    );
    await player.waitForSelector('[data-testid=combat-none]', { timeout: 30_000 });
    await shot(phone, 'phone-combat-refused', '[data-testid=combat-panel]');
    expect((await gmEditOutcomes(player, opened?.table.gmId ?? '')).slice(9)).toEqual([
      'applied',
      'rejected',
    ]);
    await phone.click('[data-testid=combat-refused] button');
    expect(await phone.$('[data-testid=combat-refused]')).toBeNull();
  });
});
