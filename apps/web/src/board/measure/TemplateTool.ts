/**
 * Area templates as a tldraw tool: press where the template starts and drag to size and aim it
 * (templateDraft.ts). The template stays on the board, shared with everyone through awareness,
 * until its placer clears it (Escape, Delete, or the Clear button), places another, or a GM
 * keeps it on the scene.
 */
import type { Scene, TemplateShape } from '@meshtable/schema';
import {
  type Editor,
  StateNode,
  type TLKeyboardEventInfo,
  type TLPointerEventInfo,
  type TLStateNodeConstructor,
} from 'tldraw';
import type { Point } from '../grid/gridGeometry';
import { snapTemplateOrigin, type TemplateSettings, templateFromDrag } from './templateDraft';

/** The template tool's id. */
export const TEMPLATE_TOOL_ID = 'mt-template';

/** What the template tool needs of the board's tools. */
export interface TemplateHost {
  readonly template: { get(): TemplateShape | null };
  readonly templateSettings: { get(): TemplateSettings };
  readonly view: { get(): { readonly scene: Pick<Scene, 'grid'> | null } };
  setTemplate(shape: TemplateShape | null): void;
}

/**
 * Makes the template tool class.
 * @param hostOf finds the board's tools of an editor (null before they are attached)
 */
export function createTemplateTool(
  hostOf: (editor: Editor) => TemplateHost | null,
): TLStateNodeConstructor {
  return class TemplateTool extends StateNode {
    static override id = TEMPLATE_TOOL_ID;
    // tldraw's tool lock keeps a tool in hand after one use; these stay in hand anyway.
    static override isLockable = false;
    #origin: Point | null = null;

    override onEnter(): void {
      this.editor.setCursor({ type: 'cross', rotation: 0 });
    }

    override onExit(): void {
      this.#origin = null;
    }

    override onPointerDown(info: TLPointerEventInfo): void {
      const scene = hostOf(this.editor)?.view.get().scene;
      if (info.button !== 0 || scene == null) return;
      this.#origin = snapTemplateOrigin(scene.grid, this.editor.inputs.getCurrentPagePoint());
      this.#place(info.shiftKey);
    }

    override onPointerMove(info: TLPointerEventInfo): void {
      if (this.#origin !== null) this.#place(info.shiftKey);
    }

    override onPointerUp(info: TLPointerEventInfo): void {
      if (this.#origin === null) return;
      this.#place(info.shiftKey);
      this.#origin = null;
    }

    override onKeyDown(info: TLKeyboardEventInfo): void {
      if (info.key === 'Backspace' || info.key === 'Delete') hostOf(this.editor)?.setTemplate(null);
    }

    override onCancel(): void {
      const host = hostOf(this.editor);
      this.#origin = null;
      if (host?.template.get() == null) this.editor.setCurrentTool('select');
      else host.setTemplate(null);
    }

    #place(snapAngle: boolean): void {
      const host = hostOf(this.editor);
      const scene = host?.view.get().scene;
      if (host == null || scene == null || this.#origin === null) return;
      const pointer = this.editor.inputs.getCurrentPagePoint();
      host.setTemplate(
        templateFromDrag(host.templateSettings.get(), scene.grid, this.#origin, pointer, snapAngle),
      );
    }
  };
}
