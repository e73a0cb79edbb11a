/**
 * The GM validator against real Yjs documents (a GM's and a player's, synced by exchanging
 * updates), real signatures and, for module rules, the real sandbox.
 */
import { deriveRollSeed, roll, verifySeedAt } from '@meshtable/dice';
import { Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import { type DiceCommitment, intentLogName, type Receipt, TABLE_MAPS } from '@meshtable/schema';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { signIntent } from '../intents/signIntent';
import { loadDemoModule } from '../testing/demoModule';
import { receiptOf } from '../testing/intentLog';
import { ownedToken } from '../testing/records';
import { validatorTable } from '../testing/validatorTable';
import { GmValidator, type RulesHost } from './GmValidator';
import { verifyReceiptSignature } from './receiptSignature';
import { playerNonceOf } from './rollSeeds';
import { verifyReceiptDice } from './verifyReceipt';

const CAMPAIGN = 'camp-1';
const gmIdentity = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');
const stranger = createIdentity('Stranger', '#777777');

const token = ownedToken([ana.userId]);

/** A campaign as a GM's peer holds it, and a player's copy of its table doc. */
function setUp(options: { autoAdmit?: boolean } = {}) {
  const { table, gm, chain } = validatorTable({
    campaignId: CAMPAIGN,
    gm: gmIdentity,
    players: [ana, bo],
    tokens: { t1: token },
    chainLength: 32,
    autoAdmit: options.autoAdmit,
  });
  const player = new Y.Doc();
  Y.applyUpdate(player, Y.encodeStateAsUpdate(table));
  const sync = () => {
    Y.applyUpdate(table, Y.encodeStateAsUpdate(player, Y.encodeStateVector(table)));
    Y.applyUpdate(player, Y.encodeStateAsUpdate(table, Y.encodeStateVector(player)));
  };
  return { table, gm, player, chain, sync };
}

/** Appends a signed intent to `author`'s log in `doc` (as that person's client would). */
function send(
  doc: Y.Doc,
  author: Identity,
  kind: string,
  payload: unknown,
  options: { signer?: Identity; campaign?: string } = {},
) {
  const log = doc.getArray<unknown>(intentLogName(author.userId));
  const intent = signIntent(options.signer ?? author, {
    campaign: options.campaign ?? CAMPAIGN,
    kind,
    payload: payload as never,
    seq: log.length + 1,
    at: 5,
  });
  // A forged entry: signed by someone else, dressed up as the author's own.
  const entry =
    options.signer === undefined
      ? intent
      : { ...intent, author: author.userId, id: `${author.userId}.${log.length + 1}` };
  log.push([entry]);
  return entry;
}

function tokenOf(doc: Y.Doc) {
  return (doc.getMap(TABLE_MAPS.tokens).get('t1') as Y.Map<unknown>).toJSON();
}

describe('GmValidator with the core rules', () => {
  it('moves a token for its owner and refuses anyone else, with a receipt each', async () => {
    const { table, gm, player, sync } = setUp();
    const mine = send(player, ana, 'token.move', { tokenId: 't1', x: 70, y: 140 });
    const theirs = send(player, bo, 'token.move', { tokenId: 't1', x: 0, y: 0 });
    sync();
    const validator = new GmValidator({
      table,
      gm,
      identity: gmIdentity,
      rules: null,
      now: () => 9,
    });
    expect(await validator.processPending()).toBe(2);
    sync();
    expect(receiptOf(player, mine.id)).toEqual({
      intentId: mine.id,
      sig: mine.sig,
      n: expect.any(Number),
      status: 'applied',
      by: gmIdentity.userId,
      at: 9,
      gmSig: expect.any(String),
    });
    // Every receipt is signed by the GM who ruled, and by nobody else.
    const gmKeys = { [gmIdentity.userId]: encodePublicKey(gmIdentity.publicKey) };
    for (const entry of [mine, theirs]) {
      expect(verifyReceiptSignature(receiptOf(player, entry.id) as Receipt, gmKeys)).toBe(true);
    }
    expect(receiptOf(player, theirs.id)).toMatchObject({
      status: 'rejected',
      reason: 'you do not control this token',
    });
    // Each receipt has its place in the order of rulings.
    const order = [mine, theirs].map((entry) => receiptOf(player, entry.id)?.n);
    expect(order.sort()).toEqual([1, 2]);
    expect(tokenOf(player)).toMatchObject({ x: 70, y: 140 });
    // Nothing is ruled twice.
    expect(await validator.processPending()).toBe(0);
  });

  it("refuses forged, misplaced, foreign and strangers' intents", async () => {
    const { table, gm, player, sync } = setUp();
    const forged = send(player, ana, 'token.move', { tokenId: 't1', x: 1, y: 1 }, { signer: bo });
    const foreign = send(
      player,
      ana,
      'token.move',
      { tokenId: 't1', x: 2, y: 2 },
      { campaign: 'other' },
    );
    const strangers = send(player, stranger, 'token.move', { tokenId: 't1', x: 3, y: 3 });
    // An entry in Bo's log that claims to be Ana's next intent, to pre-empt it with a rejection.
    const claim = signIntent(bo, {
      campaign: CAMPAIGN,
      kind: 'roll',
      payload: { notation: '1d6' },
      seq: 3,
      at: 0,
    });
    player.getArray(intentLogName(bo.userId)).push([{ ...claim, id: `${ana.userId}.3` }]);
    sync();
    const problems: string[] = [];
    const validator = new GmValidator({
      table,
      gm,
      identity: gmIdentity,
      rules: null,
      onProblem: (problem) => problems.push(problem),
    });
    await validator.processPending();
    // A forgery in Ana's log gets no receipt: a receipt would take the id from Ana's own intent.
    expect(receiptOf(table, forged.id)).toBeUndefined();
    expect(receiptOf(table, foreign.id)).toMatchObject({
      reason: 'the intent was signed for another campaign',
    });
    // A stranger's entry has no key to check it with: it gets no receipt, which would take the
    // id from the stranger's own join, should they ask to join.
    expect(receiptOf(table, strangers.id)).toBeUndefined();
    // Bo's entry cannot take Ana's id: it is not answered, and Ana's third intent stays hers.
    expect(receiptOf(table, `${ana.userId}.3`)).toBeUndefined();
    expect(problems.sort()).toEqual(
      [
        `${forged.id} in intents/${ana.userId}: it does not verify: The signature of intent ${forged.id} does not match its content and author.`,
        `intents/${bo.userId}[0] has no id of its author's or no signature: it cannot be answered`,
        `${strangers.id} in intents/${stranger.userId}: its sender is not a member, and it carries no key to check it with`,
      ].sort(),
    );
    expect(tokenOf(table)).toMatchObject({ x: 0, y: 0 });
    // Ana's own intent with the id the forgery named is answered when it comes.
    const real = signIntent(ana, {
      campaign: CAMPAIGN,
      kind: 'token.move',
      payload: { tokenId: 't1', x: 70, y: 70 },
      seq: 1,
      at: 6,
    });
    player.getArray(intentLogName(ana.userId)).push([real]);
    sync();
    await validator.processPending();
    expect(real.id).toBe(forged.id);
    expect(receiptOf(table, real.id)).toMatchObject({ status: 'applied', sig: real.sig });
    expect(tokenOf(table)).toMatchObject({ x: 70, y: 70 });
  });

  it('adds a joining player as pending, or as a member when the campaign admits automatically', async () => {
    for (const autoAdmit of [false, true]) {
      const { table, gm, player, sync } = setUp({ autoAdmit });
      const join = send(player, stranger, 'join', {
        publicKey: encodePublicKey(stranger.publicKey),
        name: 'Cy',
        color: '#123456',
      });
      sync();
      await new GmValidator({ table, gm, identity: gmIdentity, rules: null }).processPending();
      expect(receiptOf(table, join.id)?.status).toBe('applied');
      expect(
        (table.getMap(TABLE_MAPS.members).get(stranger.userId) as Y.Map<unknown>).toJSON(),
      ).toMatchObject({
        name: 'Cy',
        role: 'player',
        status: autoAdmit ? 'member' : 'pending',
      });
    }
  });

  it('rolls with a revealed chain seed that every peer can check', async () => {
    const { table, gm, player, chain, sync } = setUp();
    const nonce = 'ab'.repeat(16);
    const request = send(player, ana, 'roll', {
      notation: '4d6kh3',
      label: 'stat',
      playerNonce: nonce,
    });
    sync();
    await new GmValidator({ table, gm, identity: gmIdentity, rules: null }).processPending();
    sync();
    const receipt = receiptOf(player, request.id);
    expect(receipt?.status).toBe('applied');
    if (receipt?.status !== 'applied' || receipt.roll === undefined)
      throw new Error('no roll in the receipt');
    expect(receipt.roll.index).toBe(1);
    const chainSeed = Uint8Array.from(Buffer.from(receipt.roll.seed, 'hex'));
    expect(verifySeedAt(chain.head, receipt.roll.index, chainSeed)).toBe(true);
    const seed = deriveRollSeed(
      chainSeed,
      playerNonceOf({ playerNonce: nonce }, request.sig),
      request.id,
    );
    expect(receipt.result).toMatchObject({ total: roll('4d6kh3', seed).total, label: 'stat' });
    expect((player.getMap(TABLE_MAPS.meta).get('dice') as { revealed: number }).revealed).toBe(1);

    // Every peer checks the receipt; a tampered one fails, whatever was changed.
    const commitment = player.getMap(TABLE_MAPS.meta).get('dice') as DiceCommitment;
    expect(verifyReceiptDice(receipt, request, commitment)).toEqual({ ok: true, dice: true });
    // The receipt of another entry with the same id (another device's) is not this one's.
    expect(
      verifyReceiptDice({ ...receipt, sig: 'A'.repeat(86) }, request, commitment),
    ).toMatchObject({
      ok: false,
      reason: 'the receipt answers another entry with this id',
    });
    const otherSeed = { ...receipt, roll: { ...receipt.roll, seed: 'cd'.repeat(32) } };
    expect(verifyReceiptDice(otherSeed, request, commitment)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not seed 1'),
    });
    const laterSeed = { ...receipt, roll: { ...receipt.roll, index: 2 } };
    expect(verifyReceiptDice(laterSeed, request, commitment).ok).toBe(false);
    const result = receipt.result as { total: number; text: string };
    const luckier = {
      ...receipt,
      result: {
        ...result,
        total: result.total + 1,
        text: result.text.replace(/= \d+$/, `= ${result.total + 1}`),
      },
    };
    expect(verifyReceiptDice(luckier, request, commitment)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('the seed gives'),
    });
    // Dice that claim to be a module's, in a system whose module has no roll hook.
    const claimed = { ...luckier, roll: { ...receipt.roll, draws: [{ sides: 20, value: 20 }] } };
    expect(verifyReceiptDice(claimed, request, commitment, false)).toMatchObject({
      ok: false,
      reason: 'the game system has no roll hook, yet the dice claim to be its',
    });
  });

  it('answers an entry that lands before entries it has answered (another device appending)', async () => {
    const { table, gm, player, sync } = setUp();
    const validator = new GmValidator({ table, gm, identity: gmIdentity, rules: null });
    const moves = [1, 2].map((x) => send(player, ana, 'token.move', { tokenId: 't1', x, y: 0 }));
    sync();
    expect(await validator.processPending()).toBe(2);
    // Ana's tablet appended its own third intent after the first, offline: it lands there.
    const late = signIntent(ana, {
      campaign: CAMPAIGN,
      kind: 'token.move',
      payload: { tokenId: 't1', x: 3, y: 0 },
      seq: 3,
      at: 5,
    });
    player.getArray(intentLogName(ana.userId)).insert(1, [late]);
    sync();
    expect(await validator.processPending()).toBe(1);
    expect(receiptOf(table, late.id)?.status).toBe('applied');
    expect(moves.map((move) => receiptOf(table, move.id)?.n)).toEqual([1, 2]);
  });

  it('processes new intents as they arrive once started', async () => {
    const { table, gm, player, sync } = setUp();
    const validator = new GmValidator({ table, gm, identity: gmIdentity, rules: null });
    validator.start();
    const moves = [1, 2, 3].map((x) =>
      send(player, ana, 'token.move', { tokenId: 't1', x: x * 70, y: 0 }),
    );
    sync();
    await validator.settled();
    validator.stop();
    for (const move of moves) expect(receiptOf(table, move.id)?.status).toBe('applied');
    expect(tokenOf(table)).toMatchObject({ x: 210 });
  });
});

