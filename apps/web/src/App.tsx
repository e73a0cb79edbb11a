import { BoardScreen } from './board/BoardScreen';
import { useClientConfig } from './config/useClientConfig';
import { Landing } from './landing/Landing';
import { useHashRoute } from './routing/useHashRoute';

/** The app: routes by URL fragment (`#/`, `#/board/<room>/<tableKey>`). */
export function App() {
  const route = useHashRoute();
  const config = useClientConfig();

  switch (route.kind) {
    case 'landing':
      return <Landing />;
    case 'invalid':
      return (
        <main className="mt-screen" data-testid="invalid-link">
          <h1>This link does not work</h1>
          <p>{route.reason}</p>
          <p>
            <a href="#/">Start a new board</a>
          </p>
        </main>
      );
    case 'board':
      if (config === null) {
        return (
          <p className="mt-centered" data-testid="board-loading">
            Opening the board…
          </p>
        );
      }
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
