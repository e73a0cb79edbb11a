/**
 * Offline scenario 4 (issue 10): a new player arrives while the GM is away, and gets the table
 * from another player.
 *
 * What "joins" means here: joining takes the GM's admission (only the GM's device rules a join
 * request), so with the GM away a newcomer cannot become a player. What they can do is open the
 * invite and ask: their device then holds the whole table doc as it stands, from whoever is
 * there, and their request waits, pending, until the GM is back and admits them. To show that the
 * state comes from a player and not from the relay's copy, the newcomer (Cai) opens the invite
 * with `?sync=webrtc`, the app's switch that turns the relay's `/sync` off for this device
 * (signalling still goes through the relay, as it must for WebRTC to start).
 *
 * The GM (Gemma) goes offline (context offline, WebRTC cut). Ann says something in the chat.
 * Cai opens the invite and asks to join: his table doc has the scene, the tokens and Ann's line,
 * every one of them from Ann's or Bob's device over WebRTC. The GM comes back, sees Cai asking,
 * admits him, and he is a player.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import {
  admit,
  type CampaignTable,
  openCampaignTable,
  roleIs,
  userIdOn,
  waitForCampaignHook,
} from '../support/campaignPage';
import { type BrowserPeer, openPeer } from '../support/chromium';
import {
  closeOfflineTable,
  goOffline,
  goOnline,
  makeCuttable,
  relayIs,
  say,
  sceneToken,
  waitForChat,
  waitForShown,
  waitInPage,
  webrtcPeersAre,
} from '../support/offlineTable';

const LINE = 'Someone new is at the door';

describe('offline 4: a new player arrives while the GM is away', () => {
  let table: CampaignTable<readonly ['Ann', 'Bob']> | undefined;
  const others: BrowserPeer[] = [];

  beforeAll(async () => {
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'The inn', system: 'template' },
      ['Ann', 'Bob'] as const,
    );
  }, 240_000);

  afterAll(() => closeOfflineTable(table, others));

  it('gets the table from the players, and is admitted once the GM is back', async () => {
    if (table === undefined) throw new Error('no table');
    const gmPeer = table.gm;
    const gm = gmPeer.page;
    const ann = table.players[0].peer.page;
    const bob = table.players[1].peer.page;
    const annId = table.players[0].userId;
    await makeCuttable(gmPeer, 'gm');
    await waitForShown(
      gm,
      'the GM’s device validating again',
      '[data-testid=campaign][data-validating=true]',
    );
    await showSceneAsGm(
      gm,
      squareScene('inn', 'The inn', 10, 8, 70),
      { tokens: [sceneToken('ann-token', 'inn', 'Ann’s cleric', [annId], 140, 140)] },
      [gm, ann, bob],
    );
    for (const [who, page] of [
      ['GM', gm],
      ['Ann', ann],
      ['Bob', bob],
    ] as const) {
      await waitForShown(page, `${who} with two WebRTC peers`, webrtcPeersAre(2), 120_000);
    }
    await waitForShown(
      ann,
      'Ann’s chat',
      '[data-testid=chat-panel][open] [data-testid=chat-input]',
    );

    await goOffline(gmPeer);
    await waitForShown(ann, 'Ann without the GM', webrtcPeersAre(1));
    await waitForShown(bob, 'Bob without the GM', webrtcPeersAre(1));
    await say(ann, LINE);
    await waitForChat(bob, 'Bob', LINE);

    const cai = await openPeer(table.browser);
    others.push(cai);
    const invite = new URL(table.invite);
    invite.search = '?sync=webrtc';
    await cai.page.goto(invite.toString());
    await cai.page.fill('[data-testid=identity-name]', 'Cai');
    await cai.page.click('[data-testid=join-campaign]');
    await waitForCampaignHook(cai.page);
    const caiId = await userIdOn(cai.page);
    // WebRTC only: the relay's copy is not his source.
    await waitForShown(cai.page, 'Cai with the relay’s sync off', relayIs('off'));
    await waitForShown(cai.page, 'Cai meshed with Ann and Bob', webrtcPeersAre(2), 120_000);
    await waitInPage(
      cai.page,
      'Cai: the scene, Ann’s token and Ann’s line from the players',
      ([id, line]) => {
        const doc = window.__meshtable?.campaign?.table;
        if (doc === undefined) return false;
        const said = doc
          .getArray(`posts/${id}`)
          .toJSON()
          .some((post) => (post as { text?: string }).text === line);
        return doc.getMap('scenes').has('inn') && doc.getMap('tokens').has('ann-token') && said;
      },
      [annId, LINE] as const,
    );
    // His request is in his log, unanswered: only the GM's device makes him a pending member.
    await waitInPage(
      cai.page,
      'Cai’s join request, waiting',
      (id) => {
        const doc = window.__meshtable?.campaign?.table;
        const request = doc?.getArray(`intents/${id}`).toJSON()[0] as
          | { id?: string; kind?: string }
          | undefined;
        return request?.kind === 'join' && doc?.getMap('receipts').has(request.id ?? '') === false;
      },
      caiId,
    );
    expect(await cai.page.$(roleIs('none'))).not.toBeNull();
    await cai.page.screenshot({ path: 'test-results/e2e/offline-join-waiting.png' });

    await goOnline(gmPeer);
    await admit(gm, caiId);
    await waitForShown(cai.page, 'Cai admitted as a player', roleIs('player'));
    await waitForChat(cai.page, 'Cai', LINE);
  });
});
