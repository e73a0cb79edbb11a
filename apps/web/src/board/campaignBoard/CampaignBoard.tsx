import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  createTLStore,
  DefaultToolbar,
  type Editor,
  HandToolbarItem,
  SelectToolbarItem,
  type TLComponents,
  type TLUiOverrides,
  Tldraw,
} from 'tldraw';
import 'tldraw/tldraw.css';
import type { AssetSession } from '../../assets';
import { LicenseBanner } from '../../license/LicenseBanner';
import { needsTldrawLicenseKey } from '../../license/licenseRequirement';
import { useShiftShortcut } from '../../shortcuts/useShiftShortcut';
// Drawings and text on the map, kept as the table's annotations: board/drawings.
import { DRAWING_TOOL_IDS, DrawingToolbarItems } from '../drawings/DrawingToolbarItems';
import { useDrawingLayer } from '../drawings/useDrawingLayer';
// Files on the board (drops, map imports, the pickers' library, cached images): files/mount.ts.
import {
  BoardDropTarget,
  BoardFilesContext,
  keepMediaOffTheBoard,
  useBoardFiles,
  useCachedAssetUrls,
} from '../files/mount';
import { keepContentLocal } from '../keepContentLocal';
// Board tools (rulers, templates, fog, pings, cursors): board/presence/mount.ts.
import {
  BOARD_TOOLS_OVERRIDES,
  BoardToolbarItems,
  BoardToolsCanvas,
  BoardToolsContext,
  BoardToolsHud,
  boardShapeVisibility,
  boardToolsViewOf,
  useBoardTools,
} from '../presence/mount';
import { ScenePanel } from '../scene/ScenePanel';
import { TLDRAW_ASSET_URLS } from '../tldrawAssetUrls';
// The board's selection, for the panels docked beside it (the combat panel): board/tokens.
import { BoardEditorContext } from '../tokens/boardSelection';
import { TokenCanvasLayer } from '../tokens/TokenCanvasLayer';
import { TokenPanel } from '../tokens/TokenPanel';
import type { BoardSession } from './boardSession';
import { useBoardTestHook } from './boardTestHook';
import {
  CampaignBoardController,
  type CampaignBoardOptions,
  type Insets,
} from './CampaignBoardController';
import { CAMPAIGN_BINDING_UTILS, CAMPAIGN_SHAPE_UTILS } from './campaignShapeUtils';
import { FailureNotice } from './FailureNotice';
import { useBoardSnapshot } from './useBoardSnapshot';
import './campaignBoard.css';

/** Props of {@link CampaignBoard}. */
export interface CampaignBoardProps {
  /** The open campaign (a CampaignSession satisfies this). */
  readonly session: BoardSession;
  /** From the relay's `/config`; null when none is configured. */
  readonly licenseKey: string | null;
  /**
   * More panels for the board's dock, above the scene list: the table's own (invite, members).
   * Each should be a collapsible section like the scene list.
   */
  readonly aside?: ReactNode;
  /** Where assets are fetched from, without `assets`; with it, the asset cache. */
  readonly assetUrl?: CampaignBoardOptions['assetUrl'];
  /**
   * The campaign's files (a CampaignSession satisfies this): images dropped on the board, map
   * imports, the library the scene and token panels pick from. Without it, none of these.
   */
  readonly assets?: AssetSession;
}

/**
 * The campaign's map: the scene the viewer looks at (the party's, unless they picked another),
 * its background and grid, and its tokens, on tldraw; the scene list, and for GMs the scene and
 * token editors, in a dock at the side. Everything on the canvas comes from the campaign's
 * records, and everything the viewer does goes back as a write or an intent
 * (CampaignBoardController.ts). Explains instead of going blank when tldraw would refuse to run
 * for want of a license key.
 */
export function CampaignBoard(props: CampaignBoardProps) {
  if (needsTldrawLicenseKey(window.location, props.licenseKey)) {
    return (
      <>
        <LicenseBanner />
        {props.aside}
      </>
    );
  }
  return <CampaignCanvas {...props} />;
}

/**
 * Selecting and panning, drawing and text, and the board tools (ruler, templates, fog for GMs,
 * ping).
 */
function CampaignToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <BoardToolbarItems />
      {/* Drawings and text, kept as annotations (board/drawings): after the board tools, so
          that those stay in view and these go to the overflow menu first on a narrow screen. */}
      <DrawingToolbarItems />
    </DefaultToolbar>
  );
}

/**
 * On the canvas, in scene pixels: the token layer (which draws every token, among the shapes
 * where the tokens stack), then the board tools' layers (above every shape).
 */
function CampaignOnTheCanvas() {
  return (
    <>
      <TokenCanvasLayer />
      <BoardToolsCanvas />
    </>
  );
}

const COMPONENTS: TLComponents = {
  Toolbar: CampaignToolbar,
  // Scenes are the board's pages; tldraw's pages, styles and grid have no place here.
  PageMenu: null,
  StylePanel: null,
  Grid: null,
  // The token layer and the board tools' layers (scene pixels), the tools' panel (screen space).
  OnTheCanvas: CampaignOnTheCanvas,
  InFrontOfTheCanvas: BoardToolsHud,
};

