/**
 * Import's second half: once both docs are on the relay (so the table room is claimed), the
 * assets the file carries are uploaded into the table room with its token, each streamed from
 * its line and checked again on the way (openCampaignFile.ts). Assets the relay stores already
 * (`HEAD`) are skipped, which is what makes importing a file again cheap and safe.
 *
 * A refusal that concerns one asset (its type, its size) is recorded and the next asset goes
 * on, so that one file the relay will never take does not keep the rest out; any other refusal
 * (the room's quota is full, the token is refused) or a failure of the relay stops the uploads.
 * Either way the report says what happened, with the relay's own codes, and the command exits 3.
 */
import {
  type CampaignFileContents,
  CampaignTransferError,
  type TransferProgress,
} from '@meshtable/campaign';
import type { AssetRefusal, RelayAssetClient } from './relayAssets';

/** What {@link importAssets} needs. */
export interface AssetImportOptions {
  readonly client: RelayAssetClient;
  readonly contents: CampaignFileContents;
  /** The table doc's room on the relay, claimed by the docs' import, and its relay token. */
  readonly room: string;
  readonly token: string;
  /** What to tell the user about running the import again, after a refusal or failure. */
  readonly rerunAdvice: string;
  readonly onProgress?: (progress: TransferProgress) => void;
}

/** An asset the relay refused, with its answer. */
export interface RefusedAsset {
  readonly sha256: string;
  readonly refusal: AssetRefusal;
}

/** What became of the file's assets. */
export interface AssetImportReport {
  /** Uploaded by this import. */
  readonly uploaded: readonly string[];
  /** Stored on the relay already: not uploaded again. */
  readonly alreadyStored: readonly string[];
  /** Neither in the file (format 1, or missing at export) nor on the relay. */
  readonly missing: readonly string[];
  /** Refused by the relay. */
  readonly refused: readonly RefusedAsset[];
  /** Carried by the file but not tried, because the uploads stopped first. */
  readonly notTried: number;
  /** Why the import did not finish (`RELAY_ASSET_REFUSED`, `RELAY_FAILED`), or null. */
  readonly failure: CampaignTransferError | null;
}

/** Refusals about one asset only: the uploads go on with the next. */
const PER_ASSET_REFUSALS: ReadonlySet<string> = new Set([
  'ASSET_TYPE_REFUSED',
  'ASSET_TOO_LARGE',
  'ASSET_JSON_INVALID',
  'ASSET_HASH_MISMATCH',
]);

/** What to do about a relay's refusal, by its code. */
const REFUSAL_ADVICE: Readonly<Record<string, string>> = {
  ASSET_QUOTA_EXCEEDED:
    "The room's asset quota is full: ask the relay's operator to raise it (--asset-quota-mb).",
  ASSET_TOO_LARGE:
    "The relay takes smaller assets: ask its operator to raise --max-asset-mb, or make the file smaller and point the campaign's records at it.",
  ASSET_TYPE_REFUSED:
    "The relay does not take that type of file (docs/relay.md, Assets): convert it (an SVG to PNG or WebP, say) and point the campaign's records at it.",
  ASSET_JSON_INVALID:
    "The relay takes a JSON asset only as one well-formed JSON object: fix the map file and point the campaign's records at it.",
};

/** Ends the uploads early (a refusal that is not about one asset). */
class StopUploads extends Error {}

/**
 * Uploads the assets a campaign file carries that the relay does not store yet.
 * @returns the report; a failure is in it, not thrown (the docs are in, and the caller still
 *   has to print what it imported)
 */
