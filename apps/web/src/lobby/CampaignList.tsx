import { useId } from 'react';
import type { StoredCampaign } from '../campaign/campaignStore';
import { campaignHash } from '../routing/route';
import { EXPORT_NOTE, ExportStoredCampaign } from './files/ExportCampaignButton';

/**
 * The campaigns kept on this device, the last opened first, each a link to its table; a GM's
 * with "Export campaign file".
 */
export function CampaignList({ campaigns }: { readonly campaigns: readonly StoredCampaign[] }) {
  const noteId = useId();
  if (campaigns.length === 0) {
    return (
      <p className="mt-hint" data-testid="campaign-list-empty">
        No campaigns on this device yet. Start one, or open an invite a GM sent you.
      </p>
    );
  }
  const anyGm = campaigns.some((campaign) => campaign.gmKey !== null);
  return (
    <>
      <ul className="mt-list" data-testid="campaign-list">
        {campaigns.map((campaign) => (
          <li key={campaign.id} data-testid="campaign-item" data-campaign-id={campaign.id}>
            <a href={campaignHash(campaign.id)}>{campaign.name}</a>
            <span className="mt-hint">
              {campaign.gmKey === null ? 'Player' : 'GM'} · last opened{' '}
              {new Date(campaign.lastOpened).toLocaleDateString()}
            </span>
            {campaign.gmKey !== null && (
              <ExportStoredCampaign campaign={campaign} noteId={noteId} />
            )}
          </li>
        ))}
      </ul>
      {anyGm && (
        <p id={noteId} className="mt-hint">
          {EXPORT_NOTE}
        </p>
      )}
    </>
  );
}
