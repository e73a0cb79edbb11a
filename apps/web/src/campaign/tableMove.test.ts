import { createIdentity, kickMember } from '@meshtable/campaign';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredCampaign } from './campaignStore';
import { newCampaign, putMember, syncInto } from './tableFixture';
import { checkTableMove } from './tableMove';

const gm = createIdentity('Gemma', '#aa3355');
const pat = createIdentity('Pat', '#3355aa');
const kim = createIdentity('Kim', '#33aa55');

function storedFor(campaignId: string, tableKey: string, who: string, epoch = 0): StoredCampaign {
  return {
    id: campaignId,
    name: 'Tomb',
    userId: who,
    tableKey,
    epoch,
    room: campaignId,
    relayUrl: null,
    gmIds: [gm.userId],
    gmKey: null,
    lastOpened: 1,
  };
}

/** A campaign where Pat and Kim are admitted, and Kim is kicked. */
function afterKick() {
  const created = newCampaign(gm);
  putMember(created.table, pat, 'member');
  putMember(created.table, kim, 'member');
  const kick = kickMember({
    table: created.table,
    gm: created.gm,
    identity: gm,
    userId: kim.userId,
  });
  return { ...created, kick };
}

describe('checkTableMove', () => {
  it('finds nothing in a table that has not moved', () => {
    const { table, campaignId, tableKey } = newCampaign(gm);
    expect(
      checkTableMove(table, null, pat, storedFor(campaignId, tableKey, pat.userId)),
    ).toBeNull();
  });

  it('follows a kick to the new room with the key sealed to a member who stays', () => {
    const { table, campaignId, tableKey, kick } = afterKick();
    const patsCopy = new Y.Doc();
    syncInto(table, patsCopy);
    expect(
      checkTableMove(patsCopy, null, pat, storedFor(campaignId, tableKey, pat.userId)),
    ).toEqual({
      kind: 'moved',
      epoch: 1,
      room: kick.room,
      tableKey: kick.tableKey,
    });
    // Once the device is there, the rekey that led there is old news.
    expect(
      checkTableMove(patsCopy, null, pat, {
        ...storedFor(campaignId, kick.tableKey, pat.userId, 1),
        room: kick.room,
      }),
    ).toBeNull();
  });

  it('tells the kicked member they were removed, and gives them no key', () => {
    const { table, campaignId, tableKey } = afterKick();
    const move = checkTableMove(table, null, kim, storedFor(campaignId, tableKey, kim.userId));
    expect(move).toMatchObject({ kind: 'left-behind', kicked: true });
    expect(JSON.stringify(move)).not.toContain('tableKey');
  });

  it('does not follow a rekey signed by someone who is not a pinned GM', () => {
    const { table, campaignId, tableKey } = afterKick();
    // Pat's device pinned another GM (an invite of another campaign's GM, say).
    const stranger = createIdentity('Mallory', '#000000');
    const stored = { ...storedFor(campaignId, tableKey, pat.userId), gmIds: [stranger.userId] };
    expect(checkTableMove(table, null, pat, stored)).toMatchObject({ kind: 'problem' });
  });

  it("finds the new key in the gm doc on a GM's device, even when the old room lost its rekey", () => {
    const { table, gm: gmDoc, campaignId, tableKey, kick } = afterKick();
    table.getMap('meta').delete('rekey');
    const stored = { ...storedFor(campaignId, tableKey, gm.userId), gmKey: 'x' };
    expect(checkTableMove(table, gmDoc, gm, stored)).toEqual({
      kind: 'moved',
      epoch: 1,
      room: kick.room,
      tableKey: kick.tableKey,
    });
  });
});
