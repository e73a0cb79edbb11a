/**
 * Offline scenario 3 (issue 10): the GM goes offline. The GM (Gemma) loses her whole network
 * (context offline and WebRTC data channels cut). Ann and Bob play on: their chat reaches each
 * other (over WebRTC, and through the relay), and the token moves they ask for wait, shown as
 * pending in their queue panels, since only the GM's device rules intents. When the GM is back,
 * her validator catches up: every waiting move is applied, in the order each player asked, with
 * a receipt, and the board shows where the last move put each token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import { type CampaignTable, openCampaignTable } from '../support/campaignPage';
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
  webrtcPeersAre,
} from '../support/offlineTable';

const queued = (id: string, state: string) =>
  `[data-testid=queue-panel] [data-testid=queue-item][data-intent-id="${id}"][data-state="${state}"]`;

describe('offline 3: the GM goes offline', () => {
  let table: CampaignTable<readonly ['Ann', 'Bob']> | undefined;

  beforeAll(async () => {
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Lost signal', system: 'template' },
      ['Ann', 'Bob'] as const,
    );
  }, 240_000);

  afterAll(() => closeOfflineTable(table));

  it('keeps the players chatting; their moves wait and are applied in order on her return', async () => {
    if (table === undefined) throw new Error('no table');
    const gmPeer = table.gm;
    const gm = gmPeer.page;
    const ann = table.players[0].peer.page;
    const bob = table.players[1].peer.page;
    const annId = table.players[0].userId;
    const bobId = table.players[1].userId;
    await makeCuttable(gmPeer, 'gm');
    await waitForShown(
      gm,
      'the GM’s device validating again',
      '[data-testid=campaign][data-validating=true]',
    );
    await showSceneAsGm(
      gm,
      squareScene('pass', 'The pass', 12, 6, 70),
      {
        tokens: [
          sceneToken('ann-token', 'pass', 'Ann’s ranger', [annId], 0, 0),
          sceneToken('bob-token', 'pass', 'Bob’s bard', [bobId], 0, 140),
        ],
      },
      [gm, ann, bob],
    );
    const everyone = [
      ['GM', gm],
      ['Ann', ann],
      ['Bob', bob],
    ] as const;
    for (const [who, page] of everyone) {
      await waitForShown(page, `${who} with two WebRTC peers`, webrtcPeersAre(2), 120_000);
      await waitForShown(
        page,
        `${who}’s chat`,
        '[data-testid=chat-panel][open] [data-testid=chat-input]',
      );
    }

    await goOffline(gmPeer);
    await waitForShown(
      gm,
      'the GM told she is offline',
      '[data-testid=status-offline][data-state=offline]',
    );
    await waitForShown(ann, 'Ann without the GM', webrtcPeersAre(1));
    await waitForShown(bob, 'Bob without the GM', webrtcPeersAre(1));

    await say(ann, 'Is the GM still there?');
    await say(bob, 'Let us scout ahead meanwhile');
    await waitForChat(bob, 'Bob', 'Is the GM still there?');
    await waitForChat(ann, 'Ann', 'Let us scout ahead meanwhile');
    const annMoves = [
      await queueMove(ann, 'ann-token', 70, 0),
      await queueMove(ann, 'ann-token', 140, 0),
    ];
    const bobMoves = [
      await queueMove(bob, 'bob-token', 70, 140),
      await queueMove(bob, 'bob-token', 70, 210),
    ];
    for (const id of annMoves)
      await waitForShown(ann, `Ann’s move ${id} pending`, queued(id, 'pending'));
    for (const id of bobMoves)
      await waitForShown(bob, `Bob’s move ${id} pending`, queued(id, 'pending'));
    // Nobody else rules: the tokens have not moved yet.
    expect(await receiptOn(ann, annMoves[0] ?? '')).toBeNull();
    await ann.screenshot({ path: 'test-results/e2e/offline-gm-away.png' });

    await goOnline(gmPeer);
    const all = [...annMoves, ...bobMoves];
    for (const [who, page] of everyone) await waitForReceipts(page, who, all);
    for (const ids of [annMoves, bobMoves]) {
      const receipts = await Promise.all(ids.map((id) => receiptOn(gm, id)));
      for (const receipt of receipts) {
        expect(receipt).toMatchObject({ status: 'applied', by: table.gmId });
      }
      const order = receipts.map((receipt) => receipt?.n ?? -1);
      expect(order[0]).toBeGreaterThanOrEqual(0);
      expect(order[1]).toBeGreaterThan(order[0] ?? 0);
    }
    for (const [who, page] of everyone) {
      await waitForTokenAt(page, who, 'ann-token', { x: 140, y: 0 });
      await waitForTokenAt(page, who, 'bob-token', { x: 70, y: 210 });
      await waitForChat(page, who, 'Let us scout ahead meanwhile');
    }
    await waitForShown(ann, 'Ann’s last move applied', queued(annMoves[1] ?? '', 'applied'));
  });
});
