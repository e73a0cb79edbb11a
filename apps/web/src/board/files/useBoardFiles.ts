import { useEffect, useMemo, useRef, useState } from 'react';
import type { AssetSession } from '../../assets';
import type { BoardSession } from '../campaignBoard/boardSession';
import type { CampaignBoardController } from '../campaignBoard/CampaignBoardController';
import { BoardFiles } from './BoardFiles';
import type { BoardFilesValue } from './BoardFilesContext';
import { CachedAssetUrls } from './CachedAssetUrls';

/**
 * The board's file jobs for one campaign, or null without an asset session. They outlive a new
 * controller (the editor remounted): the controller is read when a job needs it.
 */
export function useBoardFiles(
  session: BoardSession,
  assets: AssetSession | undefined,
  controller: CampaignBoardController | null,
): BoardFilesValue | null {
  const current = useRef(controller);
  current.current = controller;
  const [value, setValue] = useState<BoardFilesValue | null>(null);
  useEffect(() => {
    if (assets === undefined) return;
    const files = new BoardFiles({
      board: session,
      assets,
      viewedScene: () => current.current?.snapshot().viewed?.scene ?? null,
      viewScene: (sceneId) => current.current?.viewScene(sceneId),
    });
    setValue({ assets, files });
    return () => {
      files.dispose();
      setValue(null);
    };
  }, [session, assets]);
  return value;
}

/**
 * The board's images through the asset cache (CachedAssetUrls.ts), for the controller's
 * `assetUrl` and `watchAssetUrls` options; null without an asset session (the board then shows
 * the relay's URLs).
 */
export function useCachedAssetUrls(assets: AssetSession | undefined): CachedAssetUrls | null {
  const relayUrl = assets?.assetRelay.url;
  const urls = useMemo(
    () => (relayUrl === undefined ? null : new CachedAssetUrls(relayUrl)),
    [relayUrl],
  );
  useEffect(() => () => urls?.release(), [urls]);
  return urls;
}
