/**
 * The campaign file (DESIGN.md §6): one file that holds a whole campaign, both docs as Yjs
 * updates, the keys to their rooms, and the bytes of the assets the docs reference.
 *
 * Format 2, which this build writes, is JSON Lines: a header line, then one line per asset.
 *
 * ```
 * {"meshtableCampaign":2,"campaignId":"…","exportedAt":"…","keys":{"tableKey":"…","gmKey":"…"},
 *  "table":"<base64 Yjs update>","gm":"<base64 Yjs update>",
 *  "assets":[{"sha256":"…","size":1234},{"sha256":"…","missing":true}]}
 * {"sha256":"…","data":"<base64 of the asset's bytes>"}
 * ```
 *
 * (The header is one line; it is wrapped here to be read.) Why this shape: a campaign's assets
 * can weigh hundreds of MB, so the file must be written and read as a stream, one asset at a
 * time, yet stay one file that a person can copy, and stay JSON that tools can read. The header
 * comes first and holds the index (each asset's name and size, or `missing` when the source relay
 * could not give its bytes), so a reader knows what must follow: an asset line that is not in
 * the index, a second line for one asset, a line of the wrong size, and a file that ends before
 * every listed asset came (truncated) are each told apart. An asset line has one fixed form,
 * `{"sha256":"<64 hex>","data":"<base64>"}` with nothing else in it, so that its data can be
 * decoded and hashed as it streams in, never held whole (assetLineReader.ts). Asset lines follow
 * the index's order when Meshtable writes them; a reader accepts any order.
 *
 * Format 1 (one JSON object, `assets: [{ "sha256", "data": null }]`, no bytes) is still read.
 *
 * The file holds the gm key and the gm doc (the dice chain's secret root, GM notes): it is as
 * secret as the gm key itself. Reading is strict, because a file may have been edited or
 * damaged: every field is checked, the updates must decode completely, and the docs must be the
 * campaign the file names.
 */
import '@meshtable/schema/zodWithoutEval';
import { recordIdSchema, sha256HexSchema } from '@meshtable/schema';
import * as Y from 'yjs';
import { z } from 'zod';
import { isCampaignKey } from '../lifecycle/credentials';
import type { CampaignMeta } from '../lifecycle/readCampaign';
import { decodeBase64, encodeBase64 } from './base64';
import { CampaignTransferError } from './CampaignTransferError';
import { type CampaignKeys, checkCampaignDocs } from './campaignDocs';

/** The format version this build writes: `meshtableCampaign`. It reads 1 and 2. */
export const CAMPAIGN_FILE_VERSION = 2;

/**
 * The largest format 1 file read (it is read whole). A doc must fit in one relay frame (16 MiB)
 * to sync at all, and base64 makes it a third larger.
 */
export const MAX_FORMAT1_FILE_BYTES = 48 * 1024 * 1024;

/**
 * The longest header line read: two docs of up to 16 MiB each in base64 (43 MiB) and an index
 * of up to {@link MAX_CAMPAIGN_ASSETS} entries (10 MiB), with room to spare. It is the one line
 * held in memory whole.
 */
export const MAX_HEADER_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The largest asset a campaign file carries: ten times the relay's default cap (25 MiB), for
 * relays that raise it. Assets stream, so this bounds a file's sanity, not memory.
 */
export const MAX_CAMPAIGN_ASSET_BYTES = 256 * 1024 * 1024;

/** The most assets a file's index lists. */
export const MAX_CAMPAIGN_ASSETS = 100_000;

/** An asset of the file's index. */
export interface CampaignAsset {
  readonly sha256: string;
  /** The asset's size; null when the file holds no bytes for it (format 1, or `missing`). */
  readonly size: number | null;
}

/** A campaign file's header read and checked: its keys and both docs, loaded, and the index. */
export interface LoadedCampaignFile {
  /** The format the file was written in: 1 carries no asset bytes. */
  readonly format: 1 | 2;
  readonly keys: CampaignKeys;
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** The table doc's meta, checked. */
  readonly meta: CampaignMeta;
  /** The index, in the file's order, each name once. */
  readonly assets: readonly CampaignAsset[];
}

const campaignKeySchema = z
  .string()
  .refine(isCampaignKey, 'must be a key as Meshtable makes them (22 characters of base64url)');

const commonFields = {
  campaignId: recordIdSchema,
  exportedAt: z.iso.datetime(),
  keys: z.strictObject({ tableKey: campaignKeySchema, gmKey: campaignKeySchema }),
  table: z.base64('must be a Yjs update in base64'),
  gm: z.base64('must be a Yjs update in base64'),
};

/** Names each asset once: a name listed twice is an issue at its second place. */
function listedOnce(assets: readonly { sha256: string }[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  assets.forEach((asset, index) => {
    if (seen.has(asset.sha256)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'sha256'],
        message: 'is listed twice',
      });
    }
    seen.add(asset.sha256);
  });
}

/** Format 1, as zod checks it. */
export const campaignFileV1Schema = z.strictObject({
  meshtableCampaign: z.literal(1),
  ...commonFields,
  assets: z
    .array(
      z.strictObject({
        sha256: sha256HexSchema,
        data: z.null('must be null: format 1 carries no asset bytes'),
      }),
    )
    .max(MAX_CAMPAIGN_ASSETS),
});

