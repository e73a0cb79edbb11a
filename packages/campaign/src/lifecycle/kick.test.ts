/**
 * Kicking against real Yjs docs: the GM's, Ana's and Bo's copies of the table, synced by
 * exchanging updates, with real keys, signatures, sealed boxes and the real GM validator.
 */
import {
  type GmKeys,
  intentLogName,
  postLogName,
  REKEY_META_KEYS,
  type Rekey,
  type SealedTableKey,
  TABLE_MAPS,
} from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type AuditReport, TableAudit } from '../audit/TableAudit';
import { fromYValue, toYValue } from '../doc/yRecords';
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { appendIntent, receiptOf } from '../testing/intentLog';
import { memberRecord, ownedToken } from '../testing/records';
import { thrown } from '../testing/thrown';
import { GmValidator } from '../validator/GmValidator';
import { createCampaign } from './createCampaign';
import { carryOver, kickMember } from './kick';
import { openRekey, signRekey } from './rekey';
import { sealTableKey } from './sealedKey';
import { readTableEpoch, readTableKeys, tableRoom } from './tableEpoch';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;
const gemma = createIdentity('Gemma', '#aa3300');
const ana = createIdentity('Ana', '#0066cc');
const bo = createIdentity('Bo', '#00aa44');
const cy = createIdentity('Cy', '#777777');
const dee = createIdentity('Dee', '#993399');

/** Brings every doc up to date with every other, as a round of sync would. */
function syncAll(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}

/**
 * Every top-level type of a table doc that holds something, as JSON (logs are arrays, the rest
 * maps). An empty one is left out: a peer that only looked at a map has it empty, one that never
 * did has it not at all, and both read it as empty.
 */
function tableJson(doc: Y.Doc): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const isLog = name.startsWith('intents/') || name.startsWith('posts/');
    const type = isLog ? doc.getArray(name) : doc.getMap(name);
    if ((type instanceof Y.Array ? type.length : (type as Y.Map<unknown>).size) > 0)
      json[name] = type.toJSON();
  }
  return json;
}

/**
 * Gemma's campaign with Ana and Bo admitted, a token, a chat post and one ruled intent of Ana's;
 * Ana's and Bo's copies of the table doc are in sync with it.
 */
async function setUp(extra: { pending?: Identity; coGm?: Identity } = {}) {
  const created = createCampaign({ gm: gemma, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
  const { table, gm, campaignId } = created;
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    members.set(ana.userId, toYValue(memberRecord(ana, 'player')));
    members.set(bo.userId, toYValue(memberRecord(bo, 'player')));
    if (extra.pending !== undefined)
      members.set(extra.pending.userId, toYValue(memberRecord(extra.pending, 'player', 'pending')));
    if (extra.coGm !== undefined) {
      members.set(extra.coGm.userId, toYValue(memberRecord(extra.coGm, 'gm')));
      const meta = table.getMap(TABLE_MAPS.meta);
      meta.set('gms', {
        ...(meta.get('gms') as GmKeys),
        [extra.coGm.userId]: encodePublicKey(extra.coGm.publicKey),
      });
    }
    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(ownedToken([ana.userId])));
  });
  const anaDoc = new Y.Doc();
  const boDoc = new Y.Doc();
  syncAll(table, anaDoc, boDoc);
  anaDoc
    .getArray(postLogName(ana.userId))
    .push([{ id: 'p1', author: ana.userId, at: 3, kind: 'message', text: 'Hello' }]);
  appendIntent(anaDoc, campaignId, ana, 'token.move', { tokenId: 't1', x: 70, y: 70 });
  syncAll(table, anaDoc, boDoc);
  await new GmValidator({ table, gm, identity: gemma, rules: null }).processPending();
  syncAll(table, anaDoc, boDoc);
  return { ...created, anaDoc, boDoc };
}

/** Puts a rekey into a doc as whoever writes it there would (the audit aside). */
function writeRekey(doc: Y.Doc, rekey: unknown): void {
  doc.getMap(TABLE_MAPS.meta).set(REKEY_META_KEYS.rekey, rekey);
}

