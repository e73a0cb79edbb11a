/**
 * What the campaign board mounts of the board's tools (measuring and area templates in
 * board/measure, fog of war in board/fog, pings and cursors here), in one import:
 *
 * ```tsx
 * const view = useMemo(() => boardToolsViewOf(snapshot), [snapshot]);
 * const tools = useBoardTools(session, editor, view, (sceneId) => controller?.viewScene(sceneId));
 * <BoardToolsContext.Provider value={tools}>
 *   <Tldraw
 *     components={{ ...components, OnTheCanvas: BoardToolsCanvas, InFrontOfTheCanvas: BoardToolsHud }}
 *     overrides={[boardOverrides, BOARD_TOOLS_OVERRIDES]}
 *     getShapeVisibility={boardShapeVisibility}
 *     …
 *   />
 * </BoardToolsContext.Provider>
 * // and <BoardToolbarItems /> inside the board's <DefaultToolbar>.
 * ```
 * Deleting a scene for good deletes its fog and kept templates with it: the campaign engine's
 * table edits take what is on a deleted scene along (packages/campaign validator/tableEdit.ts).
 */
import type { Scene, Token } from '@meshtable/schema';
import { type BoardToolsView, NO_VIEW } from './boardToolsSession';

export type { BoardTools } from './BoardTools';
export { BoardToolsCanvas } from './BoardToolsCanvas';
export { BoardToolsHud } from './BoardToolsHud';
export { boardShapeVisibility } from './boardShapeVisibility';
export { BoardToolsContext } from './boardToolsContext';
export type { BoardToolsSession, BoardToolsView } from './boardToolsSession';
export { BOARD_TOOL_IDS, BOARD_TOOLS_OVERRIDES, BoardToolbarItems } from './boardToolsUi';
export { useBoardTools } from './useBoardTools';

/** The parts of the campaign board's snapshot the tools read. */
export interface BoardSnapshotLike {
  readonly viewer: { readonly isGm: boolean };
  readonly viewed: { readonly scene: Scene } | null;
  readonly tokens: readonly { readonly token: Token }[];
}

/** The tools' view of the board's snapshot (no scene before the first one). */
export function boardToolsViewOf(snapshot: BoardSnapshotLike | null): BoardToolsView {
  if (snapshot === null) return NO_VIEW;
  return {
    scene: snapshot.viewed?.scene ?? null,
    tokens: snapshot.tokens.map((view) => view.token),
    isGm: snapshot.viewer.isGm,
  };
}
