/**
 * The table's chat, end to end (issue 8, "Chat"): a GM (Gemma) and two players (Ann, and Bob,
 * whose display name is itself an XSS payload), each in their own browser context, on the built
 * app served by a real relay, with the srd5e game system.
 *
 * Ann's message and Bob's emote reach every screen. Ann whispers to the GM: Gemma reads it, Bob's
 * screen does not show it, and its words are nowhere in Bob's copy of the table doc (only the
 * envelope sealed to Ann and Gemma is). `/r 2d6+1` shows a roll card, verified from the GM's
 * signed receipt and the revealed seed, with both dice, on all three screens. Speaking as her
 * character, Ann runs srd5e's `/check athletics`: the module's command asks for a check, and the
 * card shows the module's message and its verified d20. An unknown command and a bad notation
 * get a local error and post nothing; `/help` lists the module's commands. A `/gmroll` is seen
 * by Ann and the GM, not by Bob. Finally, HTML and script payloads in chat text (and Bob's name,
 * shown all along) run nothing: no window flag is set, no dialog opens, no CSP violation.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import {
  type CampaignTable,
  closeCampaignTable,
  openCampaignTable,
  tableDocText,
  writeRecordsAsGm,
} from '../support/campaignPage';
import { waitOn } from '../support/pageWaits';
import { XSS_NAME, XSS_PAYLOADS, xssTrouble } from '../support/xssPayloads';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** Bob's display name: shown as text, it must never become an element. */
const BOB_NAME = XSS_NAME;
const WHISPER = 'The key is under the third flagstone';
/** Said after the payloads: once it shows, every payload has arrived. */
const PAYLOADS_SENT = 'That was every payload.';

/** Types a line in the chat composer and presses Enter. */
async function say(page: Page, line: string): Promise<void> {
  await page.fill('[data-testid=chat-input]', line);
  await page.press('[data-testid=chat-input]', 'Enter');
}

/** The chat entries' texts as the page shows them. */
async function entryTexts(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=chat-entry]', (entries) =>
    entries.map((entry) => entry.textContent ?? ''),
  );
}

/** Waits until an entry on the page shows `text`. */
async function waitForEntry(page: Page, text: string, who: string): Promise<void> {
  await waitOn(
    page,
    `${who}: a chat entry with "${text}"`,
    (wanted) =>
      [...document.querySelectorAll('[data-testid=chat-entry]')].some((entry) =>
        entry.textContent?.includes(wanted),
      ),
    text,
  );
}

/** How many posts the page's table doc holds in `userId`'s log. */
async function postCount(page: Page, userId: string): Promise<number> {
  return page.evaluate(
    (id) => window.__meshtable?.campaign?.table.getArray(`posts/${id}`).length ?? -1,
    userId,
  );
}

/** The last roll card on the page, once it is verified: its dice and total. */
async function lastVerifiedCard(page: Page, who: string, count: number) {
  await waitOn(
    page,
    `${who}: ${count} verified roll card(s)`,
    (wanted) =>
      document.querySelectorAll('[data-testid=roll-card][data-trust=verified]').length >= wanted,
    count,
  );
  return page.$$eval('[data-testid=roll-card][data-trust=verified]', (cards) => {
    const card = cards.at(-1) as Element;
    return {
      dice: [...card.querySelectorAll('[data-testid=die]')].map((die) => ({
        sides: die.getAttribute('data-sides'),
        value: Number(die.textContent?.replace('!', '')),
        kept: die.getAttribute('data-kept'),
      })),
      total: Number(card.querySelector('[data-testid=roll-total]')?.textContent),
      message: card.querySelector('[data-testid=roll-message]')?.textContent ?? null,
      text: card.textContent ?? '',
    };
  });
}

