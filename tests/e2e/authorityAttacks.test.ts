/**
 * A modified player client, end to end (issue 13): Mal's page runs code injected with
 * page.evaluate on the live table doc (window.__meshtable), the way a player who edits the app
 * in the devtools would. A GM (Gemma) and an honest player (Vic) each have their own browser
 * context, on the built app served by a real relay, with the template game system.
 *
 * Mal writes what only the validating GM writes (a token, a scene, meta, his member record, a
 * receipt, combat, the ambient audio), forges intents (a bad signature, an entry in another's
 * log, a replay of an answered one), deletes Vic's post and forges posts in Vic's name, and asks
 * the relay for the gm room with the table's token. Each is undone on every screen, or never
 * takes effect, or is refused with 4401; and the GM's table screen lists what was undone and
 * which entries could not be answered (docs/security.md).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseInviteLink } from '@meshtable/campaign';
import { gmRoomName, RelayCloseCode, type Scene, type Token } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import {
  type CampaignTable,
  closeCampaignTable,
  moveToken,
  openCampaignTable,
} from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { say, waitForChat, waitInPage as waitOn } from '../support/offlineTable';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;
const SCENE: Scene = squareScene('s-hall', 'The great hall', 10, 8, CELL);

function token(id: string, name: string, col: number, owners: string[]): Token {
  return {
    ...{ id, sceneId: SCENE.id, actorId: null, name, image: null },
    ...{ x: col * CELL, y: 2 * CELL, size: 1, rotation: 0, bars: [], conditions: [], owners },
  };
}

async function chatText(page: Page): Promise<string> {
  return page.$$eval('[data-testid=chat-entry]', (entries) =>
    entries.map((entry) => entry.textContent ?? '').join('\n'),
  );
}

/** Waits until the GM's table screen lists a problem containing `text`. */
async function gmIsTold(gmPage: Page, text: string): Promise<void> {
  await waitOn(
    gmPage,
    `the GM is told: ${text}`,
    (wanted) =>
      [...document.querySelectorAll('[data-testid=campaign-problems] li')].some((item) =>
        item.textContent?.includes(wanted),
      ),
    text,
  );
}

/** A record of the page's table doc as JSON (undefined when absent). */
async function recordOn(page: Page, map: string, key: string): Promise<unknown> {
  return page.evaluate(
    ({ map, key }) => {
      const value = window.__meshtable?.campaign?.table.getMap(map).get(key) as
        | { toJSON?: () => unknown }
        | undefined;
      return value !== null && typeof value?.toJSON === 'function' ? value.toJSON() : value;
    },
    { map, key },
  );
}

