/**
 * The ruler as a tldraw tool: pointer and key events become rulerDraft.ts events, and the draft
 * goes to the host, which draws it and shares it through awareness.
 */
import type { Scene, Token } from '@meshtable/schema';
import {
  type Editor,
  StateNode,
  type TLClickEventInfo,
  type TLKeyboardEventInfo,
  type TLPointerEventInfo,
  type TLStateNodeConstructor,
} from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import { anchorRulerPoint, type RulerDraft, type RulerEvent, stepRuler } from './rulerDraft';

/** The ruler tool's id. */
export const RULER_TOOL_ID = 'mt-ruler';

/** How far, in screen pixels, a press must travel to be a drag rather than a click. */
export const DRAG_PX = 6;

/** What the ruler tool needs of the board's tools. */
export interface RulerHost {
  readonly ruler: { get(): RulerDraft | null };
  readonly view: { get(): { readonly scene: Pick<Scene, 'grid'> | null } };
  /** The tokens this viewer sees (a ruler starts from one pressed on; never a fogged one). */
  readonly visibleTokens: { get(): readonly Token[] };
  setRuler(draft: RulerDraft | null): void;
}

/**
 * Makes the ruler tool class.
 * @param hostOf finds the board's tools of an editor (null before they are attached)
 */
export function createRulerTool(
  hostOf: (editor: Editor) => RulerHost | null,
): TLStateNodeConstructor {
  return class RulerTool extends StateNode {
    static override id = RULER_TOOL_ID;
    // tldraw's tool lock keeps a tool in hand after one use; these stay in hand anyway.
    static override isLockable = false;
    #pressedAt: Point | null = null;

    override onEnter(): void {
      this.editor.setCursor({ type: 'cross', rotation: 0 });
    }

    override onExit(): void {
      this.#pressedAt = null;
      hostOf(this.editor)?.setRuler(null);
    }

    override onPointerDown(info: TLPointerEventInfo): void {
      if (info.button !== 0) return;
      this.#pressedAt = { x: info.point.x, y: info.point.y };
      const host = hostOf(this.editor);
      this.#step({ type: 'press', point: this.#anchor(host?.ruler.get() === null) });
    }

    override onPointerMove(): void {
      this.#step({ type: 'move', point: this.#anchor(false) });
    }

    override onPointerUp(info: TLPointerEventInfo): void {
      const from = this.#pressedAt;
      this.#pressedAt = null;
      if (from === null) return;
      const dragged = Math.hypot(info.point.x - from.x, info.point.y - from.y) > DRAG_PX;
      this.#step({ type: 'release', point: this.#anchor(false), dragged });
    }

    override onDoubleClick(info: TLClickEventInfo): void {
      if (info.phase === 'up') this.#step({ type: 'end' });
    }

    override onKeyDown(info: TLKeyboardEventInfo): void {
      if (info.key === 'w' || info.key === 'W') this.#step({ type: 'waypoint' });
      else if (info.key === 'Backspace' || info.key === 'Delete') this.#step({ type: 'undo' });
    }

    override onComplete(): void {
      this.#step({ type: 'end' });
    }

    override onCancel(): void {
      const host = hostOf(this.editor);
      if (host?.ruler.get() == null) this.editor.setCurrentTool('select');
      else this.#step({ type: 'end' });
    }

    /** The pointer's point as the ruler takes it (a start on a token: the token's centre). */
    #anchor(start: boolean): Point {
      const point = this.editor.inputs.getCurrentPagePoint();
      const host = hostOf(this.editor);
      const scene = host?.view.get().scene;
      if (host == null || scene == null) return { x: point.x, y: point.y };
      return anchorRulerPoint(scene.grid, host.visibleTokens.get(), point, start);
    }

    #step(event: RulerEvent): void {
      const host = hostOf(this.editor);
      if (host === null || host.view.get().scene === null) return;
      const before = host.ruler.get();
      const after = stepRuler(before, event);
      if (after !== before) host.setRuler(after);
    }
  };
}
