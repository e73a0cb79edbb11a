/**
 * Writes a campaign file (format 2, campaignFile.ts) as a stream: the header with both docs and
 * the asset index, then one line per asset whose bytes the index says follow, each hashed as it
 * is written. Where the bytes come from is the caller's business: the relay for the CLI
 * (packages/cli exportCampaign.ts), the browser's cache or the relay for the web app.
 */
import { AssetLineWriter, type ByteSink } from './assetLineWriter';
import type { CampaignTransferError } from './CampaignTransferError';
import type { CampaignKeys } from './campaignDocs';
import { type CampaignAsset, encodeCampaignHeader } from './campaignFile';
import type { TransferProgress } from './transferProgress';

/** What {@link writeCampaignFile} needs. */
export interface WriteCampaignFileOptions {
  /** Where the file goes. */
  readonly sink: ByteSink;
  readonly keys: CampaignKeys;
  /** The table doc and the gm doc, each as one Yjs update (`Y.encodeStateAsUpdate`). */
  readonly table: Uint8Array;
  readonly gm: Uint8Array;
  /** The index: each asset the docs reference with its size, or size null when its bytes are
   * not to be had (it is listed as missing). */
  readonly index: readonly CampaignAsset[];
  /**
   * Hands the bytes of one asset to `write`, piece by piece, waiting for each.
   * @param size the size the index gives it
   */
  readonly readAsset: (
    sha256: string,
    size: number,
    write: (bytes: Uint8Array) => Promise<void>,
  ) => Promise<void>;
  /** The error for an asset whose bytes were not the asset: `problem` reads "bytes that hash
   * to …" or "N bytes, not the M listed". */
  readonly damaged: (sha256: string, problem: string) => CampaignTransferError;
  /** Told how far the assets have come, after each piece. */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Defaults to now. */
  readonly exportedAt?: Date;
}

/**
 * Writes a campaign file into `options.sink`.
 * @returns the bytes of the assets written, all together
 * @throws what `readAsset` or the sink throws, and `options.damaged(…)` for an asset whose bytes
 *   do not hash to its name or are not of its size (what was written must then be dropped)
 * @example
 * await writeCampaignFile({ sink, keys, table, gm, index, readAsset, damaged });
 */
export async function writeCampaignFile(options: WriteCampaignFileOptions): Promise<number> {
  const { sink, index } = options;
  await sink.write(
    encodeCampaignHeader(options.keys, options.table, options.gm, index, options.exportedAt),
  );
  const included = index.filter(
    (asset): asset is { sha256: string; size: number } => asset.size !== null,
  );
  const progress = {
    assetsDone: 0,
    assetsTotal: included.length,
    bytesDone: 0,
    bytesTotal: included.reduce((sum, asset) => sum + asset.size, 0),
  };
  for (const { sha256, size } of included) {
    const line = await AssetLineWriter.start(sink, sha256);
    await options.readAsset(sha256, size, async (bytes) => {
      await line.write(bytes);
      progress.bytesDone += bytes.length;
      options.onProgress?.({ ...progress });
    });
    const written = await line.end();
    if (written.sha256 !== sha256) {
      throw options.damaged(sha256, `bytes that hash to ${written.sha256}`);
    }
    if (written.size !== size) {
      throw options.damaged(sha256, `${written.size} bytes, not the ${size} listed`);
    }
    progress.assetsDone++;
    options.onProgress?.({ ...progress });
  }
  return progress.bytesTotal;
}
