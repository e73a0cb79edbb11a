import { useEffect } from 'react';
import { formatDistance, measurePath } from '../measure/measurePath';
import { tokenShapeId } from '../tokens/tokenShape';
import type { BoardTools } from './BoardTools';

/**
 * TEST HOOK, present in every build: `window.__meshtableBoardTools` lets the e2e tests read what
 * the board's tools show this viewer (the fog mask point by point, which tokens fog keeps off the
 * board, the rulers, templates, pings and cursors drawn). It gives nothing the devtools do not;
 * it is not an API for anything but tests.
 */
export interface MeshtableBoardToolsTestHook {
  /** Whether fog covers a scene point on this viewer's board. */
  fogged(x: number, y: number): boolean;
  /** Whether the token's shape is left off this viewer's board by fog. */
  tokenHidden(tokenId: string): boolean;
  rulers(): { name: string; mine: boolean; distance: string }[];
  templates(): { kind: string; kept: boolean; by: string | null }[];
  /** The names of the tokens this viewer's template covers, as they see them. */
  covered(): string[];
  pings(): { name: string; pull: boolean; x: number; y: number }[];
  cursors(): { name: string; x: number; y: number }[];
  notice(): string | null;
}

declare global {
  interface Window {
    /** See {@link MeshtableBoardToolsTestHook}. */
    __meshtableBoardTools?: MeshtableBoardToolsTestHook;
  }
}

/** Publishes the board tools' test hook while they exist. */
export function useBoardToolsTestHook(tools: BoardTools | null): void {
  useEffect(() => {
    if (tools === null) return;
    const hook: MeshtableBoardToolsTestHook = Object.freeze({
      fogged: (x: number, y: number) => tools.fog.get().isFogged({ x, y }),
      tokenHidden: (tokenId: string) => tools.editor.isShapeHidden(tokenShapeId(tokenId)),
      rulers: () => {
        const scene = tools.view.get().scene;
        if (scene === null) return [];
        return tools.drawnRulers().map((ruler) => {
          const measure = measurePath(scene.grid, tools.diagonalRule(), ruler.points);
          return {
            name: ruler.name,
            mine: ruler.mine,
            distance: formatDistance(measure.distance, measure.units),
          };
        });
      },
      templates: () =>
        tools.drawnTemplates().map((t) => ({ kind: t.shape.kind, kept: t.kept, by: t.by })),
      covered: () => tools.coveredByMine().map((token) => token.name),
      pings: () =>
        tools.pings
          .get()
          .map((ping) => ({ name: ping.name, pull: ping.pull, x: ping.x, y: ping.y })),
      cursors: () => tools.drawnCursors().map(({ name, x, y }) => ({ name, x, y })),
      notice: () => tools.notice.get(),
    });
    window.__meshtableBoardTools = hook;
    return () => {
      if (window.__meshtableBoardTools === hook) window.__meshtableBoardTools = undefined;
    };
  }, [tools]);
}
