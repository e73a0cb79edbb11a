import type { SyncTransports } from '@meshtable/sync';

/**
 * Per-device transport switches from the query string, used by the e2e tests to prove each
 * transport on its own:
 * - `?sync=webrtc`: WebRTC only (relay `/sync` off); `?sync=relay`: relay only (WebRTC off);
 *   anything else or absent: both.
 * - `?persist=0`: no IndexedDB copy (on otherwise).
 */
export function parseSyncTransports(search: string): SyncTransports {
  const params = new URLSearchParams(search);
  const sync = params.get('sync');
  return {
    webrtc: sync !== 'relay',
    relay: sync !== 'webrtc',
    indexeddb: params.get('persist') !== '0',
  };
}
