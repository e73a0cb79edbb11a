import { chainCommitment } from '@meshtable/dice';
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { createIdentity } from '../identity/identity';
import { type CreatedCampaign, createCampaign } from '../lifecycle/createCampaign';
import { kickMember } from '../lifecycle/kick';
import { readMeta } from '../lifecycle/readCampaign';
import { readTableKeys } from '../lifecycle/tableEpoch';
import { memberRecord } from '../testing/records';
import { readSeedChain } from '../validator/rollSeeds';
import {
  checkCampaignDocs,
  docHolds,
  isEmptyDoc,
  referencedAssets,
  rekeyCampaign,
} from './campaignDocs';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) };

const ARIA = createIdentity('Aria', '#3366ff');
const BO = createIdentity('Bo', '#aa2200');

function campaign() {
  return createCampaign({
    gm: ARIA,
    name: 'The Sunless Citadel',
    system: SYSTEM,
    diceChainLength: 8,
  });
}

/** Admits Bo, then kicks him: the table moves to epoch 1, under a new key, in a new room. */
function kicked(created: CreatedCampaign) {
  created.table.getMap(TABLE_MAPS.members).set(BO.userId, toYValue(memberRecord(BO, 'player')));
  return kickMember({ table: created.table, gm: created.gm, identity: ARIA, userId: BO.userId });
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('docHolds', () => {
  it('sees a missing item and a missing deletion, and holds once both are applied', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const copy = copyOf(doc);
    expect(docHolds(copy, Y.encodeStateAsUpdate(doc))).toBe(true);

    doc.getMap('m').set('b', 2);
    expect(docHolds(copy, Y.encodeStateAsUpdate(doc))).toBe(false);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));

    // A deletion adds no item: the state vectors stay equal, yet the copy lacks it.
    doc.getMap('m').delete('a');
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    const deletion = Y.encodeStateAsUpdate(doc);
    const onlyDelete = new Y.Doc();
    Y.applyUpdate(onlyDelete, Y.encodeStateAsUpdate(copy));
    expect(docHolds(onlyDelete, deletion)).toBe(false);
    Y.applyUpdate(onlyDelete, deletion);
    expect(docHolds(onlyDelete, deletion)).toBe(true);
  });
});

describe('checkCampaignDocs', () => {
  it('accepts a campaign and names what is wrong with a mismatched pair', () => {
    const a = campaign();
    const b = campaign();
    expect(checkCampaignDocs(a.table, a.gm, a)).toMatchObject({
      ok: true,
      epoch: 0,
      room: a.campaignId,
    });
    expect(checkCampaignDocs(a.table, a.gm, { ...a, campaignId: b.campaignId })).toEqual({
      ok: false,
      problem: `the table doc is campaign "${a.campaignId}", not "${b.campaignId}"`,
    });
    expect(checkCampaignDocs(a.table, b.gm, a)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("the gm doc's dice chain is not the one"),
    });
    expect(checkCampaignDocs(a.table, new Y.Doc(), a)).toMatchObject({
      ok: false,
      problem: 'the gm doc has no dice chain, but the table doc commits to one',
    });
    expect(checkCampaignDocs(new Y.Doc(), a.gm, a)).toMatchObject({ ok: false });
    expect(isEmptyDoc(new Y.Doc())).toBe(true);
    expect(isEmptyDoc(a.gm)).toBe(false);
  });

  it('after a kick, takes the new room with the new key, and refuses the room left behind', () => {
    const a = campaign();
    const kick = kicked(a);
    expect(checkCampaignDocs(kick.table, a.gm, { ...a, tableKey: kick.tableKey })).toMatchObject({
      ok: true,
      epoch: 1,
      room: kick.room,
    });
    expect(checkCampaignDocs(kick.table, a.gm, a)).toEqual({
      ok: false,
      problem: 'the table doc is of key epoch 1, whose room the table key does not open',
    });
    expect(checkCampaignDocs(a.table, a.gm, a)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('before a kick moved it to a new key (epoch 1)'),
    });
  });
});

