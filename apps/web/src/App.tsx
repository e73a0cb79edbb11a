import { BoardScreen } from './board/BoardScreen';
import { useClientConfig } from './config/useClientConfig';
import { CampaignScreen } from './lobby/CampaignScreen';
import { JoinScreen } from './lobby/JoinScreen';
import { LobbyHome } from './lobby/LobbyHome';
import { useHashRoute } from './routing/useHashRoute';

/**
 * The app: routes by URL fragment (`#/` the lobby, `#/join/…` an invite, `#/c/<campaignId>` a
 * campaign on this device, `#/board/<room>/<tableKey>` a free board).
 */
export function App() {
  const route = useHashRoute();
  const config = useClientConfig();

  switch (route.kind) {
    case 'landing':
      return <LobbyHome />;
    case 'invalid':
      return (
        <main className="mt-screen" data-testid="invalid-link">
          <h1>This link does not work</h1>
          <p>{route.reason}</p>
          <p>
            <a href="#/">Back to your campaigns</a>
          </p>
        </main>
      );
    case 'join':
      // Keyed by the invite: another link remounts the screen with fresh fields.
      return (
        <JoinScreen
          key={`${route.invite.campaignId}/${route.invite.tableKey}`}
          invite={route.invite}
        />
      );
    case 'campaign':
      if (config === null) return <Opening what="campaign" />;
      return (
        <CampaignScreen key={route.campaignId} campaignId={route.campaignId} config={config} />
      );
    case 'board':
      if (config === null) return <Opening what="board" />;
      // Keyed by board: switching boards remounts everything (new doc, new session).
      return (
        <BoardScreen
          key={`${route.room}/${route.tableKey}`}
          room={route.room}
          tableKey={route.tableKey}
          config={config}
        />
      );
  }
}

function Opening({ what }: { readonly what: 'board' | 'campaign' }) {
  return (
    <p className="mt-centered" data-testid={`${what}-loading`}>
      Opening the {what}…
    </p>
  );
}
