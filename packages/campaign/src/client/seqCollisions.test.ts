/**
 * One identity on several devices: concurrent appends to the same log take the same seq, and
 * the client must see that and re-issue the displaced request (OwnIntentLog.ts, IntentClient.ts).
 * Yjs orders concurrent inserts by client id, so the tests fix the ids: each run is the same.
 */
import { intentLogName } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Intent } from '../intents/intent';
import { ARIA, BRAM } from '../testing/intents';
import { IntentClient, type IntentTicket } from './IntentClient';
import { campaignWithPlayer, ruleAll, syncAll } from './tableFixture';

function logOf(doc: Y.Doc): Intent[] {
  return doc.getArray<Intent>(intentLogName(BRAM.userId)).toArray();
}

function xOf(intent: Intent | undefined): number | undefined {
  return (intent?.payload as { x?: number } | undefined)?.x;
}

function tokenAt(doc: Y.Doc): [number, number] {
  const token = doc.getMap('tokens').toJSON().t1 as { x: number; y: number };
  return [token.x, token.y];
}

function docWithClientId(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Two devices of Bram, synced with the table, each with its own client. */
function twoDevices(ids: { laptop: number; phone: number }, maxReissues?: number) {
  const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
  const laptop = docWithClientId(ids.laptop);
  const phone = docWithClientId(ids.phone);
  syncAll(table, laptop, phone);
  const client = (doc: Y.Doc) =>
    new IntentClient({
      doc,
      identity: BRAM,
      campaignId,
      ...(maxReissues === undefined ? {} : { maxReissues }),
    });
  return { table, laptop, phone, onLaptop: client(laptop), onPhone: client(phone) };
}

/** Whether a ticket's receipt is still outstanding after the queued callbacks ran. */
async function outstanding(ticket: IntentTicket): Promise<boolean> {
  const waiting = Symbol('waiting');
  const first = await Promise.race([
    ticket.receipt,
    new Promise((resolve) => setTimeout(() => resolve(waiting), 0)),
  ]);
  return first === waiting;
}

const ID = (seq: number) => `${BRAM.userId}.${seq}`;

describe('seq collisions between devices of one identity', () => {
  it.each([
    { laptop: 1, phone: 2 },
    { laptop: 2, phone: 1 },
  ])(
    'detects two devices taking the same seq, and re-issues the displaced one (%o)',
    async (ids) => {
      const { table, laptop, phone, onLaptop, onPhone } = twoDevices(ids);
      const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
      const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
      expect([fromLaptop.id, fromPhone.id]).toEqual([ID(1), ID(1)]);

      // The devices meet while the GM is away. The lower client id keeps place 1.
      syncAll(laptop, phone);
      syncAll(laptop, phone);
      const [won, lost] =
        ids.laptop < ids.phone ? [fromLaptop, fromPhone] : [fromPhone, fromLaptop];
      const log = logOf(laptop);
      expect(logOf(phone)).toEqual(log);
      expect(log.map(({ seq }) => seq)).toEqual([1, 1, 3]);
      const [winner, loser, reissued] = log as [Intent, Intent, Intent];
      expect(xOf(winner)).toBe(won === fromLaptop ? 140 : 210);
      // Every device sees the same collision: the second seq-1 entry, in place 2.
      for (const client of [onLaptop, onPhone]) {
        expect(client.collisions()).toEqual([{ intent: loser, index: 1, positionId: ID(2) }]);
        expect(client.pending().map(({ intent }) => intent.id)).toEqual([ID(1), ID(3)]);
        expect(client.optimisticTokens().get('t1')?.x).toBe(xOf(reissued));
      }
      // The re-issue asks for the same thing under the next free seq.
      expect(reissued.payload).toEqual(loser.payload);

      syncAll(table, laptop, phone);
      expect(ruleAll(table, ARIA).map(({ intentId, status }) => [intentId, status])).toEqual([
        [ID(1), 'applied'],
        [ID(2), 'rejected'],
        [ID(3), 'applied'],
      ]);
      syncAll(table, laptop, phone);
      await expect(won.receipt).resolves.toMatchObject({ intentId: ID(1), status: 'applied' });
      // The displaced request was applied once, as its re-issue; its ticket keeps its first id.
      await expect(lost.receipt).resolves.toMatchObject({ intentId: ID(3), status: 'applied' });
      expect(lost.id).toBe(ID(1));
      expect(tokenAt(laptop)).toEqual([xOf(reissued), 70]);
      for (const client of [onLaptop, onPhone]) {
        expect(client.collisions()).toEqual([]);
        expect(client.pending()).toEqual([]);
      }
    },
  );

  it('gives up after maxReissues, and the displaced request is never applied', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 1, phone: 2 }, 0);
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    syncAll(laptop, phone);
    await expect(fromPhone.receipt).rejects.toMatchObject({ code: 'CLIENT_SEQ_COLLISION' });
    expect(logOf(laptop)).toHaveLength(2);
    syncAll(table, laptop, phone);
    expect(ruleAll(table, ARIA).map(({ status }) => status)).toEqual(['applied', 'rejected']);
    syncAll(table, laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(tokenAt(phone)).toEqual([140, 70]);
  });

  it('does not take a receipt that was there before its entry, and waits for the log', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 1, phone: 2 });
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    syncAll(laptop, table);
    // The phone hears the GM's ruling on the laptop's entry before it has the entry itself.
    const ruling: Uint8Array[] = [];
    table.on('update', (update: Uint8Array) => ruling.push(update));
    ruleAll(table, ARIA);
    for (const update of ruling) Y.applyUpdate(phone, update);
    expect(logOf(phone)).toHaveLength(0);

    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    expect(fromPhone.id).toBe(ID(1));
    // Receipt 1 answers the laptop's move: the phone neither takes it nor re-issues blindly.
    expect(await outstanding(fromPhone)).toBe(true);
    expect(logOf(phone)).toHaveLength(1);

    // Once the laptop's entry arrives, the phone re-issues behind it.
    syncAll(laptop, phone);
    syncAll(laptop, phone);
    expect(logOf(phone).map(({ seq }) => seq)).toEqual([1, 1, 3]);
    syncAll(table, laptop, phone);
    ruleAll(table, ARIA);
    syncAll(table, laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: ID(1) });
    await expect(fromPhone.receipt).resolves.toMatchObject({ intentId: ID(3), status: 'applied' });
    expect(tokenAt(phone)).toEqual([210, 70]);
  });
});

