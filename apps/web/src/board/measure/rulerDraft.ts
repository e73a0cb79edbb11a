/**
 * The ruler's gestures as a pure state machine, so they are tested without a canvas:
 *
 * - **Drag** from a point (or a token) to measure; releasing the drag ends the ruler.
 * - **Click** to start, then each **click** adds a waypoint while the end follows the pointer;
 *   a **double click**, Enter or Escape ends it.
 * - While measuring, **Space** (or W) fixes the end as a waypoint (mid-drag too), and
 *   **Backspace** takes the last waypoint back.
 *
 * Points arrive already snapped (the tool snaps to cell centres, or to a token's centre).
 */
import { MAX_RULER_POINTS, type Token } from '@meshtable/schema';
import { type Point, tokenFootprint } from '../grid/gridGeometry';
import { type MeasureGrid, snapToCellCentre } from './measurePath';

/** A ruler in use. */
export interface RulerDraft {
  /** The start, then each waypoint fixed since: at least one point. */
  readonly waypoints: readonly Point[];
  /** The live end, where the pointer is. */
  readonly end: Point;
  /** Whether the pointer is held down. */
  readonly pressed: boolean;
}

/** What the viewer does with the ruler. */
export type RulerEvent =
  | { readonly type: 'press'; readonly point: Point }
  | { readonly type: 'move'; readonly point: Point }
  /** `dragged`: the pointer travelled far enough since the press to be a drag, not a click. */
  | { readonly type: 'release'; readonly point: Point; readonly dragged: boolean }
  | { readonly type: 'waypoint' }
  | { readonly type: 'undo' }
  | { readonly type: 'end' };

function same(a: Point | undefined, b: Point): boolean {
  return a !== undefined && a.x === b.x && a.y === b.y;
}

function addWaypoint(draft: RulerDraft, point: Point): RulerDraft {
  const last = draft.waypoints[draft.waypoints.length - 1];
  // The end counts as a point too: keep room for it within what presence may share.
  if (same(last, point) || draft.waypoints.length >= MAX_RULER_POINTS - 1) {
    return { ...draft, end: point };
  }
  return { ...draft, waypoints: [...draft.waypoints, point], end: point };
}

/**
 * The ruler after an event.
 * @returns the new draft, or null when the ruler is put away
 */
export function stepRuler(draft: RulerDraft | null, event: RulerEvent): RulerDraft | null {
  if (draft === null) {
    return event.type === 'press'
      ? { waypoints: [event.point], end: event.point, pressed: true }
      : null;
  }
  switch (event.type) {
    case 'press':
      return { ...draft, end: event.point, pressed: true };
    case 'move':
      return same(draft.end, event.point) ? draft : { ...draft, end: event.point };
    case 'release': {
      if (event.dragged) return null;
      const released = { ...draft, pressed: false, end: event.point };
      // The click that started the ruler adds nothing; every later click adds a waypoint.
      if (draft.waypoints.length === 1 && same(draft.waypoints[0], event.point)) return released;
      return addWaypoint(released, event.point);
    }
    case 'waypoint':
      return addWaypoint(draft, draft.end);
    case 'undo':
      return draft.waypoints.length <= 1
        ? null
        : { ...draft, waypoints: draft.waypoints.slice(0, -1) };
    case 'end':
      return null;
  }
}

/** The points a ruler draws and measures: its waypoints, then its end (when it differs). */
export function rulerPoints(draft: RulerDraft): Point[] {
  const last = draft.waypoints[draft.waypoints.length - 1];
  return same(last, draft.end) ? [...draft.waypoints] : [...draft.waypoints, draft.end];
}

/**
 * Where a ruler's point lands: a press on a token starts from the token's centre; any other
 * point goes to the centre of its cell (scenes without a grid: where it is).
 * @param tokens the tokens this viewer sees on the scene
 * @param start whether this is the ruler's first point (only a start snaps to a token)
 */
export function anchorRulerPoint(
  grid: MeasureGrid,
  tokens: readonly Pick<Token, 'x' | 'y' | 'size'>[],
  point: Point,
  start: boolean,
): Point {
  if (start) {
    // The topmost token under the point: the last drawn.
    for (let i = tokens.length - 1; i >= 0; i--) {
      const token = tokens[i] as Pick<Token, 'x' | 'y' | 'size'>;
      const side = tokenFootprint(grid, token.size);
      if (
        point.x >= token.x &&
        point.x <= token.x + side &&
        point.y >= token.y &&
        point.y <= token.y + side
      ) {
        return { x: token.x + side / 2, y: token.y + side / 2 };
      }
    }
  }
  return snapToCellCentre(grid, point);
}
