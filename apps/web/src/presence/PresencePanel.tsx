import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import type { ConnectionKind } from './connectionPresence';
import type { PresenceRole, PresenceRow } from './presenceModel';
import { usePresence, usePublishConnection } from './usePresence';
import './presence.css';

const ROLE_LABEL: Record<PresenceRole, string> = {
  gm: 'GM',
  player: 'Player',
  pending: 'Waiting to be admitted',
};

const VIA_LABEL: Record<ConnectionKind, string> = {
  webrtc: 'WebRTC',
  relay: 'Relay',
  offline: 'Offline',
};

/**
 * What a row says of a member's connection. A device that reaches nobody is only seen while its
 * last state lasts (or is this one): it says it is reconnecting, or, for this device, that its
 * changes wait here.
 */
function stateText(row: PresenceRow): string {
  if (!row.online) return 'Offline';
  if (row.via !== 'offline') return `Online · ${VIA_LABEL[row.via]}`;
  return row.me ? 'Offline · your changes wait on this device' : 'Online · reconnecting';
}

/**
 * Who is at the table (docs/gm-queue.md "Presence"), a panel of the campaign screen's dock for
 * everyone: each member with their role, whether they are online and how (WebRTC, the relay, or
 * offline). Their cursors are on the board.
 */
export function PresencePanel({ session }: { readonly session: CampaignSession }) {
  usePublishConnection(session);
  const rows = usePresence(session);
  const initiallyOpen = useInitiallyOpen();
  const online = rows.filter((row) => row.online).length;
  return (
    <details
      className="mt-panel mt-presence-panel"
      data-testid="presence-panel"
      open={initiallyOpen}
    >
      <summary>
        Presence
        <span className="mt-panel-summary-note">
          {' '}
          · {online} of {rows.length} online
        </span>
      </summary>
      <ul className="mt-presence-list" aria-label="Members">
        {rows.map((row) => (
          <li
            key={row.userId}
            className="mt-presence-row"
            data-testid="presence-member"
            data-user-id={row.userId}
            data-online={row.online}
            data-via={row.via}
            data-role={row.role}
          >
            <span
              className={`mt-presence-dot${row.online && row.via !== 'offline' ? ' mt-presence-on' : ''}`}
              style={{ borderColor: row.color }}
              aria-hidden="true"
            />
            <span className="mt-presence-name">
              {row.name}
              {row.me && <span className="mt-hint"> (you)</span>}
            </span>
            <span className="mt-tag" data-testid="presence-role">
              {ROLE_LABEL[row.role]}
            </span>
            <span className="mt-presence-state" data-testid="presence-state">
              {stateText(row)}
              {row.devices > 1 && ` · ${row.devices} devices`}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
