import { createRoomId, createTableKey } from '@meshtable/sync';
import { boardHash } from '../routing/route';

/** The start screen: make a new board and go to it. */
export function Landing() {
  return (
    <main className="mt-screen" data-testid="landing">
      <h1>Meshtable</h1>
      <p>A shared table for your game, synced between the players’ browsers.</p>
      <button
        type="button"
        className="mt-button mt-primary"
        data-testid="new-board"
        onClick={() => {
          // The query string (?sync=…) survives: only the fragment changes.
          window.location.hash = boardHash(createRoomId(), createTableKey());
        }}
      >
        New board
      </button>
      <p className="mt-hint">
        The board’s link holds its key after the <code>#</code>, which browsers never send to a
        server. Anyone with the link can join.
      </p>
    </main>
  );
}
