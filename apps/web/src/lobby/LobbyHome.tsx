import { CampaignList } from './CampaignList';
import { FreeBoard } from './FreeBoard';
import { JoinLinkForm } from './JoinLinkForm';
import { NewCampaignForm } from './NewCampaignForm';
import { useDevice } from './useDevice';
import './lobby.css';

/**
 * `#/`: the campaigns on this device, "New campaign", "Join with a link", and a free board.
 * Plain on purpose: the real lobby comes later (issue 8).
 */
export function LobbyHome() {
  const [device] = useDevice();
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
          {device.identity !== null && (
            <p className="mt-hint" data-testid="device-identity">
              <span className="mt-swatch" style={{ background: device.identity.color }} />
              You are {device.identity.name} on this device.
            </p>
          )}
          <section aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">Your campaigns</h2>
            <CampaignList campaigns={device.campaigns} />
          </section>
          <NewCampaignForm stores={device.stores} identity={device.identity} />
          <JoinLinkForm />
        </>
      )}
      <FreeBoard />
    </main>
  );
}
