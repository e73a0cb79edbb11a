import { createIdentity, exportIdentity, IdentityError } from '@meshtable/campaign';
import { openIdentityStore } from '@meshtable/campaign/browser';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { identityFileName, readIdentityFile, replaceDeviceIdentity } from './replaceIdentity';

describe('replacing this device’s identity from a file', () => {
  it('makes the file’s identity the only one, with the same user id and keys', async () => {
    const store = await openIdentityStore({ indexedDB: new IDBFactory() });
    const old = createIdentity('Old me', '#123456');
    await store.put(old);
    const gemma = createIdentity('Gemma', '#2f6fdb');
    const read = await readIdentityFile(new Blob([exportIdentity(gemma)]));
    expect(read.userId).toBe(gemma.userId);
    expect(await replaceDeviceIdentity(store, read)).toEqual([old]);
    const [only, ...rest] = await store.list();
    expect(rest).toEqual([]);
    expect(only?.userId).toBe(gemma.userId);
    expect(only?.secretKey).toEqual(gemma.secretKey);
    store.close();
  });

  it('refuses a file that is not an identity file, naming the problem', async () => {
    const gemma = JSON.parse(exportIdentity(createIdentity('Gemma', '#2f6fdb')));
    const refused = (text: string) => readIdentityFile(new Blob([text]));
    await expect(refused('{"meshtableCampaign":2}')).rejects.toThrow(
      'The identity file is not a Meshtable identity file (it has no meshtableIdentity field).',
    );
    await expect(refused(JSON.stringify({ ...gemma, userId: 'x'.repeat(22) }))).rejects.toThrow(
      IdentityError,
    );
    await expect(refused('x'.repeat(100_000))).rejects.toThrow(/100000 bytes/);
  });

  it('names the file after the person', () => {
    expect(identityFileName(createIdentity('Gemma Ó', '#2f6fdb'))).toBe(
      'gemma-o.meshtable-identity.json',
    );
  });
});
