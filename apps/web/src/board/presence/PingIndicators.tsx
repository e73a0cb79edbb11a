/**
 * Pings outside the view, shown at the edge of the screen in the direction they are, with the
 * pinger's name: a button that brings the view there.
 */
import { useValue } from 'tldraw';
import type { BoardTools } from './BoardTools';

/** How far from the screen's sides an indicator's middle sits, in pixels: room for a name. */
const SIDE_MARGIN = 64;
/** How far from the top, and from the bottom (above tldraw's toolbar), in pixels. */
const TOP_MARGIN = 24;
const BOTTOM_MARGIN = 120;

/** The indicators of pings on the viewed scene that lie outside the view. */
export function PingIndicators({ tools }: { tools: BoardTools }) {
  const { editor } = tools;
  const indicators = useValue('mt ping indicators', () => {
    const sceneId = tools.view.get().scene?.id;
    const viewport = editor.getViewportScreenBounds();
    return tools.pings
      .get()
      .filter((ping) => ping.sceneId === sceneId)
      .flatMap((ping) => {
        // Screen coordinates relative to the canvas (reading the camera makes this follow it).
        editor.getCamera();
        const screen = editor.pageToViewport({ x: ping.x, y: ping.y });
        const inside =
          screen.x >= 0 && screen.y >= 0 && screen.x <= viewport.w && screen.y <= viewport.h;
        if (inside) return [];
        return [
          {
            ping,
            left: Math.min(Math.max(screen.x, SIDE_MARGIN), viewport.w - SIDE_MARGIN),
            top: Math.min(Math.max(screen.y, TOP_MARGIN), viewport.h - BOTTOM_MARGIN),
            angle: Math.atan2(screen.y - viewport.h / 2, screen.x - viewport.w / 2),
          },
        ];
      });
  }, [tools, editor]);
  return (
    <>
      {indicators.map(({ ping, left, top, angle }) => (
        <button
          key={ping.key}
          type="button"
          className="mt-ping-indicator"
          data-testid="ping-indicator"
          style={{ left, top, color: ping.color }}
          onClick={() => editor.centerOnPoint(ping, { animation: { duration: 300 } })}
          aria-label={`${ping.name} pinged outside the view: go there`}
        >
          <span className="mt-ping-indicator__arrow" style={{ transform: `rotate(${angle}rad)` }}>
            ➜
          </span>
          <span className="mt-ping-indicator__name">{ping.name}</span>
        </button>
      ))}
    </>
  );
}
