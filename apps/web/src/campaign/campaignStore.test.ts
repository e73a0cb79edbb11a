import { createCampaignKey, createIdentity } from '@meshtable/campaign';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openCampaignStore, type StoredCampaign, storedCampaignProblem } from './campaignStore';

// Each test gets a fresh in-memory IndexedDB (fake-indexeddb implements the browser's API).
const fresh = (onDamaged?: (problem: string) => void) =>
  openCampaignStore({ indexedDB: new IDBFactory(), ...(onDamaged ? { onDamaged } : {}) });

const me = createIdentity('Gemma', '#aa3355');

function campaign(overrides: Partial<StoredCampaign> = {}): StoredCampaign {
  return {
    id: 'camp-1',
    name: 'The Sunless Citadel',
    userId: me.userId,
    tableKey: createCampaignKey(),
    epoch: 0,
    room: 'camp-1',
    relayUrl: null,
    gmIds: [me.userId],
    gmKey: createCampaignKey(),
    lastOpened: 1000,
    ...overrides,
  };
}

describe('the campaign store', () => {
  it('keeps a campaign, its keys included, and reads it back', async () => {
    const store = await fresh();
    const kept = campaign();
    await store.put(kept);
    expect(await store.get('camp-1')).toEqual(kept);
    expect(await store.get('nope')).toBeUndefined();
    store.close();
  });

  it('lists the last opened first', async () => {
    const store = await fresh();
    await store.put(campaign({ id: 'old', room: 'old', lastOpened: 1 }));
    await store.put(campaign({ id: 'new', room: 'new', lastOpened: 5 }));
    await store.put(campaign({ id: 'mid', room: 'mid', lastOpened: 3 }));
    expect((await store.list()).map((c) => c.id)).toEqual(['new', 'mid', 'old']);
    store.close();
  });

  it('replaces a campaign by id (a rekey moves it to a new room and key)', async () => {
    const store = await fresh();
    await store.put(campaign());
    const moved = campaign({
      epoch: 1,
      room: 'AAAAAAAAAAAAAAAAAAAAAA',
      tableKey: createCampaignKey(),
    });
    await store.put(moved);
    expect(await store.list()).toEqual([moved]);
    store.close();
  });

  it('keeps a player device without a gm key, and forgets a campaign', async () => {
    const store = await fresh();
    await store.put(campaign({ gmKey: null, relayUrl: 'https://relay.example/' }));
    expect((await store.get('camp-1'))?.gmKey).toBeNull();
    await store.remove('camp-1');
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('refuses to write a record that would not read back, and writes nothing', async () => {
    const store = await fresh();
    await expect(store.put(campaign({ tableKey: 'short' }))).rejects.toThrow(/tableKey/);
    await expect(store.put(campaign({ gmIds: ['not a user id'] }))).rejects.toThrow(/gmIds/);
    await expect(store.put(campaign({ relayUrl: 'ftp://x' }))).rejects.toThrow(/relayUrl/);
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('skips and reports a damaged record instead of using it', async () => {
    const factory = new IDBFactory();
    const problems: string[] = [];
    const store = await openCampaignStore({
      indexedDB: factory,
      onDamaged: (problem) => problems.push(problem),
    });
    await store.put(campaign({ id: 'good', room: 'good' }));
    // Damage a record behind the store's back, as a bug or another build might.
    await new Promise<void>((resolve, reject) => {
      const open = factory.open('meshtable-campaigns');
      open.onsuccess = () => {
        const tx = open.result.transaction('campaigns', 'readwrite');
        tx.objectStore('campaigns').put({ ...campaign({ id: 'bad' }), tableKey: 42 });
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    expect((await store.list()).map((c) => c.id)).toEqual(['good']);
    expect(await store.get('bad')).toBeUndefined();
    expect(problems.join('\n')).toMatch(/bad has a bad tableKey/);
    store.close();
  });
});

describe('storedCampaignProblem', () => {
  it('accepts a sound record and names the first bad field of others', () => {
    expect(storedCampaignProblem(campaign())).toBeNull();
    expect(storedCampaignProblem(null)).toMatch(/not a record/);
    expect(storedCampaignProblem(campaign({ epoch: -1 }))).toMatch(/epoch/);
    expect(storedCampaignProblem(campaign({ name: '  ' }))).toMatch(/name/);
    expect(storedCampaignProblem(campaign({ room: 'bad room' }))).toMatch(/room/);
    expect(storedCampaignProblem(campaign({ gmKey: 'x' }))).toMatch(/gmKey/);
  });
});
