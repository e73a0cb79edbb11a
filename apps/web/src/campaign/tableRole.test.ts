import { createIdentity, encodePublicKey, GmTrust } from '@meshtable/campaign';
import { TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newCampaign, putMember, syncInto } from './tableFixture';
import { readTableRole } from './tableRole';

const gm = createIdentity('Gemma', '#aa3355');
const pat = createIdentity('Pat', '#3355aa');

describe('readTableRole', () => {
  it('reads a GM, and a player through each status of their member record', () => {
    const { table, campaignId } = newCampaign(gm);
    const trust = new GmTrust(table, { campaignId, gmIds: [gm.userId] });
    expect(readTableRole(table, gm.userId, trust)).toBe('gm');
    expect(readTableRole(table, pat.userId, trust)).toBe('none');
    putMember(table, pat, 'pending');
    expect(readTableRole(table, pat.userId, trust)).toBe('pending');
    putMember(table, pat, 'member');
    expect(readTableRole(table, pat.userId, trust)).toBe('player');
    putMember(table, pat, 'kicked');
    expect(readTableRole(table, pat.userId, trust)).toBe('kicked');
    putMember(table, pat, 'left');
    expect(readTableRole(table, pat.userId, trust)).toBe('none');
  });

  it('does not make a player a GM because meta.gms says so: only the pinned GMs count', () => {
    const { table, campaignId } = newCampaign(gm);
    const patsCopy = new Y.Doc();
    syncInto(table, patsCopy);
    const trust = new GmTrust(patsCopy, { campaignId, gmIds: [gm.userId] });
    putMember(patsCopy, pat, 'member');
    // Pat rewrites meta.gms in their copy, as anyone in the room could for a moment.
    patsCopy.getMap(TABLE_MAPS.meta).set('gms', {
      [gm.userId]: encodePublicKey(gm.publicKey),
      [pat.userId]: encodePublicKey(pat.publicKey),
    });
    expect(readTableRole(patsCopy, pat.userId, trust)).toBe('player');
    expect(readTableRole(patsCopy, gm.userId, trust)).toBe('gm');
  });

  it('knows no GM before the table has synced', () => {
    const empty = new Y.Doc();
    const trust = new GmTrust(empty, { campaignId: 'camp', gmIds: [gm.userId] });
    expect(readTableRole(empty, gm.userId, trust)).toBe('none');
  });
});
