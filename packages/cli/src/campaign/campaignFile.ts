/**
 * The campaign file (DESIGN.md §6): one JSON object that holds a whole campaign, both docs as
 * Yjs updates and the keys to their rooms.
 *
 * ```json
 * { "meshtableCampaign": 1, "campaignId": "…", "exportedAt": "2026-01-01T00:00:00.000Z",
 *   "keys": { "tableKey": "…", "gmKey": "…" },
 *   "table": "<base64 Yjs update>", "gm": "<base64 Yjs update>",
 *   "assets": [{ "sha256": "…", "data": null }] }
 * ```
 *
 * `assets` lists what the docs reference; `data` is null: format 1 carries no asset bytes (a
 * relay keeps them, `GET /assets/<sha256>`). The file holds the gm key and the gm doc (the dice
 * chain's secret root, GM notes): it is as secret as the gm key itself.
 *
 * Reading is strict, because a file may have been edited or damaged: every field is checked, the
 * updates must decode completely, and the docs must be the campaign the file names.
 */
import { type CampaignMeta, isCampaignKey } from '@meshtable/campaign';
import { recordIdSchema, sha256HexSchema } from '@meshtable/schema';
import * as Y from 'yjs';
import { z } from 'zod';
import { CampaignTransferError } from './CampaignTransferError';
import { type CampaignKeys, checkCampaignDocs } from './campaignDocs';

/** The format version this build writes and reads: `meshtableCampaign`. */
export const CAMPAIGN_FILE_VERSION = 1;

/**
 * The largest file read. A doc must fit in one relay frame (16 MiB) to sync at all, and base64
 * makes it a third larger.
 */
export const MAX_CAMPAIGN_FILE_BYTES = 48 * 1024 * 1024;

const campaignKeySchema = z
  .string()
  .refine(isCampaignKey, 'must be a key as Meshtable makes them (22 characters of base64url)');

/** The file, as zod checks it. */
export const campaignFileSchema = z.strictObject({
  meshtableCampaign: z.literal(CAMPAIGN_FILE_VERSION),
  campaignId: recordIdSchema,
  exportedAt: z.iso.datetime(),
  keys: z.strictObject({ tableKey: campaignKeySchema, gmKey: campaignKeySchema }),
  table: z.base64('must be a Yjs update in base64'),
  gm: z.base64('must be a Yjs update in base64'),
  assets: z
    .array(
      z.strictObject({
        sha256: sha256HexSchema,
        data: z.null('must be null: format 1 carries no asset bytes'),
      }),
    )
    .max(100_000),
});

/** A campaign file as JSON. */
export type CampaignFile = z.infer<typeof campaignFileSchema>;

/** A campaign file read and checked: its keys and both docs, loaded. */
export interface LoadedCampaignFile {
  readonly keys: CampaignKeys;
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** The table doc's meta, checked. */
  readonly meta: CampaignMeta;
  readonly assets: readonly string[];
}

/**
 * Writes a campaign file's text.
 * @param assets the SHA-256 names the docs reference (their bytes are not included)
 */
export function encodeCampaignFile(
  keys: CampaignKeys,
  table: Uint8Array,
  gm: Uint8Array,
  assets: readonly string[],
  exportedAt: Date = new Date(),
): string {
  const file: CampaignFile = {
    meshtableCampaign: CAMPAIGN_FILE_VERSION,
    campaignId: keys.campaignId,
    exportedAt: exportedAt.toISOString(),
    keys: { tableKey: keys.tableKey, gmKey: keys.gmKey },
    table: Buffer.from(table).toString('base64'),
    gm: Buffer.from(gm).toString('base64'),
    assets: assets.map((sha256) => ({ sha256, data: null })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads a campaign file's text: checks the format, decodes both docs and checks that they are
 * the campaign the file names (meta readable, its id, the gm doc's dice chain).
 * @throws CampaignTransferError `CAMPAIGN_FILE_INVALID` naming the field or the problem,
 *   `CAMPAIGN_FILE_UNSUPPORTED_VERSION` for a file of a newer format
 */
export function decodeCampaignFile(text: string): LoadedCampaignFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !('meshtableCampaign' in json)) {
    throw invalid('it is not a Meshtable campaign file (no "meshtableCampaign" field)');
  }
  const version = json.meshtableCampaign;
  if (typeof version === 'number' && version > CAMPAIGN_FILE_VERSION) {
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_UNSUPPORTED_VERSION',
      `The campaign file is of format ${version}; this build reads format ${CAMPAIGN_FILE_VERSION}. Update Meshtable.`,
    );
  }
  const parsed = campaignFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`,
    );
    throw invalid(problems.join('; '));
  }
  const file = parsed.data;
  const keys: CampaignKeys = { campaignId: file.campaignId, ...file.keys };
  const table = loadUpdate(file.table, 'table');
  const gm = loadUpdate(file.gm, 'gm');
  const check = checkCampaignDocs(table, gm, keys);
  if (!check.ok) throw invalid(check.problem);
  return { keys, table, gm, meta: check.meta, assets: file.assets.map((asset) => asset.sha256) };
}

function loadUpdate(base64: string, field: 'table' | 'gm'): Y.Doc {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, Buffer.from(base64, 'base64'));
  } catch (error) {
    throw invalid(`${field}: not a Yjs update (${(error as Error).message})`);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw invalid(`${field}: the update is incomplete (it builds on changes the file lacks)`);
  }
  return doc;
}

function invalid(problem: string): CampaignTransferError {
  return new CampaignTransferError(
    'CAMPAIGN_FILE_INVALID',
    `This is not a valid campaign file: ${problem}.`,
  );
}
