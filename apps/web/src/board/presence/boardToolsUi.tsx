/**
 * The board tools' place in tldraw's UI: the tool classes (registered on the editor by
 * useBoardTools), their toolbar entries with labels, icons and keyboard shortcuts
 * ({@link BOARD_TOOLS_OVERRIDES}), and the toolbar buttons ({@link BoardToolbarItems}).
 */
import { useContext } from 'react';
import {
  type TLStateNodeConstructor,
  type TLUiIconJsx,
  type TLUiOverrides,
  ToolbarItem,
  useValue,
} from 'tldraw';
import { createFogTool, FOG_TOOL_ID } from '../fog/FogTool';
import { createRulerTool, RULER_TOOL_ID } from '../measure/RulerTool';
import { createTemplateTool, TEMPLATE_TOOL_ID } from '../measure/TemplateTool';
import { toolsOf } from './attachedTools';
import { BoardToolsContext } from './boardToolsContext';
import { createPingTool, PING_TOOL_ID } from './PingTool';

/** The tool classes, made once (tldraw wants the same classes every time). */
export const BOARD_TOOL_CLASSES: readonly TLStateNodeConstructor[] = [
  createRulerTool(toolsOf),
  createTemplateTool(toolsOf),
  createFogTool(toolsOf),
  createPingTool(toolsOf),
];

/** The ids of the board tools. */
export const BOARD_TOOL_IDS: readonly string[] = [
  RULER_TOOL_ID,
  TEMPLATE_TOOL_ID,
  FOG_TOOL_ID,
  PING_TOOL_ID,
];

/** A small line icon for the toolbar (tldraw's icons are masks; these draw in currentColor). */
function icon(path: string): TLUiIconJsx {
  return (
    <div className="mt-tool-icon">
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path d={path} />
      </svg>
    </div>
  );
}

const ICONS = {
  ruler: icon('M3 17 L17 3 L21 7 L7 21 Z M7 13 l2 2 M10 10 l2 2 M13 7 l2 2'),
  template: icon('M12 3 L3 20 L21 20 Z M12 9 v0.1'),
  fog: icon('M4 10 h11 M7 14 h13 M4 18 h10 M9 6 h8'),
  ping: icon(
    'M12 12 m-2 0 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0 M12 12 m-7 0 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0',
  ),
};

/**
 * The board tools' entries in tldraw's UI. Pass after the board's own overrides, so that their
 * shortcuts stay: `overrides={[BOARD_OVERRIDES, BOARD_TOOLS_OVERRIDES]}`.
 */
export const BOARD_TOOLS_OVERRIDES: TLUiOverrides = {
  tools(editor, tools) {
    const entry = (id: string, label: string, icon: TLUiIconJsx, kbd?: string) => {
      tools[id] = { id, label, icon, kbd, onSelect: () => editor.setCurrentTool(id) };
    };
    entry(RULER_TOOL_ID, 'Ruler', ICONS.ruler, 'm');
    // T and F are tldraw's text and frame tools, which the campaign board leaves out.
    entry(TEMPLATE_TOOL_ID, 'Area template', ICONS.template, 't');
    entry(FOG_TOOL_ID, 'Fog of war', ICONS.fog, 'f');
    entry(PING_TOOL_ID, 'Ping', ICONS.ping);
    return tools;
  },
};

/** The board tools' toolbar buttons: the fog tool for GMs only. */
export function BoardToolbarItems() {
  const tools = useContext(BoardToolsContext);
  const isGm = useValue('mt toolbar gm', () => tools?.view.get().isGm === true, [tools]);
  return (
    <>
      <ToolbarItem tool={RULER_TOOL_ID} />
      <ToolbarItem tool={TEMPLATE_TOOL_ID} />
      {isGm && <ToolbarItem tool={FOG_TOOL_ID} />}
      <ToolbarItem tool={PING_TOOL_ID} />
    </>
  );
}
