import { useEffect } from 'react';
import type { Editor } from 'tldraw';
import { recordCorner, TOKEN_SHAPE_TYPE, type TokenShape } from '../tokens/tokenShape';
import type { CampaignBoardController } from './CampaignBoardController';

/** A token as the test hook reports it: what its shape shows on this viewer's board. */
export interface BoardTestToken {
  readonly id: string;
  readonly name: string;
  /** The side of its footprint in scene pixels. */
  readonly side: number;
  /** The record corner the shape stands for (unrotated top-left, scene pixels). */
  readonly x: number;
  readonly y: number;
  readonly pending: boolean;
  readonly hidden: boolean;
  readonly movable: boolean;
  readonly locked: boolean;
  readonly rejection: string;
  readonly opacity: number;
  /** The token's centre on the screen (viewport pixels), to drag it with the mouse. */
  readonly screen: { readonly x: number; readonly y: number };
}

/**
 * TEST HOOK, present in every build: `window.__meshtableBoard` lets the e2e tests read the
 * campaign board as the viewer sees it (its tokens, the scene shown) and find where a scene
 * point is on the screen, so that they drag with the real mouse. It gives nothing the devtools
 * do not; it is not an API for anything but tests.
 */
export interface MeshtableBoardTestHook {
  readonly editor: Editor;
  /** The id of the scene on the board, or null. */
  sceneId(): string | null;
  tokens(): BoardTestToken[];
  /** Where a scene point is on the screen. */
  pageToScreen(x: number, y: number): { x: number; y: number };
}

declare global {
  interface Window {
    /** See {@link MeshtableBoardTestHook}. */
    __meshtableBoard?: MeshtableBoardTestHook;
  }
}

/** Publishes the campaign board's test hook while the board is mounted. */
export function useBoardTestHook(
  editor: Editor | null,
  controller: CampaignBoardController | null,
): void {
  useEffect(() => {
    if (editor === null || controller === null) return;
    const hook: MeshtableBoardTestHook = Object.freeze({
      editor,
      sceneId: () => controller.snapshot().viewed?.scene.id ?? null,
      tokens: () =>
        editor
          .getCurrentPageShapes()
          .filter((shape): shape is TokenShape => shape.type === TOKEN_SHAPE_TYPE)
          .map((shape) => {
            const side = shape.props.w;
            const corner = recordCorner(shape, side, shape.rotation);
            const centre = editor.pageToScreen({ x: corner.x + side / 2, y: corner.y + side / 2 });
            return {
              id: shape.props.tokenId,
              name: shape.props.name,
              side,
              x: Math.round(corner.x * 1000) / 1000,
              y: Math.round(corner.y * 1000) / 1000,
              pending: shape.props.pending,
              hidden: shape.props.hidden,
              movable: shape.props.movable,
              locked: shape.isLocked,
              rejection: shape.props.rejection,
              opacity: shape.opacity,
              screen: { x: centre.x, y: centre.y },
            };
          }),
      pageToScreen: (x: number, y: number) => {
        const point = editor.pageToScreen({ x, y });
        return { x: point.x, y: point.y };
      },
    });
    window.__meshtableBoard = hook;
    return () => {
      if (window.__meshtableBoard === hook) window.__meshtableBoard = undefined;
    };
  }, [editor, controller]);
}
