/**
 * The campaign board's engine room: keeps the tldraw editor showing the records, and turns what
 * the viewer does on the canvas into writes or intents.
 *
 * - Records → shapes: any change of scenes, tokens, actors, members or meta in the table doc
 *   (by anyone), of hidden records in the gm doc, of the viewer's pending intents or of the
 *   session's state schedules one refresh, which reads the records, projects them
 *   (projectBoard.ts) and writes only what differs into the store (applyShapes.ts).
 * - Shapes → records: a drag ends in the token util's onTranslateEnd, a keyboard nudge or an
 *   undo in an after-change handler; both land in {@link CampaignBoardController.moveToken},
 *   which writes (the validating GM), or asks (everyone else: a move intent).
 * The store's own writes are remote changes, so they never come back as moves.
 */
import { fromYValue, readMembers } from '@meshtable/campaign';
import { type Actor, actorSchema, type Member, TABLE_MAPS } from '@meshtable/schema';
import { Box, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import type * as Y from 'yjs';
import { snapTokenPosition } from '../grid/gridGeometry';
import { pickViewedScene, readSceneEntries, type SceneEntry } from '../scene/sceneRecords';
import { DerivedStats } from '../tokens/derivedStats';
import { readTokenViews } from '../tokens/readTokenViews';
import { setTokenBehaviour } from '../tokens/tokenBehaviour';
import {
  type BoardViewer,
  canMoveToken,
  recordCorner,
  TOKEN_SHAPE_TYPE,
  type TokenView,
  toDegrees,
  tokenIdOfShape,
} from '../tokens/tokenShape';
import { moveToken, updateToken } from '../tokens/tokenWrites';
import { applyShapes, isProjectedShapeType } from './applyShapes';
import { type BoardFailure, describeFailure } from './boardFailure';
import type { BoardSession, BoardSessionState } from './boardSession';
import { projectBoard } from './projectBoard';
import { watchBoardRecords } from './watchBoardRecords';

/** What the board's panels show: the records as the last refresh read them. */
export interface BoardSnapshot {
  readonly viewer: BoardViewer;
  readonly role: BoardSessionState['role'];
  readonly validating: boolean;
  /** Every scene this viewer may look at, in the GM's order. */
  readonly scenes: readonly SceneEntry[];
  /** The scene on the board, or null when there is none yet. */
  readonly viewed: SceneEntry | null;
  /** True while the viewer follows the party (has not picked a scene of their own). */
  readonly following: boolean;
  /** The viewed scene's tokens. */
  readonly tokens: readonly TokenView[];
  readonly members: ReadonlyMap<string, Member>;
  /** The table's actors, for the GM's token editor (which actor a token stands for). */
  readonly actors: readonly ActorSummary[];
  /** The last thing the board could not do, for the viewer to read. */
  readonly failure: BoardFailure | null;
}

/** An actor as the token editor lists it. */
export type ActorSummary = Pick<Actor, 'id' | 'name' | 'owners'>;

/** Options of {@link CampaignBoardController}. */
export interface CampaignBoardOptions {
  /** Where an asset is fetched from; defaults to the relay's `/assets/<sha256>` on this origin. */
  readonly assetUrl?: (sha256: string) => string;
  /**
   * Hears when `assetUrl` would answer otherwise (an asset loaded into the asset cache:
   * board/files/CachedAssetUrls.ts), so the board shows it; returns a function that stops.
   */
  readonly watchAssetUrls?: (changed: () => void) => () => void;
  /**
   * How much of the canvas's edges the board's panels cover (screen pixels), so that a scene is
   * fitted into what stays in view. Read when a scene is first shown.
   */
  readonly coveredEdges?: () => Insets;
}

/** Screen pixels covered at each edge of the canvas. */
export interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** The margin kept around a scene fitted into the view. */
const FIT_MARGIN = 32;

/** The default asset URL: the relay that serves the app serves the assets too. */
export function relayAssetUrl(sha256: string): string {
  return `/assets/${sha256}`;
}

/** Binds one tldraw editor to one campaign session. */
export class CampaignBoardController {
  readonly #session: BoardSession;
  readonly #editor: Editor;
  readonly #assetUrl: (sha256: string) => string;
  readonly #coveredEdges: () => Insets;
  readonly #derived: DerivedStats;
  readonly #listeners = new Set<() => void>();
  readonly #cleanups: (() => void)[] = [];
  #chosenScene: string | null = null;
  /** The scene fitted into view last, as `<id> <width>×<height>`. */
  #shownScene: string | null = null;
  #snapshot: BoardSnapshot;
  #failure: BoardFailure | null = null;
  #scheduled = false;
  #disposed = false;

  constructor(session: BoardSession, editor: Editor, options: CampaignBoardOptions = {}) {
    this.#session = session;
    this.#editor = editor;
    this.#assetUrl = options.assetUrl ?? relayAssetUrl;
    this.#coveredEdges = options.coveredEdges ?? (() => ({ top: 0, right: 0, bottom: 0, left: 0 }));
    this.#derived = new DerivedStats(() => this.schedule());
    this.#snapshot = this.#read();
    // Arrow keys move a selected token by one cell (tldraw nudges by the grid size in grid
    // mode); tldraw's own infinite grid is not drawn (the board leaves out its Grid component).
    editor.updateInstanceState({ isGridMode: true });
    this.#cleanups.push(
      watchBoardRecords(session, () => this.schedule()),
      setTokenBehaviour(editor, {
        snap: (corner, side) => this.#snap(corner, side),
        moved: (tokenId, corner) => this.moveToken(tokenId, corner),
        rotated: (tokenId, degrees) => this.#rotate(tokenId, degrees),
        canRotate: () => this.#snapshot.viewer.isGm,
        dismissRejection: (tokenId) => session.intents.dismissRejection(tokenId),
      }),
      ...this.#guardShapes(),
    );
    if (options.watchAssetUrls !== undefined) {
      this.#cleanups.push(options.watchAssetUrls(() => this.schedule()));
    }
    this.refresh();
  }

  /** The records as last read. */
  snapshot(): BoardSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` after every refresh; returns a function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Shows a scene (null: follow the party to the active scene). */
  viewScene(sceneId: string | null): void {
    this.#chosenScene = sceneId;
    this.refresh();
  }

  /**
   * Runs a change the viewer asked for (a panel's button), and shows why when it fails.
   * @returns whether it went through
   */
  run(change: () => void): boolean {
    try {
      change();
      this.#setFailure(null);
      return true;
    } catch (error) {
      this.#setFailure(describeFailure(error));
      return false;
    } finally {
      this.schedule();
    }
  }

  /** Forgets the failure shown. */
  dismissFailure(): void {
    this.#setFailure(null);
  }

  /** Moves a token's unrotated corner to `corner`: writes it, or asks the GM. */
  moveToken(tokenId: string, corner: { x: number; y: number }): void {
    this.run(() => {
      const outcome = moveToken(this.#session, tokenId, corner);
      if (outcome.kind === 'requested') {
        // A refusal shows on the token (IntentClient.rejections); only a request that could
        // not be answered at all (its id lost to another device again and again) lands here.
        outcome.ticket.receipt.catch((error: unknown) => this.#setFailure(describeFailure(error)));
      }
    });
  }

  /** Reads the records into the store soon (once, however many changes come before). */
  schedule(): void {
    if (this.#scheduled || this.#disposed) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.refresh();
    });
  }

  /** Reads the records into the store now. */
  refresh(): void {
    if (this.#disposed) return;
    this.#derived.setRules(this.#session.rules);
    const snapshot = this.#read();
    this.#snapshot = snapshot;
    const scene = snapshot.viewed?.scene ?? null;
    const shapes = projectBoard(
      {
        viewer: snapshot.viewer,
        scene,
        tokens: snapshot.tokens,
        members: snapshot.members,
        assetUrl: this.#assetUrl,
      },
      this.#editor.getCurrentPageId(),
    );
    applyShapes(this.#editor.store, shapes, this.#held());
    if (scene !== null && this.#editor.getDocumentSettings().gridSize !== scene.grid.size) {
      this.#editor.updateDocumentSettings({ gridSize: scene.grid.size });
    }
    // A new scene, or a new size of the scene, is fitted into view; panning stays otherwise.
    const shown = scene === null ? null : `${scene.id} ${scene.width}×${scene.height}`;
    if (shown !== this.#shownScene) {
      if (scene?.id !== this.#shownScene?.split(' ')[0]) this.#editor.selectNone();
      this.#shownScene = shown;
      if (scene !== null) this.#fit(scene.width, scene.height);
    }
    for (const listener of [...this.#listeners]) listener();
  }

  /** Stops following the records and the canvas. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#derived.close();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#listeners.clear();
  }

  #read(): BoardSnapshot {
    const session = this.#session;
    const state = session.state();
    const isGm = state.role === 'gm';
    const viewer: BoardViewer = {
      userId: session.me.userId,
      isGm,
      canAct: isGm || state.role === 'player',
    };
    const gm = isGm ? session.gm : null;
    const scenes = readSceneEntries(session.table, gm);
    const viewed = pickViewedScene(scenes, this.#chosenScene);
    const tokens =
      viewed === null
        ? []
        : readTokenViews(
            {
              table: session.table,
              gm,
              intents: session.intents,
              derived: (actor) => this.#derived.get(actor),
            },
            viewed.scene.id,
          );
    return {
      viewer,
      role: state.role,
      validating: state.validating,
      scenes,
      viewed,
      following: viewed === null || viewed.scene.id !== this.#chosenScene,
      tokens,
      members: readMembers(session.table),
      actors: isGm ? readActorSummaries(session.table) : [],
      failure: this.#failure,
    };
  }

  /** Fits a scene of this size into the part of the canvas the panels leave in view. */
  #fit(width: number, height: number): void {
    const editor = this.#editor;
    const viewport = editor.getViewportScreenBounds();
    const covered = this.#coveredEdges();
    const left = covered.left + FIT_MARGIN;
    const top = covered.top + FIT_MARGIN;
    const areaWidth = viewport.w - left - covered.right - FIT_MARGIN;
    const areaHeight = viewport.h - top - covered.bottom - FIT_MARGIN;
    if (areaWidth < 80 || areaHeight < 80) {
      editor.zoomToBounds(new Box(0, 0, width, height), { inset: FIT_MARGIN });
      return;
    }
    const { zoomMin, zoomMax } = editor.getCameraOptions().zoomSteps.reduce(
      (range, step) => ({
        zoomMin: Math.min(range.zoomMin, step),
        zoomMax: Math.max(range.zoomMax, step),
      }),
      { zoomMin: Number.POSITIVE_INFINITY, zoomMax: 0 },
    );
    const zoom = Math.min(
      zoomMax,
      Math.max(zoomMin, Math.min(areaWidth / width, areaHeight / height)),
    );
    // A page point p shows at (p + camera) × zoom: centre the scene in the area left in view.
    editor.setCamera({
      x: (left + areaWidth / 2) / zoom - width / 2,
      y: (top + areaHeight / 2) / zoom - height / 2,
      z: zoom,
    });
  }

  #setFailure(failure: BoardFailure | null): void {
    if (failure === this.#failure) return;
    this.#failure = failure;
    this.#snapshot = { ...this.#snapshot, failure };
    for (const listener of [...this.#listeners]) listener();
  }

  #snap(corner: { x: number; y: number }, side: number): { x: number; y: number } {
    const scene = this.#snapshot.viewed?.scene;
    if (scene === undefined) return corner;
    return snapTokenPosition(scene.grid, side / scene.grid.size, corner);
  }

  #rotate(tokenId: string, degrees: number): void {
    this.run(() => updateToken(this.#session, tokenId, { rotation: degrees }));
  }

  /** The shapes under the viewer's pointer in a drag or a turn: not moved by a refresh. */
  #held(): Set<TLShapeId> {
    const editor = this.#editor;
    if (!editor.isIn('select.translating') && !editor.isIn('select.rotating')) return new Set();
    return new Set(editor.getSelectedShapeIds());
  }

  /**
   * The canvas's guards: projected shapes are the records' (the viewer's copies, pastes and
   * deletions of them are undone); a token moved or turned outside a drag (arrow keys, undo) is
   * a move; and after a drag ends, a refresh catches up with what changed under it.
   */
  #guardShapes(): (() => void)[] {
    const editor = this.#editor;
    const { sideEffects } = editor;
    const isProjected = (shape: TLShape) => isProjectedShapeType(shape.type);
    const dragging = () => editor.isIn('select.translating') || editor.isIn('select.rotating');
    const onPointerUp = (info: { name: string }) => {
      if (info.name === 'pointer_up' || info.name === 'key_up') this.schedule();
    };
    editor.on('event', onPointerUp);
    return [
      () => editor.off('event', onPointerUp),
      sideEffects.registerBeforeDeleteHandler('shape', (shape, source) =>
        source === 'user' && isProjected(shape) ? false : undefined,
      ),
      sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
        // A copy of a token or backdrop (duplicate, paste) is no record of the campaign.
        if (source === 'user' && isProjected(shape)) this.schedule();
      }),
      sideEffects.registerAfterChangeHandler('shape', (before, after, source) => {
        if (source !== 'user' || after.type !== TOKEN_SHAPE_TYPE || dragging()) return;
        if (before.type !== TOKEN_SHAPE_TYPE) return;
        const tokenId = tokenIdOfShape(after.id);
        const view = this.#snapshot.tokens.find((t) => t.token.id === tokenId);
        this.schedule();
        if (tokenId === null || view === undefined) return;
        if (before.rotation !== after.rotation && this.#snapshot.viewer.isGm) {
          this.#rotate(tokenId, toDegrees(after.rotation));
          return;
        }
        if (!canMoveToken(this.#snapshot.viewer, view.token)) return;
        const side = after.props.w;
        const from = recordCorner(before, side, before.rotation);
        const to = recordCorner(after, side, after.rotation);
        if (Math.abs(from.x - to.x) < 1e-6 && Math.abs(from.y - to.y) < 1e-6) return;
        const snapped = this.#snap(to, side);
        const corner = {
          x: Math.round(snapped.x * 1000) / 1000,
          y: Math.round(snapped.y * 1000) / 1000,
        };
        if (corner.x !== view.token.x || corner.y !== view.token.y) this.moveToken(tokenId, corner);
      }),
    ];
  }
}

/** The table's readable actors, by name. */
function readActorSummaries(table: Y.Doc): ActorSummary[] {
  const actors: ActorSummary[] = [];
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.actors)) {
    const checked = actorSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) {
      const { name, owners } = checked.data;
      actors.push({ id, name, owners });
    }
  }
  return actors.sort((a, b) => a.name.localeCompare(b.name));
}