// Known limits. Receipts are filed by place in the log (as GmValidator files them) and do not
// name the entry they answer. When the GM rules on an entry and a concurrent entry of the same
// author, which the GM had not seen, later sorts ahead of it, the place's receipt now sits over
// the other entry. Two things then go wrong, each shown below. The fix needs the receipt to name
// the entry it answers (its signature): a schema change, proposed to the validator's owner.
// `it.fails` keeps these honest: each passes only while the defect is there.
describe('seq collisions: known limits of receipts filed by place', () => {
  it.fails('loses no request when an unseen entry sorts ahead of a ruled one (needs receipts that name their entry)', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 1, phone: 2 });
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    syncAll(phone, table);
    ruleAll(table, ARIA);
    syncAll(table, phone);
    await expect(fromPhone.receipt).resolves.toMatchObject({ status: 'applied' });
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    for (let round = 0; round < 3; round++) {
      syncAll(table, laptop, phone);
      ruleAll(table, ARIA);
    }
    syncAll(table, laptop, phone);
    // The laptop's entry sorts first, into place 1, whose receipt answered the phone's move.
    expect(xOf(logOf(table)[0])).toBe(140);
    await fromLaptop.receipt;
    expect(tokenAt(table)).toEqual([140, 70]);
  });

  it.fails('applies no request twice when a ruled entry is displaced before its author hears the receipt (needs receipts that name their entry)', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 2, phone: 1 });
    const applied: number[] = [];
    const count = (intent: Intent) => {
      applied.push(xOf(intent) ?? Number.NaN);
      return { status: 'applied' } as const;
    };
    onLaptop.requestMoveToken('t1', 140, 70);
    syncAll(laptop, table);
    ruleAll(table, ARIA, count);
    // The phone appends without having seen either the laptop's entry or its receipt.
    onPhone.requestMoveToken('t1', 210, 70);
    for (let round = 0; round < 3; round++) {
      syncAll(laptop, phone);
      syncAll(table, laptop, phone);
      ruleAll(table, ARIA, count);
    }
    // The laptop's entry, displaced after it was applied, is re-issued and applied again.
    expect(applied.sort()).toEqual([140, 210]);
  });
});

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Syncs the docs until none changes (re-issues during a round of sync need another round). */
function syncUntilQuiet(...docs: Y.Doc[]): void {
  const state = () => docs.map((doc) => Y.encodeStateVector(doc).join()).join('|');
  for (let before = ''; before !== state(); ) {
    before = state();
    syncAll(...docs);
  }
}

describe('seq collisions, randomized', () => {
  // Three devices of one identity append and sync in random pairs; now and then the GM rules,
  // after the whole table has synced and settled (see the known limits for a GM that rules while
  // a device it has not heard from is still appending).
  const seeds = Array.from({ length: 24 }, (_, index) => 1000 + index);
  it.each(seeds)('seed %i: every request is applied exactly once', async (seed) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const devices = [11, 12, 13].map(docWithClientId);
    syncAll(table, ...devices);
    const clients = devices.map(
      (doc) => new IntentClient({ doc, identity: BRAM, campaignId, maxReissues: 100 }),
    );
    const tickets: IntentTicket[] = [];
    const applied: number[] = [];
    const gmRound = () => {
      syncUntilQuiet(table, ...devices);
      ruleAll(table, ARIA, (intent) => {
        applied.push((intent.payload as { n: number }).n);
        return { status: 'applied' };
      });
    };
    for (let step = 0; step < 60; step++) {
      const roll = random();
      if (roll < 0.45) {
        tickets.push(pick(clients).request('chat.command', { n: tickets.length }));
      } else if (roll < 0.85) {
        const from = pick(devices);
        const to = pick(devices.filter((doc) => doc !== from));
        Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
      } else {
        gmRound();
      }
    }
    for (let round = 0; round < 20 && applied.length < tickets.length; round++) gmRound();
    syncUntilQuiet(table, ...devices);
    const outcomes = await Promise.all(tickets.map(({ receipt }) => receipt));
    expect(outcomes.map(({ status }) => status)).toEqual(tickets.map(() => 'applied'));
    expect([...applied].sort((a, b) => a - b)).toEqual(tickets.map((_, index) => index));
    for (const client of clients) {
      expect(client.collisions()).toEqual([]);
      expect(client.pending()).toEqual([]);
    }
  });
});
