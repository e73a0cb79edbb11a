import {
  ArrowToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  RectangleToolbarItem,
  TextToolbarItem,
} from 'tldraw';

/**
 * tldraw's tools whose shapes the table keeps as annotations (annotationShapes.ts): draw, text,
 * arrow, rectangle and ellipse, and the eraser, which leaves others' (locked) drawings alone.
 */
export function DrawingToolbarItems() {
  return (
    <>
      <DrawToolbarItem />
      <TextToolbarItem />
      <ArrowToolbarItem />
      <RectangleToolbarItem />
      <EllipseToolbarItem />
      <EraserToolbarItem />
    </>
  );
}

/**
 * The tools' ids that keep their keyboard shortcuts on the campaign board. Not text: T is the
 * area template's (board/presence boardToolsUi.tsx).
 */
export const DRAWING_TOOL_IDS: readonly string[] = [
  'draw',
  'arrow',
  'rectangle',
  'ellipse',
  'geo',
  'eraser',
];
