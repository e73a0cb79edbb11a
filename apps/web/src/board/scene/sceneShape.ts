/**
 * A scene record as the board's backdrop shape: pure, so the mapping is tested without an editor.
 */
import type { Scene } from '@meshtable/schema';
import type { TLShape, TLShapeId } from 'tldraw';

/** The tldraw shape type of the scene's backdrop. */
export const SCENE_SHAPE_TYPE = 'mt-scene';

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [SCENE_SHAPE_TYPE]: SceneShapeProps;
  }
}

/** The backdrop of the scene on the campaign board, as tldraw stores it (SceneShapeUtil.tsx). */
export type SceneShape = TLShape<typeof SCENE_SHAPE_TYPE>;

/** The one backdrop shape of the board (the board shows one scene at a time). */
export const SCENE_SHAPE_ID = 'shape:scene-backdrop' as TLShapeId;

/** What the backdrop draws. */
export interface SceneShapeProps {
  /** The scene's size in pixels. */
  w: number;
  h: number;
  /** The background image's URL, or '' for a plain ground. */
  image: string;
  gridType: Scene['grid']['type'];
  gridSize: number;
  offsetX: number;
  offsetY: number;
  gridColor: string;
  /** The URL of the scene's geometry asset (walls, doors, lights), or '' for none. */
  geometry: string;
  /** Whether this viewer sees the walls and doors (GMs): lights are everyone's. */
  walls: boolean;
}

/** The backdrop's props for a scene. */
export function sceneShapeProps(
  scene: Scene,
  assetUrl: (sha256: string) => string,
  isGm = false,
): SceneShapeProps {
  return {
    w: scene.width,
    h: scene.height,
    image: scene.background === null ? '' : assetUrl(scene.background),
    gridType: scene.grid.type,
    gridSize: scene.grid.size,
    offsetX: scene.grid.offsetX,
    offsetY: scene.grid.offsetY,
    gridColor: scene.grid.color,
    geometry: scene.geometry === undefined ? '' : assetUrl(scene.geometry),
    walls: isGm,
  };
}
