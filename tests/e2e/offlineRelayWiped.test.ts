/**
 * Offline scenario 5 (issue 10): the relay loses everything. The GM (Gemma) and a player (Ann)
 * hold the campaign: a scene, a token moved by Ann, chat lines, and (the GM alone) the gm doc.
 * The relay goes down, its data folder is deleted, and it comes back on the same port knowing
 * nothing. The pages reconnect on their own, and the y-websocket sync (each side sends what the
 * other's state vector lacks) hands the relay their copies: a fresh client with no other source
 * then gets the whole table doc, and the gm doc, from the relay alone.
 */
import { gmRoomName } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import { type CampaignTable, moveToken, openCampaignTable } from '../support/campaignPage';
import {
  campaignIdOf,
  closeOfflineTable,
  postTexts,
  relayDown,
  relayIs,
  relayRoomOf,
  relayUp,
  say,
  sceneToken,
  waitForChat,
  waitForShown,
} from '../support/offlineTable';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

describe('offline 5: the relay’s data is wiped while peers hold the campaign', () => {
  let table: CampaignTable<readonly ['Ann']> | undefined;
  const clients: YClient[] = [];

  beforeAll(async () => {
    table = await openCampaignTable(
      { gmName: 'Gemma', campaignName: 'Ashes', system: 'template' },
      ['Ann'] as const,
    );
  }, 240_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await closeOfflineTable(table);
  });

  it('repopulates the relay from the peers when it comes back empty', async () => {
    if (table === undefined) throw new Error('no table');
    const gm = table.gm.page;
    const ann = table.players[0].peer.page;
    const annId = table.players[0].userId;
    await showSceneAsGm(
      gm,
      squareScene('ruin', 'The ruin', 10, 10, 70),
      { tokens: [sceneToken('ann-token', 'ruin', 'Ann’s knight', [annId], 0, 0)] },
      [gm, ann],
    );
    expect(await moveToken(ann, 'ann-token', 140, 140)).toEqual({
      status: 'applied',
      by: table.gmId,
    });
    await waitForShown(
      ann,
      'Ann’s chat',
      '[data-testid=chat-panel][open] [data-testid=chat-input]',
    );
    await say(ann, 'Nothing but ashes here');
    await waitForChat(gm, 'GM', 'Nothing but ashes here');
    const campaignId = campaignIdOf(gm);
    const gmKey = await gm.evaluate(
      (id) =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('meshtable-campaigns');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('campaigns').objectStore('campaigns').get(id);
            read.onsuccess = () => resolve((read.result as { gmKey: string }).gmKey);
            read.onerror = () => reject(read.error);
          };
        }),
      campaignId,
    );
    // What the GM's gm doc holds, as its state vector (client id → next clock).
    const gmBefore = await gm.evaluate(() => {
      const doc = window.__meshtable?.campaign?.gm;
      if (doc === null || doc === undefined) return {};
      const clocks: Record<string, number> = {};
      for (const [client, structs] of doc.store.clients) {
        const last = structs[structs.length - 1];
        if (last !== undefined) clocks[String(client)] = last.id.clock + last.length;
      }
      return clocks;
    });
    expect(Object.keys(gmBefore).length).toBeGreaterThan(0);

    await relayDown(table.temp);
    await relayUp(table.temp, { wipe: true });
    for (const [who, page] of [
      ['GM', gm],
      ['Ann', ann],
    ] as const) {
      await waitForShown(page, `${who} back on the relay`, relayIs('connected'));
    }

    const { room, token } = await relayRoomOf(gm);
    const tableClient = connectYClient(table.temp.relay.url, room, token);
    const gmClient = connectYClient(
      table.temp.relay.url,
      gmRoomName(campaignId),
      deriveRelayToken(gmKey),
    );
    clients.push(tableClient, gmClient);
    await waitFor(
      'the relay to hand a fresh client the table again',
      () => {
        const token = tableClient.doc.getMap('tokens').get('ann-token') as
          | { get(key: string): unknown }
          | undefined;
        return (
          tableClient.doc.getMap('scenes').has('ruin') &&
          token?.get('x') === 140 &&
          postTexts(tableClient.doc, [annId]).includes('Nothing but ashes here') &&
          tableClient.doc.getMap('members').has(annId)
        );
      },
      { timeoutMs: 60_000 },
    );
    // The gm doc, which only the GM's device held: all of it is back on the relay.
    await waitFor(
      'the relay to hand a fresh client the gm doc again',
      () => {
        const has = Y.decodeStateVector(Y.encodeStateVector(gmClient.doc));
        return Object.entries(gmBefore).every(
          ([client, clock]) => (has.get(Number(client)) ?? 0) >= clock,
        );
      },
      { timeoutMs: 60_000 },
    );
  });
});
