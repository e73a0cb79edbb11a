/**
 * "New campaign": the GM makes a campaign with packages/campaign createCampaign, and this device
 * keeps it: both docs (in IndexedDB when it is on, and handed to the session that opens next)
 * and the keys (campaignStore.ts). Nothing is shared until the GM sends the invite link.
 */
import { createCampaign, type Identity } from '@meshtable/campaign';
import { gmRoomName } from '@meshtable/schema';
import type { StoredCampaign } from './campaignStore';
import type { DeviceStores } from './deviceStores';
import { handOffDoc } from './docHandoff';
import type { GameSystem } from './gameSystems';
import { loadLocalCopy } from './localCopy';
import { pinSystem } from './pinSystem';

/** Options of {@link createNewCampaign}. */
export interface NewCampaignOptions {
  readonly stores: DeviceStores;
  /** The GM: this device's identity. */
  readonly gm: Identity;
  readonly name: string;
  readonly system: GameSystem;
  /** Whether this device keeps docs in IndexedDB (off only with the `?persist=0` test switch). */
  readonly persist: boolean;
  /** The relay that serves the app, where the docs' local copies are named (`location.origin`). */
  readonly relayUrl: string;
}

/**
 * Creates a campaign and keeps it on this device.
 * @returns the campaign as stored
 * @throws CampaignError `CAMPAIGN_INVALID_OPTIONS` for a bad name (its message names the field),
 *   SandboxError for a bundled system that is not a valid module
 */
export async function createNewCampaign(options: NewCampaignOptions): Promise<StoredCampaign> {
  const { stores, gm, relayUrl } = options;
  const system = await pinSystem(options.system);
  const created = createCampaign({ gm, name: options.name, system });
  const { campaignId, tableKey, gmKey } = created;
  try {
    handOffDoc(campaignId, 'table', 0, created.table);
    handOffDoc(campaignId, 'gm', 0, created.gm);
    if (options.persist) {
      await loadLocalCopy(created.table, { room: campaignId, tableKey, relayUrl });
      await loadLocalCopy(created.gm, { room: gmRoomName(campaignId), tableKey: gmKey, relayUrl });
    }
  } finally {
    created.table.destroy();
    created.gm.destroy();
  }
  const stored: StoredCampaign = {
    id: campaignId,
    name: options.name.trim(),
    userId: gm.userId,
    tableKey,
    epoch: 0,
    room: campaignId,
    relayUrl: null,
    gmIds: [gm.userId],
    gmKey,
    lastOpened: Date.now(),
  };
  await stores.campaigns.put(stored);
  return stored;
}