/** Format 2's header line, as zod checks it. */
export const campaignHeaderV2Schema = z.strictObject({
  meshtableCampaign: z.literal(2),
  ...commonFields,
  assets: z
    .array(
      z.union(
        [
          z.strictObject({
            sha256: sha256HexSchema,
            size: z
              .number()
              .int()
              .min(0)
              .max(
                MAX_CAMPAIGN_ASSET_BYTES,
                `must be at most ${MAX_CAMPAIGN_ASSET_BYTES} (the largest asset a campaign file carries)`,
              ),
          }),
          z.strictObject({ sha256: sha256HexSchema, missing: z.literal(true) }),
        ],
        {
          error: 'must be {"sha256","size"} or {"sha256","missing":true}',
        },
      ),
    )
    .max(MAX_CAMPAIGN_ASSETS)
    .superRefine(listedOnce),
});

/** A format 2 header as JSON. */
export type CampaignHeaderV2 = z.infer<typeof campaignHeaderV2Schema>;

/**
 * Writes a format 2 header line, newline included.
 * @param assets the index: the names the docs reference, each with its size, or null for one
 *   whose bytes will not follow (the source relay did not have it)
 */
export function encodeCampaignHeader(
  keys: CampaignKeys,
  table: Uint8Array,
  gm: Uint8Array,
  assets: readonly CampaignAsset[],
  exportedAt: Date = new Date(),
): string {
  const header: CampaignHeaderV2 = {
    meshtableCampaign: 2,
    campaignId: keys.campaignId,
    exportedAt: exportedAt.toISOString(),
    keys: { tableKey: keys.tableKey, gmKey: keys.gmKey },
    table: encodeBase64(table),
    gm: encodeBase64(gm),
    assets: assets.map(({ sha256, size }) =>
      size === null ? { sha256, missing: true as const } : { sha256, size },
    ),
  };
  return `${JSON.stringify(header)}\n`;
}

/** The `meshtableCampaign` of a parsed JSON value, or undefined when it has none. */
export function formatOf(json: unknown): unknown {
  return typeof json === 'object' && json !== null && 'meshtableCampaign' in json
    ? json.meshtableCampaign
    : undefined;
}

/**
 * Checks a campaign file's header (the whole of a format 1 file, the first line of a format 2
 * one), decodes both docs and checks that they are the campaign the file names (meta readable,
 * its id, the gm doc's dice chain).
 * @throws CampaignTransferError `CAMPAIGN_FILE_INVALID` naming the field or the problem,
 *   `CAMPAIGN_FILE_UNSUPPORTED_VERSION` for a file of a newer format
 */
export function decodeCampaignHeader(json: unknown): LoadedCampaignFile {
  const version = formatOf(json);
  if (version === undefined) {
    throw invalidFile('it is not a Meshtable campaign file (no "meshtableCampaign" field)');
  }
  if (typeof version === 'number' && version > CAMPAIGN_FILE_VERSION) {
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_UNSUPPORTED_VERSION',
      `The campaign file is of format ${version}; this build reads formats 1 and ${CAMPAIGN_FILE_VERSION}. Update Meshtable.`,
    );
  }
  const parsed =
    version === 1 ? campaignFileV1Schema.safeParse(json) : campaignHeaderV2Schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`,
    );
    throw invalidFile(problems.join('; '));
  }
  const file = parsed.data;
  const keys: CampaignKeys = { campaignId: file.campaignId, ...file.keys };
  const table = loadUpdate(file.table, 'table');
  const gm = loadUpdate(file.gm, 'gm');
  const check = checkCampaignDocs(table, gm, keys);
  if (!check.ok) throw invalidFile(check.problem);
  // Format 1 files were read without a check for names listed twice: they still are.
  const assets: CampaignAsset[] =
    file.meshtableCampaign === 1
      ? [...new Set(file.assets.map(({ sha256 }) => sha256))].map((sha256) => ({
          sha256,
          size: null,
        }))
      : file.assets.map((asset) => ({
          sha256: asset.sha256,
          size: 'size' in asset ? asset.size : null,
        }));
  return { format: file.meshtableCampaign, keys, table, gm, meta: check.meta, assets };
}

/**
 * Reads a campaign file's header from its text: JSON, then {@link decodeCampaignHeader}.
 * @throws CampaignTransferError as decodeCampaignHeader, and `CAMPAIGN_FILE_INVALID` for text
 *   that is not JSON
 */
export function decodeCampaignText(text: string): LoadedCampaignFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidFile(`it is not JSON (${(error as Error).message})`);
  }
  return decodeCampaignHeader(json);
}

function loadUpdate(base64: string, field: 'table' | 'gm'): Y.Doc {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, decodeBase64(base64));
  } catch (error) {
    throw invalidFile(`${field}: not a Yjs update (${(error as Error).message})`);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw invalidFile(`${field}: the update is incomplete (it builds on changes the file lacks)`);
  }
  return doc;
}

/** `CAMPAIGN_FILE_INVALID`, worded as every invalid file is. */
export function invalidFile(problem: string): CampaignTransferError {
  return new CampaignTransferError(
    'CAMPAIGN_FILE_INVALID',
    `This is not a valid campaign file: ${problem}.`,
  );
}
