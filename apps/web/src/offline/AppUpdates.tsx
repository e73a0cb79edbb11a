import { OfflineNotice } from './OfflineNotice';
import { registerServiceWorker } from './registerServiceWorker';
import { UpdatePrompt } from './UpdatePrompt';

// Registered once, at load, in built apps only: the dev server has no service worker to serve.
const registration = import.meta.env.PROD ? registerServiceWorker() : null;

/**
 * The installable app's page-wide part: the offline notice of the lobby, and the update offer
 * (where there is a service worker).
 */
export function AppUpdates() {
  return (
    <>
      <OfflineNotice />
      {registration !== null && <UpdatePrompt registration={registration} />}
    </>
  );
}
