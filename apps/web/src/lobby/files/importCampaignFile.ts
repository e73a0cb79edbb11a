/**
 * "Import campaign file" in the lobby: a campaign file (either format, as the CLI or this app
 * wrote it) becomes a campaign kept on this device, ready to open.
 *
 * 1. The whole file is read and checked first, as a stream (packages/campaign openCampaignFile
 *    over the File's `Blob.stream()`): the header, both docs, every asset line against the index.
 *    A bad file is refused with the CLI's codes and nothing is kept.
 * 2. This device's identity must be one of the campaign's GMs (`CAMPAIGN_IMPORT_NOT_GM`): the
 *    file is a GM's backup, and only a GM's device may hold the gm key and run the table.
 * 3. The docs go into this device's local copies (IndexedDB, and the hand-off to the session
 *    that opens next), the keys into the campaign store.
 * 4. The table's room is opened on the relay (which claims it, as the GM's device does), and the
 *    assets the file carries are uploaded to it (uploadAsset) and kept in this browser's cache.
 *
 * Importing a campaign this device already keeps **merges**: Yjs updates are unions, so the
 * file adds what this device lacks and takes nothing away, exactly as `meshtable campaign
 * import` merges into a relay's rooms. Nothing is lost by it, so there is nothing to confirm. A
 * campaign kept under other keys (a kick moved the table since) is refused
 * (`CAMPAIGN_IMPORT_CONFLICT`) rather than merged into a table of another epoch.
 */
import {
  blobSource,
  type CampaignFileContents,
  checkTableDoc,
  type Identity,
  MAX_INVITE_GMS,
  openCampaignFile,
} from '@meshtable/campaign';
import {
  ASSET_TYPES,
  type AssetTypeName,
  gmRoomName,
  MAX_SNIFF_BYTES,
  sniffAssetType,
} from '@meshtable/schema';
import { deriveRelayToken, openSyncSession, type SyncSession } from '@meshtable/sync';
import * as Y from 'yjs';
import { AssetError } from '../../assets/AssetError';
import type { AssetSession } from '../../assets/AssetSession';
import { keepAsset } from '../../assets/assetCache';
import { uploadAsset } from '../../assets/uploadAsset';
import type { StoredCampaign } from '../../campaign/campaignStore';
import type { DeviceStores } from '../../campaign/deviceStores';
import { handOffDoc } from '../../campaign/docHandoff';
import { loadLocalCopy } from '../../campaign/localCopy';
import { CampaignImportError } from './CampaignImportError';

/** Where an import is. */
export type ImportPhase = 'checking' | 'storing' | 'uploading' | 'done';

/** Progress of an import; the asset counts while uploading. */
export interface ImportProgress {
  readonly phase: ImportPhase;
  readonly assetsDone: number;
  readonly assetsTotal: number;
}

/** What {@link importCampaignFile} needs. */
export interface ImportCampaignFileOptions {
  readonly file: Blob;
  readonly stores: DeviceStores;
  /** This device's identity: it must be a GM of the campaign. */
  readonly identity: Identity | null;
  /** The relay that serves the app (`location.origin`), for a campaign not kept here yet. */
  readonly relayUrl: string;
  /** Whether this device keeps docs in IndexedDB (off only with `?persist=0`). */
  readonly persist: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** How long to wait for the relay to take the table's room before uploading (ms). */
  readonly relayWaitMs?: number;
}

/** An asset the relay did not take. */
export interface FailedAsset {
  readonly sha256: string;
  readonly message: string;
}

/** What an import did. */
export interface ImportedCampaignFile {
  readonly stored: StoredCampaign;
  /** Whether this device kept the campaign already (the file was merged into its copy). */
  readonly merged: boolean;
  /** The assets the file carries, uploaded to the relay now or found there already. */
  readonly uploaded: number;
  /** Listed as missing in the file: the relay may still have them. */
  readonly missingInFile: number;
  /** The assets that did not reach the relay (each is kept in this browser all the same). */
  readonly failed: readonly FailedAsset[];
}

/** Every type the relay keeps: a campaign's assets are images, audio and map files. */
const ALL_ASSET_TYPES = Object.keys(ASSET_TYPES) as AssetTypeName[];

