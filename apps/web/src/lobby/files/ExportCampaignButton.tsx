import { gmRoomName } from '@meshtable/schema';
import { useId, useState } from 'react';
import * as Y from 'yjs';
import { formatBytes } from '../../assets/AssetError';
import type { CampaignSession } from '../../campaign/CampaignSession';
import type { StoredCampaign } from '../../campaign/campaignStore';
import { deviceStores } from '../../campaign/deviceStores';
import { loadLocalCopy } from '../../campaign/localCopy';
import { downloadBlob } from './downloadBlob';
import {
  type ExportCampaignFileOptions,
  type ExportProgress,
  exportCampaignFile,
  type MissingAsset,
} from './exportCampaignFile';

/** What to know before exporting, beside the button or once beside a list of them. */
export const EXPORT_NOTE =
  'The campaign file is a backup of the whole campaign. It holds the gm key and your notes: keep it private.';

/** The docs and keys to export, and what to close afterwards. */
type ExportSource = Omit<ExportCampaignFileOptions, 'onProgress' | 'loadAsset'> & {
  readonly release: () => void;
};

type ExportState =
  | { readonly status: 'idle' }
  | { readonly status: 'busy'; readonly progress: ExportProgress | null }
  | {
      readonly status: 'done';
      readonly fileName: string;
      readonly size: number;
      readonly referenced: number;
      readonly missing: readonly MissingAsset[];
    }
  | { readonly status: 'failed'; readonly message: string };

/**
 * "Export campaign file" for a GM: makes the campaign file in this browser and downloads it,
 * with progress while the assets are fetched and written, and a warning for each asset that
 * could not go in. The file holds the gm key, as the note beside the button says.
 */
function ExportCampaignButton({
  campaignName,
  source,
  noteId,
}: {
  readonly campaignName: string;
  readonly source: () => Promise<ExportSource>;
  /** The id of a note about the file's secrets shown elsewhere; without it, one is shown here. */
  readonly noteId?: string;
}) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const ownNoteId = useId();
  const run = async () => {
    setState({ status: 'busy', progress: null });
    let release = () => {};
    try {
      const opened = await source();
      release = opened.release;
      const exported = await exportCampaignFile({
        ...opened,
        onProgress: (progress) => setState({ status: 'busy', progress }),
      });
      downloadBlob(exported.blob, exported.fileName);
      setState({
        status: 'done',
        fileName: exported.fileName,
        size: exported.blob.size,
        referenced: exported.referenced,
        missing: exported.missing,
      });
    } catch (error) {
      setState({
        status: 'failed',
        message: `The campaign file was not made: ${(error as Error).message}`,
      });
    } finally {
      release();
    }
  };
  return (
    <div className="mt-export" data-testid="campaign-export" data-status={state.status}>
      <button
        type="button"
        className="mt-button"
        data-testid="export-campaign"
        aria-label={`Export campaign file of ${campaignName}`}
        aria-describedby={noteId ?? ownNoteId}
        disabled={state.status === 'busy'}
        onClick={() => void run()}
      >
        {state.status === 'busy' ? 'Exporting…' : 'Export campaign file'}
      </button>
      {noteId === undefined && (
        <span id={ownNoteId} className="mt-hint">
          {EXPORT_NOTE}
        </span>
      )}
      <ExportStatus state={state} />
    </div>
  );
}

function ExportStatus({ state }: { readonly state: ExportState }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'busy': {
      const { progress } = state;
      const text =
        progress === null
          ? 'Reading the campaign…'
          : progress.phase === 'fetching'
            ? `Fetching assets: ${progress.assetsDone} of ${progress.assetsTotal}`
            : `Writing assets: ${progress.assetsDone} of ${progress.assetsTotal} (${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)})`;
      return (
        <p className="mt-hint" role="status" data-testid="export-progress">
          {text}
          {progress !== null && progress.assetsTotal > 0 && (
            <progress
              className="mt-export-progress"
              max={progress.assetsTotal}
              value={progress.assetsDone}
              aria-label="Assets exported"
            />
          )}
        </p>
      );
    }
    case 'done':
      return (
        <div role="status" data-testid="export-done" data-missing={state.missing.length}>
          <p className="mt-hint">
            Saved {state.fileName} ({formatBytes(state.size)},{' '}
            {state.referenced - state.missing.length} of {state.referenced} assets).
          </p>
          {state.missing.length > 0 && (
            <>
              <p className="mt-error">
                {state.missing.length} asset{state.missing.length === 1 ? ' is' : 's are'} listed as
                missing in the file: neither this browser nor the relay has{' '}
                {state.missing.length === 1 ? 'it' : 'them'}.
              </p>
              <ul className="mt-hint mt-missing-assets">
                {state.missing.slice(0, 5).map((asset) => (
                  <li key={asset.sha256}>
                    <code>{asset.sha256.slice(0, 12)}…</code> {asset.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      );
    case 'failed':
      return (
        <p className="mt-error" role="alert" data-testid="export-problem">
          {state.message}
        </p>
      );
  }
}

/** The keys of a campaign kept on this device, or an error that says what is missing. */
async function storedKeys(campaignId: string): Promise<StoredCampaign & { gmKey: string }> {
  const stored = await (await deviceStores()).campaigns.get(campaignId);
  if (stored === undefined) throw new Error('this device does not keep the campaign');
  if (stored.gmKey === null) {
    throw new Error('this device has no gm key for it: only a GM’s device exports a campaign');
  }
  return { ...stored, gmKey: stored.gmKey };
}

/** "Export campaign file" in the table panel: the open session's docs, as they are now. */
export function ExportSessionCampaign({
  session,
  campaignName,
}: {
  readonly session: CampaignSession;
  readonly campaignName: string;
}) {
  return (
    <ExportCampaignButton
      campaignName={campaignName}
      source={async () => {
        const { gm } = session;
        if (gm === null) throw new Error('this device does not hold the gm doc');
        const stored = await storedKeys(session.campaignId);
        return {
          keys: { campaignId: stored.id, tableKey: stored.tableKey, gmKey: stored.gmKey },
          table: session.table,
          gm,
          relayUrl: session.assetRelay.url,
          release: () => {},
        };
      }}
    />
  );
}

/**
 * "Export campaign file" in the list of campaigns: the docs as this device keeps them in
 * IndexedDB, loaded for the export and closed after it.
 */
export function ExportStoredCampaign({
  campaign,
  noteId,
}: {
  readonly campaign: StoredCampaign;
  /** The id of the note about the file's secrets, shown once beside the list. */
  readonly noteId: string;
}) {
  return (
    <ExportCampaignButton
      noteId={noteId}
      campaignName={campaign.name}
      source={async () => {
        const stored = await storedKeys(campaign.id);
        const relayUrl = stored.relayUrl ?? window.location.origin;
        const table = new Y.Doc();
        const gm = new Y.Doc();
        const release = () => {
          table.destroy();
          gm.destroy();
        };
        try {
          await loadLocalCopy(table, { room: stored.room, tableKey: stored.tableKey, relayUrl });
          await loadLocalCopy(gm, {
            room: gmRoomName(stored.id),
            tableKey: stored.gmKey,
            relayUrl,
          });
        } catch (error) {
          release();
          throw error;
        }
        return {
          keys: { campaignId: stored.id, tableKey: stored.tableKey, gmKey: stored.gmKey },
          table,
          gm,
          relayUrl,
          release,
        };
      }}
    />
  );
}
