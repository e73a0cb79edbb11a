import type { Identity } from '@meshtable/campaign';
import { useId, useState } from 'react';
import type { DeviceStores } from '../../campaign/deviceStores';
import { campaignHash } from '../../routing/route';
import { parseSyncTransports } from '../../routing/syncOptions';
import {
  type ImportedCampaignFile,
  type ImportProgress,
  importCampaignFile,
} from './importCampaignFile';

type ImportState =
  | { readonly status: 'idle' }
  | { readonly status: 'busy'; readonly progress: ImportProgress }
  | { readonly status: 'done'; readonly imported: ImportedCampaignFile }
  | { readonly status: 'failed'; readonly message: string };

const PHASE_TEXT: Record<ImportProgress['phase'], string> = {
  checking: 'Checking the whole file…',
  storing: 'Keeping the campaign on this device…',
  uploading: 'Uploading its assets to the relay',
  done: 'Done.',
};

/**
 * "Import campaign file": a campaign file (from this app or `meshtable campaign export`) is
 * checked whole, kept on this device and its assets uploaded, then the campaign opens. A file
 * refused for any reason keeps nothing, and the message says why. A campaign kept here already
 * is merged with (docs/campaign.md "The campaign file").
 */
export function ImportCampaignForm({
  stores,
  identity,
  onImported,
}: {
  readonly stores: DeviceStores;
  readonly identity: Identity | null;
  /** Told once a campaign is kept (the lobby reads its list again). */
  readonly onImported: () => void;
}) {
  const id = useId();
  const [state, setState] = useState<ImportState>({ status: 'idle' });

  const run = async (file: File) => {
    setState({ status: 'busy', progress: { phase: 'checking', assetsDone: 0, assetsTotal: 0 } });
    try {
      const imported = await importCampaignFile({
        file,
        stores,
        identity,
        relayUrl: window.location.origin,
        persist: parseSyncTransports(window.location.search).indexeddb,
        onProgress: (progress) => setState({ status: 'busy', progress }),
      });
      onImported();
      if (imported.failed.length === 0) {
        window.location.hash = campaignHash(imported.stored.id);
        return;
      }
      setState({ status: 'done', imported });
    } catch (error) {
      const coded = error as { code?: unknown; message: string };
      const code = typeof coded.code === 'string' ? `${coded.code}: ` : '';
      setState({
        status: 'failed',
        message: `Nothing was imported. ${code}${coded.message}`,
      });
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="campaign-import">
      <h2 id={`${id}-title`}>Import a campaign file</h2>
      <div className="mt-form">
        <label className="mt-field" htmlFor={`${id}-file`}>
          <span>Campaign file (.meshtable.jsonl)</span>
          <input
            id={`${id}-file`}
            type="file"
            accept=".jsonl,.json,application/jsonl,application/json"
            data-testid="import-campaign-file"
            aria-describedby={`${id}-note`}
            disabled={state.status === 'busy'}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              // The same file can be picked again after a failure.
              event.currentTarget.value = '';
              if (file !== undefined) void run(file);
            }}
          />
        </label>
        <p id={`${id}-note`} className="mt-hint">
          A GM’s backup, exported here or with <code>meshtable campaign export</code>. Import your
          identity first on a new device. A campaign already here is merged with the file: nothing
          on this device is lost.
        </p>
        <ImportStatus state={state} />
      </div>
    </section>
  );
}

function ImportStatus({ state }: { readonly state: ImportState }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'busy': {
      const { phase, assetsDone, assetsTotal } = state.progress;
      return (
        <p className="mt-hint" role="status" data-testid="import-progress" data-phase={phase}>
          {PHASE_TEXT[phase]}
          {phase === 'uploading' && `: ${assetsDone} of ${assetsTotal}`}
          {phase === 'uploading' && assetsTotal > 0 && (
            <progress
              className="mt-export-progress"
              max={assetsTotal}
              value={assetsDone}
              aria-label="Assets uploaded"
            />
          )}
        </p>
      );
    }
    case 'done': {
      const { imported } = state;
      return (
        <div role="status" data-testid="import-done" data-failed={imported.failed.length}>
          <p className="mt-error">
            “{imported.stored.name}” is kept on this device, but {imported.failed.length} of its
            assets did not reach the relay: {imported.failed[0]?.message}
          </p>
          <p>
            <a href={campaignHash(imported.stored.id)}>Open {imported.stored.name}</a>
          </p>
        </div>
      );
    }
    case 'failed':
      return (
        <p className="mt-error" role="alert" data-testid="import-problem">
          {state.message}
        </p>
      );
  }
}
