/**
 * One identity on several devices: concurrent appends to the same log take the same id. The GM
 * rules on one of them; the client whose entry it was not must see that from the receipt's
 * signature and re-issue its request under a fresh seq, and no request is applied twice.
 * Yjs orders concurrent inserts by client id, so the tests fix the ids: each run is the same.
 */
import { intentLogName } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Intent } from '../intents/intent';
import { ARIA, BRAM } from '../testing/intents';
import { seededRandom } from '../testing/seededRandom';
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
    'lets the GM rule on one of two entries with the same id, and re-issues the other (%o)',
    async (ids) => {
      const { table, laptop, phone, onLaptop, onPhone } = twoDevices(ids);
      const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
      const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
      expect([fromLaptop.id, fromPhone.id]).toEqual([ID(1), ID(1)]);

      // The devices meet while the GM is away: both entries stay, and neither knows yet which
      // one the GM will rule on, so neither is re-issued.
      syncAll(laptop, phone);
      const [first, second] = logOf(laptop) as [Intent, Intent];
      expect(logOf(phone)).toEqual([first, second]);
      expect([first.id, second.id]).toEqual([ID(1), ID(1)]);
      for (const client of [onLaptop, onPhone]) {
        expect(client.collisions()).toEqual([]);
        expect(client.pending().map(({ intent }) => intent.sig)).toEqual([first.sig, second.sig]);
      }

      // The GM meets the lower client id's entry first (Yjs sorts it first) and rules on it only.
      syncAll(table, laptop, phone);
      expect(ruleAll(table, ARIA).map(({ intentId, sig }) => [intentId, sig])).toEqual([
        [ID(1), first.sig],
      ]);
      const [won, lost] =
        ids.laptop < ids.phone ? [fromLaptop, fromPhone] : [fromPhone, fromLaptop];
      expect(xOf(first)).toBe(won === fromLaptop ? 140 : 210);

      // The other device sees a receipt for its id that is not its entry's, and re-issues.
      syncAll(table, laptop, phone);
      await expect(won.receipt).resolves.toMatchObject({
        intentId: ID(1),
        sig: first.sig,
        status: 'applied',
      });
      expect(await outstanding(lost)).toBe(true);
      const reissued = logOf(table)[2] as Intent;
      expect(logOf(laptop)).toEqual([first, second, reissued]);
      expect(logOf(phone)).toEqual([first, second, reissued]);
      expect(reissued).toMatchObject({ id: ID(2), seq: 2, payload: second.payload });
      for (const client of [onLaptop, onPhone]) {
        expect(client.collisions()).toEqual([{ intent: second, index: 1, takenBy: first.sig }]);
        expect(client.pending().map(({ intent }) => intent.id)).toEqual([ID(2)]);
        expect(client.optimisticTokens().get('t1')?.x).toBe(xOf(second));
      }

      expect(ruleAll(table, ARIA).map(({ intentId }) => intentId)).toEqual([ID(2)]);
      syncAll(table, laptop, phone);
      // The request that lost its id was applied once, as its re-issue; its ticket keeps its first id.
      await expect(lost.receipt).resolves.toMatchObject({
        intentId: ID(2),
        sig: reissued.sig,
        status: 'applied',
      });
      expect(lost.id).toBe(ID(1));
      expect(tokenAt(laptop)).toEqual([xOf(second), 70]);
      for (const client of [onLaptop, onPhone]) {
        // The entry that lost its id stays in the log, never applied.
        expect(client.collisions().map(({ intent }) => intent)).toEqual([second]);
        expect(client.pending()).toEqual([]);
      }
    },
  );

  it('gives up after maxReissues, and the request that lost its id is never applied', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 1, phone: 2 }, 0);
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    syncAll(laptop, phone);
    syncAll(table, laptop, phone);
    expect(ruleAll(table, ARIA).map(({ status }) => status)).toEqual(['applied']);
    syncAll(table, laptop, phone);
    await expect(fromPhone.receipt).rejects.toMatchObject({ code: 'CLIENT_SEQ_COLLISION' });
    await expect(fromLaptop.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(logOf(laptop)).toHaveLength(2);
    expect(ruleAll(table, ARIA)).toEqual([]);
    expect(tokenAt(phone)).toEqual([140, 70]);
  });

  it('skips an id that already has a receipt, even before its entry arrives', async () => {
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
    expect(fromPhone.id).toBe(ID(2));
    syncAll(table, laptop, phone);
    expect(ruleAll(table, ARIA).map(({ intentId }) => intentId)).toEqual([ID(2)]);
    syncAll(table, laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: ID(1) });
    await expect(fromPhone.receipt).resolves.toMatchObject({ intentId: ID(2), status: 'applied' });
    expect(onPhone.collisions()).toEqual([]);
    expect(tokenAt(phone)).toEqual([210, 70]);
  });

  it('re-issues as soon as a receipt for its id names another entry, which it has not seen', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 2, phone: 1 });
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    syncAll(laptop, table);
    const ruling: Uint8Array[] = [];
    table.on('update', (update: Uint8Array) => ruling.push(update));
    ruleAll(table, ARIA);
    // Only the receipt reaches the phone: its own entry is the one ID(1) in its log.
    for (const update of ruling) Y.applyUpdate(phone, update);
    expect(logOf(phone).map(({ id, payload }) => [id, payload])).toEqual([
      [ID(1), { tokenId: 't1', x: 210, y: 70 }],
      [ID(2), { tokenId: 't1', x: 210, y: 70 }],
    ]);
    syncAll(table, laptop, phone);
    ruleAll(table, ARIA);
    syncAll(table, laptop, phone);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: ID(1) });
    await expect(fromPhone.receipt).resolves.toMatchObject({ intentId: ID(2), status: 'applied' });
    expect(tokenAt(laptop)).toEqual([210, 70]);
  });

  it('loses no request when an unseen entry sorts ahead of one the GM ruled on', async () => {
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
    // The laptop's entry sorts first, though the receipt for its id answered the phone's move.
    expect(xOf(logOf(table)[0])).toBe(140);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: ID(2), status: 'applied' });
    expect(tokenAt(table)).toEqual([140, 70]);
  });

  it('applies no request twice when a ruled entry is passed in the log before its author hears the receipt', async () => {
    const { table, laptop, phone, onLaptop, onPhone } = twoDevices({ laptop: 2, phone: 1 });
    const applied: number[] = [];
    const count = (intent: Intent) => {
      applied.push(xOf(intent) ?? Number.NaN);
      return { status: 'applied' } as const;
    };
    const fromLaptop = onLaptop.requestMoveToken('t1', 140, 70);
    syncAll(laptop, table);
    ruleAll(table, ARIA, count);
    // The phone appends without having seen either the laptop's entry or its receipt.
    const fromPhone = onPhone.requestMoveToken('t1', 210, 70);
    for (let round = 0; round < 3; round++) {
      syncAll(laptop, phone);
      syncAll(table, laptop, phone);
      ruleAll(table, ARIA, count);
    }
    // The laptop's entry, now second in the log, keeps its receipt; the phone's is re-issued.
    expect(xOf(logOf(table)[0])).toBe(210);
    expect(applied).toEqual([140, 210]);
    await expect(fromLaptop.receipt).resolves.toMatchObject({ intentId: ID(1) });
    await expect(fromPhone.receipt).resolves.toMatchObject({ intentId: ID(2) });
  });
});

