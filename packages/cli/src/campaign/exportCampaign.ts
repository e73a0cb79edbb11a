/**
 * Export: reads a campaign's two rooms from a relay, then the assets its docs reference, and
 * writes its campaign file (format 2, packages/campaign src/file/) as a stream. Nothing is written to
 * either room. The table room is read and checked first, so a wrong table key or id never
 * touches the gm room.
 *
 * Every asset is probed (`HEAD`) before the file is started, so the header's index can give
 * each one's size, and an asset the relay lacks (or one too large for a campaign file) is known
 * up front: it is listed as missing and reported, or with `strict` refused before anything is
 * written. Then each asset streams from the relay into its line, and is hashed on the way: a
 * relay whose copy does not hash to its name fails the export (the caller drops the file).
 */
import {
  type ByteSink,
  type CampaignAsset,
  type CampaignKeys,
  CampaignTransferError,
  checkGmDoc,
  checkTableDoc,
  isEmptyDoc,
  MAX_CAMPAIGN_ASSET_BYTES,
  referencedAssets,
  type TransferProgress,
  writeCampaignFile,
} from '@meshtable/campaign';
import { gmRoomName } from '@meshtable/schema';
import * as Y from 'yjs';
import { RelayAssetClient } from './relayAssets';
import { type OpenRoom, openRoom, relaySyncUrl } from './relayRoom';

/** What {@link exportCampaign} needs. */
export interface ExportOptions {
  readonly relayUrl: URL;
  readonly keys: CampaignKeys;
  /** The table doc's room: the campaign id, or after a kick the room the invite names. */
  readonly tableRoom: string;
  /** How long to wait for the relay at each step. */
  readonly timeoutMs: number;
  /** Where the file goes. Nothing is written before every check has passed. */
  readonly sink: ByteSink;
  /** Refuse (`RELAY_ASSET_MISSING`) rather than list as missing an asset that cannot go in. */
  readonly strict: boolean;
  /** Told of each asset that cannot go into the file, before the file is started. */
  readonly onMissing?: (asset: MissingAsset) => void;
  /** Told how far the assets have come, after each piece. */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** The largest asset put in the file (tests lower it). */
  readonly maxAssetBytes?: number;
}

/** An asset the docs reference that is not in the file, and why. */
export interface MissingAsset {
  readonly sha256: string;
  /** `absent`: the relay does not store it; `too-large`: over what a campaign file holds. */
  readonly reason: 'absent' | 'too-large';
  /** Its size, when the relay has it. */
  readonly size?: number;
}

/** An exported campaign: what to tell the user about it. */
export interface ExportedCampaign {
  readonly name: string;
  readonly tableBytes: number;
  readonly gmBytes: number;
  /** The assets the docs reference. */
  readonly referenced: number;
  /** The assets whose bytes are in the file, and their bytes all together. */
  readonly included: number;
  readonly assetBytes: number;
  readonly missing: readonly MissingAsset[];
}

/** Both docs of a campaign, read from a relay and checked. */
interface CampaignDocs {
  readonly name: string;
  readonly table: Uint8Array;
  readonly gm: Uint8Array;
  readonly assets: readonly string[];
}

/**
 * Exports a campaign from a relay into a campaign file, written to `options.sink`.
 * @throws CampaignTransferError `RELAY_REFUSED` (a wrong key), `RELAY_FAILED`,
 *   `RELAY_ROOM_EMPTY` (nothing there: a wrong id or relay, or a gm doc never synced to it),
 *   `RELAY_ROOM_CONFLICT` (the rooms hold something that is not this campaign),
 *   `RELAY_ASSET_MISSING` (with `strict`), `RELAY_ASSET_DAMAGED` (the relay's copy of an asset
 *   does not hash to its name: what was written must be dropped)
 * @example
 * const exported = await exportCampaign({ relayUrl, keys, tableRoom: keys.campaignId,
 *   timeoutMs: 30_000, sink, strict: false });
 */
