import { useEffect, useRef } from 'react';
import type { Editor } from 'tldraw';
import type { BoardSession } from '../campaignBoard/boardSession';
import type {
  BoardSnapshot,
  CampaignBoardController,
} from '../campaignBoard/CampaignBoardController';
import { DrawingError } from './DrawingError';
import { DrawingLayer, type DrawingView } from './DrawingLayer';

/** The layer's view of a board snapshot. */
function viewOf(snapshot: BoardSnapshot | null): DrawingView {
  return {
    sceneId: snapshot?.viewed?.scene.id ?? null,
    viewer: {
      userId: snapshot?.viewer.userId ?? '',
      isGm: snapshot?.viewer.isGm ?? false,
      canAct: snapshot?.viewer.canAct ?? false,
    },
    validating: snapshot?.validating ?? false,
  };
}

/**
 * Binds the board's drawings and text to the campaign's annotations (DrawingLayer.ts) while the
 * editor and controller live; a refused drawing shows as the board's failure.
 */
export function useDrawingLayer(
  session: BoardSession,
  editor: Editor | null,
  controller: CampaignBoardController | null,
  snapshot: BoardSnapshot | null,
): void {
  const layer = useRef<DrawingLayer | null>(null);
  const latest = useRef(snapshot);
  latest.current = snapshot;
  useEffect(() => {
    if (editor === null || controller === null) return;
    const made = new DrawingLayer(session, editor, viewOf(latest.current), (reason) =>
      controller.run(() => {
        throw new DrawingError(reason);
      }),
    );
    layer.current = made;
    return () => {
      made.dispose();
      layer.current = null;
    };
  }, [session, editor, controller]);
  useEffect(() => {
    layer.current?.setView(viewOf(snapshot));
  }, [snapshot]);
}
