/**
 * The two stores of this device, opened once per page and shared: the identities (the person's
 * key pair, packages/campaign identityStore.ts) and the campaigns (campaignStore.ts). Opening
 * IndexedDB takes a round trip and holds a connection; every screen asks here instead.
 */
import { createIdentity, type Identity } from '@meshtable/campaign';
import { type IdentityStore, openIdentityStore } from '@meshtable/campaign/browser';
import { type CampaignStore, openCampaignStore } from './campaignStore';

/** The stores of this device. */
export interface DeviceStores {
  readonly identities: IdentityStore;
  readonly campaigns: CampaignStore;
}

let opening: Promise<DeviceStores> | null = null;

/**
 * The device's stores, opened on first use. A failure (no IndexedDB, a private mode that refuses
 * it) rejects, and the next call tries again.
 */
export function deviceStores(): Promise<DeviceStores> {
  opening ??= Promise.all([
    openIdentityStore(),
    openCampaignStore({
      // The console is the app's log; a damaged record is skipped, not fatal.
      onDamaged: (problem) => console.warn(`meshtable: ${problem}`),
    }),
  ]).then(
    ([identities, campaigns]) => ({ identities, campaigns }),
    (error: unknown) => {
      opening = null;
      throw error;
    },
  );
  return opening;
}

/**
 * This device's identity: the first one stored (a device holds one person; an imported identity
 * file would replace it), or null before the person has given a name and colour.
 */
export async function loadDeviceIdentity(store: IdentityStore): Promise<Identity | null> {
  const [first] = await store.list();
  return first ?? null;
}

/**
 * Makes this device's identity from the name and colour the person gave, and stores it.
 * @throws IdentityError `IDENTITY_INVALID_PROFILE` for a bad name or colour (its message says which)
 */
export async function createDeviceIdentity(
  store: IdentityStore,
  name: string,
  color: string,
): Promise<Identity> {
  const identity = createIdentity(name, color);
  await store.put(identity);
  return identity;
}