describe('kickMember', () => {
  it('marks Bo kicked and moves the table to a new key in a new room', async () => {
    const { table, gm, campaignId, tableKey } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId, now: () => 9 });
    expect(kick).toMatchObject({ campaignId, kicked: bo.userId, epoch: 1 });
    expect(kick.tableKey).not.toBe(tableKey);
    expect(kick.room).not.toBe(campaignId);
    expect(kick.room).toBe(tableRoom(campaignId, 1, kick.tableKey));
    expect([...kick.recipients].sort()).toEqual([gemma.userId, ana.userId].sort());
    expect(fromYValue(table.getMap(TABLE_MAPS.members).get(bo.userId))).toMatchObject({
      status: 'kicked',
      publicKey: encodePublicKey(bo.publicKey),
    });
    expect(fromYValue(table.getMap(TABLE_MAPS.meta).get(REKEY_META_KEYS.rekey))).toEqual(
      kick.rekey,
    );
    // The room is derived from the key: the old doc, which Bo still reads, never names it.
    expect(JSON.stringify(tableJson(table))).not.toContain(kick.room);
    expect(JSON.stringify(tableJson(table))).not.toContain(kick.tableKey);
    expect(readTableEpoch(table)).toEqual({ epoch: 0, room: campaignId });
    expect(readTableEpoch(kick.table)).toEqual({ epoch: 1, room: kick.room });
    expect(readTableKeys(gm)).toEqual([
      { epoch: 1, room: kick.room, tableKey: kick.tableKey, kicked: bo.userId, at: 9 },
    ]);
  });

  it('carries the whole table doc over into the new room', async () => {
    const { table, gm, anaDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    const { [TABLE_MAPS.meta]: newMeta, ...newRest } = tableJson(kick.table);
    const { [TABLE_MAPS.meta]: oldMeta, ...oldRest } = tableJson(table);
    expect(newRest).toEqual(oldRest);
    expect(newMeta).toEqual({ ...(oldMeta as object), epoch: { epoch: 1, room: kick.room } });
    // Ana's log, post, receipt and the token she moved all came along.
    expect(Object.keys(newRest)).toEqual(
      expect.arrayContaining([intentLogName(ana.userId), postLogName(ana.userId), 'receipts']),
    );
    expect(kick.table.getMap(TABLE_MAPS.tokens).toJSON()).toMatchObject({ t1: { x: 70, y: 70 } });
    // Carrying over again adds nothing; a member's empty doc in the new room gets it all.
    const before = Y.encodeStateAsUpdate(kick.table);
    carryOver(table, kick.table);
    expect(Y.encodeStateAsUpdate(kick.table)).toEqual(before);
    const anaNew = new Y.Doc();
    syncAll(kick.table, anaNew);
    expect(tableJson(anaNew)).toEqual(tableJson(kick.table));
    expect(readTableEpoch(anaNew)).toEqual({ epoch: 1, room: kick.room });
    expect(tableJson(anaDoc)[TABLE_MAPS.tokens]).toEqual(newRest[TABLE_MAPS.tokens]);
  });

  it('seals the key to members and co-GMs, never to the kicked or the pending', async () => {
    const { table, gm } = await setUp({ pending: cy, coGm: dee });
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    expect([...kick.recipients].sort()).toEqual([gemma.userId, ana.userId, dee.userId].sort());
    const deeDoc = new Y.Doc();
    const cyDoc = new Y.Doc();
    syncAll(table, deeDoc, cyDoc);
    expect(openRekey(deeDoc, dee)).toMatchObject({ ok: true, tableKey: kick.tableKey });
    expect(openRekey(cyDoc, cy)).toMatchObject({ ok: false, code: 'REKEY_NOT_FOR_YOU' });
  });

  it('lets the audit on the GM’s own copy keep the kick as the GM’s own write', async () => {
    const { table, gm } = await setUp();
    const reports: AuditReport[] = [];
    const audit = new TableAudit({ table, onReport: (report) => reports.push(report) });
    audit.start();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    audit.stop();
    expect(reports).toEqual([]);
    expect(fromYValue(table.getMap(TABLE_MAPS.meta).get(REKEY_META_KEYS.rekey))).toEqual(
      kick.rekey,
    );
  });

  it('refuses a kick by a player, of a GM, of oneself, of a stranger, or twice', async () => {
    const { table, gm } = await setUp({ coGm: dee });
    const kick = (identity: Identity, userId: string, doc = table) =>
      thrown(() => kickMember({ table: doc, gm, identity, userId })).code;
    expect(kick(ana, bo.userId)).toBe('KICK_NOT_A_GM');
    expect(kick(gemma, dee.userId)).toBe('KICK_NOT_ALLOWED');
    expect(kick(gemma, gemma.userId)).toBe('KICK_NOT_ALLOWED');
    expect(kick(gemma, cy.userId)).toBe('KICK_NO_SUCH_MEMBER');
    expect(
      thrown(() => kickMember({ table: new Y.Doc(), gm, identity: gemma, userId: bo.userId })).code,
    ).toBe('KICK_NO_CAMPAIGN');
    expect(
      thrown(() => kickMember({ table, gm, identity: gemma, userId: bo.userId, now: () => -1 }))
        .code,
    ).toBe('KICK_INVALID_OPTIONS');
    // Nothing of the refused kicks was written.
    expect(table.getMap(TABLE_MAPS.meta).has(REKEY_META_KEYS.rekey)).toBe(false);
    const done = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    expect(kick(gemma, ana.userId)).toBe('KICK_ROOM_RETIRED');
    expect(kick(gemma, bo.userId, done.table)).toBe('KICK_ALREADY_KICKED');
  });

  it('kicks again from the new room, to a third key that the second kicked member lacks', async () => {
    const { table, gm, anaDoc } = await setUp();
    const first = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    const second = kickMember({ table: first.table, gm, identity: gemma, userId: ana.userId });
    expect(second.epoch).toBe(2);
    expect(second.room).toBe(tableRoom(first.campaignId, 2, second.tableKey));
    expect(new Set([first.room, second.room, first.campaignId]).size).toBe(3);
    const anaNew = new Y.Doc();
    syncAll(table, anaDoc);
    syncAll(first.table, anaNew);
    expect(openRekey(anaDoc, ana)).toMatchObject({ ok: true, epoch: 1, room: first.room });
    expect(openRekey(anaNew, ana)).toMatchObject({ ok: false, code: 'REKEY_NOT_FOR_YOU' });
    expect(openRekey(first.table, gemma)).toMatchObject({ ok: true, epoch: 2, room: second.room });
    expect(readTableKeys(gm).map((key) => key.epoch)).toEqual([1, 2]);
  });
});

