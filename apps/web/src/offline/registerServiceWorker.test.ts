import { describe, expect, it, vi } from 'vitest';
import type { Workbox } from 'workbox-window';
import { watchServiceWorker } from './registerServiceWorker';

type Listener = (event: { isUpdate?: boolean }) => void;

/** Workbox's events, fired by hand: the browser's service worker lifecycle is not ours to run. */
function fakeWorkbox() {
  const listeners = new Map<string, Listener[]>();
  const workbox = {
    addEventListener: (type: string, listener: Listener) =>
      listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    messageSkipWaiting: vi.fn(),
  };
  const fire = (type: string, event: { isUpdate?: boolean } = {}) => {
    for (const listener of listeners.get(type) ?? []) listener(event);
  };
  return { workbox: workbox as unknown as Workbox, fire, skip: workbox.messageSkipWaiting };
}

const controlled = { controller: {} as ServiceWorker };
const uncontrolled = { controller: null };

describe('watchServiceWorker', () => {
  it('offers a worker that waits behind the version in charge, and applies it only when asked', () => {
    const { workbox, fire, skip } = fakeWorkbox();
    const reload = vi.fn();
    const watched = watchServiceWorker(workbox, { container: controlled, reload });
    expect(watched.status.get()).toEqual({ offlineReady: true, updateReady: false });
    fire('waiting', { isUpdate: true });
    expect(watched.status.get().updateReady).toBe(true);
    expect(skip).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();

    watched.applyUpdate();
    expect(skip).toHaveBeenCalledTimes(1);
    expect(reload).not.toHaveBeenCalled();
    fire('controlling');
    fire('controlling');
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not offer a first install that is slow to activate', () => {
    const { workbox, fire } = fakeWorkbox();
    const watched = watchServiceWorker(workbox, { container: uncontrolled, reload: vi.fn() });
    expect(watched.status.get()).toEqual({ offlineReady: false, updateReady: false });
    fire('waiting', { isUpdate: false });
    expect(watched.status.get().updateReady).toBe(false);
    fire('activated', { isUpdate: false });
    expect(watched.status.get()).toEqual({ offlineReady: true, updateReady: false });
  });

  it('tells its listeners of each change', () => {
    const { workbox, fire } = fakeWorkbox();
    const watched = watchServiceWorker(workbox, { container: controlled, reload: vi.fn() });
    const seen: boolean[] = [];
    const stop = watched.status.subscribe(() => seen.push(watched.status.get().updateReady));
    fire('waiting', { isUpdate: true });
    stop();
    fire('waiting', { isUpdate: true });
    expect(seen).toEqual([true]);
  });
});
