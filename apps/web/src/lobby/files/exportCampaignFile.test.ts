import {
  blobSource,
  CampaignTransferError,
  createCampaign,
  createIdentity,
  openCampaignFile,
  toYValue,
} from '@meshtable/campaign';
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { AssetError } from '../../assets/AssetError';
import { campaignFileName, exportCampaignFile } from './exportCampaignFile';

const SYSTEM = { id: 'template', version: '1.0.0', sha256: 'ab'.repeat(32) };
const GEMMA = createIdentity('Gemma', '#2f6fdb');
const MAP = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
const OGRE = new Uint8Array([1, 2, 3]);
const MAP_NAME = bytesToHex(sha256(MAP));
const HIDDEN_NAME = bytesToHex(sha256(OGRE));
const LOST_NAME = 'c3'.repeat(32);

/** A campaign whose scene shows MAP, whose hidden token uses another asset, and one asset lost. */
function campaignWithAssets() {
  const created = createCampaign({ gm: GEMMA, name: 'The Sunless Citadel!', system: SYSTEM });
  created.table
    .getMap(TABLE_MAPS.scenes)
    .set('s1', toYValue({ id: 's1', name: 'Gatehouse', background: MAP_NAME }));
  created.table
    .getMap(TABLE_MAPS.tokens)
    .set('t1', toYValue({ id: 't1', name: 'Goblin', image: LOST_NAME }));
  created.gm
    .getMap(GM_MAPS.tokens)
    .set('h1', toYValue({ id: 'h1', name: 'Ogre', image: HIDDEN_NAME }));
  return created;
}

/** Stands in for this browser's cache and relay: two assets known, the third on neither. */
async function loadAsset(_relayUrl: string, name: string): Promise<Blob> {
  if (name === MAP_NAME) return new Blob([MAP]);
  if (name === HIDDEN_NAME) return new Blob([OGRE]);
  throw new AssetError('ASSET_NOT_FOUND', 'The relay does not have this file.');
}

describe('exportCampaignFile', () => {
  it('writes a format 2 file that reads back, with the assets it could have and the rest missing', async () => {
    const created = campaignWithAssets();
    const phases = new Set<string>();
    const exported = await exportCampaignFile({
      keys: created,
      table: created.table,
      gm: created.gm,
      relayUrl: 'http://127.0.0.1:8080',
      loadAsset,
      onProgress: (progress) => phases.add(progress.phase),
    });
    expect(exported.fileName).toBe('the-sunless-citadel.meshtable.jsonl');
    expect(exported.referenced).toBe(3);
    expect(exported.missing).toEqual([
      { sha256: LOST_NAME, reason: 'The relay does not have this file.' },
    ]);
    expect([...phases]).toEqual(['fetching', 'writing']);

    const contents = await openCampaignFile(blobSource(exported.blob));
    expect(contents.file.keys.gmKey).toBe(created.gmKey);
    expect(contents.file.meta.campaign.name).toBe('The Sunless Citadel!');
    // The index is the docs' references, whichever doc holds them, sorted by name.
    expect(contents.file.assets).toEqual(
      [
        { sha256: MAP_NAME, size: MAP.length },
        { sha256: HIDDEN_NAME, size: OGRE.length },
        { sha256: LOST_NAME, size: null },
      ].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)),
    );
    const seen: string[] = [];
    await contents.streamAssets(async (asset) => {
      seen.push(asset.sha256);
      return null;
    });
    expect(seen.sort()).toEqual([MAP_NAME, HIDDEN_NAME].sort());
  });

  it('fails when an asset’s bytes are not the asset (a copy that changed)', async () => {
    const created = campaignWithAssets();
    const attempt = exportCampaignFile({
      keys: created,
      table: created.table,
      gm: created.gm,
      relayUrl: 'http://127.0.0.1:8080',
      loadAsset: async (url, name) =>
        name === MAP_NAME ? new Blob([OGRE, OGRE]) : loadAsset(url, name),
    });
    await expect(attempt).rejects.toThrow(
      `Asset ${MAP_NAME} changed while the file was written (bytes that hash to`,
    );
  });

  it('refuses docs that are not the campaign the keys open, before anything is written', async () => {
    const created = campaignWithAssets();
    const other = createCampaign({ gm: GEMMA, name: 'Another', system: SYSTEM });
    const attempt = exportCampaignFile({
      keys: created,
      table: created.table,
      gm: other.gm,
      relayUrl: 'http://127.0.0.1:8080',
      loadAsset,
    });
    await expect(attempt).rejects.toBeInstanceOf(CampaignTransferError);
    await expect(attempt).rejects.toThrow(
      /^This device's copy of the campaign cannot be exported: the gm doc's dice chain is not the one/,
    );
  });
});

describe('campaignFileName', () => {
  it('keeps letters and digits of the name, dashes between', () => {
    expect(campaignFileName('Curse of the Crimson Throne (2)')).toBe(
      'curse-of-the-crimson-throne-2.meshtable.jsonl',
    );
    expect(campaignFileName('Café Déjà vu')).toBe('cafe-deja-vu.meshtable.jsonl');
    expect(campaignFileName('☠☠☠')).toBe('campaign.meshtable.jsonl');
  });
});
