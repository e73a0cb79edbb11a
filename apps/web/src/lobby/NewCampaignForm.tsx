import type { Identity } from '@meshtable/campaign';
import { useId, useState } from 'react';
import { createNewCampaign } from '../campaign/createNewCampaign';
import { createDeviceIdentity, type DeviceStores } from '../campaign/deviceStores';
import { GAME_SYSTEMS } from '../campaign/gameSystems';
import { campaignHash } from '../routing/route';
import { parseSyncTransports } from '../routing/syncOptions';
import { type IdentityDraft, IdentityFields, newIdentityDraft } from './IdentityFields';

/**
 * "New campaign": a name and a game system from those this build carries; the GM's name and
 * colour too when this device has no identity yet. Makes the campaign, keeps it on this device
 * and opens it.
 */
export function NewCampaignForm({
  stores,
  identity,
}: {
  readonly stores: DeviceStores;
  readonly identity: Identity | null;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [systemId, setSystemId] = useState(GAME_SYSTEMS[0]?.id ?? '');
  const [draft, setDraft] = useState<IdentityDraft>(newIdentityDraft);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const system = GAME_SYSTEMS.find((candidate) => candidate.id === systemId);
    if (name.trim() === '' || name.trim().length > 100) {
      setProblem('Give the campaign a name (up to 100 characters).');
      return;
    }
    if (system === undefined) {
      setProblem('Choose a game system.');
      return;
    }
    if (identity === null && draft.name.trim() === '') {
      setProblem('Tell the table your name.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const gm =
        identity ?? (await createDeviceIdentity(stores.identities, draft.name, draft.color));
      const created = await createNewCampaign({
        stores,
        gm,
        name,
        system,
        persist: parseSyncTransports(window.location.search).indexeddb,
        relayUrl: window.location.origin,
      });
      window.location.hash = campaignHash(created.id);
    } catch (error) {
      setProblem(`The campaign was not created: ${(error as Error).message}`);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New campaign</h2>
      <form
        className="mt-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {identity === null && <IdentityFields draft={draft} onChange={setDraft} />}
        <label className="mt-field" htmlFor={`${id}-name`}>
          <span>Campaign name</span>
          <input
            id={`${id}-name`}
            data-testid="campaign-name-input"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="mt-field" htmlFor={`${id}-system`}>
          <span>Game system</span>
          <select
            id={`${id}-system`}
            data-testid="campaign-system-select"
            value={systemId}
            onChange={(event) => setSystemId(event.target.value)}
          >
            {GAME_SYSTEMS.map((system) => (
              <option key={system.id} value={system.id}>
                {system.name} ({system.version})
              </option>
            ))}
          </select>
        </label>
        {problem !== null && (
          <p className="mt-error" role="alert" data-testid="new-campaign-problem">
            {problem}
          </p>
        )}
        <div>
          <button
            type="submit"
            className="mt-button mt-primary"
            data-testid="new-campaign"
            disabled={busy}
          >
            {busy ? 'Creating…' : 'Create campaign'}
          </button>
        </div>
      </form>
    </section>
  );
}
