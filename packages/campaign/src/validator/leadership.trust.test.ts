/**
 * The validator election goes by the GMs a peer trusts (lifecycle/gmTrust.ts), not by what
 * `meta.gms` says at the moment: a co-GM added with a grant is elected by a peer that pinned only
 * the founder, and a player who writes himself into `meta.gms` is not.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { syncAll } from '../client/tableFixture';
import { toYValue } from '../doc/yRecords';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { addCoGm } from '../lifecycle/addCoGm';
import { createCampaign } from '../lifecycle/createCampaign';
import { memberRecord } from '../testing/records';
import { CLAIM_FIELD, signValidatorClaim, ValidatorLeadership } from './leadership';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;
// By user id: the player smallest, then the co-GM, then the founder, so that a claim the
// election wrongly counted would win it.
const [bo, hal, gemma] = [
  createIdentity('Bo', '#777777'),
  createIdentity('Hal', '#0033aa'),
  createIdentity('Gemma', '#aa3300'),
].sort((a, b) => (a.userId < b.userId ? -1 : 1)) as [Identity, Identity, Identity];

const leaderships: ValidatorLeadership[] = [];
afterEach(() => {
  for (const leadership of leaderships.splice(0)) leadership.stop();
});

/** Gemma's campaign with Hal and Bo admitted, and peers whose awareness reaches each other. */
function setUp() {
  const created = createCampaign({ gm: gemma, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
  const members = created.table.getMap(TABLE_MAPS.members);
  for (const player of [hal, bo])
    members.set(player.userId, toYValue(memberRecord(player, 'player')));
  const awarenesses: Awareness[] = [];
  const peer = (doc: Y.Doc) => {
    const awareness = new Awareness(doc);
    awareness.on('update', (change: Record<string, number[]>, origin: unknown) => {
      if (origin === 'wire') return;
      const clients = [
        ...(change.added ?? []),
        ...(change.updated ?? []),
        ...(change.removed ?? []),
      ];
      const update = encodeAwarenessUpdate(awareness, clients);
      for (const other of awarenesses)
        if (other !== awareness) applyAwarenessUpdate(other, update, 'wire');
    });
    awarenesses.push(awareness);
    return awareness;
  };
  const lead = (identity: Identity, doc: Y.Doc, options: { gmIds?: string[] } = {}) => {
    const leadership = new ValidatorLeadership({
      table: doc,
      awareness: peer(doc),
      identity,
      campaign: created.campaignId,
      onChange: () => {},
      now: () => 1_000_000,
      ...options,
    });
    leaderships.push(leadership);
    return leadership;
  };
  return { ...created, peer, lead };
}

describe('ValidatorLeadership and the GMs a peer trusts', () => {
  it('elects a co-GM added later, on a peer that pinned only the founder', () => {
    const { table, lead } = setUp();
    const gemmas = lead(gemma, table);
    gemmas.start();
    expect(gemmas.isLeader).toBe(true);
    addCoGm({ table, identity: gemma, userId: hal.userId });
    // Hal's device joins with an invite that names Gemma only.
    const halsDoc = new Y.Doc();
    syncAll(table, halsDoc);
    const hals = lead(hal, halsDoc, { gmIds: [gemma.userId] });
    hals.start();
    gemmas.refresh();
    expect([gemmas.isLeader, hals.isLeader]).toEqual([false, true]);
  });

  it('does not elect a player who wrote himself into meta.gms', () => {
    const { table, campaignId, lead, peer } = setUp();
    const gemmas = lead(gemma, table);
    gemmas.start();
    // Bo's copy, with his key in meta.gms, reaches Gemma's peer before her audit undoes it.
    const bosDoc = new Y.Doc();
    syncAll(table, bosDoc);
    bosDoc.getMap(TABLE_MAPS.meta).set('gms', {
      [gemma.userId]: encodePublicKey(gemma.publicKey),
      [bo.userId]: encodePublicKey(bo.publicKey),
    });
    syncAll(bosDoc, table);
    const bosAwareness = peer(bosDoc);
    bosAwareness.setLocalStateField(
      CLAIM_FIELD,
      signValidatorClaim(bo, campaignId, bosAwareness.clientID, 1_000_000),
    );
    gemmas.refresh();
    expect(gemmas.isLeader).toBe(true);
  });
});
