import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

// useSyncExternalStore compares snapshots with Object.is, so the snapshot is the raw hash string
// and the parsed route is derived from it.
const getHash = (): string => window.location.hash;

/** The current route, re-rendering on `hashchange`. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseRoute(hash);
}