describe('a modified player client against the table', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let mal: BrowserPeer;
  let vic: BrowserPeer;
  let malId: string;
  let vicId: string;
  const everyone = () => [gm, mal, vic];
  /** The id of Mal's move that the GM answered, and what the records were before the attacks. */
  let answeredId: string;
  const before: Record<string, unknown> = {};

  beforeAll(async () => {
    const opened = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Hall of Mirrors', system: 'template' },
      ['Mal', 'Vic'],
    );
    table = opened;
    gm = opened.gm;
    ({ peer: mal, userId: malId } = opened.players[0]);
    ({ peer: vic, userId: vicId } = opened.players[1]);
    await showSceneAsGm(
      gm.page,
      SCENE,
      {
        tokens: [
          token('t-mal', 'Mal’s rogue', 2, [malId]),
          token('t-vic', 'Vic’s knight', 5, [vicId]),
        ],
      },
      everyone().map((peer) => peer.page),
    );
    // An honest move and an honest post, for Mal to replay and Vic to lose.
    const move = await moveToken(mal.page, 't-mal', 3 * CELL, 2 * CELL);
    expect(move.status).toBe('applied');
    answeredId = await mal.page.evaluate((malId) => {
      const log = window.__meshtable?.campaign?.table.getArray(`intents/${malId}`);
      const moves = (log?.toJSON() ?? []).filter((entry) => entry.kind === 'token.move');
      return String(moves.at(-1)?.id ?? '');
    }, malId);
    expect(answeredId).toMatch(new RegExp(`^${malId}\\.`));
    await say(vic.page, 'Vic says hello');
    for (const peer of everyone()) await waitForChat(peer.page, 'everyone', 'Vic says hello');
    for (const [map, key] of [
      ['tokens', 't-vic'],
      ['scenes', SCENE.id],
      ['meta', 'campaign'],
      ['members', malId],
      ['receipts', answeredId],
    ] as const) {
      before[`${map}/${key}`] = await recordOn(gm.page, map, key);
    }
  }, 300_000);

  afterAll(() => closeCampaignTable(table));

  it('undoes his direct writes to GM records on every screen, and tells the GM', async () => {
    await mal.page.evaluate(
      ({ malId, answeredId }) => {
        const hook = window.__meshtable?.campaign;
        if (hook === undefined) throw new Error('no campaign on this page');
        const { table, toYValue } = hook;
        /** Writes the record again with `patch` over it, as a modified client would. */
        const rewrite = (map: string, key: string, patch: object) => {
          const stored = table.getMap(map).get(key) as { toJSON?: () => object } | object;
          const json =
            'toJSON' in stored && typeof stored.toJSON === 'function' ? stored.toJSON() : stored;
          table.getMap(map).set(key, toYValue({ ...json, ...patch } as never));
        };
        // One transaction each, as separate attacks would come.
        const attacks: (() => void)[] = [
          () => rewrite('tokens', 't-vic', { x: 9_999, owners: [malId] }),
          () => rewrite('scenes', 's-hall', { name: 'Mal’s hall' }),
          () => rewrite('meta', 'campaign', { name: 'Mal rules' }),
          () => rewrite('members', malId, { role: 'gm' }),
          () => table.getMap('receipts').delete(answeredId),
          () =>
            table
              .getMap('combat')
              .set('evil', toYValue({ round: 99, turn: 0, order: [] } as never)),
          () =>
            table
              .getMap('audio')
              .set('ambient', toYValue({ track: 'mal.ogg', playing: true } as never)),
        ];
        for (const attack of attacks) table.transact(attack);
      },
      { malId, answeredId },
    );
    for (const where of [
      'tokens/t-vic',
      `scenes/${SCENE.id}`,
      'meta/campaign',
      `members/${malId}`,
    ]) {
      await gmIsTold(gm.page, `Undid a change to ${where} (changed)`);
    }
    await gmIsTold(gm.page, `Undid a change to receipts/${answeredId} (deleted)`);
    await gmIsTold(gm.page, 'Undid a change to combat/evil (added)');
    await gmIsTold(gm.page, 'Undid a change to audio/ambient (added)');

    // Every copy, Mal's own included, is back to what the GM wrote.
    for (const peer of everyone()) {
      await waitOn(
        peer.page,
        'the records as the GM wrote them',
        ({ before }) => {
          const table = window.__meshtable?.campaign?.table;
          if (table === undefined) return false;
          // Keys sorted: a repaired record may list its fields in another order.
          const stable = (value: unknown): string =>
            JSON.stringify(value, (_key, inner: unknown) =>
              inner !== null && typeof inner === 'object' && !Array.isArray(inner)
                ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
                : inner,
            );
          const json = (map: string, key: string) => {
            const value = table.getMap(map).get(key) as { toJSON?: () => unknown } | undefined;
            return stable(typeof value?.toJSON === 'function' ? value.toJSON() : value);
          };
          return (
            Object.entries(before).every(([where, value]) => {
              const [map = '', key = ''] = where.split('/');
              return json(map, key) === stable(value);
            }) &&
            !table.getMap('combat').has('evil') &&
            !table.getMap('audio').has('ambient')
          );
        },
        { before },
      );
    }
    expect(await recordOn(vic.page, 'tokens', 't-vic')).toMatchObject({ x: 5 * CELL });
    expect(await mal.page.getAttribute('[data-testid=campaign-role]', 'data-role')).toBe('player');
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await gm.page.screenshot({ path: `${SCREENSHOT_DIR}authority-gm-report.png` });
    // Only the GM is told: the audit runs on the validating GM's device alone.
    expect(await vic.page.$('[data-testid=campaign-problems]')).toBeNull();
  });

  it('gives forged, misplaced and replayed intents no effect, and tells the GM', async () => {
    // The GM puts Mal's token back; a replay of his answered move must not move it again.
    await gm.page.evaluate(() =>
      window.__meshtable?.campaign?.writeAsGm((table) =>
        (table.getMap('tokens').get('t-mal') as { set(k: string, v: unknown): void }).set('x', 140),
      ),
    );
    for (const peer of everyone()) {
      await waitOn(
        peer.page,
        'Mal’s token back at 140',
        () => {
          const stored = window.__meshtable?.campaign?.table.getMap('tokens').get('t-mal') as
            | { get(k: string): unknown }
            | undefined;
          return stored?.get('x') === 140;
        },
        null,
      );
    }
    const forged = await mal.page.evaluate(
      ({ malId, vicId, answeredId }) => {
        const table = window.__meshtable?.campaign?.table;
        if (table === undefined) throw new Error('no campaign on this page');
        const own = table.getArray(`intents/${malId}`);
        const entry = (own.toJSON() as Record<string, unknown>[]).find((e) => e.id === answeredId);
        if (entry === undefined) throw new Error(`no ${answeredId} in Mal's log`);
        // Far past his client's next seq, so that his next honest intent cannot take this id.
        const seq = own.length + 1000;
        // 1. His next entry, moving Vic's token, under the signature of his answered one.
        const badSignature = {
          ...entry,
          id: `${malId}.${seq}`,
          seq,
          payload: { tokenId: 't-vic', x: 0, y: 0 },
        };
        table.transact(() => own.push([badSignature]));
        // 2. His answered entry, signed by him, put in Vic's log.
        const vicLog = table.getArray(`intents/${vicId}`);
        const misplacedAt = vicLog.length;
        table.transact(() => vicLog.push([entry]));
        // 3. The answered entry again, as it was: a replay.
        table.transact(() => own.push([entry]));
        return { badId: badSignature.id, replayedId: String(entry.id), misplacedAt };
      },
      { malId, vicId, answeredId },
    );
    await gmIsTold(gm.page, `${forged.badId} in intents/${malId}: it does not verify`);
    await gmIsTold(gm.page, `intents/${vicId}[${forged.misplacedAt}] has no id of its author's`);
    // Mal's next honest move is answered after all of those (one log, in order).
    expect((await moveToken(mal.page, 't-mal', 4 * CELL, 2 * CELL)).status).toBe('applied');
    for (const peer of everyone()) {
      const receipts = await peer.page.evaluate(() => [
        ...(window.__meshtable?.campaign?.table.getMap('receipts').keys() ?? []),
      ]);
      expect(receipts).not.toContain(forged.badId);
      expect(receipts.filter((id) => id === forged.replayedId)).toHaveLength(1);
      expect(await recordOn(peer.page, 'tokens', 't-vic')).toMatchObject({
        x: 5 * CELL,
        y: 2 * CELL,
      });
      expect(await recordOn(peer.page, 'tokens', 't-mal')).toMatchObject({ x: 4 * CELL });
    }
  });

  it('puts back the post he deleted, and shows none he forged in Vic’s name', async () => {
    await mal.page.evaluate(
      ({ malId, vicId }) => {
        const table = window.__meshtable?.campaign?.table;
        if (table === undefined) throw new Error('no campaign on this page');
        const vicLog = table.getArray(`posts/${vicId}`);
        const post = (fields: Record<string, unknown>) => ({
          id: `forged-${String(fields.text).length}`,
          author: vicId,
          at: Date.now(),
          kind: 'message',
          ...fields,
        });
        table.transact(() => vicLog.delete(0, 1));
        // A signature that is not Vic's, in Vic's log and in Mal's own.
        const sig = `${'A'.repeat(85)}A`;
        table.transact(() => vicLog.push([post({ text: 'Vic: I give my gold to Mal', sig })]));
        table.transact(() =>
          table.getArray(`posts/${malId}`).push([post({ text: 'Vic: Mal is the GM now', sig })]),
        );
        // No signature at all: shown, marked unsigned (posts from before posts were signed).
        table.transact(() => vicLog.push([post({ text: 'Vic, unsigned: trust Mal' })]));
      },
      { malId, vicId },
    );
    // Mal's honest post comes after the forgeries: once a screen shows it, it has them all.
    await say(mal.page, 'Mal says hi');
    await gmIsTold(gm.page, `Undid a change to posts/${vicId} (deleted)`);
    for (const peer of everyone()) {
      await waitForChat(peer.page, 'everyone', 'Mal says hi');
      await waitForChat(peer.page, 'everyone (the deleted post is back)', 'Vic says hello');
      await waitForChat(peer.page, 'everyone', 'Vic, unsigned: trust Mal');
      const text = await chatText(peer.page);
      expect(text).not.toContain('I give my gold to Mal');
      expect(text).not.toContain('Mal is the GM now');
      const unsigned = await peer.page.$$eval('[data-testid=chat-entry]', (entries) =>
        entries
          .filter((entry) => entry.textContent?.includes('trust Mal'))
          .map((entry) => entry.querySelector('.mt-chat-unsigned')?.textContent?.trim() ?? ''),
      );
      expect(unsigned).toEqual(['· unsigned']);
    }
  });

  it('is refused the gm room by the relay, with 4401, and holds no gm doc', async () => {
    const invite = parseInviteLink(table?.invite);
    if (!invite.ok) throw new Error(invite.message);
    const tableToken = deriveRelayToken(invite.invite.tableKey);
    const room = gmRoomName(invite.invite.campaignId);
    const codes = await mal.page.evaluate(
      async ({ room, tableToken }) => {
        const base = `${location.origin.replace(/^http/, 'ws')}/sync/${encodeURIComponent(room)}`;
        const closeCode = (url: string) =>
          new Promise<{ code: number; messages: number }>((resolve) => {
            let messages = 0;
            const socket = new WebSocket(url);
            socket.onmessage = () => {
              messages++;
            };
            socket.onclose = (event) => resolve({ code: event.code, messages });
          });
        return [
          await closeCode(`${base}?token=${tableToken}`),
          await closeCode(base),
          await closeCode(`${base}?token=${'0'.repeat(64)}`),
        ];
      },
      { room, tableToken },
    );
    expect(codes).toEqual([
      { code: RelayCloseCode.unauthorized, messages: 0 },
      { code: RelayCloseCode.unauthorized, messages: 0 },
      { code: RelayCloseCode.unauthorized, messages: 0 },
    ]);
    expect(await mal.page.evaluate(() => window.__meshtable?.campaign?.gm ?? null)).toBeNull();
  });
});
