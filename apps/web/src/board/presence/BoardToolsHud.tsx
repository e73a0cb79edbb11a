/**
 * The board tools' screen-space parts (tldraw's `InFrontOfTheCanvas` slot): the panel of the
 * tool in hand (ruler, template, fog, ping), the template this viewer placed while another tool
 * is in hand, a notice when a write could not be made, and indicators of pings outside the view.
 */
import { type ReactElement, useContext } from 'react';
import { useValue } from 'tldraw';
import { FogPanel } from '../fog/FogPanel';
import { FOG_TOOL_ID } from '../fog/FogTool';
import { formatDistance, measurePath } from '../measure/measurePath';
import { RULER_TOOL_ID } from '../measure/RulerTool';
import { rulerPoints } from '../measure/rulerDraft';
import { coverText, TemplatePanel } from '../measure/TemplatePanel';
import { TEMPLATE_TOOL_ID } from '../measure/TemplateTool';
import { describeTemplate } from '../measure/templateDraft';
import type { BoardTools } from './BoardTools';
import { BoardToolsContext } from './boardToolsContext';
import { PingIndicators } from './PingIndicators';
import { PING_TOOL_ID } from './PingTool';

/** Pass as `components.InFrontOfTheCanvas` of the campaign board's `<Tldraw>`. */
export function BoardToolsHud() {
  const tools = useContext(BoardToolsContext);
  if (tools === null) return null;
  return <Hud tools={tools} />;
}

function Hud({ tools }: { tools: BoardTools }) {
  const toolId = useValue('mt tool', () => tools.editor.getCurrentToolId(), [tools]);
  const isGm = useValue('mt hud gm', () => tools.view.get().isGm, [tools]);
  const hasScene = useValue('mt hud scene', () => tools.view.get().scene !== null, [tools]);
  const notice = useValue('mt notice', () => tools.notice.get(), [tools]);
  const template = useValue('mt hud template', () => tools.template.get(), [tools]);
  let panel: ReactElement | null = null;
  if (hasScene && toolId === RULER_TOOL_ID) panel = <RulerPanel tools={tools} />;
  else if (hasScene && toolId === TEMPLATE_TOOL_ID) panel = <TemplatePanel host={tools} />;
  else if (hasScene && toolId === FOG_TOOL_ID && isGm) panel = <FogPanel host={tools} />;
  else if (hasScene && toolId === PING_TOOL_ID) {
    panel = (
      <p className="mt-tools-panel__readout">
        Click to ping for everyone{isGm ? '; Shift+click makes everyone look here' : ''}. From any
        tool: P pings where the pointer is{isGm ? ', Shift+P makes everyone look' : ''}; a long
        press pings too.
      </p>
    );
  } else if (template !== null) panel = <PlacedTemplate tools={tools} />;
  return (
    <>
      {(panel !== null || notice !== null) && (
        <div className="mt-tools-panel" data-testid="board-tools-panel">
          {notice !== null && (
            <p className="mt-tools-panel__notice" role="alert" data-testid="board-tools-notice">
              <span>{notice}</span>
              <button type="button" onClick={() => tools.dismissNotice()} aria-label="Dismiss">
                ×
              </button>
            </p>
          )}
          {panel}
        </div>
      )}
      <PingIndicators tools={tools} />
    </>
  );
}

/** The ruler's hints, and its length read out for screen readers too. */
function RulerPanel({ tools }: { tools: BoardTools }) {
  const length = useValue('mt ruler length', () => {
    const draft = tools.ruler.get();
    const scene = tools.view.get().scene;
    if (draft === null || scene === null) return null;
    const measure = measurePath(scene.grid, tools.diagonalRule(), rulerPoints(draft));
    return formatDistance(measure.distance, measure.units);
  }, [tools]);
  return (
    <section className="mt-tools-panel__section" aria-label="Ruler">
      <p className="mt-tools-panel__readout" aria-live="polite" data-testid="ruler-readout">
        {length === null
          ? 'Drag from a token or a point to measure; or click, then click for each waypoint and double-click to end. W adds a waypoint mid-drag, Backspace takes one back, Esc ends.'
          : `Distance: ${length}`}
      </p>
    </section>
  );
}

/** This viewer's placed template, while another tool is in hand: what it covers, and Clear. */
function PlacedTemplate({ tools }: { tools: BoardTools }) {
  const text = useValue('mt placed template', () => {
    const shape = tools.template.get();
    const scene = tools.view.get().scene;
    if (shape === null || scene === null) return '';
    return `${describeTemplate(shape, scene.grid)}. ${coverText(tools.coveredBy(shape))}.`;
  }, [tools]);
  return (
    <section className="mt-tools-panel__section" aria-label="Your template">
      <p className="mt-tools-panel__readout">{text}</p>
      <div className="mt-tools-panel__actions">
        <button type="button" onClick={() => tools.setTemplate(null)}>
          Clear template
        </button>
      </div>
    </section>
  );
}
