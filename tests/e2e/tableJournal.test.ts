/**
 * Issue 8's journal and audio, end to end: a GM and two players, each in their own browser
 * context, on the built app served by a real relay, through the panels of the campaign screen.
 *
 * The GM (Gemma) runs an srd5e campaign with Ann and Bob. She writes a journal page for Ann
 * only: Ann reads it; Bob's journal does not list it, and its words are nowhere in Bob's copy of
 * the table doc (it reaches him sealed to Ann). A page for everyone, with a picture from the
 * library and an XSS payload, reaches both: the picture shows, the payload is text, never run. Both players search the srd5e rules reference and
 * open the page a result names. Then the GM uploads a WAV and plays it: both players' audio
 * elements play that track near the position the shared record says; a pause follows; Bob
 * mutes on his device and Ann still hears, and Bob's mute outlives a reload.
 *
 * Chromium runs as every other e2e test does (no autoplay flag): it lets the players' pages
 * start sound. A last player, Cai, joins from a Chromium launched with
 * `--autoplay-policy=user-gesture-required` (as phones behave): in a new tab her page is
 * refused sound until she clicks "Enable sound", and then plays at the shared position.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, uploadOutcome } from '../support/assetLibraryPage';
import { sampleWav, sha256Hex } from '../support/assetSamples';
import { pickImage } from '../support/boardFilesPage';
import { sampleMapPng } from '../support/boardSamples';
import {
  type CampaignTable,
  closeCampaignTable,
  joinAndAdmit,
  openPartyTable,
  tableDocText,
} from '../support/campaignPage';
import {
  type BrowserPeer,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  expectNoPageTrouble,
  openPeer,
  pageTrouble,
} from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** What Chromium prints for the `HEAD` that finds a file to upload new on the relay. */
const UPLOAD_PROBE_404 = /^Failed to load resource: the server responded with a status of 404/;

/** Words of the page for Ann only: they must never reach Bob. */
const ANN_SECRET = 'The red door opens at moonrise';
/** Markup that would run if a page were drawn as HTML, and a link that would run script. */
const XSS_BODY = [
  'Welcome to the **Sunken Library**.',
  '',
  '<img src=x onerror="window.__journalXss = 1">',
  '',
  '<script>window.__journalXss = 2</script>',
  '',
  '[Open the vault](javascript:window.__journalXss=3)',
].join('\n');

/** The notice's picture: a small map image. */
const NOTICE_PNG = sampleMapPng(4, 3);
const NOTICE_SHA = sha256Hex(NOTICE_PNG);
/** 40 s of 8 kHz mono noise: long enough to be playing while the test looks. */
const TRACK = sampleWav(8000 * 40, 7);
const TRACK_SHA = sha256Hex(TRACK);
/** How far (s) a player may be from the shared position when the test reads it. */
const NEAR_SECONDS = 1;

/** The ambient `<audio>` element of a page, and where the shared record says it should be. */
interface AudioReading {
  readonly track: string;
  readonly paused: boolean;
  readonly muted: boolean;
  readonly volume: number;
  readonly currentTime: number;
  /** The record's position at the moment of reading, from its anchor, on this page's clock. */
  readonly expected: number | null;
}

function readAudio(page: Page): Promise<AudioReading> {
  return page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]');
    if (audio === null) throw new Error('no ambient audio element');
    const stored = window.__meshtable?.campaign?.table.getMap('audio').get('ambient') as
      | { playing: boolean; startedAt: number; offset: number }
      | undefined;
    const expected =
      stored === undefined
        ? null
        : stored.offset + (stored.playing ? (Date.now() - stored.startedAt) / 1000 : 0);
    return {
      track: audio.dataset.track ?? '',
      paused: audio.paused,
      muted: audio.muted,
      volume: audio.volume,
      currentTime: audio.currentTime,
      expected,
    };
  });
}

