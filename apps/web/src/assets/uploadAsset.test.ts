import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { AssetError } from './AssetError';
import { LIBRARY_TYPES } from './checkAssetFile';
import { sha256Hex } from './hashBytes';
import {
  fakeAssetSession,
  GM_ID,
  MemoryRelay,
  networkFailure,
  SAMPLE_HEADS,
  sampleFile,
} from './testing/fakeAssetSession';
import { type UploadProgress, uploadAsset } from './uploadAsset';

const noWait = { sleep: async () => {}, random: () => 0 };

describe('uploadAsset', () => {
  it('names the file by its SHA-256, sends it with progress, and lists it in the GM’s library', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    const file = sampleFile('Goblin.png', SAMPLE_HEADS.png, 1000);
    const progress: UploadProgress[] = [];
    const uploaded = await uploadAsset(session, file, {
      accept: LIBRARY_TYPES,
      transport: relay,
      onProgress: (step) => progress.push(step),
      now: () => 42,
    });
    const sha = await sha256Hex(new Uint8Array(await file.arrayBuffer()));
    expect(uploaded).toEqual({
      sha256: sha,
      type: 'png',
      size: 1000,
      name: 'Goblin.png',
      alreadyThere: false,
    });
    expect(relay.calls).toEqual([`HEAD ${sha.slice(0, 8)}`, `PUT ${sha.slice(0, 8)}`]);
    expect(relay.stored.get(sha)).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(progress.map((step) => `${step.phase} ${step.loaded}/${step.total}`)).toEqual([
      'checking 0/1000',
      'uploading 0/1000',
      'uploading 500/1000',
      'uploading 1000/1000',
      'done 1000/1000',
    ]);
    // Listed for the GM only: sharing with the players is a choice of its own.
    expect(session.gm?.getMap(GM_MAPS.assets).toJSON()).toEqual({
      [sha]: {
        sha256: sha,
        name: 'Goblin.png',
        type: 'png',
        size: 1000,
        addedBy: GM_ID,
        addedAt: 42,
      },
    });
    expect(session.table.getMap(TABLE_MAPS.assets).size).toBe(0);
  });

  it('sends nothing when the relay has the file already', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    const file = sampleFile('Rain.ogg', SAMPLE_HEADS.ogg, 300);
    const first = await uploadAsset(session, file, { accept: LIBRARY_TYPES, transport: relay });
    relay.calls.length = 0;
    const again = await uploadAsset(session, file, { accept: LIBRARY_TYPES, transport: relay });
    expect(again).toMatchObject({ sha256: first.sha256, alreadyThere: true });
    expect(relay.calls).toEqual([`HEAD ${first.sha256.slice(0, 8)}`]);
  });

  it('retries a network failure and a damaged upload, then succeeds', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    relay.hasFailures.push(networkFailure());
    relay.putFailures.push(new AssetError('ASSET_HASH_MISMATCH', 'damaged', true));
    const retries: string[] = [];
    const uploaded = await uploadAsset(session, sampleFile('a.gif', SAMPLE_HEADS.gif, 50), {
      accept: LIBRARY_TYPES,
      transport: relay,
      retry: noWait,
      onProgress: (step) => {
        if (step.phase === 'retrying') retries.push(`try ${step.attempt}: ${step.retryReason}`);
      },
    });
    expect(relay.stored.has(uploaded.sha256)).toBe(true);
    expect(retries).toEqual(['try 2: The relay could not be reached.', 'try 3: damaged']);
  });

  it('gives up after the retries, and lists nothing', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    relay.hasFailures.push(...Array.from({ length: 5 }, networkFailure));
    await expect(
      uploadAsset(session, sampleFile('a.png', SAMPLE_HEADS.png), {
        accept: LIBRARY_TYPES,
        transport: relay,
        retry: noWait,
      }),
    ).rejects.toMatchObject({ code: 'ASSET_NETWORK_FAILED' });
    expect(session.gm?.getMap(GM_MAPS.assets).size).toBe(0);
  });

  it('passes on the relay’s refusal at once, and a local refusal before any request', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    relay.putFailures.push(new AssetError('ASSET_QUOTA_EXCEEDED', 'full'));
    await expect(
      uploadAsset(session, sampleFile('a.png', SAMPLE_HEADS.png), {
        accept: LIBRARY_TYPES,
        transport: relay,
        retry: noWait,
      }),
    ).rejects.toMatchObject({ code: 'ASSET_QUOTA_EXCEEDED', message: 'full' });
    expect(relay.calls).toHaveLength(2);

    relay.calls.length = 0;
    await expect(
      uploadAsset(session, sampleFile('x.svg', SAMPLE_HEADS.svg), {
        accept: LIBRARY_TYPES,
        transport: relay,
      }),
    ).rejects.toMatchObject({ code: 'ASSET_TYPE_REFUSED' });
    expect(relay.calls).toEqual([]);
  });

  it('refuses a file over the caps the relay announced, before any request', async () => {
    const base = fakeAssetSession();
    const session = {
      ...base,
      assetRelay: { ...base.assetRelay, limits: { maxAssetBytes: 100, maxJsonAssetBytes: 50 } },
    };
    const relay = new MemoryRelay();
    await expect(
      uploadAsset(session, sampleFile('big.png', SAMPLE_HEADS.png, 101), {
        accept: LIBRARY_TYPES,
        transport: relay,
      }),
    ).rejects.toMatchObject({ code: 'ASSET_TOO_LARGE' });
    expect(relay.calls).toEqual([]);
    // Under the cap it goes out.
    await uploadAsset(session, sampleFile('small.png', SAMPLE_HEADS.png, 100), {
      accept: LIBRARY_TYPES,
      transport: relay,
    });
    expect(relay.calls.length).toBeGreaterThan(0);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      uploadAsset(fakeAssetSession(), sampleFile('a.png', SAMPLE_HEADS.png), {
        accept: LIBRARY_TYPES,
        transport: new MemoryRelay(),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ASSET_CANCELLED' });
  });
});