export async function exportCampaign(options: ExportOptions): Promise<ExportedCampaign> {
  const docs = await readCampaignDocs(options);
  const client = new RelayAssetClient(options.relayUrl, options.timeoutMs);
  try {
    const maxAssetBytes = options.maxAssetBytes ?? MAX_CAMPAIGN_ASSET_BYTES;
    const sizes = await client.probeAll(docs.assets);
    const index: CampaignAsset[] = [];
    const missing: MissingAsset[] = [];
    for (const sha256 of docs.assets) {
      const size = sizes.get(sha256) ?? null;
      if (size === null) missing.push({ sha256, reason: 'absent' });
      else if (size > maxAssetBytes) missing.push({ sha256, reason: 'too-large', size });
      index.push({ sha256, size: size !== null && size <= maxAssetBytes ? size : null });
    }
    if (missing.length > 0 && options.strict) {
      throw missingError(options.relayUrl, missing, maxAssetBytes);
    }
    for (const asset of missing) options.onMissing?.(asset);

    const assetBytes = await writeCampaignFile({
      sink: options.sink,
      keys: options.keys,
      table: docs.table,
      gm: docs.gm,
      index,
      readAsset: (sha256, size, write) => client.download(sha256, size, write),
      damaged: (sha256, problem) =>
        new CampaignTransferError(
          'RELAY_ASSET_DAMAGED',
          `The relay at ${options.relayUrl.href} served asset ${sha256} with ${problem}: its copy is damaged. Upload the asset to it again from a good copy (or remove it from the campaign), then export again.`,
        ),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    return {
      name: docs.name,
      tableBytes: docs.table.byteLength,
      gmBytes: docs.gm.byteLength,
      referenced: docs.assets.length,
      included: index.filter((asset) => asset.size !== null).length,
      assetBytes,
      missing,
    };
  } finally {
    client.close();
  }
}

function missingError(
  relayUrl: URL,
  missing: readonly MissingAsset[],
  maxAssetBytes: number,
): CampaignTransferError {
  const listed = missing
    .slice(0, 5)
    .map((asset) =>
      asset.reason === 'absent'
        ? `${asset.sha256} (not on the relay)`
        : `${asset.sha256} (${asset.size} bytes, over the ${maxAssetBytes} a campaign file holds)`,
    );
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  return new CampaignTransferError(
    'RELAY_ASSET_MISSING',
    `${missing.length} asset${missing.length === 1 ? '' : 's'} the campaign references cannot go into the file from ${relayUrl.href}: ${listed.join(', ')}${more}. Nothing was written. Upload ${missing.length === 1 ? 'it' : 'them'} to the relay, or export without --strict to list ${missing.length === 1 ? 'it' : 'them'} as missing.`,
  );
}

/** Syncs both rooms of a campaign from the relay, checks them, and closes them. */
async function readCampaignDocs(options: ExportOptions): Promise<CampaignDocs> {
  const { keys, timeoutMs } = options;
  const syncUrl = relaySyncUrl(options.relayUrl);
  const relay = options.relayUrl.href;
  const opened: OpenRoom[] = [];
  try {
    const table = await openRoom({
      syncUrl,
      room: options.tableRoom,
      key: keys.tableKey,
      what: 'the table room',
      refusedHint: 'after a kick, give the current invite link: it names the new room',
      timeoutMs,
    });
    opened.push(table);
    if (isEmptyDoc(table.doc)) {
      throw new CampaignTransferError(
        'RELAY_ROOM_EMPTY',
        `The relay at ${relay} holds no campaign in room ${options.tableRoom}: check the campaign id (or invite link) and the relay.`,
      );
    }
    const checked = checkTableDoc(table.doc, keys);
    if (!checked.ok || checked.room !== options.tableRoom) {
      const problem = checked.ok ? 'it holds the table of another room' : checked.problem;
      throw new CampaignTransferError(
        'RELAY_ROOM_CONFLICT',
        `The table room ${options.tableRoom} on ${relay} is not this campaign's current table: ${problem}.`,
      );
    }
    const { meta } = checked;

    const gm = await openRoom({
      syncUrl,
      room: gmRoomName(keys.campaignId),
      key: keys.gmKey,
      what: 'the gm room',
      timeoutMs,
    });
    opened.push(gm);
    const problem = checkGmDoc(gm.doc, meta);
    if (problem !== null) {
      if (isEmptyDoc(gm.doc)) {
        throw new CampaignTransferError(
          'RELAY_ROOM_EMPTY',
          `The gm room of campaign ${keys.campaignId} on ${relay} is empty: no GM device has synced the gm doc to this relay, so the file would lose the dice chain and the GM's notes.`,
        );
      }
      throw new CampaignTransferError(
        'RELAY_ROOM_CONFLICT',
        `The gm room of campaign ${keys.campaignId} on ${relay} does not fit its table: ${problem}.`,
      );
    }

    return {
      name: meta.campaign.name,
      table: Y.encodeStateAsUpdate(table.doc),
      gm: Y.encodeStateAsUpdate(gm.doc),
      assets: referencedAssets(table.doc, gm.doc),
    };
  } finally {
    for (const room of opened) room.close();
  }
}