describe('GmValidator with module rules in the sandbox', () => {
  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  afterAll(() => sandbox.close());
  const RULES = `
exports.validate = (intent, state) => {
  if (intent.kind !== 'token.move') return { ok: true };
  const token = state.tokens[intent.payload.tokenId];
  const steps = Math.max(Math.abs(intent.payload.x - token.x), Math.abs(intent.payload.y - token.y)) / 70;
  return steps <= 6 ? { ok: true } : { ok: false, reason: 'that is ' + steps + ' squares; you move 6' };
};
exports.apply = (intent) => {
  if (intent.kind === 'break') return [{ op: 'set', collection: 'tokens', id: 't1', path: ['size'], value: -1 }];
  return [];
};
exports.roll = (request, ctx) => ({ total: ctx.dice.die(20), text: request.notation });`;
  const load = (): Promise<RulesHost> => loadDemoModule(sandbox, RULES);

  it('lets the module decide, and reveals the seed its dice came from', async () => {
    const { table, gm, player, sync } = setUp();
    const rules = await load();
    const near = send(player, ana, 'token.move', { tokenId: 't1', x: 420, y: 0 });
    const far = send(player, ana, 'token.move', { tokenId: 't1', x: 420 + 7 * 70, y: 0 });
    const rolled = send(player, ana, 'roll', { notation: '1d20' });
    sync();
    await new GmValidator({ table, gm, identity: gmIdentity, rules }).processPending();
    // A move draws no dice: its seed stays unrevealed, for the roll after it.
    expect(receiptOf(table, near.id)).toMatchObject({ status: 'applied' });
    expect(receiptOf(table, near.id)).not.toHaveProperty('roll');
    expect(receiptOf(table, far.id)).toMatchObject({
      status: 'rejected',
      reason: 'that is 7 squares; you move 6',
    });
    expect(receiptOf(table, rolled.id)).toMatchObject({
      status: 'applied',
      result: { text: '1d20' },
      roll: { index: 1, draws: [{ sides: 20 }] },
    });
    expect(tokenOf(table)).toMatchObject({ x: 420, y: 0 });
  });

  it('turns a ruling that would break a record into a rejection, changing nothing', async () => {
    const { table, gm, player, sync } = setUp();
    const rules = await load();
    const breaking = send(player, gmIdentity, 'break', {});
    sync();
    await new GmValidator({ table, gm, identity: gmIdentity, rules }).processPending();
    expect(receiptOf(table, breaking.id)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('tokens/t1 would be invalid: size'),
    });
    expect(tokenOf(table)).toMatchObject({ size: 1 });
  });
});
