/**
 * The board tools' layers on the canvas (tldraw's `OnTheCanvas` slot, in scene pixels, above the
 * board's shapes): templates, then fog over them, then rulers, pings and cursors over the fog, so
 * that a player sees no template in the dark but does see where others point and measure.
 */
import { useContext } from 'react';
import { FogLayer } from '../fog/FogLayer';
import { RulerLayer } from '../measure/RulerLayer';
import { TemplateLayer } from '../measure/TemplateLayer';
import { BoardToolsContext } from './boardToolsContext';
import { CursorLayer, PingLayer } from './PresenceLayers';
import './boardTools.css';

/** Pass as `components.OnTheCanvas` of the campaign board's `<Tldraw>`. */
export function BoardToolsCanvas() {
  const tools = useContext(BoardToolsContext);
  if (tools === null) return null;
  return (
    <div className="mt-tools-canvas" data-testid="board-tools-canvas">
      <TemplateLayer host={tools} />
      <FogLayer host={tools} />
      <RulerLayer host={tools} />
      <PingLayer host={tools} />
      <CursorLayer host={tools} />
    </div>
  );
}