describe('openRekey', () => {
  it('gives Ana the new key and room, and Bo a typed refusal', async () => {
    const { table, gm, anaDoc, boDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    syncAll(table, anaDoc, boDoc);
    expect(openRekey(anaDoc, ana)).toEqual({
      ok: true,
      campaignId: kick.campaignId,
      epoch: 1,
      room: kick.room,
      tableKey: kick.tableKey,
      kicked: bo.userId,
      by: gemma.userId,
    });
    // The GM's other devices open it with the same identity.
    expect(openRekey(table, gemma)).toMatchObject({ ok: true, tableKey: kick.tableKey });
    const refused = openRekey(boDoc, bo);
    expect(refused).toMatchObject({ ok: false, code: 'REKEY_NOT_FOR_YOU' });
    expect(refused?.ok === false && refused.message).toContain('removed you');
  });

  it('has nothing to open before a kick, nor in the room the rekey led to', async () => {
    const { table, gm, anaDoc } = await setUp();
    expect(openRekey(anaDoc, ana)).toBeNull();
    expect(openRekey(new Y.Doc(), ana)).toBeNull();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    expect(openRekey(kick.table, ana)).toBeNull();
  });

  it('refuses a rekey a player signed, even one who wrote themself into meta.gms', async () => {
    const { table, gm, campaignId, anaDoc, boDoc } = await setUp();
    const pinned = readGms(anaDoc);
    kickMember({ table, gm, identity: gemma, userId: bo.userId });
    syncAll(table, anaDoc, boDoc);
    // Bo, kicked, rewrites the rekey in the room left behind with a key of his own for Ana.
    const key = crypto.getRandomValues(new Uint8Array(16));
    const forged = signRekey(bo, {
      v: 1,
      campaign: campaignId,
      epoch: 1,
      kicked: gemma.userId,
      keys: {
        [ana.userId]: sealTableKey(key, ana.publicKey, {
          campaign: campaignId,
          epoch: 1,
          to: ana.userId,
        }) as SealedTableKey,
      },
      by: bo.userId,
      at: 10,
    });
    writeRekey(boDoc, forged);
    syncAll(boDoc, anaDoc);
    expect(openRekey(anaDoc, ana)).toMatchObject({ ok: false, code: 'REKEY_BAD_SIGNATURE' });
    // Naming Gemma as the signer does not help him either.
    writeRekey(boDoc, { ...forged, by: gemma.userId });
    syncAll(boDoc, anaDoc);
    expect(openRekey(anaDoc, ana)).toMatchObject({ ok: false, code: 'REKEY_BAD_SIGNATURE' });
    // With no GM's audit left in the old room, he may add himself to meta.gms there: a device
    // that pinned its GMs when it joined still refuses him.
    writeRekey(boDoc, forged);
    boDoc
      .getMap(TABLE_MAPS.meta)
      .set('gms', { ...pinned, [bo.userId]: encodePublicKey(bo.publicKey) });
    syncAll(boDoc, anaDoc);
    expect(openRekey(anaDoc, ana, { trustedGms: pinned })).toMatchObject({
      ok: false,
      code: 'REKEY_BAD_SIGNATURE',
    });
  });

  it('refuses a tampered ciphertext: the GM’s signature covers every sealed key', async () => {
    const { table, gm, anaDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    syncAll(table, anaDoc);
    const box = kick.rekey.keys[ana.userId]?.box as string;
    const bytes = decodeBase64Url(box, 32) as Uint8Array;
    bytes[5] = (bytes[5] as number) ^ 0x40;
    const tampered: Rekey = {
      ...kick.rekey,
      keys: {
        ...kick.rekey.keys,
        [ana.userId]: {
          ...(kick.rekey.keys[ana.userId] as SealedTableKey),
          box: encodeBase64Url(bytes),
        },
      },
    };
    writeRekey(anaDoc, tampered);
    expect(openRekey(anaDoc, ana)).toMatchObject({ ok: false, code: 'REKEY_BAD_SIGNATURE' });
  });

  it('calls a signed box that does not open for its member tampered', async () => {
    const { table, gm, anaDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    // Gemma's box moved into Ana's slot, and the whole signed again by the GM: the box is bound
    // to the member it was sealed for.
    const { sig: _sig, ...unsigned } = kick.rekey;
    const moved = signRekey(gemma, {
      ...unsigned,
      keys: { ...unsigned.keys, [ana.userId]: unsigned.keys[gemma.userId] as SealedTableKey },
    });
    writeRekey(anaDoc, moved);
    expect(openRekey(anaDoc, ana)).toMatchObject({ ok: false, code: 'REKEY_TAMPERED' });
  });

  it('refuses a malformed rekey, one for another campaign, and one that skips an epoch', async () => {
    const { table, gm, anaDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    const { sig: _sig, ...unsigned } = kick.rekey;
    for (const rekey of [
      { ...kick.rekey, keys: 'none' },
      signRekey(gemma, { ...unsigned, campaign: 'camp-2' }),
      signRekey(gemma, { ...unsigned, epoch: 3 }),
    ]) {
      writeRekey(anaDoc, rekey);
      expect(openRekey(anaDoc, ana)).toMatchObject({ ok: false, code: 'REKEY_MALFORMED' });
    }
  });
});

describe('after a kick, the validator', () => {
  it('refuses whatever Bo signs, in the old room and in the new, and rules on Ana as before', async () => {
    const { table, gm, campaignId, boDoc } = await setUp();
    const kick = kickMember({ table, gm, identity: gemma, userId: bo.userId });
    syncAll(table, boDoc);
    const move = appendIntent(boDoc, campaignId, bo, 'token.move', { tokenId: 't1', x: 140, y: 0 });
    const rejoin = appendIntent(boDoc, campaignId, bo, 'join', {
      publicKey: encodePublicKey(bo.publicKey),
      name: 'Bo again',
      color: '#00aa44',
    });
    syncAll(table, boDoc);
    await new GmValidator({ table, gm, identity: gemma, rules: null }).processPending();
    expect(receiptOf(table, move.id)).toMatchObject({
      status: 'rejected',
      reason: 'the sender is not a member of this table',
    });
    expect(receiptOf(table, rejoin.id)).toMatchObject({
      status: 'rejected',
      reason: 'the GM removed this member from the table',
    });

    // Should Bo's entries ever reach the new room, they fare no better; Ana's still count there,
    // since intents are signed for the campaign, not the room.
    const next = kick.table;
    const smuggled = appendIntent(next, campaignId, bo, 'roll', { notation: '1d20' });
    const anaRoll = appendIntent(next, campaignId, ana, 'roll', { notation: '1d20' });
    await new GmValidator({ table: next, gm, identity: gemma, rules: null }).processPending();
    expect(receiptOf(next, smuggled.id)).toMatchObject({ status: 'rejected' });
    expect(receiptOf(next, anaRoll.id)).toMatchObject({ status: 'applied' });
  });
});

function readGms(doc: Y.Doc): GmKeys {
  return doc.getMap(TABLE_MAPS.meta).get('gms') as GmKeys;
}
