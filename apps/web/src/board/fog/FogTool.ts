/**
 * The GM's fog tool on tldraw: rectangles, polygons and a brush (fogDraft.ts), revealing or
 * hiding as the tool is set (Alt does the other for one gesture). What is being drawn shows as a
 * preview; a finished gesture becomes fog edits the host writes (as the validating GM).
 */
import type { Scene } from '@meshtable/schema';
import {
  type Editor,
  StateNode,
  type TLClickEventInfo,
  type TLKeyboardEventInfo,
  type TLPointerEventInfo,
  type TLStateNodeConstructor,
} from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import {
  brushDrafts,
  CLOSE_POLYGON_PX,
  type FogPreview,
  type FogSettings,
  polygonDraft,
  rectDraft,
  snapToGridLines,
} from './fogDraft';
import type { FogEditDraft } from './fogEdits';

/** The fog tool's id. */
export const FOG_TOOL_ID = 'mt-fog';

/** What the fog tool needs of the board's tools. */
export interface FogHost {
  readonly fogSettings: { get(): FogSettings };
  readonly fogPreview: { get(): FogPreview | null; set(preview: FogPreview | null): void };
  readonly view: { get(): { readonly scene: Pick<Scene, 'grid'> | null; readonly isGm: boolean } };
  addFog(drafts: readonly FogEditDraft[]): boolean;
}

/**
 * Makes the fog tool class.
 * @param hostOf finds the board's tools of an editor (null before they are attached)
 */
export function createFogTool(hostOf: (editor: Editor) => FogHost | null): TLStateNodeConstructor {
  return class FogTool extends StateNode {
    static override id = FOG_TOOL_ID;
    // tldraw's tool lock keeps a tool in hand after one use; these stay in hand anyway.
    static override isLockable = false;

    override onEnter(): void {
      if (hostOf(this.editor)?.view.get().isGm !== true) {
        // Only GMs edit fog; a player's board has no such tool to be in.
        this.editor.setCurrentTool('select');
        return;
      }
      this.editor.setCursor({ type: 'cross', rotation: 0 });
    }

    override onExit(): void {
      hostOf(this.editor)?.fogPreview.set(null);
    }

    override onPointerDown(info: TLPointerEventInfo): void {
      const host = hostOf(this.editor);
      const scene = host?.view.get().scene;
      if (host == null || scene == null || info.button !== 0) return;
      const settings = host.fogSettings.get();
      const mode = info.altKey ? (settings.mode === 'reveal' ? 'hide' : 'reveal') : settings.mode;
      const point = this.#point();
      const preview = host.fogPreview.get();
      switch (settings.shape) {
        case 'rect': {
          const corner = snapToGridLines(scene.grid, point);
          host.fogPreview.set({ shape: 'rect', mode, from: corner, to: corner });
          return;
        }
        case 'brush':
          host.fogPreview.set({
            shape: 'brush',
            mode,
            radius: (Math.max(0.25, settings.brushCells) * scene.grid.size) / 2,
            stroke: [point],
          });
          return;
        case 'polygon': {
          const corners = preview?.shape === 'polygon' ? preview.corners : [];
          const first = corners[0];
          if (first !== undefined && corners.length >= 3 && this.#nearOnScreen(first, point)) {
            this.#closePolygon();
            return;
          }
          host.fogPreview.set({
            shape: 'polygon',
            mode: preview?.shape === 'polygon' ? preview.mode : mode,
            corners: [...corners, point],
            pointer: point,
          });
          return;
        }
      }
    }

    override onPointerMove(): void {
      const host = hostOf(this.editor);
      const preview = host?.fogPreview.get();
      const scene = host?.view.get().scene;
      if (host == null || preview == null || scene == null) return;
      const point = this.#point();
      if (preview.shape === 'rect' && this.editor.inputs.getIsPointing()) {
        host.fogPreview.set({ ...preview, to: snapToGridLines(scene.grid, point) });
      } else if (preview.shape === 'brush' && this.editor.inputs.getIsPointing()) {
        host.fogPreview.set({ ...preview, stroke: [...preview.stroke, point] });
      } else if (preview.shape === 'polygon') {
        host.fogPreview.set({ ...preview, pointer: point });
      }
    }

    override onPointerUp(): void {
      const host = hostOf(this.editor);
      const preview = host?.fogPreview.get();
      if (host == null || preview == null) return;
      if (preview.shape === 'rect') {
        host.fogPreview.set(null);
        const draft = rectDraft(preview.mode, preview.from, preview.to);
        if (draft !== null) host.addFog([draft]);
      } else if (preview.shape === 'brush') {
        host.fogPreview.set(null);
        host.addFog(brushDrafts(preview.mode, preview.radius, preview.stroke));
      }
    }

    override onDoubleClick(info: TLClickEventInfo): void {
      if (info.phase === 'up') this.#closePolygon();
    }

    override onKeyDown(info: TLKeyboardEventInfo): void {
      const host = hostOf(this.editor);
      const preview = host?.fogPreview.get();
      if (host == null || preview?.shape !== 'polygon') return;
      if (info.key === 'Backspace' || info.key === 'Delete') {
        const corners = preview.corners.slice(0, -1);
        host.fogPreview.set(corners.length === 0 ? null : { ...preview, corners });
      }
    }

    override onComplete(): void {
      this.#closePolygon();
    }

    override onCancel(): void {
      const host = hostOf(this.editor);
      if (host?.fogPreview.get() == null) this.editor.setCurrentTool('select');
      else host.fogPreview.set(null);
    }

    #point(): Point {
      const point = this.editor.inputs.getCurrentPagePoint();
      return { x: point.x, y: point.y };
    }

    #nearOnScreen(a: Point, b: Point): boolean {
      const sa = this.editor.pageToScreen(a);
      const sb = this.editor.pageToScreen(b);
      return Math.hypot(sa.x - sb.x, sa.y - sb.y) <= CLOSE_POLYGON_PX;
    }

    #closePolygon(): void {
      const host = hostOf(this.editor);
      const preview = host?.fogPreview.get();
      if (host == null || preview?.shape !== 'polygon') return;
      host.fogPreview.set(null);
      const draft = polygonDraft(preview.mode, preview.corners);
      if (draft !== null) host.addFog([draft]);
    }
  };
}
