/**
 * The intent queue as the panel reads it, from docs the real validator rules on: what waits for
 * the GM, what is not ruled yet, recent rulings with their outcome, the policies, and a player's
 * own view from the held markers alone.
 */
import {
  createIdentity,
  decideHeldIntent,
  GmValidator,
  type Identity,
  INTENT_KINDS,
  setIntentPolicy,
  signIntent,
} from '@meshtable/campaign';
import { appendIntent } from '@meshtable/campaign/testing';
import { intentLogName } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newCampaign, putMember, syncInto } from '../campaign/tableFixture';
import { readIntentQueue } from './intentQueue';

const gmIdentity = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');

function setUp() {
  const campaign = newCampaign(gmIdentity);
  putMember(campaign.table, ana, 'member');
  putMember(campaign.table, bo, 'member');
  const validator = new GmValidator({
    table: campaign.table,
    gm: campaign.gm,
    identity: gmIdentity,
    rules: null,
  });
  const send = (author: Identity, kind: string, payload: unknown) =>
    appendIntent(campaign.table, campaign.campaignId, author, kind, payload);
  return { ...campaign, validator, send };
}

describe('readIntentQueue', () => {
  it('puts what waits for the GM first, then what is not ruled, then recent outcomes', async () => {
    const { table, gm, validator, send } = setUp();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(ana, 'roll', { notation: '1d20+2', label: 'Stealth' });
    const behind = send(ana, 'token.move', { tokenId: 'nowhere', x: 1, y: 2 });
    const boRoll = send(bo, 'chat.command', { text: '/wave' });
    await validator.processPending();

    const queue = readIntentQueue(table, gm);
    expect(queue.asking).toMatchObject([
      {
        id: rolled.id,
        authorName: 'Ana',
        kind: 'roll',
        summary: 'Stealth: 1d20+2',
        state: 'asking',
      },
    ]);
    expect(queue.pending).toMatchObject([
      { id: behind.id, kind: 'token.move', summary: 'nowhere to (1, 2)', state: 'pending' },
    ]);
    expect(queue.recent).toMatchObject([{ id: boRoll.id, authorName: 'Bo', state: 'rejected' }]);
    // Every core kind but join (none other was seen here), in order.
    expect(queue.kinds).toEqual(
      Object.values(INTENT_KINDS)
        .filter((kind) => kind !== 'join')
        .sort(),
    );
    expect(queue.policies.get('roll')).toBe('ask');
    expect(queue.policies.get('token.move')).toBe('auto');

    decideHeldIntent(
      gm,
      { intentId: rolled.id, sig: rolled.sig },
      { verdict: 'approve' },
      gmIdentity.userId,
    );
    expect(readIntentQueue(table, gm).pending[0]).toMatchObject({
      id: rolled.id,
      state: 'decided',
      decision: 'approve',
    });
    await validator.processPending();
    const ruled = readIntentQueue(table, gm);
    expect(ruled.asking).toEqual([]);
    expect(ruled.pending).toEqual([]);
    // The latest ruling first: the move ruled after the roll it waited behind.
    expect(ruled.recent.map((item) => [item.id, item.state])).toEqual([
      [behind.id, 'rejected'],
      [rolled.id, 'applied'],
      [boRoll.id, 'rejected'],
    ]);
    expect(ruled.recent[1]?.result).toMatch(/^.+ = \d+$/);
  });

  it('shows a player their own intents, held ones as waiting, and the GM’s reason', async () => {
    const { table, gm, validator, send } = setUp();
    setIntentPolicy(gm, 'roll', 'ask');
    const rolled = send(ana, 'roll', { notation: '1d6' });
    send(bo, 'roll', { notation: '1d8' });
    await validator.processPending();
    const anaTable = new Y.Doc();
    syncInto(table, anaTable);
    const mine = readIntentQueue(anaTable, null, { author: ana.userId });
    expect(mine.asking).toMatchObject([{ id: rolled.id, state: 'asking' }]);
    expect(mine.pending).toEqual([]);
    expect(mine.policies.size).toBe(0);

    decideHeldIntent(
      gm,
      { intentId: rolled.id, sig: rolled.sig },
      { verdict: 'reject', reason: 'Roll when the scene starts' },
      gmIdentity.userId,
    );
    await validator.processPending();
    syncInto(table, anaTable);
    expect(readIntentQueue(anaTable, null, { author: ana.userId })).toMatchObject({
      asking: [],
      recent: [
        {
          id: rolled.id,
          state: 'rejected',
          reason: 'Rejected by the GM: Roll when the scene starts',
        },
      ],
    });
  });

  it('leaves out forged entries and shows the validator offline as not ruled', () => {
    const { table, gm, send } = setUp();
    const honest = send(ana, 'roll', { notation: '1d4' });
    // Bo signs an entry and puts it in Ana's log under her next id: never ruled, never shown.
    const forged = signIntent(bo, {
      campaign: 'x',
      kind: 'roll',
      payload: { notation: '1d4' },
      seq: 2,
      at: 5,
    });
    table
      .getArray<unknown>(intentLogName(ana.userId))
      .push([{ ...forged, id: `${ana.userId}.2`, author: ana.userId }]);
    const queue = readIntentQueue(table, gm);
    expect(queue.asking).toEqual([]);
    expect(queue.pending.map((item) => item.id)).toEqual([honest.id]);
  });
});
