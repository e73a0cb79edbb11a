/**
 * Pinging, with a tool for touch screens and the toolbar (a click pings; Shift+click is a GM's
 * "look here"), and from any tool: P pings where the pointer is (Shift+P: "look here"), and a long
 * press while selecting or panning pings there (boardInput.ts).
 */
import {
  type Editor,
  StateNode,
  type TLPointerEventInfo,
  type TLStateNodeConstructor,
} from 'tldraw';
import type { Point } from '../grid/gridGeometry';

/** The ping tool's id. */
export const PING_TOOL_ID = 'mt-ping';

/** What the ping tool needs of the board's tools. */
export interface PingHost {
  ping(point: Point, pull: boolean): boolean;
}

/**
 * Makes the ping tool class.
 * @param hostOf finds the board's tools of an editor (null before they are attached)
 */
export function createPingTool(
  hostOf: (editor: Editor) => PingHost | null,
): TLStateNodeConstructor {
  return class PingTool extends StateNode {
    static override id = PING_TOOL_ID;
    // tldraw's tool lock keeps a tool in hand after one use; these stay in hand anyway.
    static override isLockable = false;

    override onEnter(): void {
      this.editor.setCursor({ type: 'cross', rotation: 0 });
    }

    override onPointerDown(info: TLPointerEventInfo): void {
      if (info.button !== 0) return;
      const point = this.editor.inputs.getCurrentPagePoint();
      hostOf(this.editor)?.ping({ x: point.x, y: point.y }, info.shiftKey);
    }

    override onCancel(): void {
      this.editor.setCurrentTool('select');
    }
  };
}
