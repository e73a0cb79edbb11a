import type { RelayClientConfig } from '@meshtable/schema';
import { AssetLibrary } from '../assets/AssetLibrary';
import { AudioPanel } from '../audio/AudioPanel';
import { CampaignBoard } from '../board/campaignBoard/CampaignBoard';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession, TableRole } from '../campaign/CampaignSession';
import { useCampaignSession, useCampaignSessionState } from '../campaign/useCampaignSession';
import { ChatPanel } from '../chat/ChatPanel';
import { CombatPanel } from '../combat/CombatPanel';
import { IntentQueuePanel } from '../gm/IntentQueuePanel';
import { JournalPanel } from '../handouts/JournalPanel';
import { PresencePanel } from '../presence/PresencePanel';
import { ReferencePanel } from '../reference/ReferencePanel';
import { CharactersPanel } from '../sheets/CharactersPanel';
import { StatusBadge } from '../status/StatusBadge';
import { useCampaignTestHook } from '../testHook';
import { CopyLink } from './CopyLink';
import { ExportSessionCampaign } from './files/ExportCampaignButton';
import { PendingMembers } from './PendingMembers';
import { usePendingMembers } from './useMembers';
import './lobby.css';

const ROLE_LABEL: Record<TableRole, string> = {
  gm: 'GM',
  player: 'Player',
  pending: 'Waiting to be admitted',
  kicked: 'Removed from the table',
  none: 'Not at the table yet',
};

/**
 * `#/c/<campaignId>`: a campaign kept on this device: the board, with the table's panel (its
 * name, my role, the connection, the invite link and, for GMs, who waits to be admitted) and the
 * asset library docked beside the board's own panels, all reading the same session.
 */
export function CampaignScreen({
  campaignId,
  config,
}: {
  readonly campaignId: string;
  readonly config: RelayClientConfig;
}) {
  const opened = useCampaignSession(campaignId, config);
  const session = opened.status === 'open' ? opened.session : null;
  useCampaignTestHook(session);

  if (opened.status === 'failed') {
    return (
      <main className="mt-screen mt-lobby" data-testid="campaign-error">
        <h1>This campaign cannot open</h1>
        <p>{opened.error.message}</p>
        <p>
          <a href="#/">Back to your campaigns</a>
        </p>
      </main>
    );
  }
  if (session === null) {
    return (
      <p className="mt-centered" data-testid="campaign-loading">
        Opening the campaign…
      </p>
    );
  }
  // The map fills the screen; the table's own panel (name, role, invite, who waits) and the
  // asset library dock beside the board's scene and token panels.
  return (
    <CampaignBoard
      session={session}
      assets={session}
      licenseKey={config.tldrawLicenseKey}
      aside={
        <>
          <TableScreen session={session} />
          <ChatPanel session={session} />
          <CharactersPanel session={session} />
          <CombatPanel session={session} />
          <LibraryPanel session={session} />
          <IntentQueuePanel session={session} />
          <PresencePanel session={session} />
          <JournalPanel session={session} />
          <ReferencePanel session={session} />
          <AudioPanel session={session} />
        </>
      }
    />
  );
}

/**
 * The table's own panel: a disclosure section like the board's, closed at first on a small
 * screen, whose summary keeps the campaign's name and my role in view. It opens by itself when
 * someone asks to join; what must not be missed (a kick, a wait, a problem) stays outside it.
 */
function TableScreen({ session }: { readonly session: CampaignSession }) {
  const state = useCampaignSessionState(session);
  const isGm = state.role === 'gm';
  const invite = isGm ? session.inviteLink : null;
  const initiallyOpen = useInitiallyOpen();
  const pending = usePendingMembers(session.table);
  const waiting = isGm ? pending.length : 0;
  return (
    <main
      className="mt-screen mt-lobby mt-table-screen"
      data-testid="campaign"
      data-role={state.role}
      data-validating={state.validating}
    >
      <details className="mt-table-details" open={initiallyOpen || waiting > 0}>
        <summary className="mt-table-summary" data-testid="table-summary">
          <h1 data-testid="campaign-title">{state.name ?? 'Waiting for the table…'}</h1>
          <span className="mt-panel-summary-note">
            {' '}
            · {ROLE_LABEL[state.role]}
            {waiting > 0 && ` · ${waiting} asking to join`}
          </span>
        </summary>
        <p>
          You are <strong>{session.me.name}</strong>:{' '}
          <strong data-testid="campaign-role" data-role={state.role}>
            {ROLE_LABEL[state.role]}
          </strong>
          {state.validating && (
            <span className="mt-hint" data-testid="campaign-validating">
              {' '}
              · this device runs the table
            </span>
          )}
        </p>
        <StatusBadge session={session.tableSync} />
        <p
          className="mt-hint"
          data-testid="campaign-system"
          data-loaded={state.system?.loaded ?? false}
        >
          {state.system === null
            ? 'Game system: not known yet'
            : `Game system: ${state.system.id} ${state.system.version}${state.system.loaded ? '' : ' (loading its rules…)'}`}
        </p>
        {invite !== null && (
          <section aria-labelledby="invite-title">
            <h2 id="invite-title">Invite players</h2>
            <CopyLink link={invite} />
          </section>
        )}
        {isGm && <PendingMembers session={session} />}
        {isGm && <ExportSessionCampaign session={session} campaignName={state.name ?? ''} />}
        <p>
          <a href="#/">All campaigns</a>
        </p>
      </details>
      <RoleNote role={state.role} />
      {state.problems.length > 0 && (
        <ul className="mt-problems" data-testid="campaign-problems" aria-live="polite">
          {state.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </main>
  );
}

/**
 * The asset library (apps/web/src/assets) in its own section of the dock: GMs upload, share and
 * import maps here; players see what is shared. Closed at first on a small screen.
 */
function LibraryPanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  return (
    <details className="mt-panel mt-library-panel" open={open} data-testid="library-panel">
      <summary>Library</summary>
      <AssetLibrary session={session} />
    </details>
  );
}

function RoleNote({ role }: { readonly role: TableRole }) {
  switch (role) {
    case 'pending':
      return (
        <p data-testid="role-note">
          Your request to join has reached the table. The GM will admit you.
        </p>
      );
    case 'none':
      return (
        <p className="mt-hint" data-testid="role-note">
          Connecting to the table: your request to join goes out once it is reached.
        </p>
      );
    case 'kicked':
      return (
        <p className="mt-error" role="alert" data-testid="role-note">
          The GM removed you from this table.
        </p>
      );
    default:
      return null;
  }
}