export async function importAssets(options: AssetImportOptions): Promise<AssetImportReport> {
  const { client, contents } = options;
  const { assets } = contents.file;
  const uploaded: string[] = [];
  const alreadyStored: string[] = [];
  const missing: string[] = [];
  const refused: RefusedAsset[] = [];
  const carried = assets.filter((asset) => asset.size !== null).length;
  let failure: CampaignTransferError | null = null;

  let stored: Map<string, number | null>;
  try {
    stored = await client.probeAll(assets.map((asset) => asset.sha256));
  } catch (error) {
    if (!(error instanceof CampaignTransferError)) throw error;
    return {
      uploaded,
      alreadyStored,
      missing,
      refused,
      notTried: carried,
      failure: afterDocs(error, options, uploaded, carried),
    };
  }
  const has = (sha256: string) => (stored.get(sha256) ?? null) !== null;
  const toUpload = assets.filter((asset) => asset.size !== null && !has(asset.sha256));
  for (const asset of assets) {
    if (has(asset.sha256)) alreadyStored.push(asset.sha256);
    else if (asset.size === null) missing.push(asset.sha256);
  }
  const progress = {
    assetsDone: 0,
    assetsTotal: toUpload.length,
    bytesDone: 0,
    bytesTotal: toUpload.reduce((sum, asset) => sum + (asset.size ?? 0), 0),
  };

  try {
    await contents.streamAssets(async (asset) => {
      if (has(asset.sha256)) return null;
      const upload = client.upload(asset.sha256, asset.size, options.room, options.token);
      return {
        write: async (bytes) => {
          await upload.write(bytes);
          progress.bytesDone += bytes.length;
          options.onProgress?.({ ...progress });
        },
        end: async () => {
          const outcome = await upload.end();
          progress.assetsDone++;
          options.onProgress?.({ ...progress });
          if (outcome.ok) {
            uploaded.push(asset.sha256);
            return;
          }
          refused.push({ sha256: asset.sha256, refusal: outcome.refusal });
          if (!PER_ASSET_REFUSALS.has(outcome.refusal.code)) throw new StopUploads();
        },
        abort: () => upload.abort(),
      };
    });
  } catch (error) {
    if (error instanceof CampaignTransferError) {
      failure = afterDocs(error, options, uploaded, carried);
    } else if (!(error instanceof StopUploads)) {
      throw error;
    }
  }
  const notTried = toUpload.length - uploaded.length - refused.length;
  if (failure === null && refused.length > 0) {
    const storedAlready = carried - toUpload.length;
    failure = refusedError(options, refused, { uploaded, storedAlready, notTried, carried });
  }
  return { uploaded, alreadyStored, missing, refused, notTried, failure };
}

/** A failure of the asset uploads, saying that the docs are in and what to do. */
function afterDocs(
  error: CampaignTransferError,
  options: AssetImportOptions,
  uploaded: readonly string[],
  carried: number,
): CampaignTransferError {
  return new CampaignTransferError(
    error.code,
    `${error.message} Both docs are imported. Of the ${carried} assets the file carries, ${uploaded.length} had been uploaded before this. ${options.rerunAdvice}`,
  );
}

function refusedError(
  options: AssetImportOptions,
  refused: readonly RefusedAsset[],
  counts: {
    uploaded: readonly string[];
    storedAlready: number;
    notTried: number;
    carried: number;
  },
): CampaignTransferError {
  const listed = refused
    .slice(0, 5)
    .map(
      ({ sha256, refusal }) =>
        `${sha256} (${refusal.status} ${refusal.code}: ${refusal.message.replace(/\.$/, '')})`,
    )
    .join('; ');
  const more = refused.length > 5 ? `; and ${refused.length - 5} more` : '';
  const advice = [...new Set(refused.map(({ refusal }) => REFUSAL_ADVICE[refusal.code]))]
    .filter((text) => text !== undefined)
    .join(' ');
  const notTried = counts.notTried > 0 ? `, ${counts.notTried} not tried` : '';
  return new CampaignTransferError(
    'RELAY_ASSET_REFUSED',
    `The relay refused ${refused.length} asset${refused.length === 1 ? '' : 's'}: ${listed}${more}. Both docs are imported. Of the ${counts.carried} assets the file carries: ${counts.uploaded.length} uploaded now, ${counts.storedAlready} stored already, ${refused.length} refused${notTried}. ${advice === '' ? "See docs/errors.md for the relay's code." : advice} ${options.rerunAdvice}`,
  );
}
