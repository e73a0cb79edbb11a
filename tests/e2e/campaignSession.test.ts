/**
 * A real campaign in the browser, end to end: the built app served by a real relay, Debian's
 * Chromium, a GM and a player each in their own browser context (own IndexedDB, own identity,
 * no BroadcastChannel between them), synced over WebRTC and the relay.
 *
 * The GM makes a campaign in the lobby and copies its invite; the player opens it, gives a name
 * and asks to join; the GM admits them; then the player's move intents are ruled on by the GM's
 * validator, with the campaign's game system (the template module) running in the browser's
 * rules sandbox: one move within the character's speed is applied, one beyond it is refused
 * with the module's own reason, which the core rules alone would never give.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { hashModuleFiles } from '@meshtable/sandbox';
import { readModuleDir } from '@meshtable/sandbox/node';
import type { Actor } from '@meshtable/schema';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { relayState } from '../support/boardPage';
import {
  admit,
  createCampaignAsGm,
  fillNewCampaign,
  joinAs,
  moveToken,
  pinnedSystem,
  roleIs,
  roleOf,
  userIdOn,
  waitForCampaignHook,
  waitForEpoch,
  waitForToken,
  writeRecordsAsGm,
} from '../support/campaignPage';
import {
  type BrowserPeer,
  expectNoPageTrouble,
  launchChromium,
  openPeer,
  pageTrouble,
} from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const TEMPLATE_DIR = fileURLToPath(new URL('../../modules/template/', import.meta.url));

describe('a campaign between a GM and a player, in separate browser contexts', () => {
  let browser: Browser;
  let temp: TempRelay;
  let peers: BrowserPeer[] = [];

  const peer = async () => {
    const opened = await openPeer(browser);
    peers.push(opened);
    return opened;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  beforeEach(async () => {
    // webDir undefined: the relay serves the app built by `npm run build`.
    temp = await startTempRelay({ webDir: undefined });
  });
  afterEach(async () => {
    const trouble = pageTrouble(peers, temp.relay.url);
    for (const p of peers) await p.context.close();
    peers = [];
    await temp.dispose();
    expectNoPageTrouble(trouble);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates, invites, admits, and rules on a move with the module in the browser sandbox', async () => {
    const gm = await peer();
    const player = await peer();

    // The GM makes the campaign in the lobby: a first visit, so the form asks for a name too.
    await gm.page.goto(`${temp.relay.url}/`);
    await fillNewCampaign(gm.page, {
      gmName: 'Gemma',
      campaignName: 'The Sunless Citadel',
      system: 'template',
    });
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-1-new.png`, fullPage: true });
    await gm.page.click('[data-testid=new-campaign]');
    await gm.page.waitForSelector(roleIs('gm'), { timeout: 30_000 });
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]');
    await gm.page.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
      timeout: 30_000,
    });
    expect(await gm.page.textContent('[data-testid=campaign-title]')).toBe('The Sunless Citadel');

    // The campaign pins the template by the hash of its files, as the CLI computes it.
    await waitForCampaignHook(gm.page);
    const pinned = await pinnedSystem(gm.page);
    expect(pinned).toMatchObject({
      id: 'template',
      sha256: hashModuleFiles(await readModuleDir(TEMPLATE_DIR)),
    });

    // The invite: shown whole, with a copy button; it names the GM, and never the gm key.
    const invite = await gm.page.getAttribute('[data-testid=invite-link]', 'data-link');
    const gmUserId = await gm.page.evaluate(() => window.__meshtable?.campaign?.session.me.userId);
    expect(invite).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/#\/join\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{22}\?gm=/,
    );
    expect(invite).toContain(`gm=${gmUserId}`);
    await gm.page.click('[data-testid=invite-link]');
    await gm.page.waitForSelector('[data-testid=invite-link]:has-text("Link copied")');
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-2-gm-table.png`, fullPage: true });

    // The player opens the link on a device that does not know them yet.
    await player.page.goto(invite ?? '');
    await player.page.waitForSelector('[data-testid=join-screen]');
    await player.page.fill('[data-testid=identity-name]', 'Pat');
    await player.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-3-join.png`, fullPage: true });
    await player.page.click('[data-testid=join-campaign]');
    // The join request reaches the GM's validator, which records them as pending.
    await player.page.waitForSelector(roleIs('pending'), { timeout: 45_000 });
    expect(await player.page.textContent('[data-testid=campaign-title]')).toBe(
      'The Sunless Citadel',
    );
    expect(await player.page.$('[data-testid=invite-link]')).toBeNull();

    // The GM admits them.
    await gm.page.waitForSelector('[data-testid=pending-member]', { timeout: 30_000 });
    expect(await gm.page.textContent('[data-testid=pending-member]')).toContain('Pat');
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-4-pending.png`, fullPage: true });
    await gm.page.click('[data-testid=admit-member]');
    await player.page.waitForSelector(roleIs('player'), { timeout: 30_000 });
    await gm.page.waitForSelector('[data-testid=pending-none]');
    await player.page.screenshot({
      path: `${SCREENSHOT_DIR}campaign-5-player.png`,
      fullPage: true,
    });

    // A scene, the player's character and its token, written by the GM as the board would.
    await waitForCampaignHook(player.page);
    const playerId = await player.page.evaluate(
      () => window.__meshtable?.campaign?.session.me.userId ?? '',
    );
    const sheet = JSON.parse(await readFile(`${TEMPLATE_DIR}sheets/character.json`, 'utf8')) as {
      defaults: Actor['data'];
    };
    const wrote = await writeRecordsAsGm(gm.page, {
      scenes: [
        {
          id: 'crypt',
          name: 'The crypt',
          order: 0,
          width: 1400,
          height: 1400,
          background: null,
          grid: {
            type: 'square',
            size: 70,
            offsetX: 0,
            offsetY: 0,
            color: '#000000',
            distance: 5,
            units: 'ft',
          },
        },
      ],
      actors: [
        {
          id: 'pat-hero',
          type: 'character',
          name: 'Pat’s hero',
          image: null,
          owners: [playerId],
          data: sheet.defaults,
        },
      ],
      tokens: [
        {
          id: 'pat-token',
          sceneId: 'crypt',
          actorId: 'pat-hero',
          name: 'Pat’s hero',
          image: null,
          x: 0,
          y: 0,
          size: 1,
          rotation: 0,
          bars: [],
          conditions: [],
          owners: [playerId],
        },
      ],
    });
    expect(wrote).toBe(true);
    await waitForToken(player.page, 'pat-token');

    // Two squares: within the template's speed of 6, applied by the GM's validator.
    const applied = await moveToken(player.page, 'pat-token', 140, 70);
    expect(applied).toEqual({ status: 'applied', by: gmUserId });
    // Eight squares from there: refused by the module's own rule, run in the GM's browser sandbox.
    const refused = await moveToken(player.page, 'pat-token', 700, 0);
    expect(refused).toEqual({
      status: 'rejected',
      by: gmUserId,
      reason: 'Pat’s hero moves at most 6 squares; that is 8',
    });
    const position = await gm.page.evaluate(() => {
      const token = window.__meshtable?.campaign?.table.getMap('tokens').get('pat-token') as {
        toJSON(): { x: number; y: number };
      };
      return token.toJSON();
    });
    expect(position).toMatchObject({ x: 140, y: 70 });
    expect(await roleOf(player.page)).toBe('player');
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-6-gm-after.png`, fullPage: true });
  });

  it('lists the campaign in the lobby, reopens it after a reload, and does not ask to join twice', async () => {
    const gm = await peer();
    const player = await peer();
    await gm.page.goto(`${temp.relay.url}/`);
    await fillNewCampaign(gm.page, { gmName: 'Gemma', campaignName: 'Tomb', system: 'template' });
    await gm.page.click('[data-testid=new-campaign]');
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]', {
      timeout: 30_000,
    });
    const invite = (await gm.page.getAttribute('[data-testid=invite-link]', 'data-link')) ?? '';

    // The player pastes the link into "Join with a link" on the lobby.
    await player.page.goto(`${temp.relay.url}/`);
    await player.page.fill('[data-testid=join-link-input]', 'https://example.com/#/join/x');
    await player.page.click('[data-testid=join-link-open]');
    await player.page.waitForSelector('[data-testid=join-link-problem]');
    await player.page.fill('[data-testid=join-link-input]', invite);
    await player.page.click('[data-testid=join-link-open]');
    await player.page.fill('[data-testid=identity-name]', 'Pat');
    await player.page.click('[data-testid=join-campaign]');
    await player.page.waitForSelector(roleIs('pending'), { timeout: 45_000 });

    // After a reload, the request is still there and is not sent again.
    await player.page.reload();
    await player.page.waitForSelector(roleIs('pending'), { timeout: 30_000 });
    await player.page.waitForSelector(relayState('connected'), { timeout: 30_000 });
    await waitForCampaignHook(player.page);
    const joins = await player.page.evaluate(() => {
      const hook = window.__meshtable?.campaign;
      if (hook === undefined) return -1;
      const log = hook.table.getArray(`intents/${hook.session.me.userId}`).toArray();
      return log.filter((entry) => (entry as { kind?: string }).kind === 'join').length;
    });
    expect(joins).toBe(1);

    // Both lobbies list the campaign, and it opens from there.
    await player.page.goto(`${temp.relay.url}/`);
    await player.page.waitForSelector('[data-testid=campaign-item]');
    expect(await player.page.textContent('[data-testid=campaign-list]')).toContain('Tomb');
    await gm.page.goto(`${temp.relay.url}/`);
    await gm.page.waitForSelector('[data-testid=device-identity]');
    // On a phone-sized screen.
    await gm.page.setViewportSize({ width: 390, height: 844 });
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-7-lobby.png`, fullPage: true });
    await gm.page.click('[data-testid=campaign-item] a');
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]', {
      timeout: 30_000,
    });
    await gm.page.waitForSelector('[data-testid=pending-member]', { timeout: 30_000 });
    await gm.page.screenshot({
      path: `${SCREENSHOT_DIR}campaign-7-table-phone.png`,
      fullPage: true,
    });
  });
  it('follows a kick: who stays moves to the new room with the GM, the kicked player is told', async () => {
    const gm = await peer();
    const pat = await peer();
    const kim = await peer();
    const invite = await createCampaignAsGm(gm.page, temp.relay.url, {
      gmName: 'Gemma',
      campaignName: 'Tomb',
      system: 'template',
    });
    await joinAs(pat.page, invite, 'Pat');
    await joinAs(kim.page, invite, 'Kim');
    const patId = await userIdOn(pat.page);
    const kimId = await userIdOn(kim.page);
    await admit(gm.page, patId);
    await admit(gm.page, kimId);
    await pat.page.waitForSelector(roleIs('player'), { timeout: 30_000 });
    await kim.page.waitForSelector(roleIs('player'), { timeout: 30_000 });

    await gm.page.evaluate((id) => window.__meshtable?.campaign?.session.kick(id), kimId);

    // The GM's device reopens the table in its new room, from the copy the kick carried over,
    // and runs it there; its invite now carries the new epoch.
    await waitForEpoch(gm.page, 1);
    await gm.page.waitForSelector('[data-testid=campaign][data-validating=true]', {
      timeout: 30_000,
    });
    expect(await gm.page.getAttribute('[data-testid=invite-link]', 'data-link')).toContain(
      'epoch=1',
    );
    // Pat opens the key sealed to them and follows, still a player.
    await waitForEpoch(pat.page, 1);
    await pat.page.waitForSelector(roleIs('player'), { timeout: 30_000 });
    // Kim stays behind in the old room and is told.
    await kim.page.waitForSelector(roleIs('kicked'), { timeout: 30_000 });
    expect(await kim.page.textContent('[data-testid=role-note]')).toContain('removed you');
    expect(await roleOf(kim.page)).toBe('kicked');
    await kim.page.screenshot({ path: `${SCREENSHOT_DIR}campaign-8-kicked.png`, fullPage: true });

    // The table works in the new room: the GM's validator rules on Pat's move there.
    expect(
      await writeRecordsAsGm(gm.page, {
        scenes: [
          {
            id: 'hall',
            name: 'Hall',
            order: 0,
            width: 700,
            height: 700,
            background: null,
            grid: {
              type: 'square',
              size: 70,
              offsetX: 0,
              offsetY: 0,
              color: '#000000',
              distance: 5,
              units: 'ft',
            },
          },
        ],
        tokens: [
          {
            id: 'pat-pawn',
            sceneId: 'hall',
            actorId: null,
            name: 'Pawn',
            image: null,
            x: 0,
            y: 0,
            size: 1,
            rotation: 0,
            bars: [],
            conditions: [],
            owners: [patId],
          },
        ],
      }),
    ).toBe(true);
    await waitForToken(pat.page, 'pat-pawn');
    expect(await moveToken(pat.page, 'pat-pawn', 70, 0)).toMatchObject({ status: 'applied' });
  });
});
