/**
 * Import: pushes a campaign file's two docs into their rooms on a relay, claiming rooms nobody
 * holds with tokens derived from the keys.
 *
 * Both rooms are opened and checked before anything is sent, so a refusal leaves nothing half
 * imported. A room that already holds the same campaign is merged with (Yjs merges are unions:
 * what the relay lacks is added, nothing it has is rolled back); a room that holds anything else
 * is refused. The import is done once a second connection reads everything back from the relay.
 */
import { gmRoomName } from '@meshtable/schema';
import * as Y from 'yjs';
import { CampaignTransferError } from './CampaignTransferError';
import {
  type CampaignKeys,
  checkTableDoc,
  isEmptyDoc,
  readChainHead,
  rekeyCampaign,
} from './campaignDocs';
import type { LoadedCampaignFile } from './campaignFile';
import {
  type OpenRoom,
  openRoom,
  type RoomTarget,
  relaySyncUrl,
  waitUntilStored,
} from './relayRoom';

/** What {@link importCampaign} needs. */
export interface ImportOptions {
  readonly relayUrl: URL;
  /** The file, as decodeCampaignFile read it; its docs are changed when `newKeys` is set. */
  readonly file: LoadedCampaignFile;
  /** Import a copy under a new campaign id and new keys (see rekeyCampaign). */
  readonly newKeys: boolean;
  /** How long to wait for the relay at each step. */
  readonly timeoutMs: number;
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
}

/**
 * Imports a campaign file into a relay.
 * @throws CampaignTransferError `RELAY_REFUSED` (a room is claimed with another key),
 *   `RELAY_ROOM_CONFLICT` (a room holds another campaign), `RELAY_FAILED`
 */
export async function importCampaign(options: ImportOptions): Promise<ImportedCampaign> {
  const { file, timeoutMs } = options;
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
  try {
    const table = await open(tableTarget);
    const merged = !isEmptyDoc(table.doc);
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
    return { keys, epoch: current.epoch, name: file.meta.campaign.name, merged };
  } finally {
    for (const room of opened) room.close();
  }
}
