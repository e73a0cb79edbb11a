import { createCampaignKey, createIdentity, type Invite, tableRoom } from '@meshtable/campaign';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openCampaignStore } from './campaignStore';
import { keepInvitedCampaign } from './keepInvitedCampaign';

const pat = createIdentity('Pat', '#3355aa');
const gm = createIdentity('Gemma', '#aa3355');

const invite = (fields: Partial<Invite> = {}): Invite => ({
  campaignId: 'camp-1',
  tableKey: createCampaignKey(),
  relayUrl: null,
  epoch: 0,
  room: 'camp-1',
  gmIds: [gm.userId],
  ...fields,
});

describe('keepInvitedCampaign', () => {
  it("keeps a new campaign with the invite's key, room, relay and GMs, and no gm key", async () => {
    const store = await openCampaignStore({ indexedDB: new IDBFactory() });
    const link = invite({ relayUrl: 'https://relay.example/' });
    const kept = await keepInvitedCampaign(store, link, pat, 42);
    expect(kept).toMatchObject({
      id: 'camp-1',
      userId: pat.userId,
      tableKey: link.tableKey,
      room: 'camp-1',
      relayUrl: 'https://relay.example/',
      gmIds: [gm.userId],
      gmKey: null,
      lastOpened: 42,
    });
    expect(await store.get('camp-1')).toEqual(kept);
  });

  it('keeps what it has for a link of the same epoch (a GM opening their own invite keeps the gm key)', async () => {
    const store = await openCampaignStore({ indexedDB: new IDBFactory() });
    const mine = {
      ...(await keepInvitedCampaign(store, invite(), gm)),
      gmKey: createCampaignKey(),
    };
    await store.put(mine);
    expect(await keepInvitedCampaign(store, invite(), gm)).toEqual(mine);
  });

  it("takes a later epoch's key and room (a new link after a kick), keeping the rest", async () => {
    const store = await openCampaignStore({ indexedDB: new IDBFactory() });
    await keepInvitedCampaign(store, invite(), pat);
    const key = createCampaignKey();
    const later = invite({ epoch: 1, tableKey: key, room: tableRoom('camp-1', 1, key) });
    const kept = await keepInvitedCampaign(store, later, pat);
    expect(kept).toMatchObject({ epoch: 1, tableKey: key, room: later.room, userId: pat.userId });
  });
});
