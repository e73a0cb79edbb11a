/**
 * Whom a device trusts as GM: roots pinned from the invite's GM ids, given keys or `meta.gms` as
 * first read, and the co-GMs whose signed grants chain to them. Real keys and signatures; the
 * hostile member writes straight into their copy of the table doc, as anyone in the room can.
 */
import { GM_GRANTS_META_KEY, type GmGrant, MAX_GM_GRANTS, TABLE_MAPS } from '@meshtable/schema';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { createIdentity, encodePublicKey, type Identity } from '../identity/identity';
import { memberRecord } from '../testing/records';
import { createCampaign } from './createCampaign';
import {
  GM_GRANT_SIGNATURE_DOMAIN,
  GmTrust,
  gmGrantSigningBytes,
  readTrustedGms,
  signGmGrant,
  verifyGmGrant,
} from './gmTrust';
import { makeInviteLink, parseInviteLink } from './invite';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) } as const;
const gemma = createIdentity('Gemma', '#aa3300');
const hal = createIdentity('Hal', '#0033aa');
const ivy = createIdentity('Ivy', '#33aa00');
const bo = createIdentity('Bo', '#777777');

const keyOf = (identity: Identity) => encodePublicKey(identity.publicKey);

/** Gemma's campaign, with Hal, Ivy and Bo admitted as players. */
function setUp() {
  const created = createCampaign({ gm: gemma, name: 'Tomb', system: SYSTEM, diceChainLength: 8 });
  const members = created.table.getMap(TABLE_MAPS.members);
  for (const player of [hal, ivy, bo])
    members.set(player.userId, toYValue(memberRecord(player, 'player')));
  return created;
}

/** A grant by `by` that `gm` is a GM of `campaign`. */
function grant(by: Identity, gm: Identity, campaign: string): GmGrant {
  return signGmGrant(by, { campaign, gm: gm.userId, publicKey: keyOf(gm), at: 5 });
}

function writeGrants(table: Y.Doc, grants: Record<string, unknown>): void {
  table.getMap(TABLE_MAPS.meta).set(GM_GRANTS_META_KEY, grants);
}

/** A copy of `doc`, as a newcomer receives it from the peer that holds it. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** A trust and what it reported. */
function trustIn(table: Y.Doc, options: ConstructorParameters<typeof GmTrust>[1] = {}) {
  const problems: string[] = [];
  const trust = new GmTrust(table, options, (problem) => problems.push(problem));
  return { trust, problems, ids: () => Object.keys(trust.keys() ?? {}).sort() };
}

const sorted = (...identities: Identity[]) => identities.map((person) => person.userId).sort();

describe('GM grants', () => {
  it('are signed over a domain string and every field: any change breaks the signature', () => {
    const signed = grant(gemma, hal, 'camp-1');
    expect(signed).toMatchObject({ v: 1, campaign: 'camp-1', gm: hal.userId, by: gemma.userId });
    const { sig: _sig, ...unsigned } = signed;
    const bytes = gmGrantSigningBytes(unsigned);
    expect(bytes.subarray(0, GM_GRANT_SIGNATURE_DOMAIN.length)).toEqual(
      utf8ToBytes(GM_GRANT_SIGNATURE_DOMAIN),
    );
    expect(verifyGmGrant(signed, keyOf(gemma))).toBe(true);
    expect(verifyGmGrant(signed, keyOf(hal))).toBe(false);
    for (const change of [
      { campaign: 'camp-2' },
      { gm: bo.userId },
      { publicKey: keyOf(bo) },
      { by: hal.userId },
      { at: 6 },
    ]) {
      expect([change, verifyGmGrant({ ...signed, ...change }, keyOf(gemma))]).toEqual([
        change,
        false,
      ]);
    }
    expect(verifyGmGrant({ ...signed, sig: 'A'.repeat(86) }, keyOf(gemma))).toBe(false);
    expect(verifyGmGrant(signed, 'not a key')).toBe(false);
  });
});

