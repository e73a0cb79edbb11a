import { registerServiceWorker } from './registerServiceWorker';
import { UpdatePrompt } from './UpdatePrompt';

// Registered once, at load, in built apps only: the dev server has no service worker to serve.
const registration = import.meta.env.PROD ? registerServiceWorker() : null;

/** The installable app's page-wide part: its update offer (nothing where there is no worker). */
export function AppUpdates() {
  return registration === null ? null : <UpdatePrompt registration={registration} />;
}
