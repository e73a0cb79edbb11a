import type { RelayClientConfig } from '@meshtable/schema';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { parseSyncTransports } from '../routing/syncOptions';
import type { CampaignSession, CampaignSessionState } from './CampaignSession';
import { deviceStores } from './deviceStores';
import { GAME_SYSTEMS } from './gameSystems';
import { INITIAL_SESSION_STATE } from './sessionState';

/** Result of {@link useCampaignSession}. */
export type CampaignSessionStatus =
  | { readonly status: 'opening' }
  | { readonly status: 'open'; readonly session: CampaignSession }
  | { readonly status: 'failed'; readonly error: Error };

/**
 * Opens a campaign kept on this device for as long as the component is mounted, and closes it
 * after. When the table moves to a new room (a kick), the session is closed and the campaign
 * opened again, in its new room. The session's wiring and the sandbox load with the first
 * campaign opened (a dynamic import), not with the lobby.
 */
export function useCampaignSession(
  campaignId: string,
  config: RelayClientConfig,
): CampaignSessionStatus {
  const [status, setStatus] = useState<CampaignSessionStatus>({ status: 'opening' });
  // Bumped when the table moved: opens the campaign again.
  const [generation, setGeneration] = useState(0);
  // Read once: the query string of a page does not change without a reload.
  const transports = useMemo(() => parseSyncTransports(window.location.search), []);
  const { iceServers, assetLimits } = config;

  useEffect(() => {
    void generation;
    let active = true;
    let session: CampaignSession | null = null;
    void (async () => {
      const [{ openCampaignSession }, stores] = await Promise.all([
        import('./openCampaignSession'),
        deviceStores(),
      ]);
      const opened = await openCampaignSession({
        campaignId,
        stores,
        transports,
        iceServers,
        ...(assetLimits === undefined ? {} : { assetLimits }),
        appUrl: `${window.location.origin}${window.location.pathname}`,
        defaultRelayUrl: window.location.origin,
        systems: GAME_SYSTEMS,
        onEvent: (event) => console.info(`meshtable sync: ${event.kind}`, event),
      });
      if (!active) {
        await opened.close();
        return;
      }
      session = opened;
      setStatus({ status: 'open', session: opened });
    })().catch((error: unknown) => {
      if (active) {
        setStatus({
          status: 'failed',
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    });
    return () => {
      active = false;
      setStatus({ status: 'opening' });
      void session?.close();
    };
  }, [campaignId, transports, iceServers, assetLimits, generation]);

  const open = status.status === 'open' ? status.session : null;
  useEffect(() => {
    if (open === null) return;
    const check = () => {
      if (open.state().moved !== null) setGeneration((value) => value + 1);
    };
    check();
    return open.subscribe(check);
  }, [open]);

  return status;
}

const noSession = () => () => {};
const initialState = () => INITIAL_SESSION_STATE;

/** The session's state, re-rendering on every change (the initial state without a session). */
export function useCampaignSessionState(session: CampaignSession | null): CampaignSessionState {
  return useSyncExternalStore(
    session === null ? noSession : session.subscribe,
    session === null ? initialState : session.state,
  );
}