/**
 * Imports a campaign file onto this device.
 * @throws CampaignTransferError for a bad file (`CAMPAIGN_FILE_*`: nothing is kept),
 *   CampaignImportError `CAMPAIGN_IMPORT_NOT_GM` or `CAMPAIGN_IMPORT_CONFLICT` (nothing is
 *   kept); a failure to reach the relay or of an upload is reported in `failed`, not thrown (the
 *   campaign is kept by then, and importing the file again is safe)
 * @example
 * const imported = await importCampaignFile({ file, stores, identity, relayUrl, persist: true });
 * location.hash = campaignHash(imported.stored.id);
 */
export async function importCampaignFile(
  options: ImportCampaignFileOptions,
): Promise<ImportedCampaignFile> {
  const { stores, identity } = options;
  const progress = (phase: ImportPhase, assetsDone = 0, assetsTotal = 0) =>
    options.onProgress?.({ phase, assetsDone, assetsTotal });
  progress('checking');
  const contents = await openCampaignFile(blobSource(options.file));
  const { file } = contents;
  const { keys, meta } = file;
  const campaignName = meta.campaign.name;

  if (identity === null || !Object.hasOwn(meta.gms, identity.userId)) {
    const who =
      identity === null
        ? `This device has no identity yet, so it is no GM of “${campaignName}”: a campaign file is a GM’s backup.`
        : `You (${identity.name}) are not a GM of “${campaignName}” (your user id is ${identity.userId}).`;
    throw new CampaignImportError(
      'CAMPAIGN_IMPORT_NOT_GM',
      `${who} Import the GM’s identity file first (“Import a key” under Your identity), then the campaign file.`,
    );
  }
  // The header's check passed already; this gives the table's room and epoch.
  const current = checkTableDoc(file.table, keys);
  if (!current.ok) throw new Error(current.problem);
  const existing = await stores.campaigns.get(keys.campaignId);
  if (
    existing !== undefined &&
    (existing.room !== current.room ||
      existing.tableKey !== keys.tableKey ||
      (existing.gmKey !== null && existing.gmKey !== keys.gmKey))
  ) {
    const newer = existing.epoch > current.epoch ? 'this device' : 'the file';
    throw new CampaignImportError(
      'CAMPAIGN_IMPORT_CONFLICT',
      `This device keeps “${existing.name}” already, under other keys (key epoch ${existing.epoch} here, ${current.epoch} in the file; ${newer} has the later table, after a kick). Nothing was imported: open the campaign as it is here, or import the file on another device.`,
    );
  }

  progress('storing');
  const relayUrl = existing?.relayUrl ?? options.relayUrl;
  handOffDoc(keys.campaignId, 'table', current.epoch, file.table);
  handOffDoc(keys.campaignId, 'gm', 0, file.gm);
  if (options.persist) {
    // Loads what this device holds into the file's docs and writes the union back: the merge.
    await loadLocalCopy(file.table, { room: current.room, tableKey: keys.tableKey, relayUrl });
    await loadLocalCopy(file.gm, {
      room: gmRoomName(keys.campaignId),
      tableKey: keys.gmKey,
      relayUrl,
    });
  }
  const stored: StoredCampaign = {
    id: keys.campaignId,
    name: campaignName,
    userId: identity.userId,
    tableKey: keys.tableKey,
    epoch: current.epoch,
    room: current.room,
    relayUrl: existing?.relayUrl ?? null,
    gmIds: existing?.gmIds ?? Object.keys(meta.gms).sort().slice(0, MAX_INVITE_GMS),
    gmKey: keys.gmKey,
    lastOpened: Date.now(),
  };
  await stores.campaigns.put(stored);

  const carried = file.assets.filter((asset) => asset.size !== null).length;
  const missingInFile = file.assets.length - carried;
  progress('uploading', 0, carried);
  const failed = await uploadAssets(contents, stored, relayUrl, identity, options, (done) =>
    progress('uploading', done, carried),
  );
  progress('done', carried, carried);
  return {
    stored,
    merged: existing !== undefined,
    uploaded: carried - failed.length,
    missingInFile,
    failed,
  };
}

