import { CampaignList } from './CampaignList';
import { FreeBoard } from './FreeBoard';
import { ImportCampaignForm } from './files/ImportCampaignForm';
import { IdentityKeys } from './IdentityKeys';
import { JoinLinkForm } from './JoinLinkForm';
import { NewCampaignForm } from './NewCampaignForm';
import { useDevice } from './useDevice';
import './lobby.css';

/**
 * `#/`: the campaigns on this device (a GM's with "Export campaign file"), "New campaign",
 * "Join with a link", "Import a campaign file", your identity (export and import of its key),
 * and a free board.
 */
export function LobbyHome() {
  const [device, reload] = useDevice();
  return (
    <main className="mt-screen mt-lobby" data-testid="landing">
      <h1>Meshtable</h1>
      <p>A shared table for your game, synced between the players’ browsers.</p>
      {device.status === 'loading' && <p className="mt-hint">Opening this device’s campaigns…</p>}
      {device.status === 'failed' && (
        <p className="mt-error" role="alert" data-testid="device-problem">
          {device.message}
        </p>
      )}
      {device.status === 'ready' && (
        <>
          <section aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">Your campaigns</h2>
            <CampaignList campaigns={device.campaigns} />
          </section>
          <NewCampaignForm stores={device.stores} identity={device.identity} />
          <JoinLinkForm />
          <ImportCampaignForm
            stores={device.stores}
            identity={device.identity}
            onImported={reload}
          />
          <IdentityKeys
            store={device.stores.identities}
            identity={device.identity}
            onChanged={reload}
          />
        </>
      )}
      <FreeBoard />
    </main>
  );
}
