import {
  CampaignTransferError,
  createCampaign,
  createCampaignKey,
  createIdentity,
  encodeCampaignHeader,
} from '@meshtable/campaign';
import { openIdentityStore } from '@meshtable/campaign/browser';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openCampaignStore } from '../../campaign/campaignStore';
import type { DeviceStores } from '../../campaign/deviceStores';
import { CampaignImportError } from './CampaignImportError';
import { importCampaignFile } from './importCampaignFile';

// What is refused here is refused before any relay or local copy is touched; the e2e test
// (tests/e2e/lobbyFiles.test.ts) imports good files for real.

const SYSTEM = { id: 'template', version: '1.0.0', sha256: 'ab'.repeat(32) };
const GEMMA = createIdentity('Gemma', '#2f6fdb');
const created = createCampaign({ gm: GEMMA, name: 'The Sunless Citadel', system: SYSTEM });
const FILE = new Blob([
  encodeCampaignHeader(
    created,
    Y.encodeStateAsUpdate(created.table),
    Y.encodeStateAsUpdate(created.gm),
    [],
  ),
]);

async function freshStores(): Promise<DeviceStores> {
  return {
    identities: await openIdentityStore({ indexedDB: new IDBFactory() }),
    campaigns: await openCampaignStore({ indexedDB: new IDBFactory() }),
  };
}

async function refusal(options: {
  file?: Blob;
  stores: DeviceStores;
  identity: typeof GEMMA | null;
}): Promise<string> {
  try {
    await importCampaignFile({
      file: options.file ?? FILE,
      stores: options.stores,
      identity: options.identity,
      relayUrl: 'http://127.0.0.1:8080',
      persist: false,
    });
  } catch (error) {
    if (error instanceof CampaignImportError || error instanceof CampaignTransferError) {
      return `${error.code}: ${error.message}`;
    }
    throw error;
  }
  throw new Error('the file was imported');
}

describe('importCampaignFile refuses, keeping nothing', () => {
  it('a campaign whose GMs do not include this device’s identity, or a device with none', async () => {
    const stores = await freshStores();
    expect(await refusal({ stores, identity: null })).toBe(
      'CAMPAIGN_IMPORT_NOT_GM: This device has no identity yet, so it is no GM of “The Sunless Citadel”: a campaign file is a GM’s backup. Import the GM’s identity file first (“Import a key” under Your identity), then the campaign file.',
    );
    const bo = createIdentity('Bo', '#aa2200');
    expect(await refusal({ stores, identity: bo })).toBe(
      `CAMPAIGN_IMPORT_NOT_GM: You (Bo) are not a GM of “The Sunless Citadel” (your user id is ${bo.userId}). Import the GM’s identity file first (“Import a key” under Your identity), then the campaign file.`,
    );
    expect(await stores.campaigns.list()).toEqual([]);
  });

  it('a campaign this device keeps under other keys', async () => {
    const stores = await freshStores();
    await stores.campaigns.put({
      id: created.campaignId,
      name: 'The Sunless Citadel',
      userId: GEMMA.userId,
      tableKey: createCampaignKey(),
      epoch: 1,
      room: 'moved-room-after-a-kick',
      relayUrl: null,
      gmIds: [GEMMA.userId],
      gmKey: created.gmKey,
      lastOpened: 1,
    });
    expect(await refusal({ stores, identity: GEMMA })).toMatch(
      /^CAMPAIGN_IMPORT_CONFLICT: This device keeps “The Sunless Citadel” already, under other keys \(key epoch 1 here, 0 in the file; this device has the later table/,
    );
    expect((await stores.campaigns.get(created.campaignId))?.room).toBe('moved-room-after-a-kick');
  });

  it('a file that is not a campaign file, or is cut short', async () => {
    const stores = await freshStores();
    const text = await FILE.text();
    expect(await refusal({ stores, identity: GEMMA, file: new Blob([text.slice(0, 100)]) })).toBe(
      'CAMPAIGN_FILE_TRUNCATED: The campaign file ends inside its header line: it was cut short (an interrupted export or copy). Export it again, or use a complete copy.',
    );
    expect(await refusal({ stores, identity: GEMMA, file: new Blob(['{"name":"x"}']) })).toBe(
      'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: it is not a Meshtable campaign file (no "meshtableCampaign" field).',
    );
    expect(await stores.campaigns.list()).toEqual([]);
  });
});
