import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { OTHER_SECRET_KEY, RFC8032_TEST1 } from '../testing/rfc8032';
import { rejected } from '../testing/thrown';
import { createIdentity, type Identity } from './identity';
import { identityFileOf } from './identityFile';
import { IDENTITY_DATABASE_NAME, openIdentityStore } from './identityStore';

// Real IndexedDB exists only in browsers; fake-indexeddb implements the same API in memory. Each
// test gets a factory of its own, so no test sees another's databases.

const aria = createIdentity('Aria', '#3366ff', {
  secretKey: RFC8032_TEST1.secretKey,
  createdAt: 20,
});
const bram = createIdentity('Bram', '#aa2200', { secretKey: OTHER_SECRET_KEY, createdAt: 10 });

/** Writes a record straight into the store's object store, bypassing openIdentityStore's checks. */
function writeRaw(factory: IDBFactory, record: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(IDENTITY_DATABASE_NAME);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const database = request.result;
      const transaction = database.transaction('identities', 'readwrite');
      transaction.objectStore('identities').put(record);
      transaction.oncomplete = () => {
        database.close();
        resolve();
      };
      transaction.onabort = () => reject(transaction.error);
    };
  });
}

function summary(identity: Identity | undefined) {
  return identity && { json: JSON.stringify(identity), secretKey: [...identity.secretKey] };
}

describe('openIdentityStore', () => {
  it('puts, gets, lists (oldest first) and removes identities, secret keys included', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    expect(await store.list()).toEqual([]);
    await store.put(aria);
    await store.put(bram);
    expect(summary(await store.get(aria.userId))).toEqual(summary(aria));
    expect((await store.list()).map((identity) => identity.name)).toEqual(['Bram', 'Aria']);
    await store.remove(bram.userId);
    expect(await store.get(bram.userId)).toBeUndefined();
    expect((await store.list()).map(summary)).toEqual([summary(aria)]);
    store.close();
  });

  it('keeps identities across connections', async () => {
    const indexedDB = new IDBFactory();
    const first = await openIdentityStore({ indexedDB });
    await first.put(aria);
    first.close();
    const second = await openIdentityStore({ indexedDB });
    expect(summary(await second.get(aria.userId))).toEqual(summary(aria));
    second.close();
  });

  it('replaces the identity with the same userId (a rename)', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    await store.put(aria);
    const renamed = createIdentity('Aria the Bold', '#3366ff', {
      secretKey: RFC8032_TEST1.secretKey,
      createdAt: 20,
    });
    await store.put(renamed);
    expect((await store.list()).map((identity) => identity.name)).toEqual(['Aria the Bold']);
    store.close();
  });

  it('answers undefined for an unknown userId, and removing one is harmless', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    expect(await store.get('nobody')).toBeUndefined();
    await store.remove('nobody');
    store.close();
  });

  it('refuses to store an identity whose keys do not belong together', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    const forged: Identity = { ...aria, userId: bram.userId, secretKey: aria.secretKey };
    expect((await rejected(store.put(forged))).code).toBe('IDENTITY_USER_ID_MISMATCH');
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('reports a damaged record, naming it, instead of using it', async () => {
    const indexedDB = new IDBFactory();
    const store = await openIdentityStore({ indexedDB });
    await writeRaw(indexedDB, { ...identityFileOf(aria), userId: bram.userId });
    const error = await rejected(store.get(bram.userId));
    expect(error.code).toBe('IDENTITY_STORE_CORRUPT');
    expect(error.message).toContain(bram.userId);
    expect((await rejected(store.list())).code).toBe('IDENTITY_STORE_CORRUPT');
    await store.remove(bram.userId);
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('says IndexedDB is unavailable where the realm has none (as in Node)', async () => {
    expect('indexedDB' in globalThis).toBe(false);
    expect((await rejected(openIdentityStore())).code).toBe('IDENTITY_STORE_UNAVAILABLE');
  });

  it('reports a failed write as IDENTITY_STORE_FAILED', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    store.close();
    expect((await rejected(store.put(aria))).code).toBe('IDENTITY_STORE_FAILED');
  });
});
