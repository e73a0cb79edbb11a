/**
 * Intent policies with the real validator (real Yjs docs, real signatures, the core rules): a
 * kind set to `ask` is held, with its author's later intents, until a GM approves (the rules then
 * rule it) or rejects it with a reason; decisions made on another GM device arrive through the gm
 * doc.
 */
import { deriveRollSeed, roll } from '@meshtable/dice';
import { type DiceCommitment, GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TableAudit } from '../audit/TableAudit';
import { fromYValue, toYValue } from '../doc/yRecords';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { appendIntent, receiptOf } from '../testing/intentLog';
import { ownedToken } from '../testing/records';
import { thrown } from '../testing/thrown';
import { validatorTable } from '../testing/validatorTable';
import { GmValidator } from './GmValidator';
import {
  decideHeldIntent,
  GM_REJECTION_PREFIX,
  intentPolicyOf,
  readHeldIntents,
  readIntentPolicies,
  setIntentPolicy,
} from './intentPolicies';
import { verifyReceiptSignature } from './receiptSignature';
import { playerNonceOf } from './rollSeeds';
import { verifyReceiptDice } from './verifyReceipt';

const CAMPAIGN = 'camp-1';
const gmIdentity = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');

/** The validating GM's docs, a second GM device's gm doc, and a player's table doc. */
function setUp() {
  const { table, gm } = validatorTable({
    campaignId: CAMPAIGN,
    gm: gmIdentity,
    players: [ana, bo],
    tokens: { t1: ownedToken([ana.userId]) },
    chainLength: 8,
  });
  const player = new Y.Doc();
  const gmPhone = new Y.Doc();
  const exchange = (a: Y.Doc, b: Y.Doc) => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  const sync = () => {
    exchange(table, player);
    exchange(gm, gmPhone);
  };
  sync();
  const validator = new GmValidator({ table, gm, identity: gmIdentity, rules: null, now: () => 7 });
  return { table, gm, player, gmPhone, sync, validator };
}

const gmKeys = { [gmIdentity.userId]: encodePublicKey(gmIdentity.publicKey) };

const send = (doc: Y.Doc, author: Identity, kind: string, payload: unknown) =>
  appendIntent(doc, CAMPAIGN, author, kind, payload);

