/** The library's assets, kept current as either index changes. */
import { useEffect, useState } from 'react';
import type { AssetSession } from './AssetSession';
import { type LibraryAsset, readLibrary, watchLibrary } from './assetIndex';

/** The assets this viewer's library lists (see readLibrary), re-read on every change. */
export function useLibrary(session: Pick<AssetSession, 'table' | 'gm'>): LibraryAsset[] {
  const [assets, setAssets] = useState(() => readLibrary(session));
  useEffect(() => {
    setAssets(readLibrary(session));
    return watchLibrary(session, () => setAssets(readLibrary(session)));
  }, [session]);
  return assets;
}
