/**
 * Export: reads a campaign's two rooms from a relay and makes its campaign file. Nothing is
 * written to either room. The table room is read and checked first, so a wrong table key or id
 * never touches the gm room.
 */
import { gmRoomName } from '@meshtable/schema';
import * as Y from 'yjs';
import { CampaignTransferError } from './CampaignTransferError';
import {
  type CampaignKeys,
  checkGmDoc,
  checkTableDoc,
  isEmptyDoc,
  referencedAssets,
} from './campaignDocs';
import { encodeCampaignFile } from './campaignFile';
import { type OpenRoom, openRoom, relaySyncUrl } from './relayRoom';

/** What {@link exportCampaign} needs. */
export interface ExportOptions {
  readonly relayUrl: URL;
  readonly keys: CampaignKeys;
  /** The table doc's room: the campaign id, or after a kick the room the invite names. */
  readonly tableRoom: string;
  /** How long to wait for the relay at each step. */
  readonly timeoutMs: number;
}

/** An exported campaign: the file's text and what to tell the user about it. */
export interface ExportedCampaign {
  readonly text: string;
  readonly name: string;
  readonly tableBytes: number;
  readonly gmBytes: number;
  readonly assets: readonly string[];
}

/**
 * Syncs both rooms of a campaign from the relay and encodes them as a campaign file.
 * @throws CampaignTransferError `RELAY_REFUSED` (a wrong key), `RELAY_FAILED`,
 *   `RELAY_ROOM_EMPTY` (nothing there: a wrong id or relay, or a gm doc never synced to it),
 *   `RELAY_ROOM_CONFLICT` (the rooms hold something that is not this campaign)
 */
export async function exportCampaign(options: ExportOptions): Promise<ExportedCampaign> {
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

    const tableUpdate = Y.encodeStateAsUpdate(table.doc);
    const gmUpdate = Y.encodeStateAsUpdate(gm.doc);
    const assets = referencedAssets(table.doc, gm.doc);
    return {
      text: encodeCampaignFile(keys, tableUpdate, gmUpdate, assets),
      name: meta.campaign.name,
      tableBytes: tableUpdate.byteLength,
      gmBytes: gmUpdate.byteLength,
      assets,
    };
  } finally {
    for (const room of opened) room.close();
  }
}
