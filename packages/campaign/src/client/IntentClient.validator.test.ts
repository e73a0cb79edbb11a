/**
 * The player's client against the real GM validator (core rules, no module): what one writes,
 * the other rules on, and the receipts find their way back to the right tickets.
 */
import { intentLogName, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import type { Intent } from '../intents/intent';
import { createCampaign } from '../lifecycle/createCampaign';
import { readMembers, readMeta } from '../lifecycle/readCampaign';
import { ARIA, BRAM } from '../testing/intents';
import { GmValidator } from '../validator/GmValidator';
import { verifyReceiptDice } from '../validator/verifyReceipt';
import { IntentClient } from './IntentClient';
import { SYSTEM, syncAll, tokenOf } from './tableFixture';

function setUp() {
  const created = createCampaign({
    gm: ARIA,
    name: 'Tomb',
    system: SYSTEM,
    settings: { autoAdmit: true },
    diceChainLength: 32,
  });
  const validator = new GmValidator({
    table: created.table,
    gm: created.gm,
    identity: ARIA,
    rules: null,
  });
  /** Sends the players' docs to the GM, rules, and sends the result back. */
  const round = async (...players: Y.Doc[]) => {
    syncAll(created.table, ...players);
    await validator.processPending();
    syncAll(created.table, ...players);
  };
  return { ...created, round };
}

describe('IntentClient with the GM validator', () => {
  it('joins, moves, is refused and rolls verifiably', async () => {
    const { table, campaignId, round } = setUp();
    const playerDoc = new Y.Doc();
    syncAll(table, playerDoc);
    const client = new IntentClient({ doc: playerDoc, identity: BRAM, campaignId });

    const join = client.requestJoin('Bram', '#aa2200');
    await round(playerDoc);
    await expect(join.receipt).resolves.toMatchObject({ status: 'applied', by: ARIA.userId });
    expect(readMembers(playerDoc).get(BRAM.userId)?.status).toBe('member');

    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', BRAM.userId)));
    table.getMap(TABLE_MAPS.tokens).set('t2', toYValue(tokenOf('t2', ARIA.userId)));
    syncAll(table, playerDoc);
    const move = client.requestMoveToken('t1', 140, 70);
    const steal = client.requestMoveToken('t2', 0, 0);
    expect(client.optimisticTokens().get('t2')).toMatchObject({ x: 0, y: 0 });
    await round(playerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(steal.receipt).resolves.toMatchObject({ status: 'rejected' });
    expect(client.optimisticTokens().get('t1')).toMatchObject({ x: 140, y: 70 });
    expect(client.previewToken('t2')).toMatchObject({
      token: { x: 70, y: 70 },
      rejection: { intentId: steal.id, reason: expect.stringContaining('control') },
    });

    const roll = client.requestRoll('2d6+1', { label: 'Damage' });
    await round(playerDoc);
    const receipt = await roll.receipt;
    expect(receipt).toMatchObject({ status: 'applied', result: { label: 'Damage' } });
    const intent = playerDoc
      .getArray<Intent>(intentLogName(BRAM.userId))
      .toArray()
      .find(({ id }) => id === roll.id) as Intent;
    const dice = readMeta(playerDoc)?.dice ?? undefined;
    expect(verifyReceiptDice(receipt, intent, dice)).toEqual({ ok: true, dice: true });
    expect(client.pending()).toEqual([]);
  });

  it('re-issues a request that lost its place to another device, and it is applied once', async () => {
    const { table, campaignId, round } = setUp();
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    laptop.clientID = 1;
    phone.clientID = 2;
    syncAll(table, laptop, phone);
    const onLaptop = new IntentClient({ doc: laptop, identity: BRAM, campaignId });
    const onPhone = new IntentClient({ doc: phone, identity: BRAM, campaignId });
    const join = onLaptop.requestJoin('Bram', '#aa2200');
    await round(laptop, phone);
    await join.receipt;
    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', BRAM.userId)));
    syncAll(table, laptop, phone);

    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    expect(fromPhone.id).toBe(fromLaptop.id);
    syncAll(laptop, phone);
    syncAll(laptop, phone);
    await round(laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({
      intentId: fromLaptop.id,
      status: 'applied',
    });
    const phoneReceipt = await fromPhone.receipt;
    expect(phoneReceipt).toMatchObject({ status: 'applied' });
    expect(phoneReceipt.intentId).not.toBe(fromPhone.id);
    const receipts = table.getMap(TABLE_MAPS.receipts).toJSON();
    expect(receipts[`${BRAM.userId}.3`]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('place in the log'),
    });
    expect(table.getMap(TABLE_MAPS.tokens).toJSON().t1).toMatchObject({ x: 210, y: 70 });
  });
});
