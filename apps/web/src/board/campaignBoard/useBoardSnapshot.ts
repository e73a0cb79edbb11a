import { useCallback, useSyncExternalStore } from 'react';
import type { BoardSnapshot, CampaignBoardController } from './CampaignBoardController';

/** The board's records as its controller last read them, re-rendering after every refresh. */
export function useBoardSnapshot(controller: CampaignBoardController | null): BoardSnapshot | null {
  const subscribe = useCallback(
    (listener: () => void) => controller?.subscribe(listener) ?? (() => {}),
    [controller],
  );
  const read = useCallback(() => controller?.snapshot() ?? null, [controller]);
  return useSyncExternalStore(subscribe, read);
}
