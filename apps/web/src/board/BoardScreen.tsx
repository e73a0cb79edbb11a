import type { RelayClientConfig } from '@meshtable/schema';
import { useMemo, useState } from 'react';
import type { Editor } from 'tldraw';
import { LicenseBanner } from '../license/LicenseBanner';
import { needsTldrawLicenseKey } from '../license/licenseRequirement';
import { parseSyncTransports } from '../routing/syncOptions';
import { StatusBadge } from '../status/StatusBadge';
import { useTestHook } from '../testHook';
import { Board } from './Board';
import { InviteButton } from './InviteButton';
import { useBoardStore } from './useBoardStore';
import { useSyncSession } from './useSyncSession';

/** Props of {@link BoardScreen}. */
export interface BoardScreenProps {
  readonly room: string;
  readonly tableKey: string;
  readonly config: RelayClientConfig;
}

/**
 * A shared board: the canvas, its connection status and the invite button. Explains instead of
 * going blank when tldraw would refuse to run for want of a license key.
 */
export function BoardScreen(props: BoardScreenProps) {
  if (needsTldrawLicenseKey(window.location, props.config.tldrawLicenseKey)) {
    return <LicenseBanner />;
  }
  return <SyncedBoard {...props} />;
}

function SyncedBoard({ room, tableKey, config }: BoardScreenProps) {
  // Read once: the query string of a page does not change without a reload.
  const transports = useMemo(() => parseSyncTransports(window.location.search), []);
  const sessionState = useSyncSession(room, tableKey, transports, config.iceServers);
  const session = sessionState.status === 'open' ? sessionState.session : null;
  const board = useBoardStore(session);
  const [editor, setEditor] = useState<Editor | null>(null);
  useTestHook(session, editor);

  if (sessionState.status === 'failed') {
    return (
      <main className="mt-screen" data-testid="board-error">
        <h1>This board cannot open</h1>
        <p>{sessionState.error.message}</p>
      </main>
    );
  }

  return (
    <div className="mt-board" data-testid="board" data-board-state={board.status}>
      {board.status === 'ready' && (
        <Board store={board.store} licenseKey={config.tldrawLicenseKey} onEditor={setEditor} />
      )}
      {board.status === 'loading' && (
        <p className="mt-centered" data-testid="board-loading">
          Opening the board…
        </p>
      )}
      {board.status === 'incompatible' && (
        <main className="mt-screen" data-testid="board-incompatible">
          <h1>This board needs a newer Meshtable</h1>
          <p>{board.message}</p>
        </main>
      )}
      <div className="mt-topbar">
        {session !== null && <StatusBadge session={session} />}
        <InviteButton room={room} tableKey={tableKey} />
      </div>
    </div>
  );
}
