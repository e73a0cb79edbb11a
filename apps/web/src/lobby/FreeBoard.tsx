import { createRoomId, createTableKey } from '@meshtable/sync';
import { boardHash } from '../routing/route';

/** A free board: a shared canvas with no campaign, no rules and no GM. */
export function FreeBoard() {
  return (
    <section aria-labelledby="free-board-title">
      <h2 id="free-board-title">Free board</h2>
      <p className="mt-hint">
        A shared board without a campaign: anyone with its link draws on it. The link holds its key
        after the <code>#</code>, which browsers never send to a server.
      </p>
      <button
        type="button"
        className="mt-button"
        data-testid="new-board"
        onClick={() => {
          // The query string (?sync=…) survives: only the fragment changes.
          window.location.hash = boardHash(createRoomId(), createTableKey());
        }}
      >
        New board
      </button>
    </section>
  );
}
