/**
 * A campaign's two rooms on the real relay: a player holds the table key (from the invite) and
 * gets the table doc; asking the relay for the gm doc with anything but the gm key's token is
 * refused with 4401, and nothing of it reaches the player.
 */
import {
  createCampaign,
  createIdentity,
  makeInviteLink,
  parseInviteLink,
} from '@meshtable/campaign';
import { GM_MAPS, gmRoomName, RelayCloseCode, TABLE_MAPS } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

describe('a campaign on the relay', () => {
  let temp: TempRelay;
  const clients: YClient[] = [];
  beforeEach(async () => {
    temp = await startTempRelay();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp.dispose();
  });

  it('gives a player the table doc from an invite, and refuses them the gm doc', async () => {
    const gm = createIdentity('Gemma', '#aa3300');
    const campaign = createCampaign({
      gm,
      name: 'The Sunless Tomb',
      system: { id: 'template', version: '0.1.0', sha256: 'ab'.repeat(32) },
    });
    // The GM's devices push both docs, each room claimed with its own key's token.
    const gmTable = connectYClient(
      temp.relay.url,
      campaign.campaignId,
      deriveRelayToken(campaign.tableKey),
    );
    const gmNotes = connectYClient(
      temp.relay.url,
      gmRoomName(campaign.campaignId),
      deriveRelayToken(campaign.gmKey),
    );
    clients.push(gmTable, gmNotes);
    Y.applyUpdate(gmTable.doc, Y.encodeStateAsUpdate(campaign.table));
    Y.applyUpdate(gmNotes.doc, Y.encodeStateAsUpdate(campaign.gm));
    await waitFor('the GM synced', () => gmTable.provider.synced && gmNotes.provider.synced);

    // A player has only what the invite link carries.
    const invite = parseInviteLink(makeInviteLink('http://127.0.0.1:8080/', campaign));
    if (!invite.ok) throw new Error(invite.message);
    expect(JSON.stringify(invite.invite)).not.toContain(campaign.gmKey);
    const table = connectYClient(
      temp.relay.url,
      invite.invite.room,
      deriveRelayToken(invite.invite.tableKey),
    );
    clients.push(table);
    await waitFor('the player has the table', () =>
      table.doc.getMap(TABLE_MAPS.meta).has('campaign'),
    );

    // The gm room with the table key's token, or with none: refused, and nothing arrives.
    for (const token of [deriveRelayToken(invite.invite.tableKey), null]) {
      const gmDoc = connectYClient(temp.relay.url, gmRoomName(invite.invite.campaignId), token);
      clients.push(gmDoc);
      await waitFor('refused', () => gmDoc.closes.length > 0);
      expect(gmDoc.closes[0]?.code).toBe(RelayCloseCode.unauthorized);
      expect(gmDoc.provider.shouldConnect).toBe(false);
      expect(gmDoc.doc.getMap(GM_MAPS.validator).size).toBe(0);
    }
    // And the table doc holds no secret of the gm doc.
    const tableBytes = Buffer.from(Y.encodeStateAsUpdate(table.doc)).toString('latin1');
    const root = (campaign.gm.getMap(GM_MAPS.validator).get('seedChain') as { root: string }).root;
    expect(tableBytes).not.toContain(root);
    expect(tableBytes).not.toContain(campaign.gmKey);
  });
});
