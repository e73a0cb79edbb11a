/**
 * Import: pushes a campaign file's two docs into their rooms on a relay, claiming rooms nobody
 * holds with tokens derived from the keys, then uploads the assets the file carries into the
 * table room (importAssets.ts).
 *
 * Both rooms are opened and checked before anything is sent, so a refusal leaves nothing half
 * imported. A room that already holds the same campaign is merged with (Yjs merges are unions:
 * what the relay lacks is added, nothing it has is rolled back); a room that holds anything else
 * is refused. The docs are in once a second connection reads everything back from the relay;
 * only then are assets uploaded (an upload needs the room claimed). The caller has checked the
 * whole file before (readCampaignFile), so a bad file never gets this far.
 */
import {
  type CampaignFileContents,
  type CampaignKeys,
  CampaignTransferError,
  checkTableDoc,
  isEmptyDoc,
  readChainHead,
  rekeyCampaign,
  type TransferProgress,
} from '@meshtable/campaign';
import { gmRoomName } from '@meshtable/schema';
import * as Y from 'yjs';
import { type AssetImportReport, importAssets } from './importAssets';
import { RelayAssetClient } from './relayAssets';
import {
  type OpenRoom,
  openRoom,
  type RoomTarget,
  relaySyncUrl,
  relayTokenOf,
  waitUntilStored,
} from './relayRoom';

/** What {@link importCampaign} needs. */
export interface ImportOptions {
  readonly relayUrl: URL;
  /** The file, as readCampaignFile opened and checked it; its docs are changed when `newKeys`
   * is set. */
  readonly contents: CampaignFileContents;
  /** Import a copy under a new campaign id and new keys (see rekeyCampaign). */
  readonly newKeys: boolean;
  /** How long to wait for the relay at each step. */
  readonly timeoutMs: number;
  /** Told how far the asset uploads have come. */
  readonly onProgress?: (progress: TransferProgress) => void;
}

/** What was imported. */
export interface ImportedCampaign {
  /** The campaign's id and keys on the relay: the file's, or new ones for a copy. */
  readonly keys: CampaignKeys;
  /** The table's key epoch (0 for a copy): invites carry it. */
  readonly epoch: number;
  readonly name: string;
  /** Whether the relay already held this campaign (the file was merged into it). */
  readonly merged: boolean;
  /** What became of the assets; a failure there (exit 3) leaves the docs imported. */
  readonly assets: AssetImportReport;
}

/**
 * Imports a campaign file into a relay: both docs, then its assets.
 * @throws CampaignTransferError `RELAY_REFUSED` (a room is claimed with another key),
 *   `RELAY_ROOM_CONFLICT` (a room holds another campaign), `RELAY_FAILED`, all before the docs
 *   are in; a failure of the assets' uploads is reported in `assets.failure` instead
 * @example
 * const contents = await readCampaignFile(path);
 * const imported = await importCampaign({ relayUrl, contents, newKeys: false, timeoutMs: 30_000 });
 */
export async function importCampaign(options: ImportOptions): Promise<ImportedCampaign> {
  const { contents, timeoutMs } = options;
  const { file } = contents;
  let keys = file.keys;
  if (options.newKeys) keys = rekeyCampaign(file.table, file.gm, file.meta);
  // decodeCampaignFile checked the docs, and a copy's are checked again here.
  const current = checkTableDoc(file.table, keys);
  if (!current.ok) throw new CampaignTransferError('CAMPAIGN_FILE_INVALID', current.problem);
  const syncUrl = relaySyncUrl(options.relayUrl);
  const relay = options.relayUrl.href;
  const tableTarget: RoomTarget = {
    syncUrl,
    room: current.room,
    key: keys.tableKey,
    what: 'the table room',
    timeoutMs,
  };
  const gmTarget: RoomTarget = {
    syncUrl,
    room: gmRoomName(keys.campaignId),
    key: keys.gmKey,
    what: 'the gm room',
    timeoutMs,
  };
  const tableUpdate = Y.encodeStateAsUpdate(file.table);
  const gmUpdate = Y.encodeStateAsUpdate(file.gm);

  const opened: OpenRoom[] = [];
  const open = async (target: RoomTarget) => {
    const room = await openRoom(target);
    opened.push(room);
    return room;
  };
  let merged: boolean;
  try {
    const table = await open(tableTarget);
    merged = !isEmptyDoc(table.doc);
    if (merged) {
      const checked = checkTableDoc(table.doc, keys);
      if (!checked.ok) {
        throw new CampaignTransferError(
          'RELAY_ROOM_CONFLICT',
          `The table room ${current.room} on ${relay} already holds something else: ${checked.problem}. Import a copy with --new-keys.`,
        );
      }
    }
    const gm = await open(gmTarget);
    if (!isEmptyDoc(gm.doc)) {
      const theirs = readChainHead(gm.doc);
      const ours = readChainHead(file.gm);
      if (!theirs.ok || !ours.ok || theirs.chainHead !== ours.chainHead) {
        throw new CampaignTransferError(
          'RELAY_ROOM_CONFLICT',
          `The gm room ${gmTarget.room} on ${relay} already holds the gm doc of another campaign (another dice chain). Import a copy with --new-keys.`,
        );
      }
    }

    Y.applyUpdate(table.doc, tableUpdate);
    Y.applyUpdate(gm.doc, gmUpdate);
    await waitUntilStored(tableTarget, table, await open(tableTarget), tableUpdate);
    await waitUntilStored(gmTarget, gm, await open(gmTarget), gmUpdate);
  } finally {
    for (const room of opened) room.close();
  }

  const client = new RelayAssetClient(options.relayUrl, timeoutMs);
  try {
    const assets = await importAssets({
      client,
      contents,
      room: current.room,
      token: relayTokenOf(keys.tableKey),
      rerunAdvice: options.newKeys
        ? 'The copy is made, with the invite link and gm key printed: importing the file with --new-keys again would make another copy, so remove the cause first (the copy that lacks assets can be left unused).'
        : 'Importing the same file again is safe: the docs merge, and the assets the relay stores are skipped.',
      onProgress: options.onProgress,
    });
    return { keys, epoch: current.epoch, name: file.meta.campaign.name, merged, assets };
  } finally {
    client.close();
  }
}