describe('journal, rules reference and ambient audio at a table of a GM and two players', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let ann: BrowserPeer;
  let bob: BrowserPeer;
  let annId: string;
  let annPageId: string;

  const shot = (peer: BrowserPeer, name: string, selector = '.mt-board-dock') =>
    peer.page.locator(selector).screenshot({ path: `${SCREENSHOT_DIR}journal-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    ({ table, gm, ann, annId, bob } = await openPartyTable('The Sunken Library', 'srd5e'));
  }, 240_000);

  afterAll(() => closeCampaignTable(table, UPLOAD_PROBE_404));

  it('shares a page with Ann alone: she reads it, and Bob’s table doc never holds its words', async () => {
    const page = gm.page;
    await page.click('[data-testid=journal-new]');
    await page.fill('[data-testid=journal-title]', 'Ann’s dream');
    await page.fill(
      '[data-testid=journal-body]',
      `You dream of a **red door**.\n\n${ANN_SECRET}, says the voice.`,
    );
    await page.check('[data-testid=journal-share-some]');
    await page.check(`[data-testid=journal-reader][data-user-id="${annId}"]`);
    await page.click('[data-testid=journal-preview-toggle]');
    // The preview is the page as its readers will see it: markdown drawn, not shown as source.
    expect(await page.textContent('[data-testid=journal-preview] strong')).toBe('red door');
    await shot(gm, 'gm-editor', '[data-testid=journal-panel]');
    await page.click('[data-testid=journal-save]');
    await page.waitForSelector('[data-testid=journal-page]');
    annPageId = (await page.getAttribute('[data-testid=journal-page]', 'data-page-id')) ?? '';
    expect(annPageId).not.toBe('');
    expect(await page.textContent('[data-testid=journal-page-sharing]')).toContain('Ann only');

    const link = `[data-testid=journal-link][data-page-id="${annPageId}"]`;
    await ann.page.click(link, { timeout: 30_000 });
    await waitOn(
      ann.page,
      'Ann reading the page sealed to her',
      (secret) =>
        document.querySelector('[data-testid=journal-page]')?.textContent?.includes(secret),
      ANN_SECRET,
    );
    expect(await ann.page.textContent('[data-testid=journal-page] strong')).toBe('red door');
    await shot(ann, 'ann-sealed-page', '[data-testid=journal-panel]');

    // Bob holds the sealed envelope (the table doc is one doc for everyone)…
    await waitOn(
      bob.page,
      'the sealed page reaching Bob’s table doc',
      (id) => window.__meshtable?.campaign?.table.getMap('sealedHandouts').has(id) === true,
      annPageId,
    );
    // …but not a word of the page, and his journal lists nothing.
    const bobDoc = await tableDocText(bob.page);
    expect(bobDoc).toContain(annPageId);
    expect(bobDoc).not.toContain('moonrise');
    expect(bobDoc).not.toContain('red door');
    expect(bobDoc).not.toContain('Ann’s dream');
    expect(await bob.page.$(link)).toBeNull();
    await bob.page.waitForSelector('[data-testid=journal-empty]');
    await shot(bob, 'bob-nothing-shared', '[data-testid=journal-panel]');
  });

  it('shares a page with everyone, and its markup never runs', async () => {
    const page = gm.page;
    await page.click('[data-testid=journal-back]');
    await page.click('[data-testid=journal-new]');
    await page.fill('[data-testid=journal-title]', 'Notice board');
    await page.fill('[data-testid=journal-body]', XSS_BODY);
    await page.check('[data-testid=journal-share-all]');
    // With a picture from the library, uploaded from the picker's own library.
    await pickImage(page, 'journal-image', NOTICE_SHA, {
      upload: { name: 'Notice.png', buffer: NOTICE_PNG },
    });
    await page.click('[data-testid=journal-save]');
    await page.waitForSelector('[data-testid=journal-page-sharing]');
    const pageId = await page.getAttribute('[data-testid=journal-page]', 'data-page-id');
    // Ann is still reading her own page.
    await ann.page.click('[data-testid=journal-back]');
    for (const peer of [ann, bob]) {
      await peer.page.click(`[data-testid=journal-link][data-page-id="${pageId}"]`, {
        timeout: 30_000,
      });
      await peer.page.waitForSelector(`[data-testid=journal-page][data-page-id="${pageId}"]`);
      const shown = await peer.page.evaluate(() => {
        const article = document.querySelector('[data-testid=journal-page]');
        return {
          text: article?.textContent ?? '',
          images: article?.querySelectorAll('.mt-journal-body img').length ?? -1,
          scripts: article?.querySelectorAll('script').length ?? -1,
          scriptLinks: article?.querySelectorAll('a[href^="javascript" i]').length ?? -1,
          links: article?.querySelectorAll('a').length ?? -1,
          bold: article?.querySelector('strong')?.textContent ?? '',
        };
      });
      expect(shown.bold).toBe('Sunken Library');
      // The page's picture, fetched from the relay by its hash.
      await waitOn(
        peer.page,
        'the notice’s picture loaded',
        (sha) => {
          const image = document.querySelector<HTMLImageElement>(
            '[data-testid=journal-page] .mt-journal-image',
          );
          return image?.src.endsWith(`/assets/${sha}`) === true && image.naturalWidth > 0;
        },
        NOTICE_SHA,
      );
      // Raw HTML stays visible text; nothing of it becomes an element.
      expect(shown.text).toContain('<script>window.__journalXss = 2</script>');
      expect(shown.text).toContain('<img src=x onerror=');
      expect(shown).toMatchObject({ images: 0, scripts: 0, scriptLinks: 0, links: 0 });
      // The link's words stay, without the script; following them does nothing.
      await peer.page.click('[data-testid=journal-page] >> text=Open the vault');
      expect(
        await peer.page.evaluate(() => (window as { __journalXss?: unknown }).__journalXss),
      ).toBe(undefined);
    }
    await shot(bob, 'bob-page-for-everyone', '[data-testid=journal-panel]');
    // Bob's journal lists the page for everyone, and still not Ann's.
    await bob.page.click('[data-testid=journal-back]');
    expect(
      await bob.page.$$eval('[data-testid=journal-link]', (links) =>
        links.map((link) => link.getAttribute('data-page-id')),
      ),
    ).toEqual([pageId]);
  });

  it('searches the srd5e rules reference and opens the page a result names', async () => {
    for (const peer of [ann, bob]) {
      await peer.page.waitForSelector('[data-testid=reference-page-link]', { timeout: 30_000 });
      const titles = await peer.page.$$eval('[data-testid=reference-page-link]', (links) =>
        links.map((link) => link.textContent),
      );
      expect(titles).toEqual(
        expect.arrayContaining(['Conditions', 'Combat'].map((t) => expect.stringContaining(t))),
      );
      await peer.page.fill('[data-testid=reference-search]', 'blinded');
      const hit = '[data-testid=reference-hit][data-path="reference/conditions.md"]';
      await peer.page.waitForSelector(hit);
      expect(await peer.page.textContent(hit)).toContain('Blinded');
      expect(await peer.page.textContent(`${hit} .mt-reference-snippet`)).toMatch(/cannot see/i);
      await shot(
        peer,
        `reference-results-${peer === ann ? 'ann' : 'bob'}`,
        '[data-testid=reference-panel]',
      );
      await peer.page.click(hit);
      await peer.page.waitForSelector(
        '[data-testid=reference-page][data-path="reference/conditions.md"]',
      );
      expect(await peer.page.textContent('[data-testid=reference-page] h1')).toBe('Conditions');
    }
    // A result deep in a long page opens the page scrolled to its section.
    await ann.page.click('[data-testid=reference-back]');
    await ann.page.fill('[data-testid=reference-search]', 'exhaustion');
    await ann.page.click(
      '[data-testid=reference-hit][data-path="reference/conditions.md"][data-heading=Exhaustion]',
    );
    await ann.page.waitForSelector('[data-testid=reference-page]');
    const place = await ann.page.evaluate(() => {
      const dock = document.querySelector('.mt-board-dock')?.getBoundingClientRect();
      const heading = [...document.querySelectorAll('[data-testid=reference-page] h2')].find(
        (element) => element.textContent === 'Exhaustion',
      );
      return {
        dockTop: dock?.top,
        dockBottom: dock?.bottom,
        top: heading?.getBoundingClientRect().top,
      };
    });
    expect(place.top).toBeGreaterThanOrEqual((place.dockTop ?? 0) - 1);
    expect(place.top).toBeLessThan(place.dockBottom ?? 0);
    // The whole screen: the page is taller than the dock, which scrolls to the section.
    await ann.page.screenshot({ path: `${SCREENSHOT_DIR}journal-reference-page.png` });
    await bob.page.fill('[data-testid=reference-search]', 'zyzzyva');
    expect(await bob.page.textContent('[data-testid=reference-hit-count]')).toContain(
      'No page mentions',
    );
  });

  it('plays the GM’s track on both players’ pages at the shared position; a pause follows', async () => {
    await chooseFiles(gm.page, [{ name: 'Dripping cave.wav', buffer: TRACK }]);
    expect((await uploadOutcome(gm.page, 'Dripping cave.wav')).state).toBe('done');
    await gm.page.selectOption('[data-testid=audio-track]', TRACK_SHA);
    await gm.page.click('[data-testid=audio-play]');
    await gm.page.waitForSelector('[data-testid=audio-now][data-playing=true]');

    // The players clicked in their pages (joining, reading): Chromium lets them start sound.
    for (const peer of [ann, bob]) {
      await peer.page.waitForSelector('[data-testid=audio-now][data-playing=true]', {
        timeout: 30_000,
      });
      await waitOn(
        peer.page,
        'the ambient track playing past its start',
        (sha) => {
          const audio = document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]');
          return audio?.dataset.track === sha && !audio.paused && audio.currentTime > 0.5;
        },
        TRACK_SHA,
      );
    }
    for (const peer of [ann, bob]) {
      const heard = await readAudio(peer.page);
      expect(heard).toMatchObject({ track: TRACK_SHA, paused: false, muted: false });
      expect(Math.abs(heard.currentTime - (heard.expected ?? Number.NaN))).toBeLessThan(
        NEAR_SECONDS,
      );
    }
    // The GM turns the volume down a step (5 %) from the keyboard and loops the track: every
    // player's element follows.
    await gm.page.focus('[data-testid=audio-volume]');
    await gm.page.keyboard.press('ArrowLeft');
    await gm.page.check('[data-testid=audio-loop]');
    for (const peer of [ann, bob]) {
      await waitOn(
        peer.page,
        'the table’s volume at 75 % and the loop on',
        () => {
          const audio = document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]');
          return audio !== null && Math.abs(audio.volume - 0.75) < 1e-6 && audio.loop;
        },
        null,
      );
    }
    await shot(ann, 'audio-playing', '[data-testid=audio-panel]');
    await shot(gm, 'gm-audio-controls', '[data-testid=audio-panel]');

    await gm.page.click('[data-testid=audio-play]');
    await gm.page.waitForSelector('[data-testid=audio-now][data-playing=false]');
    for (const peer of [ann, bob]) {
      await waitOn(
        peer.page,
        'the ambient track paused',
        () => document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]')?.paused,
        null,
      );
      const heard = await readAudio(peer.page);
      expect(Math.abs(heard.currentTime - (heard.expected ?? Number.NaN))).toBeLessThan(
        NEAR_SECONDS,
      );
    }
  });

  it('mutes on Bob’s device only: Ann still hears, and Bob’s mute outlives a reload', async () => {
    await bob.page.check('[data-testid=audio-mute]');
    await gm.page.click('[data-testid=audio-play]');
    for (const peer of [ann, bob]) {
      await waitOn(
        peer.page,
        'the ambient track playing again',
        () =>
          document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]')?.paused === false,
        null,
      );
    }
    expect(await readAudio(bob.page)).toMatchObject({ paused: false, muted: true });
    expect(await readAudio(ann.page)).toMatchObject({ paused: false, muted: false });
    // Nothing about the mute went to the table.
    expect(await tableDocText(ann.page)).not.toContain('muted');
    await shot(bob, 'audio-muted', '[data-testid=audio-panel]');

    await bob.page.reload();
    await bob.page.waitForSelector('[data-testid=audio-now][data-playing=true]', {
      timeout: 30_000,
    });
    expect(await bob.page.isChecked('[data-testid=audio-mute]')).toBe(true);
    expect((await readAudio(bob.page)).muted).toBe(true);
  });

  it('fits the panels on a phone’s width', async () => {
    await ann.page.setViewportSize({ width: 390, height: 844 });
    await ann.page.click('[data-testid=journal-back]');
    await ann.page.click('[data-testid=journal-link]');
    const overflow = await ann.page.evaluate(() =>
      ['journal-panel', 'reference-panel', 'audio-panel'].map((id) => {
        const panel = document.querySelector(`[data-testid=${id}]`);
        return { id, overflows: panel === null ? null : panel.scrollWidth > panel.clientWidth };
      }),
    );
    expect(overflow).toEqual([
      { id: 'journal-panel', overflows: false },
      { id: 'reference-panel', overflows: false },
      { id: 'audio-panel', overflows: false },
    ]);
    await ann.page.screenshot({ path: `${SCREENSHOT_DIR}journal-phone.png` });
  });

  it('asks for a click before it plays sound where the browser wants a gesture first', async () => {
    // The players' pages above could start sound: people had clicked in them (and Playwright's
    // own waits and evaluations count as gestures too). Cai's browser is told to want a gesture
    // on each page whatever its history (as phones do), and she opens the table in a new tab.
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--autoplay-policy=user-gesture-required'],
    });
    try {
      const cai = await openPeer(browser);
      if (table === undefined) throw new Error('no table');
      await joinAndAdmit(gm.page, cai.page, table.invite, 'Cai');
      // A new tab, as Chromium carries a page's activation over a same-origin reload. Nothing
      // of the test may run in it before the player's first attempt (a wait would count as a
      // gesture): the page says on its console when it is refused.
      const campaignUrl = cai.page.url();
      await cai.page.close();
      cai.page = await cai.openTab();
      const refused = cai.page.waitForEvent('console', {
        predicate: (message) =>
          message.text().includes('meshtable audio: the browser blocks sound'),
        timeout: 30_000,
      });
      await cai.page.goto(campaignUrl);
      await refused;
      await cai.page.waitForSelector('[data-testid=enable-sound]');
      expect((await readAudio(cai.page)).paused).toBe(true);
      await shot(cai, 'audio-enable-sound', '[data-testid=audio-panel]');
      await cai.page.click('[data-testid=enable-sound]');
      await waitOn(
        cai.page,
        'the track playing once Cai clicked Enable sound',
        () =>
          document.querySelector<HTMLAudioElement>('[data-testid=ambient-audio]')?.paused === false,
        null,
      );
      await cai.page.waitForSelector('[data-testid=enable-sound]', { state: 'detached' });
      const heard = await readAudio(cai.page);
      expect(heard).toMatchObject({ track: TRACK_SHA, muted: false });
      expect(Math.abs(heard.currentTime - (heard.expected ?? Number.NaN))).toBeLessThan(
        NEAR_SECONDS,
      );
      expectNoPageTrouble(pageTrouble([cai], table.temp.relay.url));
    } finally {
      await browser.close();
    }
  });
});
