/**
 * Making a co-GM: what it writes, what it refuses, and that devices which pinned only the founder
 * then trust the new GM's receipts and rekeys through the grant.
 */
import {
  GM_GRANTS_META_KEY,
  type GmGrant,
  intentLogName,
  MAX_GM_GRANTS,
  TABLE_MAPS,
} from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IntentClient } from '../client/IntentClient';
import { ruleAll, syncAll, tokenOf } from '../client/tableFixture';
import { fromYValue, toYValue } from '../doc/yRecords';
import { encodeBase64Url } from '../identity/base64url';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { memberRecord } from '../testing/records';
import { thrown } from '../testing/thrown';
import { addCoGm } from './addCoGm';
import { createCampaign } from './createCampaign';
import { verifyGmGrant } from './gmTrust';
import { kickMember } from './kick';
import { readMembers, readMeta } from './readCampaign';
import { openRekey } from './rekey';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;
const gemma = createIdentity('Gemma', '#aa3300');
const hal = createIdentity('Hal', '#0033aa');
const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');
const cy = createIdentity('Cy', '#777777');

const keyOf = (identity: Identity) => encodePublicKey(identity.publicKey);

/** Gemma's campaign with Hal, Ana and Bo admitted, Cy pending, and Ana's token; Ana's copy. */
function setUp() {
  const created = createCampaign({ gm: gemma, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
  const { table } = created;
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    for (const player of [hal, ana, bo])
      members.set(player.userId, toYValue(memberRecord(player, 'player')));
    members.set(cy.userId, toYValue(memberRecord(cy, 'player', 'pending')));
    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', ana.userId)));
  });
  const anaDoc = new Y.Doc();
  syncAll(table, anaDoc);
  return { ...created, anaDoc };
}

function grantsOf(table: Y.Doc): Record<string, GmGrant> {
  return (fromYValue(table.getMap(TABLE_MAPS.meta).get(GM_GRANTS_META_KEY)) ?? {}) as Record<
    string,
    GmGrant
  >;
}

describe('addCoGm', () => {
  it('makes Hal a GM in one transaction: his role, his key in meta.gms, a grant Gemma signed', () => {
    const { table, campaignId } = setUp();
    let transactions = 0;
    table.on('afterTransaction', () => transactions++);
    const added = addCoGm({ table, identity: gemma, userId: hal.userId, now: () => 7 });
    expect(transactions).toBe(1);
    expect(added.gmIds).toEqual([gemma.userId, hal.userId]);
    expect(readMeta(table)?.gms).toEqual({
      [gemma.userId]: keyOf(gemma),
      [hal.userId]: keyOf(hal),
    });
    expect(readMembers(table).get(hal.userId)).toMatchObject({ role: 'gm', status: 'member' });
    expect(grantsOf(table)).toEqual({ [hal.userId]: added.grant });
    expect(added.grant).toMatchObject({
      v: 1,
      campaign: campaignId,
      gm: hal.userId,
      publicKey: keyOf(hal),
      by: gemma.userId,
      at: 7,
    });
    expect(verifyGmGrant(added.grant, keyOf(gemma))).toBe(true);
  });

  it('lets a co-GM grant the next one, and gives a grant to a GM listed before grants existed', () => {
    const { table } = setUp();
    addCoGm({ table, identity: gemma, userId: hal.userId });
    const byHal = addCoGm({ table, identity: hal, userId: ana.userId });
    expect(byHal.grant.by).toBe(hal.userId);
    // Bo was made a GM by hand, as before grants: meta.gms and his role, but no grant.
    table.transact(() => {
      const meta = table.getMap(TABLE_MAPS.meta);
      meta.set('gms', { ...(readMeta(table)?.gms ?? {}), [bo.userId]: keyOf(bo) });
      (table.getMap(TABLE_MAPS.members).get(bo.userId) as Y.Map<unknown>).set('role', 'gm');
    });
    addCoGm({ table, identity: gemma, userId: bo.userId });
    expect(Object.keys(grantsOf(table)).sort()).toEqual([hal.userId, ana.userId, bo.userId].sort());
  });

  it('refuses without a campaign, from a non-GM, and for nobody at the table', () => {
    const { table } = setUp();
    expect(
      thrown(() => addCoGm({ table: new Y.Doc(), identity: gemma, userId: hal.userId })).code,
    ).toBe('GM_GRANT_NO_CAMPAIGN');
    expect(thrown(() => addCoGm({ table, identity: bo, userId: bo.userId })).code).toBe(
      'GM_GRANT_NOT_A_GM',
    );
    // Someone who claims Gemma's id without her key is not Gemma.
    const impostor = createIdentity('Gemma', '#aa3300');
    const claimed = { ...impostor, userId: gemma.userId, secretKey: impostor.secretKey };
    expect(thrown(() => addCoGm({ table, identity: claimed, userId: bo.userId })).code).toBe(
      'GM_GRANT_NOT_A_GM',
    );
    expect(
      thrown(() =>
        addCoGm({ table, identity: gemma, userId: createIdentity('Zed', '#000000').userId }),
      ).code,
    ).toBe('GM_GRANT_NO_SUCH_MEMBER');
    expect(grantsOf(table)).toEqual({});
  });

  it('refuses a member not admitted: pending, gone or kicked', () => {
    const { table, gm } = setUp();
    const pending = thrown(() => addCoGm({ table, identity: gemma, userId: cy.userId }));
    expect(pending).toMatchObject({ code: 'GM_GRANT_NOT_ALLOWED' });
    expect(pending.message).toContain('admit them first');
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    const kicked = thrown(() => addCoGm({ table: kick.table, identity: gemma, userId: bo.userId }));
    expect(kicked).toMatchObject({ code: 'GM_GRANT_NOT_ALLOWED' });
    expect(kicked.message).toContain('kicked');
  });

  it('refuses a GM already granted, and the granting GM', () => {
    const { table } = setUp();
    addCoGm({ table, identity: gemma, userId: hal.userId });
    expect(thrown(() => addCoGm({ table, identity: gemma, userId: hal.userId })).code).toBe(
      'GM_GRANT_ALREADY_GM',
    );
    expect(thrown(() => addCoGm({ table, identity: gemma, userId: gemma.userId })).code).toBe(
      'GM_GRANT_ALREADY_GM',
    );
  });

  it('refuses a bad clock, a full list of grants, and malformed grants in meta', () => {
    const { table } = setUp();
    for (const now of [() => -1, () => 1.5, () => Number.NaN]) {
      expect(thrown(() => addCoGm({ table, identity: gemma, userId: hal.userId, now })).code).toBe(
        'GM_GRANT_INVALID_OPTIONS',
      );
    }
    const { grant } = addCoGm({ table, identity: gemma, userId: hal.userId });
    const full: Record<string, GmGrant> = {};
    for (let index = 0; index < MAX_GM_GRANTS; index++) {
      const id = encodeBase64Url(new Uint8Array(16).fill(index));
      full[id] = { ...grant, gm: id };
    }
    table.getMap(TABLE_MAPS.meta).set(GM_GRANTS_META_KEY, full);
    expect(thrown(() => addCoGm({ table, identity: gemma, userId: ana.userId })).code).toBe(
      'GM_GRANT_TOO_MANY',
    );
    table.getMap(TABLE_MAPS.meta).set(GM_GRANTS_META_KEY, { [hal.userId]: { v: 2 } });
    expect(thrown(() => addCoGm({ table, identity: gemma, userId: ana.userId })).code).toBe(
      'CAMPAIGN_INVALID_META',
    );
  });
});

