import { useHashRoute } from '../routing/useHashRoute';
import { useOnline } from './useOnline';

/**
 * Says so when the browser has no network, on the screens without a status badge (the lobby and
 * an invite): what still works from this device, and what needs the network. A campaign's screen
 * and a board have their own badge (StatusBadge), which says it there.
 */
export function OfflineNotice() {
  const online = useOnline();
  const route = useHashRoute();
  if (online || (route.kind !== 'landing' && route.kind !== 'join')) return null;
  return (
    <p className="mt-offline-notice" role="status" data-testid="app-offline">
      {route.kind === 'join'
        ? 'Offline — joining a campaign needs the network. Try again once you are connected.'
        : 'Offline — the campaigns kept on this device still open, and your changes will sync.'}
    </p>
  );
}