/**
 * Opens the table's room on the relay (the relay takes uploads only into a room a `/sync`
 * connection claimed), then streams the file's assets out of it a second time, each into this
 * browser's cache and up to the relay.
 * @returns the assets that did not reach the relay
 */
async function uploadAssets(
  contents: CampaignFileContents,
  stored: StoredCampaign,
  relayUrl: string,
  identity: Identity,
  options: ImportCampaignFileOptions,
  onAsset: (done: number) => void,
): Promise<FailedAsset[]> {
  const failed: FailedAsset[] = [];
  const carried = contents.file.assets.filter((asset) => asset.size !== null);
  if (carried.length === 0) return failed;
  const table = new Y.Doc();
  Y.applyUpdate(table, Y.encodeStateAsUpdate(contents.file.table));
  let sync: SyncSession | null = null;
  let done = 0;
  try {
    sync = openSyncSession(table, {
      room: stored.room,
      tableKey: stored.tableKey,
      relayUrl,
      transports: { webrtc: false, relay: true, indexeddb: false },
    });
    const relayProblem = await roomOpened(sync, options.relayWaitMs ?? 15_000);
    const session = assetSessionOf(stored, relayUrl, identity, table, sync);
    await contents.streamAssets(async (asset) => {
      const parts: Uint8Array[] = [];
      return {
        write: async (bytes) => {
          parts.push(bytes.slice());
        },
        end: async () => {
          const blob = new File(parts as BlobPart[], asset.sha256);
          const contentType = await contentTypeOf(blob);
          await keepAsset(relayUrl, asset.sha256, blob, contentType);
          if (relayProblem !== null) {
            failed.push({ sha256: asset.sha256, message: relayProblem });
          } else {
            try {
              await uploadAsset(session, blob, { accept: ALL_ASSET_TYPES, list: false });
            } catch (error) {
              if (!(error instanceof AssetError)) throw error;
              failed.push({ sha256: asset.sha256, message: error.message });
            }
          }
          onAsset(++done);
        },
        abort: () => {},
      };
    });
  } finally {
    await sync?.destroy();
    table.destroy();
  }
  return failed;
}

/**
 * Waits until the relay has taken the table's room.
 * @returns null once it has, or why it has not (refused, or not reached in time)
 */
function roomOpened(sync: SyncSession, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const decide = (): boolean => {
      const { relay } = sync.getState();
      if (relay === 'connected') return finish(null);
      if (relay === 'refused') {
        return finish(
          'The relay refused the table’s room: it holds this room under another key (a campaign of the same id imported elsewhere with other keys).',
        );
      }
      return false;
    };
    const finish = (outcome: string | null): true => {
      clearTimeout(timer);
      unsubscribe();
      resolve(outcome);
      return true;
    };
    const timer = setTimeout(
      () =>
        finish(
          'The relay could not be reached: the file is kept in this browser. Import it again when the relay is back (importing again is safe).',
        ),
      timeoutMs,
    );
    const unsubscribe = sync.subscribe(() => {
      decide();
    });
    decide();
  });
}

/** The narrow view of an open campaign that uploadAsset needs, for the room just opened. */
function assetSessionOf(
  stored: StoredCampaign,
  relayUrl: string,
  identity: Identity,
  table: Y.Doc,
  sync: SyncSession,
): AssetSession {
  return {
    campaignId: stored.id,
    me: { userId: identity.userId },
    table,
    gm: null,
    tableSync: sync,
    assetRelay: { url: relayUrl, room: stored.room, token: deriveRelayToken(stored.tableKey) },
    // Nothing is listed in a library (list: false): no doc is written.
    writeAsGm: () => false,
    state: () => ({ role: 'gm', validating: false }),
    subscribe: () => () => {},
  };
}

/**
 * The type the cache serves an asset as, read from its bytes as the relay reads them (a type
 * the relay does not keep is served as bytes: its upload is refused and says why).
 */
async function contentTypeOf(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, MAX_SNIFF_BYTES).arrayBuffer());
  const sniffed = sniffAssetType(head, blob.size <= MAX_SNIFF_BYTES);
  return sniffed.kind === 'type'
    ? ASSET_TYPES[sniffed.type].contentType
    : 'application/octet-stream';
}
