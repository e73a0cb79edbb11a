import type { StoredCampaign } from '../campaign/campaignStore';
import { campaignHash } from '../routing/route';

/** The campaigns kept on this device, the last opened first, each a link to its table. */
export function CampaignList({ campaigns }: { readonly campaigns: readonly StoredCampaign[] }) {
  if (campaigns.length === 0) {
    return (
      <p className="mt-hint" data-testid="campaign-list-empty">
        No campaigns on this device yet. Start one, or open an invite a GM sent you.
      </p>
    );
  }
  return (
    <ul className="mt-list" data-testid="campaign-list">
      {campaigns.map((campaign) => (
        <li key={campaign.id} data-testid="campaign-item" data-campaign-id={campaign.id}>
          <a href={campaignHash(campaign.id)}>{campaign.name}</a>
          <span className="mt-hint">
            {campaign.gmKey === null ? 'Player' : 'GM'} · last opened{' '}
            {new Date(campaign.lastOpened).toLocaleDateString()}
          </span>
        </li>
      ))}
    </ul>
  );
}
