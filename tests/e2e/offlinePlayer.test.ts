/**
 * Offline scenario 2 (issue 10): a player goes offline for a while and plays on. The GM
 * (Gemma) and two players (Ann, Bob) share a table of the SRD 5.1 system; Ann owns the character
 * Aster and a token. Ann loses her whole network (her context offline, and her WebRTC data
 * channels cut: see tests/support/offlineTable.ts on what setOffline leaves open). Offline, she
 * raises Aster's Strength on her sheet, asks for three token moves, one square each, and says
 * something in the chat; meanwhile Bob chats with the GM. Her page says she is offline and that
 * her changes are kept. Back online, everything merges both ways: her chat line and sheet edit
 * reach the GM and Bob (and the GM's audit keeps the edit), Bob's line reaches her, and her three
 * queued moves are ruled by the GM's validator, in the order she asked for them, each with a
 * receipt, leaving the token where the last one put it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import { type CampaignTable, moveToken, openCampaignTable, roleIs } from '../support/campaignPage';
import {
  closeOfflineTable,
  goOffline,
  goOnline,
  makeCuttable,
  queueMove,
  receiptOn,
  say,
  sceneToken,
  waitForChat,
  waitForReceipts,
  waitForShown,
  waitForTokenAt,
  waitInPage,
  webrtcPeersAre,
} from '../support/offlineTable';

const strength = '[data-testid="sheet-input-data.abilities.str"]';

describe('offline 2: a player goes offline, plays on, and comes back', () => {
  let table: CampaignTable<readonly ['Ann', 'Bob']> | undefined;

  beforeAll(async () => {
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'The long road', system: 'srd5e' },
      ['Ann', 'Bob'] as const,
    );
  }, 240_000);

  afterAll(() => closeOfflineTable(table));

  it('merges her sheet edit, chat and queued moves, ruled in order', async () => {
    if (table === undefined) throw new Error('no table');
    const gm = table.gm.page;
    const annPeer = table.players[0].peer;
    const ann = annPeer.page;
    const bob = table.players[1].peer.page;
    const annId = table.players[0].userId;
    await makeCuttable(annPeer, 'player');

    // Aster, Ann's character, made by the GM in the Characters panel.
    await gm.click('[data-testid=new-character] summary');
    await gm.fill('[data-testid=new-character-name]', 'Aster');
    await gm.selectOption('[data-testid=new-character-type]', 'character');
    await gm.selectOption('[data-testid=new-character-owner]', annId);
    await gm.click('[data-testid=new-character-create]');
    await gm.waitForSelector('[data-testid=character-sheet]', { timeout: 30_000 });
    const actorId = (await gm.getAttribute('[data-testid=character-sheet]', 'data-actor')) ?? '';
    expect(actorId).not.toBe('');
    await showSceneAsGm(
      gm,
      squareScene('road', 'The road', 12, 6, 70),
      { tokens: [sceneToken('aster-token', 'road', 'Aster', [annId], 0, 70)] },
      [gm, ann, bob],
    );
    for (const [who, page] of [
      ['GM', gm],
      ['Ann', ann],
      ['Bob', bob],
    ] as const) {
      await waitForShown(page, `${who} with two WebRTC peers`, webrtcPeersAre(2), 120_000);
      await waitForShown(
        page,
        `${who}’s chat`,
        '[data-testid=chat-panel][open] [data-testid=chat-input]',
      );
    }
    // One move online first: it makes Ann's device known to the GM's audit, which then keeps
    // her direct sheet edits.
    expect(await moveToken(ann, 'aster-token', 70, 70)).toEqual({
      status: 'applied',
      by: table.gmId,
    });
    const pick = ann.locator('[data-testid=characters-panel] .mt-sheets-pick', {
      hasText: 'Aster',
    });
    await pick.waitFor({ timeout: 30_000 });
    if ((await pick.getAttribute('aria-pressed')) !== 'true') await pick.click();
    await waitForShown(
      ann,
      'Ann’s own Strength, edited directly',
      '[data-testid="sheet-field-data.abilities.str"][data-route=direct]',
    );

    await goOffline(annPeer);
    await waitForShown(
      ann,
      'Ann told she is offline',
      '[data-testid=status-offline][data-state=offline]',
    );
    expect(await ann.textContent('[data-testid=status-offline]')).toBe(
      'Offline — your changes are kept and will sync',
    );
    await waitForShown(ann, 'Ann with no peers', webrtcPeersAre(0));
    await waitForShown(gm, 'the GM without Ann', webrtcPeersAre(1));
    await waitForShown(bob, 'Bob without Ann', webrtcPeersAre(1));

    await ann.fill(strength, '15');
    await ann.press(strength, 'Enter');
    const moves = [
      await queueMove(ann, 'aster-token', 140, 70),
      await queueMove(ann, 'aster-token', 210, 70),
      await queueMove(ann, 'aster-token', 280, 70),
    ];
    await say(ann, 'Sorry, the train went into a tunnel');
    await say(bob, 'Where did Ann go?');
    await waitForChat(gm, 'GM', 'Where did Ann go?');
    // Nothing of Ann's reached the others: she really is cut off.
    expect(await receiptOn(ann, moves[0] ?? '')).toBeNull();
    expect(
      await gm.evaluate(
        (id) => window.__meshtable?.campaign?.table.getArray(`intents/${id}`).length,
        annId,
      ),
    ).toBe(2); // her join request and the move made online
    await ann.screenshot({ path: 'test-results/e2e/offline-player-away.png' });

    await goOnline(annPeer);
    await waitForReceipts(ann, 'Ann', moves);
    const receipts = await Promise.all(moves.map((id) => receiptOn(ann, id)));
    for (const receipt of receipts)
      expect(receipt).toMatchObject({ status: 'applied', by: table.gmId });
    // Ruled in the order asked: the GM's ruling numbers rise with them.
    const order = receipts.map((receipt) => receipt?.n ?? -1);
    expect(order.every((n, i) => n >= 0 && (i === 0 || n > (order[i - 1] ?? 0)))).toBe(true);
    for (const [who, page] of [
      ['GM', gm],
      ['Ann', ann],
      ['Bob', bob],
    ] as const) {
      await waitForTokenAt(page, who, 'aster-token', { x: 280, y: 70 });
      await waitForChat(page, who, 'Sorry, the train went into a tunnel');
      await waitForChat(page, who, 'Where did Ann go?');
      await waitInPage(
        page,
        `${who}: Aster's Strength 15`,
        (id) => {
          const actor = window.__meshtable?.campaign?.table.getMap('actors').get(id) as
            | { toJSON(): { data: { abilities: { str: number } } } }
            | undefined;
          return actor?.toJSON().data.abilities.str === 15;
        },
        actorId,
      );
    }
    // The GM's audit kept Ann's edit: it undid nothing.
    expect(
      (await gm.textContent('[data-testid=campaign-problems]').catch(() => '')) ?? '',
    ).not.toContain('Undid');
    expect(await ann.$(roleIs('player'))).not.toBeNull();
    expect(await ann.$('[data-testid=status-offline]')).toBeNull();
  });
});
