import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createIdentity } from '../identity/identity';
import { createCampaign } from '../lifecycle/createCampaign';
import { decodeBase64, encodeBase64 } from './base64';
import { blobSource } from './blobSource';
import { CampaignTransferError } from './CampaignTransferError';
import { openCampaignFile } from './openCampaignFile';
import type { TransferProgress } from './transferProgress';
import { writeCampaignFile } from './writeCampaignFile';

const created = createCampaign({
  gm: createIdentity('Aria', '#3366ff'),
  name: 'The Sunless Citadel',
  system: { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) },
  diceChainLength: 8,
});

const bytesOf = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, index) => (seed * 31 + index * 7) & 0xff);
const MAP = bytesOf(100_001, 1);
const TOKEN = bytesOf(2, 2);
const EMPTY = new Uint8Array(0);
const nameOf = (bytes: Uint8Array) => bytesToHex(sha256(bytes));
const STORE = new Map([MAP, TOKEN, EMPTY].map((bytes) => [nameOf(bytes), bytes]));
const ABSENT = 'ab'.repeat(32);

/** Writes a campaign file into a Blob; assets come from STORE in pieces of `piece` bytes. */
async function writeBlob(
  store: ReadonlyMap<string, Uint8Array> = STORE,
  onProgress?: (progress: TransferProgress) => void,
): Promise<Blob> {
  const parts: (string | Uint8Array)[] = [];
  await writeCampaignFile({
    sink: {
      write: async (chunk) => {
        parts.push(typeof chunk === 'string' ? chunk : chunk.slice());
      },
    },
    keys: created,
    table: Y.encodeStateAsUpdate(created.table),
    gm: Y.encodeStateAsUpdate(created.gm),
    index: [
      ...[MAP, TOKEN, EMPTY].map((bytes) => ({ sha256: nameOf(bytes), size: bytes.length })),
      { sha256: ABSENT, size: null },
    ],
    readAsset: async (sha256, _size, write) => {
      const bytes = store.get(sha256) ?? new Uint8Array(0);
      for (let start = 0; start < bytes.length; start += 4093) {
        await write(bytes.subarray(start, start + 4093));
      }
    },
    damaged: (sha256, problem) =>
      new CampaignTransferError('RELAY_ASSET_DAMAGED', `${sha256}: ${problem}`),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  return new Blob(parts as BlobPart[]);
}

/** Reads a Blob as a campaign file: the assets it carries, by name. */
async function readBlob(blob: Blob): Promise<Map<string, Uint8Array>> {
  const contents = await openCampaignFile(blobSource(blob));
  const assets = new Map<string, Uint8Array>();
  await contents.streamAssets(async (asset) => {
    const parts: Uint8Array[] = [];
    return {
      write: async (bytes) => {
        parts.push(bytes.slice());
      },
      end: async () => {
        assets.set(asset.sha256, new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()));
      },
      abort: () => {},
    };
  });
  return assets;
}

async function refusal(blob: Blob): Promise<string> {
  try {
    await readBlob(blob);
  } catch (error) {
    if (error instanceof CampaignTransferError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('writeCampaignFile and openCampaignFile over a Blob', () => {
  it('round-trips the docs, the keys and every asset, and lists the absent one as missing', async () => {
    const progress: TransferProgress[] = [];
    const blob = await writeBlob(STORE, (step) => progress.push(step));
    const contents = await openCampaignFile(blobSource(blob));
    expect(contents.file.keys).toEqual({
      campaignId: created.campaignId,
      tableKey: created.tableKey,
      gmKey: created.gmKey,
    });
    expect(contents.file.meta.campaign.name).toBe('The Sunless Citadel');
    expect(contents.file.assets).toContainEqual({ sha256: ABSENT, size: null });
    expect(contents.assetBytes).toBe(MAP.length + TOKEN.length);
    const assets = await readBlob(blob);
    expect([...assets.keys()].sort()).toEqual([...STORE.keys()].sort());
    for (const [name, bytes] of STORE) expect(assets.get(name)).toEqual(bytes);
    expect(progress.at(-1)).toEqual({
      assetsDone: 3,
      assetsTotal: 3,
      bytesDone: MAP.length + TOKEN.length,
      bytesTotal: MAP.length + TOKEN.length,
    });
  });

  it('refuses to write an asset whose bytes are not the asset', async () => {
    const wrong = new Map(STORE);
    wrong.set(nameOf(TOKEN), bytesOf(2, 3));
    await expect(writeBlob(wrong)).rejects.toThrow(/^[0-9a-f]{64}: bytes that hash to/);
  });

  it('refuses a file cut short, and one whose asset bytes were edited', async () => {
    const text = await (await writeBlob()).text();
    expect(await refusal(new Blob([text.slice(0, text.length - 1000)]))).toMatch(
      /^CAMPAIGN_FILE_TRUNCATED: /,
    );
    expect(await refusal(new Blob([text.slice(0, 5000)]))).toMatch(/^CAMPAIGN_FILE_TRUNCATED: /);
    const lines = text.split('\n');
    const tokenLine = lines.findIndex((line) => line.includes(nameOf(TOKEN)) && line.length < 200);
    const edited = JSON.parse(lines[tokenLine] as string) as { sha256: string; data: string };
    const bytes = decodeBase64(edited.data);
    bytes[0] = (bytes[0] as number) ^ 1;
    lines[tokenLine] = `{"sha256":"${edited.sha256}","data":"${encodeBase64(bytes)}"}`;
    expect(await refusal(new Blob([lines.join('\n')]))).toMatch(
      /^CAMPAIGN_FILE_ASSET_HASH_MISMATCH: Line \d+ of the campaign file holds bytes for asset/,
    );
  });

  it('refuses an empty file and one that is not JSON', async () => {
    expect(await refusal(new Blob([]))).toBe(
      'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: it is empty.',
    );
    expect(await refusal(new Blob(['hello\n']))).toMatch(
      /^CAMPAIGN_FILE_INVALID: This is not a valid campaign file: it is not JSON/,
    );
  });
});

describe('base64', () => {
  it('round-trips bytes of every length around a triple, and large ones', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 100_000]) {
      const bytes = bytesOf(length, length);
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    expect(encodeBase64(new TextEncoder().encode('Meshtable'))).toBe('TWVzaHRhYmxl');
  });
});
