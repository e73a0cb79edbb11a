import { useSyncExternalStore } from 'react';
import type { ServiceWorkerRegistration } from './registerServiceWorker';

/**
 * "A new version is ready — reload": shown when a newer build of the app is installed and
 * waiting. Only the user's click applies it (the session in progress is theirs to end).
 */
export function UpdatePrompt({
  registration,
}: {
  readonly registration: ServiceWorkerRegistration;
}) {
  const status = useSyncExternalStore(registration.status.subscribe, registration.status.get);
  if (!status.updateReady) return null;
  return (
    <div className="mt-update" role="status" data-testid="app-update">
      <span>A new version is ready.</span>
      <button
        type="button"
        className="mt-button"
        data-testid="app-update-reload"
        onClick={() => registration.applyUpdate()}
      >
        Reload
      </button>
    </div>
  );
}
