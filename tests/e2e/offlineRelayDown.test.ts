/**
 * Offline scenario 1 (issue 10): the relay goes away in the middle of a session. The GM (Gemma)
 * and two players (Ann, Bob), each in their own browser context, are connected to each other
 * over WebRTC (a full mesh) and to the relay, which runs as its own process. The relay is
 * killed (SIGKILL: no shutdown, no flush): every socket to it drops and nothing answers on its
 * port, so signalling stops too. Already-open WebRTC data channels do not need the relay: Ann's
 * token move goes to the GM's validator and comes back applied, on every board, and chat lines
 * reach everyone. The relay process starts again on the same port and data folder; the pages'
 * backoff finds it, and a fresh client (a plain y-websocket client in Node, with no
 * other source) gets from the relay alone everything said and done while it was down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import { moveToken } from '../support/campaignPage';
import {
  closeProcessTable,
  openProcessTable,
  type ProcessTable,
  postTexts,
  relayIs,
  relayRoomOf,
  restartRelayProcess,
  say,
  sceneToken,
  tokenAt,
  waitForChat,
  waitForShown,
  waitForTokenAt,
  webrtcPeersAre,
} from '../support/offlineTable';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

describe('offline 1: the relay is killed mid-session', () => {
  let table: ProcessTable<readonly ['Ann', 'Bob']> | undefined;

  beforeAll(async () => {
    table = await openProcessTable(
      { gmName: 'Gemma', campaignName: 'Storm night', system: 'template' },
      ['Ann', 'Bob'] as const,
    );
  }, 240_000);

  afterAll(() => closeProcessTable(table));

  it('keeps playing over WebRTC, and the relay catches up when it is back', async () => {
    if (table === undefined) throw new Error('no table');
    const gm = table.gm.page;
    const ann = table.players[0].peer.page;
    const bob = table.players[1].peer.page;
    const annId = table.players[0].userId;
    const everyone = [
      ['GM', gm],
      ['Ann', ann],
      ['Bob', bob],
    ] as const;
    // A full mesh before the relay goes: WebRTC must not need the relay's signalling any more.
    for (const [who, page] of everyone) {
      await waitForShown(page, `${who} with two WebRTC peers`, webrtcPeersAre(2), 120_000);
    }
    await showSceneAsGm(
      gm,
      squareScene('yard', 'The yard', 12, 12, 70),
      { tokens: [sceneToken('ann-token', 'yard', 'Ann’s scout', [annId], 70, 70)] },
      [gm, ann, bob],
    );
    for (const [who, page] of everyone) {
      await waitForShown(
        page,
        `${who}’s chat`,
        '[data-testid=chat-panel][open] [data-testid=chat-input]',
      );
    }

    await table.relay.kill();
    for (const [who, page] of everyone) {
      await waitForShown(page, `${who} without the relay`, relayIs('disconnected'));
      // Still two peers: the relay's absence is not shown as being cut off.
      expect(await page.$(webrtcPeersAre(2)), `${who} still meshed`).not.toBeNull();
      expect(await page.$('[data-testid=status-offline]')).toBeNull();
    }

    // Ann's move: her intent reaches the GM's validator over WebRTC, its receipt comes back.
    expect(await moveToken(ann, 'ann-token', 210, 140)).toEqual({
      status: 'applied',
      by: table.gmId,
    });
    await waitForTokenAt(bob, 'Bob', 'ann-token', { x: 210, y: 140 });
    await waitForTokenAt(gm, 'GM', 'ann-token', { x: 210, y: 140 });
    await say(ann, 'The lights went out');
    await say(gm, 'Thunder rolls');
    for (const [who, page] of everyone) {
      await waitForChat(page, who, 'The lights went out');
      await waitForChat(page, who, 'Thunder rolls');
    }

    await restartRelayProcess(table);
    for (const [who, page] of everyone) {
      await waitForShown(page, `${who} back on the relay`, relayIs('connected'));
    }
    // A client that can only learn from the relay.
    const { room, token } = await relayRoomOf(gm);
    const fresh = connectYClient(table.relay.url, room, token);
    try {
      await waitFor(
        'the relay to hand a fresh client the move and the chat',
        () => {
          const moved = fresh.doc.getMap('tokens').get('ann-token') as
            | { get(key: string): unknown }
            | undefined;
          const texts = postTexts(fresh.doc, [annId, table?.gmId ?? '']).join('\n');
          return (
            moved?.get('x') === 210 &&
            moved?.get('y') === 140 &&
            texts.includes('The lights went out') &&
            texts.includes('Thunder rolls')
          );
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      fresh.destroy();
    }
    expect(await tokenAt(ann, 'ann-token')).toEqual({ x: 210, y: 140 });
  });
});