describe('the table chat: messages, emotes, whispers, roll cards, commands, and no XSS', () => {
  let table: CampaignTable<readonly ['Ann', typeof BOB_NAME]> | undefined;
  let gm: Page;
  let ann: Page;
  let bob: Page;
  let annId: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Chat night', system: 'srd5e' },
      ['Ann', BOB_NAME] as const,
    );
    gm = table.gm.page;
    ann = table.players[0].peer.page;
    bob = table.players[1].peer.page;
    annId = table.players[0].userId;
    for (const page of [gm, ann, bob]) {
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.waitForSelector('[data-testid=chat-panel][open] [data-testid=chat-input]');
    }
  });

  afterAll(async () => {
    await closeCampaignTable(table);
  });

  it('shows a message and an emote to everyone, the name as text', async () => {
    await say(ann, 'Hello **table**!');
    await say(bob, '/me draws a dagger');
    for (const [page, who] of [
      [gm, 'GM'],
      [ann, 'Ann'],
      [bob, 'Bob'],
    ] as const) {
      await waitForEntry(page, 'Hello table!', who);
      await waitForEntry(page, 'draws a dagger', who);
      const strong = await page.$eval(
        '[data-testid=chat-entry][data-kind=message] strong',
        (element) => element.textContent,
      );
      expect(strong).toBe('table');
      const emote = (await entryTexts(page)).find((text) => text.includes('draws a dagger'));
      // Bob's name, tags and all, is shown as the text it is.
      expect(emote).toContain(BOB_NAME);
    }
  });

  it('whispers from Ann to the GM: the GM reads it, Bob neither sees it nor holds its words', async () => {
    const before = await postCount(bob, annId);
    await say(ann, `/w Gemma ${WHISPER}`);
    await waitForEntry(gm, WHISPER, 'GM');
    await waitForEntry(ann, WHISPER, 'Ann');
    const gmWhisper = await gm.$eval(
      '[data-testid=chat-entry][data-whisper=true] [data-testid=chat-whisper-to]',
      (element) => element.textContent,
    );
    expect(gmWhisper).toContain('whispers to Gemma');
    // Bob's doc has the whisper's post (sealed), yet his screen shows nothing of it.
    await waitOn(
      bob,
      "Bob's doc: Ann's whisper post",
      ({ id, count }) =>
        (window.__meshtable?.campaign?.table.getArray(`posts/${id}`).length ?? 0) > count,
      { id: annId, count: before },
    );
    expect((await entryTexts(bob)).join('\n')).not.toContain('flagstone');
    expect(await bob.$$('[data-testid=chat-entry][data-whisper=true]')).toHaveLength(0);
    const bobsDoc = await tableDocText(bob);
    expect(bobsDoc).not.toContain('flagstone');
    const stored = await bob.evaluate(
      (id) => window.__meshtable?.campaign?.table.getArray(`posts/${id}`).toJSON().at(-1),
      annId,
    );
    expect(stored).toMatchObject({ text: '', whisperTo: [table?.gmId], sealed: { v: 1 } });
  });

  it('rolls /r 2d6+1: a verified card with both dice on all three screens', async () => {
    await say(ann, '/r 2d6+1 Damage');
    const cards = [];
    for (const [page, who] of [
      [gm, 'GM'],
      [ann, 'Ann'],
      [bob, 'Bob'],
    ] as const) {
      const card = await lastVerifiedCard(page, who, 1);
      expect(card.dice).toHaveLength(2);
      for (const die of card.dice) {
        expect(die.sides).toBe('6');
        expect(die.kept).toBe('true');
        expect(die.value).toBeGreaterThanOrEqual(1);
        expect(die.value).toBeLessThanOrEqual(6);
      }
      expect(card.total).toBe(card.dice.reduce((sum, die) => sum + die.value, 0) + 1);
      expect(card.text).toContain('Damage');
      cards.push(card);
    }
    expect(cards[1]).toEqual(cards[0]);
    expect(cards[2]).toEqual(cards[0]);
  });

  it("runs srd5e's /check as Ann's character: the module's message and a verified d20", async () => {
    const wrote = await writeRecordsAsGm(gm, {
      actors: [
        {
          id: 'ana',
          type: 'character',
          name: 'Ana',
          image: null,
          owners: [annId],
          data: {
            classes: [{ name: 'Fighter', level: 3 }],
            abilities: { str: 16, dex: 14, con: 14, int: 10, wis: 12, cha: 8 },
            skills: { athletics: 'proficient' },
            hp: 28,
            tempHp: 0,
            speed: { walk: 30 },
          },
        },
      ],
    });
    expect(wrote).toBe(true);
    await ann.waitForSelector('[data-testid=chat-speak-as] option[value=ana]', {
      state: 'attached',
    });
    await ann.selectOption('[data-testid=chat-speak-as]', 'ana');
    await say(ann, '/check athletics');
    for (const [page, who] of [
      [ann, 'Ann'],
      [gm, 'GM'],
    ] as const) {
      const card = await lastVerifiedCard(page, who, 2);
      expect(card.message).toContain('Ana makes an Athletics check');
      expect(card.dice.length).toBeGreaterThanOrEqual(1);
      expect(card.dice.every((die) => die.sides === '20')).toBe(true);
    }
  });

  it('keeps an unknown command or a bad notation local, with its reason, and lists commands', async () => {
    const before = await postCount(ann, annId);
    await say(ann, '/fireball the orcs');
    expect(await ann.textContent('[data-testid=chat-error]')).toBe(
      'There is no /fireball command here. Type /help for the commands.',
    );
    await say(ann, '/r 2d6+');
    expect(await ann.textContent('[data-testid=chat-error]')).toMatch(
      /^"2d6\+" is not a dice notation/,
    );
    // The line stays, to be fixed.
    expect(await ann.inputValue('[data-testid=chat-input]')).toBe('/r 2d6+');
    await say(ann, '/help');
    const help = await ann.textContent('[data-testid=chat-help]');
    expect(help).toContain('/gmroll');
    expect(help).toContain('/check');
    expect(await postCount(ann, annId)).toBe(before);
    expect(await gm.$$('[data-testid=chat-help]')).toHaveLength(0);
  });

  it('shows a /gmroll to Ann and the GM only', async () => {
    await say(ann, '/gmroll 1d20 Insight');
    await waitForEntry(gm, 'Insight', 'GM');
    await waitForEntry(ann, 'Insight', 'Ann');
    await waitOn(
      bob,
      "Bob's doc: Ann's gmroll post",
      (id) =>
        window.__meshtable?.campaign?.table
          .getArray(`posts/${id}`)
          .toJSON()
          .some(
            (post: { kind?: string; whisperTo?: unknown }) =>
              post.kind === 'roll' && post.whisperTo !== undefined,
          ),
      annId,
    );
    expect((await entryTexts(bob)).join('\n')).not.toContain('Insight');
  });

  it('runs none of the XSS payloads, in text or name, on any screen', async () => {
    for (const payload of XSS_PAYLOADS) await say(ann, payload);
    await say(ann, PAYLOADS_SENT);
    for (const [page, who] of [
      [gm, 'GM'],
      [ann, 'Ann'],
      [bob, 'Bob'],
    ] as const) {
      await waitForEntry(page, PAYLOADS_SENT, who);
      expect(await xssTrouble(page)).toEqual({ flag: null, live: [] });
      // Click every link the chat shows: none may run script.
      for (const link of await page.$$('[data-testid=chat-log] a')) {
        const href = await link.getAttribute('href');
        expect(href ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
      const found = await page.evaluate(() => {
        const log = document.querySelector('[data-testid=chat-log]');
        return {
          pwned: (window as { __pwned?: unknown }).__pwned ?? null,
          elements: log?.querySelectorAll('script, iframe, svg, img, [onerror], [onload]').length,
        };
      });
      expect(found).toEqual({ pwned: null, elements: 0 });
      const texts = (await entryTexts(page)).join('\n');
      expect(texts).toContain('<script>window.__pwned = "script"</script>');
      expect(texts).toContain(BOB_NAME);
    }
    expect(dialogs).toEqual([]);
  });

  it('passes axe’s WCAG 2 A and AA checks, roll cards and whispers included', async () => {
    expect(await axeViolations(gm, '[data-testid=chat-panel]')).toEqual([]);
    expect(await axeViolations(ann, '[data-testid=chat-panel]')).toEqual([]);
  });

  it('looks right: a screenshot of the chat panel', async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await say(bob, 'Ready when you are. [rules](https://example.org/srd) `1d20`');
    await waitForEntry(gm, 'Ready when you are', 'GM');
    // The log follows new lines: its newest is in view at the bottom.
    await waitOn(
      gm,
      "GM's chat log scrolled to its newest line",
      () => {
        const log = document.querySelector('[data-testid=chat-log]') as HTMLElement;
        return (
          log.scrollHeight > log.clientHeight &&
          log.scrollHeight - log.scrollTop - log.clientHeight < 2
        );
      },
      null,
    );
    const panel = await gm.$('[data-testid=chat-panel]');
    await panel?.screenshot({ path: `${SCREENSHOT_DIR}chat-gm.png` });
    await gm.screenshot({ path: `${SCREENSHOT_DIR}chat-gm-screen.png` });
    // Element screenshots scroll the log up to each card: taken last.
    const cards = await gm.$$('[data-testid=chat-entry]:has([data-testid=roll-card])');
    for (const [index, card] of cards.entries()) {
      await card.screenshot({ path: `${SCREENSHOT_DIR}chat-roll-card-${index + 1}.png` });
    }
    expect(cards.length).toBe(3);
    await bob.setViewportSize({ width: 390, height: 800 });
    const bobPanel = await bob.$('[data-testid=chat-panel]');
    await bobPanel?.screenshot({ path: `${SCREENSHOT_DIR}chat-bob-phone.png` });
    expect(panel).not.toBeNull();
  });
});
