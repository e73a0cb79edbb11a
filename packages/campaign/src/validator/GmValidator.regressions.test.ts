/**
 * What the seeded convergence runs (tests/integration/campaignConvergence.test.ts) found wrong in
 * the validator, each pinned here on its own: an intent that arrived as a ruling finished was
 * left unanswered; a tampered copy of an entry put in front of it kept the entry from ever being
 * answered; meta's entries written back as Y.Maps by the audit were misread; and a replay could
 * not know the order of the rulings, nor reproduce a joining member's `since`.
 */
import { createSeedChain, seedChainToJSON } from '@meshtable/dice';
import { GM_MAPS, intentLogName, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { signIntent } from '../intents/signIntent';
import { receiptOf } from '../testing/intentLog';
import { memberRecord, ownedToken } from '../testing/records';
import { GmValidator, VALIDATOR_ORIGIN } from './GmValidator';

const CAMPAIGN = 'camp-1';
const gmIdentity = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');
const newcomer = createIdentity('Cy', '#884488');

const token = ownedToken([ana.userId]);

/** A GM's table doc and gm doc; meta's entries as Y.Maps when `metaAsMaps` (the audit's way). */
function setUp(options: { metaAsMaps?: boolean } = {}) {
  const table = new Y.Doc();
  const gm = new Y.Doc();
  const chain = createSeedChain(16);
  const meta = {
    campaign: {
      id: CAMPAIGN,
      name: 'Tomb',
      createdAt: 1,
      system: { id: 'demo', version: '1.0.0', sha256: 'ab'.repeat(32) },
      settings: { autoAdmit: true, intentPolicy: {} },
    },
    dice: { head: Buffer.from(chain.head).toString('hex'), length: chain.length, revealed: 0 },
  };
  table.transact(() => {
    for (const [key, value] of Object.entries(meta))
      table.getMap(TABLE_MAPS.meta).set(key, options.metaAsMaps ? toYValue(value) : value);
    table.getMap(TABLE_MAPS.members).set(ana.userId, toYValue(memberRecord(ana, 'player')));
    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(token));
  });
  gm.getMap(GM_MAPS.validator).set('seedChain', seedChainToJSON(chain));
  return { table, gm };
}

function append(table: Y.Doc, author: Identity, kind: string, payload: unknown, seq: number) {
  const intent = signIntent(author, {
    campaign: CAMPAIGN,
    kind,
    payload: payload as never,
    seq,
    at: 5,
  });
  table.getArray(intentLogName(author.userId)).push([intent]);
  return intent;
}

const join = (identity: Identity) => ({
  publicKey: encodePublicKey(identity.publicKey),
  name: identity.name,
  color: identity.color,
});

describe('GmValidator, as the convergence runs found it', () => {
  it('answers an intent that arrives in any turn while the last ruling is finishing', async () => {
    // The old loop cleared "running" a few microtasks after its last look for work: an intent
    // that came in between waited for some later change of the table.
    for (let turns = 0; turns < 8; turns++) {
      const { table, gm } = setUp();
      const validator = new GmValidator({ table, gm, identity: gmIdentity, rules: null });
      let second: { id: string } | null = null;
      table.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.origin !== VALIDATOR_ORIGIN || second !== null) return;
        second = { id: `${ana.userId}.2` };
        void (async () => {
          for (let turn = 0; turn < turns; turn++) await null;
          append(table, ana, 'token.move', { tokenId: 't1', x: 140, y: 0 }, 2);
        })();
      });
      validator.start();
      append(table, ana, 'token.move', { tokenId: 't1', x: 70, y: 0 }, 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await validator.settled();
      validator.stop();
      expect(receiptOf(table, `${ana.userId}.2`)?.status, `after ${turns} turns`).toBe('applied');
    }
  });

  it('answers an entry that a tampered copy (same id and signature) was put in front of', async () => {
    const { table, gm } = setUp();
    const real = signIntent(ana, {
      campaign: CAMPAIGN,
      kind: 'token.move',
      payload: { tokenId: 't1', x: 70, y: 70 },
      seq: 1,
      at: 5,
    });
    const log = table.getArray(intentLogName(ana.userId));
    log.push([{ ...real, payload: { tokenId: 't1', x: 700, y: 700 } }, real]);
    const problems: string[] = [];
    const validator = new GmValidator({
      table,
      gm,
      identity: gmIdentity,
      rules: null,
      onProblem: (problem) => problems.push(problem),
    });
    expect(await validator.processPending()).toBe(1);
    expect(receiptOf(table, real.id)).toMatchObject({ status: 'applied', sig: real.sig });
    expect(fromYValue(table.getMap(TABLE_MAPS.tokens).get('t1'))).toMatchObject({ x: 70, y: 70 });
    expect(problems).toEqual([expect.stringContaining('does not verify')]);
  });

  it('reads meta as JSON when the audit has written its entries back as Y.Maps', async () => {
    const { table, gm } = setUp({ metaAsMaps: true });
    const asked = append(table, newcomer, 'join', join(newcomer), 1);
    const rolled = append(table, ana, 'roll', { notation: '1d20' }, 1);
    await new GmValidator({ table, gm, identity: gmIdentity, rules: null }).processPending();
    expect(receiptOf(table, asked.id)).toMatchObject({ result: { status: 'member' } });
    expect(receiptOf(table, rolled.id)).toMatchObject({ status: 'applied', roll: { index: 1 } });
    // The commitment is written back whole, as plain JSON, with the seed it revealed.
    const dice = table.getMap(TABLE_MAPS.meta).get('dice');
    expect(dice).toEqual({
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      length: 16,
      revealed: 1,
    });
  });

  it("numbers receipts in the order they are written, and dates a join's member as its receipt", async () => {
    const { table, gm } = setUp();
    let clock = 100;
    const now = () => clock++;
    const first = append(table, ana, 'token.move', { tokenId: 't1', x: 70, y: 0 }, 1);
    await new GmValidator({ table, gm, identity: gmIdentity, rules: null, now }).processPending();
    // A validator started later (a reload) goes on from the receipts it finds.
    const asked = append(table, newcomer, 'join', join(newcomer), 1);
    const moved = append(table, ana, 'token.move', { tokenId: 't1', x: 140, y: 0 }, 2);
    await new GmValidator({ table, gm, identity: gmIdentity, rules: null, now }).processPending();
    const [a, b, c] = [first, asked, moved].map((entry) => receiptOf(table, entry.id));
    expect(a?.n).toBe(1);
    expect([b?.n, c?.n].sort()).toEqual([2, 3]);
    const member = fromYValue(table.getMap(TABLE_MAPS.members).get(newcomer.userId));
    expect(member).toMatchObject({ since: b?.at });
  });
});