describe('referencedAssets', () => {
  it('lists each asset the records reference once, hidden ones included, sorted', () => {
    const { table, gm } = campaign();
    table.getMap(TABLE_MAPS.scenes).set('s1', toYValue({ id: 's1', background: 'ee'.repeat(32) }));
    table.getMap(TABLE_MAPS.actors).set('a1', toYValue({ id: 'a1', image: 'aa'.repeat(32) }));
    table.getMap(TABLE_MAPS.tokens).set('t1', toYValue({ id: 't1', image: 'aa'.repeat(32) }));
    table.getMap(TABLE_MAPS.tokens).set('t2', toYValue({ id: 't2', image: null }));
    table.getMap(TABLE_MAPS.handouts).set('h1', toYValue({ id: 'h1', image: 'not a hash' }));
    gm.getMap(GM_MAPS.tokens).set('t3', toYValue({ id: 't3', image: 'cc'.repeat(32) }));
    expect(referencedAssets(table, gm)).toEqual(['aa', 'cc', 'ee'].map((x) => x.repeat(32)));
  });

  it('lists scenes’ walls and the asset index’s entries, the GM’s library included', () => {
    const { table, gm } = campaign();
    const scene = { id: 's1', background: 'ee'.repeat(32), geometry: 'dd'.repeat(32) };
    table.getMap(TABLE_MAPS.scenes).set('s1', toYValue(scene));
    gm.getMap(GM_MAPS.scenes).set('s2', toYValue({ id: 's2', geometry: 'bb'.repeat(32) }));
    table.getMap(TABLE_MAPS.assets).set('11'.repeat(32), toYValue({ sha256: '11'.repeat(32) }));
    gm.getMap(GM_MAPS.assets).set('22'.repeat(32), toYValue({ sha256: '22'.repeat(32) }));
    expect(referencedAssets(table, gm)).toEqual(
      ['11', '22', 'bb', 'dd', 'ee'].map((x) => x.repeat(32)),
    );
  });
});

describe('rekeyCampaign', () => {
  it('gives a new id and keys and a fresh dice chain, and keeps everything else', () => {
    const created = campaign();
    const before = readMeta(created.table);
    if (before === null) throw new Error('no meta');
    const keys = rekeyCampaign(created.table, created.gm, before);
    expect(keys.campaignId).not.toBe(created.campaignId);
    expect(keys.tableKey).not.toBe(created.tableKey);
    expect(keys.gmKey).not.toBe(created.gmKey);
    const after = readMeta(created.table);
    expect(after).toEqual({
      ...before,
      campaign: { ...before.campaign, id: keys.campaignId },
      dice: { head: expect.any(String), length: 8, revealed: 0 },
    });
    expect(after?.dice?.head).not.toBe(before.dice?.head);
    const chain = readSeedChain(created.gm.getMap(GM_MAPS.validator));
    expect(chain && chainCommitment(chain).head).toBe(after?.dice?.head);
    expect(checkCampaignDocs(created.table, created.gm, keys)).toMatchObject({
      ok: true,
      epoch: 0,
      room: keys.campaignId,
    });
  });

  it("starts a copy of a kicked campaign at epoch 0, without the original's table keys", () => {
    const created = campaign();
    const kick = kicked(created);
    expect(readTableKeys(created.gm)).toHaveLength(1);
    const meta = readMeta(kick.table);
    if (meta === null) throw new Error('no meta');
    const keys = rekeyCampaign(kick.table, created.gm, meta);
    expect(checkCampaignDocs(kick.table, created.gm, keys)).toMatchObject({
      ok: true,
      epoch: 0,
      room: keys.campaignId,
    });
    expect(kick.table.getMap(TABLE_MAPS.meta).has('rekey')).toBe(false);
    expect(readTableKeys(created.gm)).toEqual([]);
  });
});