describe('a co-GM added later', () => {
  it('is trusted for receipts by a client that pinned only the founder', async () => {
    const { table, campaignId, anaDoc } = setUp();
    const problems: string[] = [];
    const client = new IntentClient({
      doc: anaDoc,
      identity: ana,
      campaignId,
      onProblem: (problem) => problems.push(problem),
    });
    // A newcomer whose invite named only Gemma, from before Hal was a GM.
    const newcomerDoc = new Y.Doc();
    const newcomer = new IntentClient({
      doc: newcomerDoc,
      identity: ana,
      campaignId,
      gmIds: [gemma.userId],
    });
    // Hal is written into meta.gms the old way, without a grant, and rules: nobody takes it.
    table
      .getMap(TABLE_MAPS.meta)
      .set('gms', { [gemma.userId]: keyOf(gemma), [hal.userId]: keyOf(hal) });
    const move = client.requestMoveToken('t1', 140, 70);
    syncAll(table, anaDoc);
    const [receipt] = ruleAll(table, hal);
    syncAll(table, anaDoc, newcomerDoc);
    expect(receipt?.by).toBe(hal.userId);
    expect(client.pending().map((pending) => pending.intent.id)).toEqual([move.id]);
    expect(problems).toContain(`receipt ${move.id} is by ${hal.userId}, not by a GM`);
    // The grant makes the same receipt count, for both.
    addCoGm({ table, identity: gemma, userId: hal.userId });
    syncAll(table, anaDoc, newcomerDoc);
    await expect(move.receipt).resolves.toMatchObject({ status: 'applied', by: hal.userId });
    expect(client.pending()).toEqual([]);
    expect(newcomerDoc.getArray(intentLogName(ana.userId)).length).toBe(1);
    expect(newcomer.pending()).toEqual([]);
    client.close();
    newcomer.close();
  });

  it('signs a rekey that opens for a member who pinned only the founder', () => {
    const { table, gm, campaignId, anaDoc } = setUp();
    const pinned = { [gemma.userId]: keyOf(gemma) };
    addCoGm({ table, identity: gemma, userId: hal.userId });
    const kick = kickMember({ table, gm, identity: hal, userId: bo.userId });
    syncAll(table, anaDoc);
    expect(kick.rekey.by).toBe(hal.userId);
    for (const trust of [{ trustedGms: pinned }, { gmIds: [gemma.userId] }]) {
      expect(openRekey(anaDoc, ana, { campaignId, ...trust })).toMatchObject({
        ok: true,
        by: hal.userId,
        tableKey: kick.tableKey,
      });
    }
    // Without the grant, a GM only in meta.gms is not one the member pinned.
    anaDoc.getMap(TABLE_MAPS.meta).delete(GM_GRANTS_META_KEY);
    expect(openRekey(anaDoc, ana, { campaignId, trustedGms: pinned })).toMatchObject({
      ok: false,
      code: 'REKEY_BAD_SIGNATURE',
    });
    // Nor does a doc of another campaign than the member's open.
    expect(openRekey(anaDoc, ana, { campaignId: 'another', trustedGms: pinned })).toMatchObject({
      ok: false,
      code: 'REKEY_MALFORMED',
    });
  });
});
