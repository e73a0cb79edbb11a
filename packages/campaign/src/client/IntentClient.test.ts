import { checkRollRequest, DICE_ENGINE_VERSION } from '@meshtable/dice';
import { intentLogName, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { encodePublicKey } from '../identity/identity';
import type { Intent } from '../intents/intent';
import { signIntent } from '../intents/signIntent';
import { verifyIntent } from '../intents/verifyIntent';
import { createCampaign } from '../lifecycle/createCampaign';
import { makeInviteLink, parseInviteLink } from '../lifecycle/invite';
import { readMembers, readMeta } from '../lifecycle/readCampaign';
import { ARIA, BRAM } from '../testing/intents';
import { rejected, thrown } from '../testing/thrown';
import { signReceipt } from '../validator/receiptSignature';
import { IntentClient } from './IntentClient';
import { campaignWithPlayer, ruleAll, SYSTEM, syncAll } from './tableFixture';

/** Whether a promise has settled, after the microtasks queued so far. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return settled;
}

describe('IntentClient: joining and asking', () => {
  it('joins through an invite with a signed, numbered intent and hears the receipt', async () => {
    const created = createCampaign({ gm: ARIA, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
    const parsed = parseInviteLink(makeInviteLink('https://table.example/', created));
    if (!parsed.ok) throw new Error(parsed.message);
    const playerDoc = new Y.Doc();
    syncAll(created.table, playerDoc);
    const client = new IntentClient({
      doc: playerDoc,
      identity: BRAM,
      campaignId: parsed.invite.campaignId,
    });

    const join = client.requestJoin(' Bram ', '#aa2200');
    const log = playerDoc.getArray<Intent>(intentLogName(BRAM.userId));
    expect(log.length).toBe(1);
    const entry = log.get(0);
    expect(entry).toMatchObject({
      v: 1,
      id: `${BRAM.userId}.1`,
      kind: 'join',
      seq: 1,
      author: BRAM.userId,
      campaign: created.campaignId,
      payload: { publicKey: encodePublicKey(BRAM.publicKey), name: 'Bram', color: '#aa2200' },
    });
    expect(join.id).toBe(entry.id);
    // A non-member's intent verifies against the key it carries.
    const key = (entry.payload as { publicKey: string }).publicKey;
    expect(verifyIntent(entry, key)).toMatchObject({ ok: true });
    expect(verifyIntent(entry, encodePublicKey(ARIA.publicKey))).toMatchObject({ ok: false });

    const roll = client.requestRoll('1d20+5', { label: 'Perception' });
    const again = client.requestRoll('1d20+5');
    expect([roll.id, again.id]).toEqual([`${BRAM.userId}.2`, `${BRAM.userId}.3`]);
    const rollPayload = log.get(1).payload as Record<string, unknown>;
    expect(rollPayload).toMatchObject({
      rollId: roll.id,
      notation: '1d20+5',
      chainHead: readMeta(playerDoc)?.dice?.head,
      engine: DICE_ENGINE_VERSION,
      label: 'Perception',
      playerNonce: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(checkRollRequest(rollPayload)).toMatchObject({ ok: true });
    expect((log.get(2).payload as { playerNonce: string }).playerNonce).not.toBe(
      rollPayload.playerNonce,
    );
    expect(client.pending().map(({ intent }) => intent.id)).toEqual([join.id, roll.id, again.id]);

    syncAll(playerDoc, created.table);
    ruleAll(created.table, ARIA, (intent) =>
      intent.kind === 'roll' ? { status: 'applied', result: 17 } : { status: 'applied' },
    );
    // The GM has ruled, but the receipts have not reached the player yet.
    expect(await isSettled(join.receipt)).toBe(false);
    syncAll(created.table, playerDoc);
    await expect(join.receipt).resolves.toMatchObject({
      intentId: join.id,
      status: 'applied',
      by: ARIA.userId,
    });
    await expect(roll.receipt).resolves.toMatchObject({ intentId: roll.id, result: 17 });
    expect(client.pending()).toEqual([]);
    expect(readMembers(playerDoc).get(BRAM.userId)?.status).toBe('pending');
  });

  it('signs generic requests and damage, each under the next seq', () => {
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const client = new IntentClient({ doc: table, identity: BRAM, campaignId });
    const chat = client.request('chat.command', { text: '/attack goblin' });
    const damage = client.requestApplyDamage('a1', 7, 'fire');
    const heal = client.requestApplyDamage('a1', -3);
    const log = table.getArray<Intent>(intentLogName(BRAM.userId));
    expect(log.toArray().map(({ seq, kind }) => [seq, kind])).toEqual([
      [1, 'chat.command'],
      [2, 'damage.apply'],
      [3, 'damage.apply'],
    ]);
    expect([chat.id, damage.id, heal.id]).toEqual(log.toArray().map(({ id }) => id));
    expect(log.get(1).payload).toEqual({ actorId: 'a1', amount: 7, type: 'fire' });
    expect(log.get(2).payload).toEqual({ actorId: 'a1', amount: -3 });
    for (const entry of log.toArray()) {
      expect(verifyIntent(entry, BRAM.publicKey)).toMatchObject({ ok: true });
    }
  });

  it('signs under the seq after its highest id, past gaps, receipts and forged entries', () => {
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const log = table.getArray<Intent>(intentLogName(BRAM.userId));
    const signed = (seq: number) =>
      signIntent(BRAM, { campaign: campaignId, kind: 'chat.command', payload: seq, seq, at: 1 });
    // Seqs may have gaps (a device re-issued, another's entry has not arrived here yet).
    log.push([signed(1), signed(5)]);
    // An entry Bram did not sign may claim any id: it takes that id, but not the count.
    const forged = { ...signed(9_007_199_254_740_991), payload: 'forged' };
    log.push([{ ...signed(7), payload: 'forged' }, forged]);
    // A receipt can arrive before the entry it answers.
    table.getMap(TABLE_MAPS.receipts).set(
      `${BRAM.userId}.6`,
      toYValue({
        intentId: `${BRAM.userId}.6`,
        sig: signed(6).sig,
        status: 'applied',
        by: ARIA.userId,
        at: 2,
      }),
    );
    const client = new IntentClient({ doc: table, identity: BRAM, campaignId });
    expect([client.request('chat.command', 1).id, client.request('chat.command', 2).id]).toEqual([
      `${BRAM.userId}.8`,
      `${BRAM.userId}.9`,
    ]);
    expect(client.pending().map(({ intent }) => intent.seq)).toEqual([1, 5, 8, 9]);
  });

  it('refuses malformed requests before writing anything', () => {
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const client = new IntentClient({ doc: table, identity: BRAM, campaignId });
    expect(thrown(() => client.requestMoveToken('t 1', 0, 0)).code).toBe('CLIENT_INVALID_REQUEST');
    expect(thrown(() => client.requestMoveToken('t1', Number.NaN, 0)).code).toBe(
      'CLIENT_INVALID_REQUEST',
    );
    expect(thrown(() => client.requestApplyDamage('a1', Infinity)).code).toBe(
      'CLIENT_INVALID_REQUEST',
    );
    expect(thrown(() => client.requestJoin('', 'red')).message).toMatch(/name.*color/s);
    expect(thrown(() => client.requestRoll('1d6', { label: '' })).code).toBe(
      'CLIENT_INVALID_REQUEST',
    );
    expect(thrown(() => client.request('Not A Kind', null)).code).toBe('INTENT_INVALID');
    table.getMap(TABLE_MAPS.meta).delete('dice');
    expect(thrown(() => client.requestRoll('1d6')).code).toBe('CLIENT_NO_DICE_CHAIN');
    expect(table.getArray(intentLogName(BRAM.userId)).length).toBe(0);
    expect(
      thrown(() => new IntentClient({ doc: table, identity: BRAM, campaignId: 'a:gm' })).code,
    ).toBe('CLIENT_INVALID_REQUEST');
  });
});

describe('IntentClient: the optimistic preview', () => {
  function setUp() {
    const created = campaignWithPlayer(ARIA, BRAM);
    const playerDoc = new Y.Doc();
    syncAll(created.table, playerDoc);
    const client = new IntentClient({
      doc: playerDoc,
      identity: BRAM,
      campaignId: created.campaignId,
    });
    const position = (doc: Y.Doc) => {
      const token = doc.getMap(TABLE_MAPS.tokens).toJSON().t1 as { x: number; y: number };
      return [token.x, token.y];
    };
    return { ...created, playerDoc, client, position };
  }

  it('shows a move at once, and leaves the moved record when it is applied', async () => {
    const { table, playerDoc, client, position } = setUp();
    let changes = 0;
    client.subscribe(() => changes++);
    const move = client.requestMoveToken('t1', 140, 70);
    expect(changes).toBeGreaterThan(0);
    expect(position(playerDoc)).toEqual([70, 70]);
    expect(client.optimisticTokens().get('t1')).toMatchObject({ x: 140, y: 70 });
    expect(client.previewToken('t1')).toMatchObject({
      token: { x: 140, y: 70 },
      pending: [move.id],
      rejection: null,
    });
    // A later move of the same token wins in the preview.
    const second = client.requestMoveToken('t1', 210, 140);
    expect(client.previewToken('t1')?.token).toMatchObject({ x: 210, y: 140 });

    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    const before = changes;
    syncAll(table, playerDoc);
    expect(changes).toBeGreaterThan(before);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(second.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(position(playerDoc)).toEqual([210, 140]);
    expect(client.previewToken('t1')).toMatchObject({
      token: { x: 210, y: 140 },
      pending: [],
      rejection: null,
    });
  });

  it('snaps a refused move back and says why', async () => {
    const { table, playerDoc, client, position } = setUp();
    const move = client.requestMoveToken('t1', 9_000, 70);
    expect(client.optimisticTokens().get('t1')).toMatchObject({ x: 9_000 });
    syncAll(playerDoc, table);
    ruleAll(table, ARIA, () => ({ status: 'rejected', reason: 'the token cannot move that far' }));
    syncAll(table, playerDoc);
    await expect(move.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'the token cannot move that far',
    });
    expect(position(playerDoc)).toEqual([70, 70]);
    expect(client.optimisticTokens().get('t1')).toMatchObject({ x: 70, y: 70 });
    expect(client.previewToken('t1')?.rejection).toEqual({
      intentId: move.id,
      reason: 'the token cannot move that far',
    });
    expect(client.rejections().get('t1')?.intentId).toBe(move.id);
    // Asking again clears the refusal; so does dismissing it.
    client.requestMoveToken('t1', 140, 70);
    expect(client.previewToken('t1')?.rejection).toBeNull();
  });

  it('ignores receipts that are malformed, not by a GM, or not signed by the GM they name', async () => {
    const { table, playerDoc, client } = setUp();
    const problems: string[] = [];
    const watched = new IntentClient({
      doc: playerDoc,
      identity: BRAM,
      campaignId: client.campaignId,
      onProblem: (problem) => problems.push(problem),
    });
    const move = watched.requestMoveToken('t1', 140, 70);
    const receipts = playerDoc.getMap(TABLE_MAPS.receipts);
    const { sig } = playerDoc.getArray<Intent>(intentLogName(BRAM.userId)).get(0);
    // Another player forges an answer (the GM's audit reverts it; the client must not believe it).
    const unsigned = { intentId: move.id, sig, status: 'applied', by: BRAM.userId, at: 1 } as const;
    receipts.set(move.id, toYValue(signReceipt(unsigned, BRAM) as never));
    expect(await isSettled(move.receipt)).toBe(false);
    // In the GM's name, signed by someone else, or a signed receipt rewritten.
    receipts.set(move.id, toYValue(signReceipt({ ...unsigned, by: ARIA.userId }, BRAM) as never));
    expect(await isSettled(move.receipt)).toBe(false);
    const genuine = signReceipt({ ...unsigned, by: ARIA.userId }, ARIA);
    receipts.set(move.id, toYValue({ ...genuine, status: 'rejected', reason: 'no' } as never));
    expect(await isSettled(move.receipt)).toBe(false);
    receipts.set(move.id, { intentId: move.id, status: 'maybe' });
    expect(await isSettled(move.receipt)).toBe(false);
    expect(watched.pending()).toHaveLength(1);
    expect(problems).toEqual([
      `receipt ${move.id} is by ${BRAM.userId}, not by a GM`,
      `receipt ${move.id} is not signed by ${ARIA.userId}, the GM it names: ignored`,
      expect.stringContaining(`receipt ${move.id} is malformed`),
    ]);
    receipts.delete(move.id);
    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    syncAll(table, playerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied', by: ARIA.userId });
  });

  it('neither ends nor re-issues a request on a forged receipt for another entry', async () => {
    const { table, playerDoc, client } = setUp();
    const move = client.requestMoveToken('t1', 140, 70);
    // A receipt in the GM's name that says another entry took the id: unsigned by the GM.
    const unsigned = {
      intentId: move.id,
      sig: 'A'.repeat(86),
      status: 'applied',
      by: ARIA.userId,
      at: 1,
    } as const;
    playerDoc
      .getMap(TABLE_MAPS.receipts)
      .set(move.id, toYValue(signReceipt(unsigned, BRAM) as never));
    expect(await isSettled(move.receipt)).toBe(false);
    expect(client.collisions()).toEqual([]);
    expect(playerDoc.getArray(intentLogName(BRAM.userId)).length).toBe(1);
    // The GM's repair (a field put back inside the receipt) is heard, then the real ruling.
    playerDoc.getMap(TABLE_MAPS.receipts).delete(move.id);
    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    syncAll(table, playerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied', intentId: move.id });
  });

  it('trusts the GM keys it pinned, not a key added to meta.gms later', async () => {
    const { table, playerDoc, client } = setUp();
    const move = client.requestMoveToken('t1', 140, 70);
    const { sig } = playerDoc.getArray<Intent>(intentLogName(BRAM.userId)).get(0);
    // Bram writes himself into meta.gms and signs a receipt of his own.
    const meta = playerDoc.getMap(TABLE_MAPS.meta);
    const gms = readMeta(playerDoc)?.gms ?? {};
    meta.set('gms', { ...gms, [BRAM.userId]: encodePublicKey(BRAM.publicKey) });
    const unsigned = { intentId: move.id, sig, status: 'rejected', by: BRAM.userId, at: 1 };
    const forged = signReceipt({ ...unsigned, reason: 'no' } as never, BRAM);
    playerDoc.getMap(TABLE_MAPS.receipts).set(move.id, toYValue(forged as never));
    expect(await isSettled(move.receipt)).toBe(false);
    // A client given the keys to trust ignores meta.gms altogether.
    const given = new IntentClient({
      doc: playerDoc,
      identity: BRAM,
      campaignId: client.campaignId,
      trustedGms: { [BRAM.userId]: encodePublicKey(BRAM.publicKey) },
    });
    expect(given.collisions()).toEqual([]);
    expect(given.pending()).toEqual([]);
    given.close();
    playerDoc.getMap(TABLE_MAPS.receipts).delete(move.id);
    meta.set('gms', gms);
    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    syncAll(table, playerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied', by: ARIA.userId });
  });

  it('appends again, unchanged, its entry deleted before the GM answered it', async () => {
    const { table, playerDoc, client } = setUp();
    const move = client.requestMoveToken('t1', 140, 70);
    const log = playerDoc.getArray<Intent>(intentLogName(BRAM.userId));
    const entry = log.get(0);
    // Someone deletes it before the GM's peer has seen it.
    log.delete(0, 1);
    expect(log.toArray()).toEqual([entry]);
    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    syncAll(table, playerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied', sig: entry.sig });
    // Answered: deleting it now is the audit's to undo, not the client's.
    log.delete(0, 1);
    expect(log.length).toBe(0);
  });

  /** Another device of Bram's, with its own copy of `from`. */
  function bramsPhone(from: Y.Doc, campaignId: string) {
    const phone = new Y.Doc();
    syncAll(from, phone);
    return { phone, phoneClient: new IntentClient({ doc: phone, identity: BRAM, campaignId }) };
  }

  it('leaves another device’s deleted entry to that device', async () => {
    const { playerDoc, client } = setUp();
    // Bram's phone appended an entry, and someone deleted it before the GM's peer saw it.
    const { phone, phoneClient } = bramsPhone(playerDoc, client.campaignId);
    const phoneMove = phoneClient.requestMoveToken('t1', 140, 70);
    syncAll(phone, playerDoc);
    const log = playerDoc.getArray<Intent>(intentLogName(BRAM.userId));
    expect(log.length).toBe(1);
    log.delete(0, 1);
    // This device does not append the phone's entry again: the GM's audit credits a device with
    // the person whose entry it appended first, and this copy could reach the GM first.
    expect(log.length).toBe(0);
    syncAll(playerDoc, phone);
    expect(phone.getArray(intentLogName(BRAM.userId)).length).toBe(1);
    phoneClient.close();
    expect((await rejected(phoneMove.receipt)).code).toBe('CLIENT_CLOSED');
  });

  it('is introduced once the GM has answered an entry this device appended', async () => {
    const { table, playerDoc, client } = setUp();
    expect(client.introduced()).toBe(false);
    const move = client.requestMoveToken('t1', 140, 70);
    expect(client.introduced()).toBe(false);
    syncAll(playerDoc, table);
    ruleAll(table, ARIA);
    // Another device with Bram's key, which the GM's receipt does not answer.
    const { phoneClient } = bramsPhone(table, client.campaignId);
    expect(phoneClient.introduced()).toBe(false);
    syncAll(table, playerDoc);
    await move.receipt;
    expect(client.introduced()).toBe(true);
    // Someone's copy of that entry in the log: the GM's peer may have met that one first.
    const log = playerDoc.getArray<Intent>(intentLogName(BRAM.userId));
    const copier = new Y.Doc();
    syncAll(playerDoc, copier);
    copier.getArray<Intent>(intentLogName(BRAM.userId)).push([log.get(0)]);
    syncAll(copier, playerDoc);
    expect(client.introduced()).toBe(false);
    phoneClient.close();
  });

  it('fails open tickets when closed, and refuses new requests', async () => {
    const { client } = setUp();
    const move = client.requestMoveToken('t1', 140, 70);
    client.close();
    expect((await rejected(move.receipt)).code).toBe('CLIENT_CLOSED');
    expect(thrown(() => client.requestMoveToken('t1', 0, 0)).code).toBe('CLIENT_CLOSED');
    // The intent itself stays in the log, to be ruled on.
    expect(client.pending()).toHaveLength(1);
  });
});
