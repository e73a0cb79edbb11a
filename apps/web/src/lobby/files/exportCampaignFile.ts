/**
 * "Export campaign file" in the browser: the same campaign file (format 2) that
 * `meshtable campaign export` writes, made from this device's docs and written by the shared
 * writer (packages/campaign writeCampaignFile), so the CLI and the app read each other's files.
 *
 * The docs are the GM's own copies (the open session's, or the local copies for a campaign not
 * open); the assets they reference come from this browser's asset cache, or else the relay
 * (loadAsset, which checks each against its name). An asset that cannot be had (the relay lacks
 * it and this browser never kept it, or its copy is damaged) is listed in the index as missing,
 * as the CLI does without `--strict`, and reported. Every asset is fetched before the file is
 * started, so the index can give each one's size; the file is a Blob made of the pieces the
 * writer hands out (the browser keeps large Blobs out of the page's memory where it can).
 */
import {
  type CampaignAsset,
  type CampaignKeys,
  CampaignTransferError,
  checkCampaignDocs,
  MAX_CAMPAIGN_ASSET_BYTES,
  referencedAssets,
  type TransferProgress,
  writeCampaignFile,
} from '@meshtable/campaign';
import * as Y from 'yjs';
import { AssetError } from '../../assets/AssetError';
import { loadAsset } from '../../assets/assetCache';
import { fileSlug } from './fileSlug';

/** An asset the docs reference that is not in the file, and why. */
export interface MissingAsset {
  readonly sha256: string;
  readonly reason: string;
}

/** Where an export is: fetching the assets, then writing the file. */
export interface ExportProgress extends TransferProgress {
  readonly phase: 'fetching' | 'writing';
}

/** What {@link exportCampaignFile} needs. */
export interface ExportCampaignFileOptions {
  readonly keys: CampaignKeys;
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** The relay the campaign's assets are on (the session's asset relay). */
  readonly relayUrl: string;
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Replaces loadAsset (unit tests). */
  readonly loadAsset?: (relayUrl: string, sha256: string) => Promise<Blob>;
}

/** A campaign file made in the browser. */
export interface ExportedCampaignFile {
  readonly blob: Blob;
  /** The name to save it under: `<campaign>.meshtable.jsonl`. */
  readonly fileName: string;
  /** The assets the docs reference. */
  readonly referenced: number;
  readonly missing: readonly MissingAsset[];
}

/** The media type of a campaign file: JSON Lines. */
export const CAMPAIGN_FILE_TYPE = 'application/jsonl';

/**
 * Makes the campaign file of a campaign from this device's docs.
 * @throws CampaignTransferError `CAMPAIGN_FILE_INVALID` when the docs are not the campaign the
 *   keys open (a gm doc of another campaign, a table not synced yet), `RELAY_ASSET_DAMAGED` when
 *   an asset's bytes changed while the file was written
 * @example
 * const file = await exportCampaignFile({ keys, table, gm, relayUrl });
 * downloadBlob(file.blob, file.fileName);
 */
export async function exportCampaignFile(
  options: ExportCampaignFileOptions,
): Promise<ExportedCampaignFile> {
  const { keys, table, gm, relayUrl } = options;
  const load = options.loadAsset ?? ((url, sha256) => loadAsset(url, sha256));
  // The same check a reader makes: a file this device writes must import anywhere.
  const check = checkCampaignDocs(table, gm, keys);
  if (!check.ok) {
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_INVALID',
      `This device's copy of the campaign cannot be exported: ${check.problem}. Open the campaign and wait until it is in sync, then export again.`,
    );
  }
  const names = referencedAssets(table, gm);
  const blobs = new Map<string, Blob>();
  const missing: MissingAsset[] = [];
  const fetching = { assetsDone: 0, assetsTotal: names.length, bytesDone: 0, bytesTotal: 0 };
  for (const sha256 of names) {
    try {
      const blob = await load(relayUrl, sha256);
      if (blob.size > MAX_CAMPAIGN_ASSET_BYTES) {
        missing.push({ sha256, reason: 'larger than a campaign file holds' });
      } else {
        blobs.set(sha256, blob);
        fetching.bytesDone += blob.size;
      }
    } catch (error) {
      if (!(error instanceof AssetError)) throw error;
      missing.push({ sha256, reason: error.message });
    }
    fetching.assetsDone++;
    options.onProgress?.({ phase: 'fetching', ...fetching, bytesTotal: fetching.bytesDone });
  }

  const index: CampaignAsset[] = names.map((sha256) => ({
    sha256,
    size: blobs.get(sha256)?.size ?? null,
  }));
  const parts: BlobPart[] = [];
  await writeCampaignFile({
    sink: {
      write: async (chunk) => {
        // The writer may reuse nothing it hands out, but a copy keeps the Blob's parts plain.
        parts.push(typeof chunk === 'string' ? chunk : chunk.slice());
      },
    },
    keys,
    table: Y.encodeStateAsUpdate(table),
    gm: Y.encodeStateAsUpdate(gm),
    index,
    readAsset: async (sha256, _size, write) => {
      const blob = blobs.get(sha256);
      if (blob === undefined) throw new Error(`asset ${sha256} was not fetched`);
      const reader = blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        await write(value);
      }
    },
    damaged: (sha256, problem) =>
      new CampaignTransferError(
        'RELAY_ASSET_DAMAGED',
        `Asset ${sha256} changed while the file was written (${problem}). Export again.`,
      ),
    onProgress: (progress) => options.onProgress?.({ phase: 'writing', ...progress }),
  });
  return {
    blob: new Blob(parts, { type: CAMPAIGN_FILE_TYPE }),
    fileName: campaignFileName(check.meta.campaign.name),
    referenced: names.length,
    missing,
  };
}

/**
 * The name a campaign file is saved under: the campaign's name in lowercase letters, digits and
 * dashes, then `.meshtable.jsonl`, as the CLI's examples name them.
 */
export function campaignFileName(campaignName: string): string {
  return `${fileSlug(campaignName, 60, 'campaign')}.meshtable.jsonl`;
}