/** The tools the toolbar leaves out keep no keyboard shortcut either. */
const KEPT_TOOLS = new Set(['select', 'hand', 'zoom', ...DRAWING_TOOL_IDS]);
const OVERRIDES: TLUiOverrides = {
  tools(_editor, tools) {
    for (const [id, tool] of Object.entries(tools)) {
      if (!KEPT_TOOLS.has(id)) tools[id] = { ...tool, kbd: undefined };
    }
    return tools;
  },
};
/** The board's overrides, then the board tools' entries (which keep their shortcuts). */
const ALL_OVERRIDES = [OVERRIDES, BOARD_TOOLS_OVERRIDES];

function CampaignCanvas({ session, licenseKey, aside, assetUrl, assets }: CampaignBoardProps) {
  const [store] = useState(() =>
    createTLStore({ shapeUtils: CAMPAIGN_SHAPE_UTILS, bindingUtils: CAMPAIGN_BINDING_UTILS }),
  );
  const [editor, setEditor] = useState<Editor | null>(null);
  const [controller, setController] = useState<CampaignBoardController | null>(null);
  useEffect(() => () => store.dispose(), [store]);
  const dock = useRef<HTMLDivElement>(null);
  const dockId = useId();
  // The panels can be put away to play on the whole map (a phone's screen above all): the
  // button at the top right, or Shift+P (docs/shortcuts.md).
  const [dockShown, setDockShown] = useState(true);
  const toggleDock = () => setDockShown((shown) => !shown);
  useShiftShortcut('p', true, toggleDock);
  const cachedUrls = useCachedAssetUrls(assets);
  useEffect(() => {
    if (editor === null) return;
    const made = new CampaignBoardController(session, editor, {
      assetUrl: cachedUrls?.url ?? assetUrl,
      ...(cachedUrls === null ? {} : { watchAssetUrls: cachedUrls.subscribe }),
      coveredEdges: () => coveredBy(dock.current),
    });
    setController(made);
    return () => {
      made.dispose();
      setController(null);
    };
  }, [session, editor, assetUrl, cachedUrls]);
  const snapshot = useBoardSnapshot(controller);
  const boardFiles = useBoardFiles(session, assets, controller);
  useBoardTestHook(editor, controller);
  // Drawings and text ↔ the table's annotations (board/drawings).
  useDrawingLayer(session, editor, controller, snapshot);
  const toolsView = useMemo(() => boardToolsViewOf(snapshot), [snapshot]);
  const boardTools = useBoardTools(session, editor, toolsView, (sceneId) =>
    controller?.viewScene(sceneId),
  );

  return (
    <div
      className="mt-board mt-campaign-board"
      data-testid="campaign-board"
      data-scene-id={snapshot?.viewed?.scene.id ?? ''}
      data-following={snapshot?.following ?? true}
    >
      <BoardToolsContext.Provider value={boardTools}>
        <Tldraw
          store={store}
          shapeUtils={CAMPAIGN_SHAPE_UTILS}
          bindingUtils={CAMPAIGN_BINDING_UTILS}
          assetUrls={TLDRAW_ASSET_URLS}
          licenseKey={licenseKey ?? undefined}
          components={COMPONENTS}
          overrides={ALL_OVERRIDES}
          getShapeVisibility={boardShapeVisibility}
          onMount={(mounted) => {
            keepContentLocal(mounted);
            keepMediaOffTheBoard(mounted);
            setEditor(mounted);
            return () => setEditor(null);
          }}
        />
      </BoardToolsContext.Provider>
      <FailureNotice
        failure={snapshot?.failure ?? null}
        onDismiss={() => controller?.dismissFailure()}
      />
      {boardFiles !== null && editor !== null && (
        <BoardDropTarget editor={editor} files={boardFiles.files} />
      )}
      <BoardFilesContext.Provider value={boardFiles}>
        <BoardEditorContext.Provider value={editor}>
          <button
            type="button"
            className="mt-dock-toggle"
            data-testid="dock-toggle"
            aria-controls={dockId}
            aria-expanded={dockShown}
            title={dockShown ? 'Hide the panels (Shift+P)' : 'Show the panels (Shift+P)'}
            onClick={toggleDock}
          >
            {dockShown ? 'Hide panels' : 'Panels'}
          </button>
          <div className="mt-board-dock" ref={dock} id={dockId} hidden={!dockShown}>
            {aside}
            {snapshot !== null && controller !== null && editor !== null && (
              <>
                <ScenePanel snapshot={snapshot} controller={controller} session={session} />
                {snapshot.viewer.isGm && (
                  <TokenPanel
                    snapshot={snapshot}
                    controller={controller}
                    session={session}
                    editor={editor}
                  />
                )}
              </>
            )}
          </div>
        </BoardEditorContext.Provider>
      </BoardFilesContext.Provider>
    </div>
  );
}

/**
 * The edge of the canvas the dock covers: its right side on a wide screen, its top on a narrow
 * one (where it spans the width).
 */
function coveredBy(dock: HTMLElement | null): Insets {
  const none = { top: 0, right: 0, bottom: 0, left: 0 };
  if (dock === null) return none;
  const box = dock.getBoundingClientRect();
  if (box.width === 0) return none;
  if (box.width < window.innerWidth * 0.6) return { ...none, right: window.innerWidth - box.left };
  return { ...none, top: box.bottom };
}
