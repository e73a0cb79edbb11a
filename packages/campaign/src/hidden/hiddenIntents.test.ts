/**
 * A player's intents against hidden records, through the real GmValidator: a hidden token is not
 * in the table the rules see, so an intent naming it is refused exactly as one naming a token
 * that never existed, and the receipt (which every member reads) tells nothing of it.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { createIdentity } from '../identity/identity';
import { createCampaign } from '../lifecycle/createCampaign';
import { PlayerDevice, syncDocs } from '../testing/hiddenDevices';
import { appendIntent, receiptOf } from '../testing/intentLog';
import { memberRecord, sceneRecord, tokenRecord } from '../testing/records';
import { GmValidator } from '../validator/GmValidator';
import { addHiddenToken } from './addHidden';
import { hideToken } from './hideRecords';

const gmIdentity = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');

function setUp() {
  const created = createCampaign({
    gm: gmIdentity,
    name: 'Tomb',
    system: { id: 'demo', version: '1.0.0', sha256: 'ab'.repeat(32) },
    diceChainLength: 8,
  });
  const { table, gm } = created;
  table.transact(() => {
    table.getMap(TABLE_MAPS.members).set(ana.userId, toYValue(memberRecord(ana, 'player')));
    table.getMap(TABLE_MAPS.scenes).set('cellar', toYValue(sceneRecord('cellar')));
    for (const id of ['rat', 'ana']) {
      const token = tokenRecord(id, 'cellar', { owners: [ana.userId], name: `Token ${id}` });
      table.getMap(TABLE_MAPS.tokens).set(id, toYValue(token));
    }
  });
  const player = new PlayerDevice();
  player.receiveFrom(table);
  return { campaignId: created.campaignId, table, gm, player };
}

/** Ana asks to move `tokenId`. */
const move = (doc: Y.Doc, campaign: string, tokenId: string) =>
  appendIntent(doc, campaign, ana, 'token.move', { tokenId, x: 140, y: 140 });

describe('intents naming hidden records', () => {
  it('refuses a move of a hidden token as a move of a token that never was, revealing nothing', async () => {
    const { campaignId, table, gm, player } = setUp();
    // Ana owns the rat; the GM hides it while her move of it is on its way.
    const hiddenMove = move(player.table, campaignId, 'rat');
    const unknownMove = move(player.table, campaignId, 'nope');
    const ownMove = move(player.table, campaignId, 'ana');
    hideToken(table, gm, 'rat');
    addHiddenToken(table, gm, tokenRecord('lurker', 'cellar', { name: 'Lurker in the dark' }));
    const lurkerMove = move(player.table, campaignId, 'lurker');
    syncDocs(player.table, table);

    const validator = new GmValidator({
      table,
      gm,
      identity: gmIdentity,
      rules: null,
      now: () => 9,
    });
    expect(await validator.processPending()).toBe(4);
    player.receiveFrom(table);

    const unknown = receiptOf(player.table, unknownMove.id);
    expect(unknown).toMatchObject({ status: 'rejected', reason: 'there is no such token' });
    for (const entry of [hiddenMove, lurkerMove]) {
      const receipt = receiptOf(player.table, entry.id);
      expect(receipt?.status).toBe('rejected');
      expect(receipt?.status === 'rejected' && receipt.reason).toBe(
        unknown?.status === 'rejected' && unknown.reason,
      );
    }
    expect(receiptOf(player.table, ownMove.id)?.status).toBe('applied');
    // Nothing of the hidden tokens went back to the table doc with the rulings.
    expect(player.table.getMap(TABLE_MAPS.tokens).has('rat')).toBe(false);
    expect(player.table.getMap(TABLE_MAPS.tokens).has('lurker')).toBe(false);
    expect(player.everSaw('Lurker in the dark')).toBe(false);
  });
});
