import { TABLE_MAPS } from '@meshtable/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { CLAIM_FIELD, CLAIM_TTL_MS, signValidatorClaim, ValidatorLeadership } from './leadership';

const CAMPAIGN = 'camp-1';
const [first, second] = [createIdentity('Gemma', '#aa3300'), createIdentity('Hal', '#0033aa')].sort(
  (a, b) => (a.userId < b.userId ? -1 : 1),
) as [Identity, Identity];
const player = createIdentity('Ana', '#00aa44');

const leaderships: ValidatorLeadership[] = [];
afterEach(() => {
  for (const leadership of leaderships.splice(0)) leadership.stop();
});

/** Peers whose awareness reaches every other peer at once, and a clock the test moves. */
function setUp() {
  let now = 1_000_000;
  const peers: Array<{ doc: Y.Doc; awareness: Awareness }> = [];
  const peer = () => {
    const doc = new Y.Doc();
    doc.getMap(TABLE_MAPS.meta).set('gms', {
      [first.userId]: encodePublicKey(first.publicKey),
      [second.userId]: encodePublicKey(second.publicKey),
    });
    const awareness = new Awareness(doc);
    awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (origin === 'wire') return;
        const update = encodeAwarenessUpdate(awareness, [
          ...added,
          ...updated,
          ...removed,
        ] as number[]);
        for (const other of peers)
          if (other.awareness !== awareness) applyAwarenessUpdate(other.awareness, update, 'wire');
      },
    );
    peers.push({ doc, awareness });
    return { doc, awareness };
  };
  const lead = (identity: Identity, at: ReturnType<typeof peer>, log: boolean[]) => {
    const leadership = new ValidatorLeadership({
      table: at.doc,
      awareness: at.awareness,
      identity,
      campaign: CAMPAIGN,
      onChange: (isLeader) => log.push(isLeader),
      now: () => now,
    });
    leaderships.push(leadership);
    return leadership;
  };
  return { peer, lead, advance: (ms: number) => (now += ms), now: () => now };
}

describe('ValidatorLeadership', () => {
  it('elects exactly one online GM peer, and the other when it leaves', () => {
    const { peer, lead } = setUp();
    const a = peer();
    const b = peer();
    const aLog: boolean[] = [];
    const bLog: boolean[] = [];
    const second_ = lead(second, b, bLog);
    second_.start();
    expect(second_.isLeader).toBe(true);
    const first_ = lead(first, a, aLog);
    first_.start();
    expect([first_.isLeader, second_.isLeader]).toEqual([true, false]);
    first_.stop();
    expect(second_.isLeader).toBe(true);
    expect(bLog).toEqual([true, false, true]);
  });

  it('ignores claims that are forged, replayed from another peer, foreign or stale', () => {
    const { peer, lead, advance, now } = setUp();
    const b = peer();
    const intruder = peer();
    const log: boolean[] = [];
    const gm = lead(second, b, log);
    gm.start();
    const claims = [
      // A player's own claim: not a GM's key.
      signValidatorClaim(player, CAMPAIGN, intruder.awareness.clientID, now()),
      // A GM's claim made for another peer, replayed by the intruder.
      signValidatorClaim(first, CAMPAIGN, 12345, now()),
      // A GM's claim for another campaign.
      signValidatorClaim(first, 'other', intruder.awareness.clientID, now()),
      // A GM's claim that is too old.
      signValidatorClaim(first, CAMPAIGN, intruder.awareness.clientID, now() - CLAIM_TTL_MS - 1),
      // A GM's claim with a signature that does not match.
      { ...signValidatorClaim(first, CAMPAIGN, intruder.awareness.clientID, now()), at: now() + 1 },
    ];
    for (const [index, claim] of claims.entries()) {
      intruder.awareness.setLocalStateField(CLAIM_FIELD, claim);
      gm.refresh();
      expect([index, gm.isLeader]).toEqual([index, true]);
    }
    // A genuine claim by the first GM, published by its own peer, wins until it grows stale.
    intruder.awareness.setLocalStateField(
      CLAIM_FIELD,
      signValidatorClaim(first, CAMPAIGN, intruder.awareness.clientID, now()),
    );
    gm.refresh();
    expect(gm.isLeader).toBe(false);
    advance(CLAIM_TTL_MS + 1);
    gm.refresh();
    expect(gm.isLeader).toBe(true);
  });
});
