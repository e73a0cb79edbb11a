/**
 * Registers the installable app's service worker (built by vite.config.pwa.ts as `/sw.js`) and
 * tells the page when a new version is waiting. The update is never applied by itself: the
 * waiting worker takes over only when {@link ServiceWorkerRegistration.applyUpdate} is called
 * (the user's click on "Reload"), because swapping the code under a running table could leave
 * two versions of the app on one campaign.
 */
import { Workbox } from 'workbox-window';
import { ObservableValue } from './observableValue';

/** What the page knows about its service worker. */
export interface ServiceWorkerStatus {
  /** The app is cached for use without network (a worker controls, or is ready to control, it). */
  readonly offlineReady: boolean;
  /** A newer version is installed and waits for the user to reload. */
  readonly updateReady: boolean;
}

/** The running registration, made by {@link registerServiceWorker}. */
export interface ServiceWorkerRegistration {
  readonly status: ObservableValue<ServiceWorkerStatus>;
  /** Lets the waiting version take over, then reloads the page once it controls it. */
  applyUpdate(): void;
}

let registration: ServiceWorkerRegistration | null = null;

/** What {@link watchServiceWorker} needs of the page, passed in so it can be tested. */
export interface ServiceWorkerHost {
  /** The page's service worker container (for `controller`). */
  readonly container: Pick<ServiceWorkerContainer, 'controller'>;
  /** Reloads the page (`location.reload`). */
  readonly reload: () => void;
}

/**
 * Registers `/sw.js` once per page. Does nothing (and returns null) where service workers do not
 * exist: outside a secure context (plain http on a LAN address), or in a build for development.
 */
export function registerServiceWorker(
  scriptUrl = '/sw.js',
  container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
): ServiceWorkerRegistration | null {
  if (registration !== null) return registration;
  if (container === undefined || !globalThis.isSecureContext) return null;
  const workbox = new Workbox(scriptUrl, { scope: '/' });
  registration = watchServiceWorker(workbox, {
    container,
    reload: () => globalThis.location.reload(),
  });
  workbox.register().catch((error: unknown) => {
    // Not fatal: the app runs as a plain web page, it just cannot open without network.
    console.warn('The app could not be installed for offline use:', error);
  });
  return registration;
}

/**
 * Follows a Workbox registration: whether the app is ready offline, and whether an update waits
 * (which {@link ServiceWorkerRegistration.applyUpdate} then applies, on the user's click).
 */
export function watchServiceWorker(
  workbox: Pick<Workbox, 'addEventListener' | 'messageSkipWaiting'>,
  host: ServiceWorkerHost,
): ServiceWorkerRegistration {
  const { container } = host;
  const status = new ObservableValue<ServiceWorkerStatus>({
    offlineReady: container.controller !== null,
    updateReady: false,
  });
  // A worker that installs while an older one controls the page waits: offer it. Workbox also
  // says "waiting" for a first install that is merely slow to activate (over 200 ms, on a busy
  // machine): with no older version in charge, that is no update.
  workbox.addEventListener('waiting', (event) => {
    if (event.isUpdate !== true && container.controller === null) return;
    status.set({ ...status.get(), updateReady: true });
  });
  workbox.addEventListener('activated', (event) => {
    if (!event.isUpdate) status.set({ ...status.get(), offlineReady: true });
  });
  let reloading = false;
  return {
    status,
    applyUpdate() {
      // Reload once the new worker controls the page, so the page loads the new version's files.
      workbox.addEventListener('controlling', () => {
        if (reloading) return;
        reloading = true;
        host.reload();
      });
      workbox.messageSkipWaiting();
    },
  };
}
