/**
 * Records → shapes: the shapes the campaign board shows for one scene and one viewer, computed
 * from the campaign's records alone. Pure: the same records give the same shapes on every call,
 * so the board can diff them against its store (applyShapes.ts) and write only what changed.
 *
 * Layers, by tldraw index (fractional keys sort as strings):
 * - `a1`: the scene's backdrop (background image and grid);
 * - between `a1` and `a2`: free for what lies on the map under the tokens (drawings);
 * - between `a2` and `a3`: the tokens, large ones below small ones, so a rider stays clickable
 *   on a horse and a hero on a dragon;
 * - above `a3`: free for what covers the tokens (fog, templates, pings).
 */
import type { Member, Scene } from '@meshtable/schema';
import type { IndexKey, TLPageId, TLShape } from 'tldraw';
import { SCENE_SHAPE_ID, SCENE_SHAPE_TYPE, sceneShapeProps } from '../scene/sceneShape';
import {
  type BoardViewer,
  TOKEN_SHAPE_TYPE,
  type TokenView,
  tokenShapeFields,
} from '../tokens/tokenShape';

/** The index of the scene's backdrop. */
export const BACKDROP_INDEX = 'a1' as IndexKey;

/** Everything the board shows, read from the records for one viewer. */
export interface BoardProjectionInput {
  readonly viewer: BoardViewer;
  /** The scene on the board, or null when there is none to show. */
  readonly scene: Scene | null;
  /** The scene's tokens (hidden ones only for GMs), with this viewer's pending moves. */
  readonly tokens: readonly TokenView[];
  /** Members by user id, for the owners' colours. */
  readonly members: ReadonlyMap<string, Pick<Member, 'color'>>;
  /** The URL an asset is fetched from. */
  readonly assetUrl: (sha256: string) => string;
}

/** The shapes of the board, backdrop first, in index order. */
export function projectBoard(input: BoardProjectionInput, pageId: TLPageId): TLShape[] {
  const { scene } = input;
  if (scene === null) return [];
  const backdrop: TLShape<typeof SCENE_SHAPE_TYPE> = {
    id: SCENE_SHAPE_ID,
    typeName: 'shape',
    type: SCENE_SHAPE_TYPE,
    x: 0,
    y: 0,
    rotation: 0,
    index: BACKDROP_INDEX,
    parentId: pageId,
    isLocked: true,
    opacity: 1,
    props: sceneShapeProps(scene, input.assetUrl, input.viewer.isGm),
    meta: {},
  };
  const context = {
    viewer: input.viewer,
    grid: scene.grid,
    members: input.members,
    assetUrl: input.assetUrl,
  };
  const tokens = input.tokens
    .filter((view) => view.token.sceneId === scene.id)
    .sort(
      (a, b) =>
        b.token.size - a.token.size ||
        (a.token.id < b.token.id ? -1 : a.token.id > b.token.id ? 1 : 0),
    )
    .map((view, order): TLShape<typeof TOKEN_SHAPE_TYPE> => {
      const fields = tokenShapeFields(view, context);
      return {
        ...fields,
        typeName: 'shape',
        type: TOKEN_SHAPE_TYPE,
        index: tokenIndex(order),
        parentId: pageId,
        meta: {},
      };
    });
  return [backdrop, ...tokens];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The index of the `order`th token from the bottom: `a2`, then the order as four base-62
 * digits, then `V` (a fractional key may not end in 0). Deterministic, unlike tldraw's jittered
 * keys, so the same tokens get the same indices on every projection.
 */
export function tokenIndex(order: number): IndexKey {
  let digits = '';
  let rest = order;
  for (let i = 0; i < 4; i++) {
    digits = (BASE62[rest % 62] as string) + digits;
    rest = Math.floor(rest / 62);
  }
  return `a2${digits}V` as IndexKey;
}
