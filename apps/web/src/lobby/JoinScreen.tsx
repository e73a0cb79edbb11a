import type { Invite } from '@meshtable/campaign';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createDeviceIdentity } from '../campaign/deviceStores';
import { keepInvitedCampaign } from '../campaign/keepInvitedCampaign';
import { campaignHash } from '../routing/route';
import { type IdentityDraft, IdentityFields, newIdentityDraft } from './IdentityFields';
import { useDevice } from './useDevice';
import './lobby.css';

/**
 * `#/join/…`: an invite. Asks for a name and colour when this device has no identity yet, keeps
 * the campaign on this device, and opens it (where the join request is sent). A campaign this
 * device already keeps opens at once.
 */
export function JoinScreen({ invite }: { readonly invite: Invite }) {
  const [device] = useDevice();
  const [draft, setDraft] = useState<IdentityDraft>(newIdentityDraft);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const known =
    device.status === 'ready'
      ? device.campaigns.find((campaign) => campaign.id === invite.campaignId)
      : undefined;

  // Once per screen: a second click, or the effect below running again, must not ask twice.
  const started = useRef(false);
  const join = useCallback(
    async (name?: string, color?: string) => {
      if (device.status !== 'ready' || started.current) return;
      started.current = true;
      setBusy(true);
      setProblem(null);
      try {
        const identity =
          device.identity ??
          (await createDeviceIdentity(device.stores.identities, name ?? '', color ?? ''));
        await keepInvitedCampaign(device.stores.campaigns, invite, identity);
        // Replaces the invite in the history: going back leads to the lobby, not to the key.
        const { pathname, search } = window.location;
        window.location.replace(`${pathname}${search}${campaignHash(invite.campaignId)}`);
      } catch (error) {
        started.current = false;
        setProblem((error as Error).message);
        setBusy(false);
      }
    },
    [device, invite],
  );

  // Someone this device knows goes straight to the table.
  const ready = device.status === 'ready' && device.identity !== null;
  useEffect(() => {
    if (ready) void join();
  }, [ready, join]);

  return (
    <main className="mt-screen mt-lobby" data-testid="join-screen">
      <h1>You are invited to a table</h1>
      {known !== undefined && <p>This device keeps “{known.name}” already: opening it…</p>}
      {device.status === 'loading' && <p className="mt-hint">Opening this device’s campaigns…</p>}
      {device.status === 'failed' && (
        <p className="mt-error" role="alert">
          {device.message}
        </p>
      )}
      {device.status === 'ready' && device.identity === null && (
        <form
          className="mt-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.name.trim() === '') {
              setProblem('Tell the table your name.');
              return;
            }
            void join(draft.name, draft.color);
          }}
        >
          <p>
            The GM will see your name and colour when you ask to join. They stay on this device and
            sign everything you do at the table.
          </p>
          <IdentityFields draft={draft} onChange={setDraft} />
          {problem !== null && (
            <p className="mt-error" role="alert" data-testid="join-problem">
              {problem}
            </p>
          )}
          <div>
            <button
              type="submit"
              className="mt-button mt-primary"
              data-testid="join-campaign"
              disabled={busy}
            >
              {busy ? 'Joining…' : 'Join the table'}
            </button>
          </div>
        </form>
      )}
      {ready && problem !== null && (
        <p className="mt-error" role="alert" data-testid="join-problem">
          {problem}
        </p>
      )}
      <p className="mt-hint">
        <a href="#/">Back to your campaigns</a>
      </p>
    </main>
  );
}