describe('intent policies in the GM validator', () => {
  it('holds an asked-for kind and its author’s later intents until a GM approves', async () => {
    const { player, gmPhone, sync, validator } = setUp();
    setIntentPolicy(gmPhone, 'roll', 'ask');
    sync();
    validator.start();
    const rolled = send(player, ana, 'roll', { notation: '1d20', label: 'Perception' });
    const moved = send(player, ana, 'token.move', { tokenId: 't1', x: 70, y: 0 });
    const boRolled = send(player, bo, 'roll', { notation: '1d6' });
    const boMoved = send(player, bo, 'token.move', { tokenId: 't1', x: 0, y: 70 });
    sync();
    await validator.settled();
    sync();
    // Ana's roll waits, and her move behind it; Bo's roll waits too, but not another log's.
    expect(receiptOf(player, rolled.id)).toBeUndefined();
    expect(receiptOf(player, moved.id)).toBeUndefined();
    expect(receiptOf(player, boRolled.id)).toBeUndefined();
    expect(receiptOf(player, boMoved.id)).toBeUndefined();
    expect(Object.fromEntries(readHeldIntents(player))).toEqual({
      [rolled.id]: { intentId: rolled.id, sig: rolled.sig, kind: 'roll', since: 7 },
      [boRolled.id]: { intentId: boRolled.id, sig: boRolled.sig, kind: 'roll', since: 7 },
    });

    // Approved on the GM's other device: the approval reaches the validator through the gm doc.
    decideHeldIntent(
      gmPhone,
      { intentId: rolled.id, sig: rolled.sig },
      { verdict: 'approve' },
      gmIdentity.userId,
    );
    sync();
    await validator.settled();
    sync();
    const receipt = receiptOf(player, rolled.id);
    expect(receipt).toMatchObject({ status: 'applied', roll: { index: 1 } });
    expect(receipt !== undefined && verifyReceiptSignature(receipt, gmKeys)).toBe(true);
    expect(receiptOf(player, moved.id)).toMatchObject({ status: 'applied' });
    // In Ana's order: the roll was ruled before the move behind it.
    expect(receiptOf(player, moved.id)?.n).toBe((receipt?.n ?? 0) + 1);
    expect([...readHeldIntents(player).keys()]).toEqual([boRolled.id]);
    // The decision has done its work: the gm doc keeps no trace of it.
    expect(gmPhone.getMap(GM_MAPS.intentDecisions).size).toBe(0);
    validator.stop();
  });

  it('rejects by hand with the GM’s reason in a signed receipt that reveals the foreseen dice', async () => {
    const { table, gm, player, sync, validator } = setUp();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(player, ana, 'roll', { notation: '1d20' });
    sync();
    await validator.processPending();
    decideHeldIntent(
      gm,
      { intentId: rolled.id, sig: rolled.sig },
      { verdict: 'reject', reason: '  Not during the cutscene ' },
      gmIdentity.userId,
      11,
    );
    expect(await validator.processPending()).toBe(1);
    sync();
    const receipt = receiptOf(player, rolled.id);
    expect(receipt).toMatchObject({
      status: 'rejected',
      reason: `${GM_REJECTION_PREFIX}Not during the cutscene`,
    });
    expect(receipt !== undefined && verifyReceiptSignature(receipt, gmKeys)).toBe(true);
    expect(readHeldIntents(table).size).toBe(0);
    // The seed the roll would have used is spent and revealed: anyone can see what the GM
    // turned down, so a GM cannot quietly veto the rolls they foresee going badly.
    const commitment = fromYValue(table.getMap(TABLE_MAPS.meta).get('dice')) as DiceCommitment;
    expect(commitment).toMatchObject({ revealed: 1 });
    if (receipt === undefined) throw new Error('no receipt');
    expect(receipt.roll).toMatchObject({ index: 1, draws: [] });
    expect(verifyReceiptDice(receipt, rolled, commitment)).toEqual({ ok: true, dice: true });
    const chainSeed = Buffer.from(receipt.roll?.seed ?? '', 'hex');
    const foreseen = roll(
      '1d20',
      deriveRollSeed(chainSeed, playerNonceOf(rolled.payload, rolled.sig), rolled.id),
    );
    expect(foreseen.total).toBeGreaterThanOrEqual(1);
    // The next roll gets the next seed.
    setIntentPolicy(gm, 'roll', 'auto');
    const again = send(player, ana, 'roll', { notation: '1d20' });
    sync();
    await validator.processPending();
    expect(receiptOf(table, again.id)).toMatchObject({ status: 'applied', roll: { index: 2 } });
  });

  it('rules an approved intent by the rules: approval cannot force an invalid one', async () => {
    const { gm, player, sync, validator } = setUp();
    setIntentPolicy(gm, 'token.move', 'ask');
    // Bo does not own t1.
    const moved = send(player, bo, 'token.move', { tokenId: 't1', x: 0, y: 70 });
    sync();
    await validator.processPending();
    expect(receiptOf(player, moved.id)).toBeUndefined();
    decideHeldIntent(
      gm,
      { intentId: moved.id, sig: moved.sig },
      { verdict: 'approve' },
      gmIdentity.userId,
    );
    await validator.processPending();
    sync();
    const receipt = receiptOf(player, moved.id);
    expect(receipt).toMatchObject({ status: 'rejected' });
    // The rules' reason, not a GM's.
    expect(receipt?.status === 'rejected' && receipt.reason.startsWith(GM_REJECTION_PREFIX)).toBe(
      false,
    );
    expect(fromYValue(player.getMap(TABLE_MAPS.tokens).get('t1'))).toMatchObject({ x: 0, y: 0 });
  });

  it('applies nothing of an intent rejected by hand, and reveals no dice it would not draw', async () => {
    const { gm, player, table, sync, validator } = setUp();
    setIntentPolicy(gm, 'token.move', 'ask');
    const moved = send(player, ana, 'token.move', { tokenId: 't1', x: 70, y: 70 });
    sync();
    await validator.processPending();
    decideHeldIntent(
      gm,
      { intentId: moved.id, sig: moved.sig },
      { verdict: 'reject', reason: 'The door is locked' },
      gmIdentity.userId,
    );
    await validator.processPending();
    expect(receiptOf(table, moved.id)).toMatchObject({
      status: 'rejected',
      reason: `${GM_REJECTION_PREFIX}The door is locked`,
    });
    expect(receiptOf(table, moved.id)).not.toHaveProperty('roll');
    expect(fromYValue(table.getMap(TABLE_MAPS.tokens).get('t1'))).toMatchObject({ x: 0, y: 0 });
    expect(fromYValue(table.getMap(TABLE_MAPS.meta).get('dice'))).toMatchObject({ revealed: 0 });
  });

  it('ignores a decision about another entry with the same id, and releases on `auto`', async () => {
    const { gm, player, sync, validator } = setUp();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(player, ana, 'roll', { notation: '1d4' });
    sync();
    await validator.processPending();
    const other = send(player, bo, 'roll', { notation: '1d4' });
    decideHeldIntent(
      gm,
      { intentId: rolled.id, sig: other.sig },
      { verdict: 'reject', reason: 'no' },
      gmIdentity.userId,
    );
    await validator.processPending();
    sync();
    expect(receiptOf(player, rolled.id)).toBeUndefined();
    setIntentPolicy(gm, 'roll', 'auto');
    await validator.processPending();
    sync();
    expect(receiptOf(player, rolled.id)).toMatchObject({ status: 'applied' });
    expect(receiptOf(player, other.id)).toMatchObject({ status: 'applied' });
  });

  it('never holds a GM’s own intents', async () => {
    const { gm, table, validator } = setUp();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(table, gmIdentity, 'roll', { notation: '1d8' });
    await validator.processPending();
    expect(receiptOf(table, rolled.id)).toMatchObject({ status: 'applied' });
  });

  it('refuses `ask` for joins, bad kinds and bad policies, and rejections without a reason', () => {
    const { gm } = setUp();
    expect(thrown(() => setIntentPolicy(gm, 'join', 'ask')).code).toBe('INTENT_POLICY_INVALID');
    expect(thrown(() => setIntentPolicy(gm, 'Roll!', 'ask')).code).toBe('INTENT_POLICY_INVALID');
    expect(thrown(() => setIntentPolicy(gm, 'roll', 'maybe' as 'ask')).code).toBe(
      'INTENT_POLICY_INVALID',
    );
    const error = thrown(() =>
      decideHeldIntent(
        gm,
        { intentId: `${ana.userId}.1`, sig: 'a'.repeat(86) },
        { verdict: 'reject', reason: '   ' },
        gmIdentity.userId,
      ),
    );
    expect(error.code).toBe('GM_DECISION_INVALID');
    expect(error.message).toContain('a rejection needs a reason');
    expect(gm.getMap(GM_MAPS.intentDecisions).size).toBe(0);
    // `join` set to `ask` by hand in the doc is still `auto`; junk entries are left out.
    gm.getMap(GM_MAPS.intentPolicies).set('join', 'ask');
    gm.getMap(GM_MAPS.intentPolicies).set('roll', 'sometimes');
    setIntentPolicy(gm, 'srd5e:cast-spell', 'ask');
    expect(intentPolicyOf(gm, 'join')).toBe('auto');
    expect(intentPolicyOf(gm, 'roll')).toBe('auto');
    expect([...readIntentPolicies(gm)]).toEqual([
      ['join', 'ask'],
      ['srd5e:cast-spell', 'ask'],
    ]);
  });
});

describe('held markers and the audit', () => {
  it('undoes a player’s marker and a player’s removal of one', async () => {
    const { table, gm, player, sync, validator } = setUp();
    const reports: string[] = [];
    const audit = new TableAudit({
      table,
      onReport: (report) => reports.push(`${report.what} ${report.where}`),
    });
    audit.start();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(player, ana, 'roll', { notation: '1d6' });
    sync();
    await validator.processPending();
    sync();
    const marker = fromYValue(player.getMap(TABLE_MAPS.held).get(rolled.id));
    // Ana hides that her roll waits, and marks Bo's next roll as held.
    player.transact(() => {
      player.getMap(TABLE_MAPS.held).delete(rolled.id);
      player
        .getMap(TABLE_MAPS.held)
        .set(`${bo.userId}.1`, toYValue({ ...(marker as object), intentId: `${bo.userId}.1` }));
    });
    sync();
    sync();
    expect(Object.fromEntries(readHeldIntents(player))).toEqual({ [rolled.id]: marker });
    expect(reports.sort()).toEqual([`added held/${bo.userId}.1`, `deleted held/${rolled.id}`]);
    audit.stop();
  });
});