describe('GmTrust', () => {
  it('trusts a co-GM added later whose grant the pinned founder signed', () => {
    const { table, campaignId } = setUp();
    const { trust, ids } = trustIn(table, { campaignId });
    expect(ids()).toEqual([gemma.userId]);
    table.transact(() => {
      const meta = table.getMap(TABLE_MAPS.meta);
      meta.set('gms', { [gemma.userId]: keyOf(gemma), [hal.userId]: keyOf(hal) });
      writeGrants(table, { [hal.userId]: grant(gemma, hal, campaignId) });
    });
    expect(ids()).toEqual(sorted(gemma, hal));
    expect(trust.has(hal.userId)).toBe(true);
    expect(trust.has(bo.userId)).toBe(false);
  });

  it('follows a chain of two grants, in whatever order they are stored', () => {
    const { table, campaignId } = setUp();
    writeGrants(table, {
      [ivy.userId]: grant(hal, ivy, campaignId),
      [hal.userId]: grant(gemma, hal, campaignId),
    });
    const { ids, problems } = trustIn(copyOf(table), { campaignId, gmIds: [gemma.userId] });
    expect(ids()).toEqual(sorted(gemma, hal, ivy));
    expect(problems).toEqual([]);
  });

  it('ignores a forged grant: one signed by another than the GM it names', () => {
    const { table, campaignId } = setUp();
    const forged = { ...grant(bo, bo, campaignId), by: gemma.userId };
    writeGrants(table, { [bo.userId]: forged });
    const { ids, problems } = trustIn(table, { campaignId });
    expect(ids()).toEqual([gemma.userId]);
    expect(problems).toEqual([
      `the grant that makes ${bo.userId} a GM is not signed by ${gemma.userId}, the GM it names: ignored`,
    ]);
  });

  it('ignores a grant by someone who is not a trusted GM', () => {
    const { table, campaignId } = setUp();
    writeGrants(table, {
      [bo.userId]: grant(bo, bo, campaignId),
      [ivy.userId]: grant(bo, ivy, campaignId),
    });
    const { ids, problems } = trustIn(table, { campaignId });
    expect(ids()).toEqual([gemma.userId]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(`is by ${bo.userId}, who is not a GM this device trusts`);
  });

  it('ignores a grant the founder made in another campaign, even with meta rewritten to match', () => {
    const { table, campaignId } = setUp();
    // Gemma made Bo a GM of her other campaign; Bo copies that grant into this one.
    writeGrants(table, { [bo.userId]: grant(gemma, bo, 'other-campaign') });
    const { ids, problems } = trustIn(table, { campaignId });
    expect(ids()).toEqual([gemma.userId]);
    expect(problems[0]).toContain('is for another campaign (other-campaign)');
    // Rewriting meta.campaign to the other campaign's id fools nobody who knows their campaign.
    const campaign = table.getMap(TABLE_MAPS.meta).get('campaign') as Record<string, unknown>;
    table.getMap(TABLE_MAPS.meta).set('campaign', { ...campaign, id: 'other-campaign' });
    expect(trustIn(table, { campaignId }).ids()).toEqual([gemma.userId]);
  });

  it('ignores a key that is not its id’s, in meta.gms, in a grant or among the given keys', () => {
    const { table, campaignId } = setUp();
    // Bo puts his key under Gemma's id: a newcomer who knows her id is not fooled.
    table.getMap(TABLE_MAPS.meta).set('gms', { [gemma.userId]: keyOf(bo) });
    table.getMap(TABLE_MAPS.members).delete(gemma.userId);
    const newcomer = trustIn(copyOf(table), { campaignId, gmIds: [gemma.userId] });
    expect(newcomer.trust.keys()).toBeNull();
    expect(newcomer.problems).toContain(
      `meta.gms gives the GM ${gemma.userId} a key that is not theirs: ignored`,
    );
    // As a root read from meta.gms (an old invite), the entry is ignored too.
    expect(trustIn(copyOf(table)).problems).toEqual([
      `meta.gms gives ${gemma.userId} a key that is not theirs: ignored`,
    ]);
    // A grant that gives Hal Bo's key, even one Gemma signed; and a given key under Ivy's id.
    const mixed = signGmGrant(gemma, {
      campaign: campaignId,
      gm: hal.userId,
      publicKey: keyOf(bo),
      at: 5,
    });
    writeGrants(table, { [hal.userId]: mixed });
    const fromGiven = trustIn(table, {
      campaignId,
      trustedGms: { [gemma.userId]: keyOf(gemma), [ivy.userId]: keyOf(bo) },
    });
    expect(fromGiven.ids()).toEqual([gemma.userId]);
    expect(fromGiven.problems).toEqual([
      `trustedGms gives ${ivy.userId} a key that is not theirs: ignored`,
      `the grant that makes ${hal.userId} a GM gives them a key that is not theirs: ignored`,
    ]);
  });

  it('ends on a cycle of grants that no trusted GM signed into, and trusts nobody in it', () => {
    const { table, campaignId } = setUp();
    writeGrants(table, {
      [hal.userId]: grant(ivy, hal, campaignId),
      [ivy.userId]: grant(hal, ivy, campaignId),
    });
    const { ids, problems } = trustIn(table, { campaignId });
    expect(ids()).toEqual([gemma.userId]);
    expect(problems).toHaveLength(2);
    // Once Gemma grants one of them, the cycle is a chain: both are trusted.
    writeGrants(table, {
      [hal.userId]: grant(gemma, hal, campaignId),
      [ivy.userId]: grant(hal, ivy, campaignId),
      [gemma.userId]: grant(ivy, gemma, campaignId),
    });
    expect(trustIn(table, { campaignId }).ids()).toEqual(sorted(gemma, hal, ivy));
  });

  it('does not trust a GM that a member wrote into meta.gms before a newcomer’s first look', () => {
    const { table, campaignId, tableKey } = setUp();
    const link = makeInviteLink('https://table.example/', {
      campaignId,
      tableKey,
      gmIds: [gemma.userId],
    });
    // Bo, a member, puts himself in Gemma's place a moment before the newcomer syncs with him;
    // he also removes her member record, so that her key is nowhere.
    const bosCopy = copyOf(table);
    bosCopy.transact(() => {
      bosCopy.getMap(TABLE_MAPS.meta).set('gms', { [bo.userId]: keyOf(bo) });
      bosCopy.getMap(TABLE_MAPS.members).delete(gemma.userId);
    });
    const parsed = parseInviteLink(link);
    if (!parsed.ok) throw new Error(parsed.message);
    const newcomerDoc = copyOf(bosCopy);
    const newcomer = trustIn(newcomerDoc, parsed.invite);
    expect(newcomer.trust.keys()).toBeNull();
    expect(newcomer.trust.has(bo.userId)).toBe(false);
    // Gemma's audit puts meta.gms back; now the newcomer trusts her, and only her.
    newcomerDoc.getMap(TABLE_MAPS.meta).set('gms', { [gemma.userId]: keyOf(gemma) });
    expect(newcomer.ids()).toEqual([gemma.userId]);
    // Bo writing himself in again changes nothing: the roots are pinned.
    newcomerDoc.getMap(TABLE_MAPS.meta).set('gms', { [bo.userId]: keyOf(bo) });
    expect(newcomer.ids()).toEqual([gemma.userId]);
  });

  it('finds a listed GM’s key in their member record when meta.gms lacks it', () => {
    const { table, campaignId } = setUp();
    table.getMap(TABLE_MAPS.meta).set('gms', {});
    expect(trustIn(table, { campaignId, gmIds: [gemma.userId] }).ids()).toEqual([gemma.userId]);
  });

  it('falls back, for an old invite without GM ids, to meta.gms as first seen', () => {
    const { table, campaignId, tableKey } = setUp();
    const parsed = parseInviteLink(`https://table.example/#/join/${campaignId}/${tableKey}`);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.invite.gmIds).toEqual([]);
    const rewritten = copyOf(table);
    rewritten.getMap(TABLE_MAPS.meta).set('gms', { [bo.userId]: keyOf(bo) });
    // This is the gap the GM ids close: the old link's newcomer pins what it is shown first…
    expect(trustIn(rewritten, parsed.invite).ids()).toEqual([bo.userId]);
    // …and a device that first read the real meta.gms keeps it, whatever is written later.
    const honest = trustIn(copyOf(table), parsed.invite);
    expect(honest.ids()).toEqual([gemma.userId]);
  });

  it('waits, unreported, until the table doc names a GM', () => {
    const empty = new Y.Doc();
    const { trust, problems } = trustIn(empty, { campaignId: 'camp-1' });
    expect(trust.keys()).toBeNull();
    expect(readTrustedGms(empty)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('keeps trusting a co-GM whose grant a member deleted, and refuses too many grants', () => {
    const { table, campaignId } = setUp();
    writeGrants(table, { [hal.userId]: grant(gemma, hal, campaignId) });
    const { ids } = trustIn(table, { campaignId });
    expect(ids()).toEqual(sorted(gemma, hal));
    table.getMap(TABLE_MAPS.meta).delete(GM_GRANTS_META_KEY);
    expect(ids()).toEqual(sorted(gemma, hal));
    // More grants than meta may hold are not walked at all: the walk stays bounded.
    const flood: Record<string, unknown> = { [ivy.userId]: grant(gemma, ivy, campaignId) };
    for (let index = 0; index < MAX_GM_GRANTS; index++)
      flood[`${'x'.repeat(20)}${index}`.slice(-22)] = {};
    writeGrants(table, flood);
    const fresh = trustIn(table, { campaignId });
    expect(fresh.ids()).toEqual([gemma.userId]);
    expect(fresh.problems[0]).toContain(`more than ${MAX_GM_GRANTS}: all ignored`);
  });

  it('reads the trusted GMs in one look, from meta.gms now unless told otherwise', () => {
    const { table, campaignId } = setUp();
    writeGrants(table, { [hal.userId]: grant(gemma, hal, campaignId) });
    expect(Object.keys(readTrustedGms(table) ?? {}).sort()).toEqual(sorted(gemma, hal));
    expect(readTrustedGms(table, { trustedGms: { [ivy.userId]: keyOf(ivy) } })).toEqual({
      [ivy.userId]: keyOf(ivy),
    });
  });
});
