/**
 * Opening an invite link: the campaign it names is kept on this device with the keys the link
 * carries, so that `#/c/<campaignId>` opens it from now on without the link.
 */
import type { Identity, Invite } from '@meshtable/campaign';
import type { CampaignStore, StoredCampaign } from './campaignStore';

/**
 * Keeps the invited campaign. A campaign already kept stays as it is (its gm key, on a GM's
 * device, included), unless the link is of a later epoch (a new link after a kick), whose key
 * and room replace the stored ones.
 * @returns the campaign as now stored
 */
export async function keepInvitedCampaign(
  store: CampaignStore,
  invite: Invite,
  identity: Identity,
  now: number = Date.now(),
): Promise<StoredCampaign> {
  const kept = await store.get(invite.campaignId);
  if (kept !== undefined && kept.epoch >= invite.epoch) return kept;
  const stored: StoredCampaign =
    kept === undefined
      ? {
          id: invite.campaignId,
          // Until the table doc arrives with the real one.
          name: `Campaign ${invite.campaignId.slice(0, 6)}`,
          userId: identity.userId,
          tableKey: invite.tableKey,
          epoch: invite.epoch,
          room: invite.room,
          relayUrl: invite.relayUrl,
          gmIds: [...invite.gmIds],
          gmKey: null,
          lastOpened: now,
        }
      : { ...kept, tableKey: invite.tableKey, epoch: invite.epoch, room: invite.room };
  await store.put(stored);
  return stored;
}
