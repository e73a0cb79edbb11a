/**
 * The player's client against the real GM validator (core rules, no module): what one writes,
 * the other rules on, and the receipts find their way back to the right tickets.
 */
import { checkRollRequest } from '@meshtable/dice';
import { GM_MAPS, intentLogName, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import type { Intent } from '../intents/intent';
import { readMembers, readMeta } from '../lifecycle/readCampaign';
import { ARIA, BRAM } from '../testing/intents';
import { sceneRecord } from '../testing/records';
import { verifyReceiptDice } from '../validator/verifyReceipt';
import { IntentClient } from './IntentClient';
import { syncAll, tokenOf } from './tableFixture';
import { gmPhoneAndPlayer, validatedCampaign } from './validatedCampaign';

describe('IntentClient with the GM validator', () => {
  it('joins, moves, is refused and rolls verifiably', async () => {
    const { table, campaignId, round } = validatedCampaign();
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

  it('commits a GM’s edit from another device (gm.edit), and refuses one from a player', async () => {
    const { gmPhone, playerDoc, onGmPhone, player, round } = await gmPhoneAndPlayer();

    const rename = onGmPhone.request('gm.edit', {
      changes: [{ op: 'set', collection: 'tokens', id: 't1', path: ['name'], value: 'Grom' }],
    });
    const forged = player.request('gm.edit', {
      changes: [{ op: 'delete', collection: 'tokens', id: 't1', path: [] }],
    });
    const broken = onGmPhone.request('gm.edit', {
      changes: [{ op: 'set', collection: 'tokens', id: 't1', path: ['size'], value: 'huge' }],
    });
    await round(gmPhone, playerDoc);
    await expect(rename.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(forged.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'only a GM edits the table’s records',
    });
    await expect(broken.receipt).resolves.toMatchObject({ status: 'rejected' });
    expect(tokenOfDoc(playerDoc, 't1')).toMatchObject({ name: 'Grom', size: 1 });
  });

  it('commits fog, a kept template, the party’s move, a character and a scene’s deletion from a GM’s phone', async () => {
    const { table, gm, gmPhone, playerDoc, onGmPhone, player, round } = await gmPhoneAndPlayer();
    table.getMap(TABLE_MAPS.scenes).set('cellar', toYValue(sceneRecord('cellar')));
    // A scene the GM keeps hidden (gm doc): the party may be moved there, as the validating
    // device reveals it.
    gm.getMap(GM_MAPS.scenes).set('crypt', toYValue(sceneRecord('crypt')));
    syncAll(table, gmPhone, playerDoc);
    const fog = {
      id: 'f1',
      sceneId: 'cellar',
      seq: 0,
      mode: 'reveal',
      shape: 'rect',
      x: 0,
      y: 0,
      w: 140,
      h: 140,
    } as const;
    const template = {
      id: 'k1',
      sceneId: 'cellar',
      shape: { kind: 'circle', x: 70, y: 70, radius: 140 },
      color: '#cc3300',
    } as const;
    const character = {
      id: 'a1',
      type: 'character',
      name: 'Bram',
      image: null,
      owners: [BRAM.userId],
      data: {},
    };

    const moveParty = (sceneId: string) =>
      onGmPhone.request('gm.edit', {
        changes: [
          { op: 'set', collection: 'meta', id: 'activeScene', path: [], value: { sceneId } },
        ],
      });
    const edits = [
      onGmPhone.request('gm.edit', {
        changes: [{ op: 'set', collection: 'fog', id: 'cellar/f1', path: [], value: fog }],
      }),
      onGmPhone.request('gm.edit', {
        changes: [{ op: 'set', collection: 'templates', id: 'k1', path: [], value: template }],
      }),
      moveParty('cellar'),
      onGmPhone.request('gm.edit', {
        changes: [{ op: 'set', collection: 'actors', id: 'a1', path: [], value: character }],
      }),
    ];
    const forged = player.request('gm.edit', {
      changes: [{ op: 'delete', collection: 'fog', id: 'cellar/f1', path: [] }],
    });
    const malformed = onGmPhone.request('gm.edit', {
      changes: [
        {
          op: 'set',
          collection: 'fog',
          id: 'cellar/f2',
          path: [],
          value: { ...fog, id: 'f2', w: 0 },
        },
      ],
    });
    await round(gmPhone, playerDoc);
    for (const edit of edits)
      await expect(edit.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(forged.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'only a GM edits the table’s records',
    });
    await expect(malformed.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(
        /^the ruling would break the table: fog\/cellar\/f2 would be invalid: w/,
      ),
    });
    expect(playerDoc.getMap(TABLE_MAPS.fog).toJSON()).toEqual({ 'cellar/f1': fog });
    expect(playerDoc.getMap(TABLE_MAPS.templates).toJSON()).toEqual({ k1: template });
    expect(playerDoc.getMap(TABLE_MAPS.meta).get('activeScene')).toEqual({ sceneId: 'cellar' });
    expect(playerDoc.getMap(TABLE_MAPS.actors).toJSON()).toEqual({ a1: character });

    const toCrypt = moveParty('crypt');
    const toNowhere = moveParty('attic');
    await round(gmPhone, playerDoc);
    await expect(toCrypt.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(toNowhere.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('there is no scene "attic"'),
    });

    // The party back in the cellar, then the cellar deleted: with its token, fog and template,
    // and the party's place; the character stays.
    const back = moveParty('cellar');
    const remove = onGmPhone.request('gm.edit', {
      changes: [{ op: 'delete', collection: 'scenes', id: 'cellar', path: [] }],
    });
    const retire = onGmPhone.request('gm.edit', {
      changes: [{ op: 'delete', collection: 'actors', id: 'a1', path: [] }],
    });
    await round(gmPhone, playerDoc);
    await expect(back.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(remove.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(retire.receipt).resolves.toMatchObject({ status: 'applied' });
    for (const map of [
      TABLE_MAPS.scenes,
      TABLE_MAPS.tokens,
      TABLE_MAPS.fog,
      TABLE_MAPS.templates,
      TABLE_MAPS.actors,
    ]) {
      expect(playerDoc.getMap(map).size).toBe(0);
    }
    expect(playerDoc.getMap(TABLE_MAPS.meta).has('activeScene')).toBe(false);
  });

  /** Bram, joined on his laptop (client id 1), and his phone (client id 2), both synced. */
  async function twoDevices() {
    const setup = validatedCampaign();
    const { table, campaignId, round } = setup;
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
    return { ...setup, laptop, phone, onLaptop, onPhone };
  }

  it('re-issues a request whose id another device took, and it is applied once', async () => {
    const { table, laptop, phone, onLaptop, onPhone, round } = await twoDevices();
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    expect(fromPhone.id).toBe(fromLaptop.id);
    syncAll(laptop, phone);
    // The GM rules on the laptop's entry (Yjs sorts it first); the phone re-issues when it hears.
    await round(laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({
      intentId: fromLaptop.id,
      status: 'applied',
    });
    expect(onPhone.pending().map(({ intent }) => intent.id)).toEqual([`${BRAM.userId}.3`]);
    await round(laptop, phone);
    await expect(fromPhone.receipt).resolves.toMatchObject({
      intentId: `${BRAM.userId}.3`,
      status: 'applied',
    });
    const log = table.getArray<Intent>(intentLogName(BRAM.userId)).toArray();
    const receipts = table.getMap(TABLE_MAPS.receipts).toJSON();
    expect(receipts[fromLaptop.id]).toMatchObject({ sig: log[1]?.sig });
    expect(Object.keys(receipts).sort()).toEqual([1, 2, 3].map((seq) => `${BRAM.userId}.${seq}`));
    expect(onLaptop.collisions()).toEqual([{ intent: log[2], index: 2, takenBy: log[1]?.sig }]);
    expect(table.getMap(TABLE_MAPS.tokens).toJSON().t1).toMatchObject({ x: 210, y: 70 });
  });

  it('re-issues a roll under its new id, with a payload that names that id', async () => {
    const { laptop, phone, onLaptop, onPhone, round } = await twoDevices();
    const fromLaptop = onLaptop.requestRoll('1d20', { label: 'Stealth' });
    const fromPhone = onPhone.requestRoll('1d20', { label: 'Perception' });
    syncAll(laptop, phone);
    await round(laptop, phone);
    await round(laptop, phone);
    const receipt = await fromPhone.receipt;
    expect(receipt).toMatchObject({ status: 'applied', result: { label: 'Perception' } });
    const log = phone.getArray<Intent>(intentLogName(BRAM.userId)).toArray();
    const [lost, reissued] = log.filter(({ payload }) => {
      return (payload as { label?: string }).label === 'Perception';
    }) as [Intent, Intent];
    expect(lost.id).toBe(fromPhone.id);
    expect(reissued.id).toBe(receipt.intentId);
    const payload = reissued.payload as { rollId: string; playerNonce: string };
    expect(payload.rollId).toBe(reissued.id);
    expect(payload.playerNonce).not.toBe((lost.payload as { playerNonce: string }).playerNonce);
    expect(checkRollRequest(payload)).toMatchObject({ ok: true });
    const dice = readMeta(phone)?.dice ?? undefined;
    expect(verifyReceiptDice(receipt, reissued, dice)).toEqual({ ok: true, dice: true });
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: lost.id });
  });
});

/** A token as a doc holds it, as plain JSON. */
function tokenOfDoc(doc: Y.Doc, id: string): unknown {
  return (doc.getMap(TABLE_MAPS.tokens).get(id) as Y.Map<unknown> | undefined)?.toJSON();
}
