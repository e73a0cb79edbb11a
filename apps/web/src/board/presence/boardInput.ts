/**
 * What the board's tools hear from the canvas whatever tool is in hand: the pointer (for this
 * viewer's cursor, shared through awareness; cleared when it leaves the canvas), the P key (a
 * ping where the pointer is, Shift+P a GM's "look here"), and a finger held still on the map
 * while selecting or panning (a ping, for touch screens).
 */
import type { Editor, TLEventInfo } from 'tldraw';
import type { Point } from '../grid/gridGeometry';

/** What the listeners drive. */
export interface BoardInputHost {
  pointer(point: Point | null): void;
  ping(point: Point, pull: boolean): boolean;
}

/** The tools in which a long press pings (others use the press themselves). */
const LONG_PRESS_TOOLS = new Set(['select', 'hand']);

/**
 * Starts listening.
 * @returns a function that stops
 */
export function listenToBoardInput(editor: Editor, host: BoardInputHost): () => void {
  const pagePoint = (): Point => {
    const point = editor.inputs.getCurrentPagePoint();
    return { x: point.x, y: point.y };
  };
  const pointerInView = (): boolean => {
    const screen = editor.inputs.getCurrentScreenPoint();
    const bounds = editor.getViewportScreenBounds();
    return screen.x >= 0 && screen.y >= 0 && screen.x <= bounds.w && screen.y <= bounds.h;
  };
  // A finger held still on the map pings. A mouse held still does not (a GM pausing before a
  // drag would ping by surprise), nor does a press on a token (it is being picked up).
  const longPressPings = (): boolean =>
    editor.getInstanceState().isCoarsePointer &&
    LONG_PRESS_TOOLS.has(editor.getCurrentToolId()) &&
    editor.getShapeAtPoint(editor.inputs.getCurrentPagePoint()) === undefined;
  const onEvent = (info: TLEventInfo) => {
    if (info.type === 'pointer') {
      if (info.name === 'pointer_move') host.pointer(pagePoint());
      else if (info.name === 'long_press' && longPressPings()) host.ping(pagePoint(), false);
    } else if (info.type === 'keyboard' && info.name === 'key_down') {
      if (
        (info.key === 'p' || info.key === 'P') &&
        !info.ctrlKey &&
        !info.metaKey &&
        !info.altKey
      ) {
        if (pointerInView()) host.ping(pagePoint(), info.shiftKey);
      }
    }
  };
  const container = editor.getContainer();
  const onLeave = () => host.pointer(null);
  editor.on('event', onEvent);
  container.addEventListener('pointerleave', onLeave);
  return () => {
    editor.off('event', onEvent);
    container.removeEventListener('pointerleave', onLeave);
  };
}
