import type { Identity } from '@meshtable/campaign';
import { useCallback, useEffect, useState } from 'react';
import type { StoredCampaign } from '../campaign/campaignStore';
import { type DeviceStores, deviceStores, loadDeviceIdentity } from '../campaign/deviceStores';

/** What this device holds: its stores, its identity (null before one is made) and campaigns. */
export type DeviceState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly stores: DeviceStores;
      readonly identity: Identity | null;
      readonly campaigns: readonly StoredCampaign[];
    };

/**
 * This device's identity and campaigns, read from IndexedDB.
 * @returns the state, and `reload` to read them again after a change
 */
export function useDevice(): [DeviceState, () => void] {
  const [state, setState] = useState<DeviceState>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  useEffect(() => {
    void version;
    let active = true;
    void (async () => {
      const stores = await deviceStores();
      const [identity, campaigns] = await Promise.all([
        loadDeviceIdentity(stores.identities),
        stores.campaigns.list(),
      ]);
      if (active) setState({ status: 'ready', stores, identity, campaigns });
    })().catch((error: unknown) => {
      if (active) {
        setState({
          status: 'failed',
          message: `This browser will not keep campaigns: ${(error as Error).message} (a private window may refuse storage).`,
        });
      }
    });
    return () => {
      active = false;
    };
  }, [version]);
  return [state, reload];
}