/** Syncs the docs until none changes (re-issues during a round of sync need another round). */
function syncUntilQuiet(...docs: Y.Doc[]): void {
  const state = () => docs.map((doc) => Y.encodeStateVector(doc).join()).join('|');
  for (let before = ''; before !== state(); ) {
    before = state();
    syncAll(...docs);
  }
}

/** One update from `from` to `to`: whatever `to` lacks of `from`. */
function syncOneWay(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('seq collisions, randomized', () => {
  // Three devices of one identity append and exchange updates at random, in pairs and with the
  // GM's table one way at a time; the GM rules at random moments on whatever it has, while the
  // devices are still out of sync with it and with each other. In the end everything syncs.
  const seeds = Array.from({ length: 32 }, (_, index) => 1000 + index);
  it.each(seeds)('seed %i: every request is applied exactly once', async (seed) => {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const devices = [11, 12, 13].map(docWithClientId);
    syncAll(table, ...devices);
    const clients = devices.map(
      (doc) => new IntentClient({ doc, identity: BRAM, campaignId, maxReissues: 100 }),
    );
    const tickets: IntentTicket[] = [];
    const applied: number[] = [];
    const rule = () =>
      ruleAll(table, ARIA, (intent) => {
        applied.push((intent.payload as { n: number }).n);
        return { status: 'applied' };
      });
    for (let step = 0; step < 80; step++) {
      const roll = random();
      if (roll < 0.35) {
        tickets.push(pick(clients).request('chat.command', { n: tickets.length }));
      } else if (roll < 0.6) {
        const from = pick(devices);
        syncOneWay(from, pick(devices.filter((doc) => doc !== from)));
      } else if (roll < 0.8) {
        const device = pick(devices);
        if (random() < 0.5) syncOneWay(device, table);
        else syncOneWay(table, device);
      } else {
        rule();
      }
    }
    for (let round = 0; round < 20 && applied.length < tickets.length; round++) {
      syncUntilQuiet(table, ...devices);
      rule();
    }
    syncUntilQuiet(table, ...devices);
    const context = `seed ${seed}`;
    const outcomes = await Promise.all(tickets.map(({ receipt }) => receipt));
    expect(
      outcomes.map(({ status }) => status),
      context,
    ).toEqual(tickets.map(() => 'applied'));
    expect(
      [...applied].sort((a, b) => a - b),
      context,
    ).toEqual(tickets.map((_, index) => index));
    // Each ticket's receipt answers an entry that asks for that ticket's request.
    const log = logOf(table);
    outcomes.forEach((receipt, n) => {
      const answered = log.find(({ sig }) => sig === receipt.sig);
      expect(answered?.payload, context).toEqual({ n });
    });
    // Every entry is either applied or a collision, and every device sees the same collisions.
    const collisions = clients[0]?.collisions() ?? [];
    expect(log.length, context).toBe(tickets.length + collisions.length);
    for (const client of clients) {
      expect(client.collisions(), context).toEqual(collisions);
      expect(client.pending(), context).toEqual([]);
    }
  });
});
