import { useLayoutEffect, useRef } from 'react';
import { atom, computed, type Editor, react, useEditor, useValue } from 'tldraw';
import { type Affine, type TokenDrawItem, TokenPainter } from './drawTokens';
import { type Area, contains, overlaps, overscanned } from './tokenLayerArea';
import { drawnInDom, TOKEN_SHAPE_TYPE, type TokenShape } from './tokenShape';
import { TokenSprites } from './tokenSprites';

/**
 * The token layer: one canvas, over the viewport and a margin around it, that draws every token
 * there (the campaign board passes it inside tldraw's `OnTheCanvas` slot). A token's own tldraw shape keeps
 * its geometry, so selecting, hovering, dragging and turning work as before, but its DOM stays
 * out of the page's layout (tokens.css) unless it has something a canvas cannot show: a refusal
 * with its button, or the viewer's move waiting for the GM (drawnInDom). 2,000 tokens are then
 * 2,000 sprite copies on one canvas, instead of 2,000 positioned elements that the browser lays
 * out, paints and layerizes on every frame of a pan (docs/benchmarks.md, the board).
 *
 * The canvas lies in scene pixels like the shapes, over the viewport and a margin around it:
 * panning moves it with the map and draws nothing (drawTokenLayer).
 */
export function TokenCanvasLayer() {
  const editor = useEditor();
  const ref = useRef<HTMLCanvasElement>(null);
  // Tokens stack among the other shapes where the lowest of them would: drawings under the
  // tokens stay under, anything above stays above.
  const zIndex = useValue('token layer z-index', () => lowestTokenIndex(editor), [editor]);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (canvas === null || context === null || context === undefined) return;
    return drawTokenLayer(editor, canvas, context);
  }, [editor]);
  return (
    <canvas ref={ref} className="mt-token-layer" data-testid="token-layer" style={{ zIndex }} />
  );
}

/** The tokens tldraw renders (fog and visibility applied), bottom first. */
function renderedTokens(editor: Editor) {
  return editor
    .getRenderingShapes()
    .filter((entry) => entry.shape.type === TOKEN_SHAPE_TYPE)
    .sort((a, b) => a.index - b.index);
}

function lowestTokenIndex(editor: Editor): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const entry of editor.getRenderingShapes()) {
    if (entry.shape.type === TOKEN_SHAPE_TYPE && entry.index < lowest) lowest = entry.index;
  }
  return Number.isFinite(lowest) ? lowest : 0;
}

/**
 * Draws the tokens onto the canvas, which covers the viewport and some scene around it, in scene
 * pixels, so that it moves with the map like the shapes do: a pan draws nothing until the view
 * leaves the drawn area. It draws again when a token, the hovered or selected token, the zoom or
 * the screen changes. Returns the stop.
 */
function drawTokenLayer(
  editor: Editor,
  canvas: HTMLCanvasElement,
  context: CanvasRenderingContext2D,
): () => void {
  const imagesLoaded = atom('token layer images', 0);
  const sprites = new TokenSprites(() => imagesLoaded.update((n) => n + 1));
  const painter = new TokenPainter(sprites);
  // What is drawn, apart from the camera: a new value means a new drawing.
  const content = computed('token layer content', () => ({
    tokens: renderedTokens(editor),
    hovered: editor.getHoveredShapeId(),
    selected: new Set(editor.getSelectedShapeIds()),
    images: imagesLoaded.get(),
  }));
  let drawn: { content: unknown; zoom: number; dpr: number; area: Area } | null = null;
  const stop = react('draw the token layer', () => {
    const now = content.get();
    const zoom = editor.getZoomLevel();
    const view = editor.getViewportPageBounds();
    const dpr = window.devicePixelRatio || 1;
    if (
      drawn !== null &&
      drawn.content === now &&
      drawn.zoom === zoom &&
      drawn.dpr === dpr &&
      contains(drawn.area, view)
    ) {
      return;
    }
    const area = overscanned(view, zoom, dpr);
    const width = Math.max(1, Math.round(area.w * zoom * dpr));
    const height = Math.max(1, Math.round(area.h * zoom * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    canvas.style.width = `${width / dpr}px`;
    canvas.style.height = `${height / dpr}px`;
    // The canvas sits in tldraw's camera-transformed layer, at the area's corner, one canvas px
    // a screen px.
    canvas.style.transform = `translate(${area.x}px, ${area.y}px) scale(${1 / zoom})`;
    const items: TokenDrawItem[] = [];
    for (const entry of now.tokens) {
      const shape = entry.shape as TokenShape;
      if (drawnInDom(shape.props)) continue;
      const transform = pageTransform(editor, shape);
      if (!overlaps(area, transform, shape.props.w)) continue;
      items.push({
        props: shape.props,
        transform,
        opacity: entry.opacity,
        emphasised: shape.id === now.hovered || now.selected.has(shape.id),
      });
    }
    const count = painter.draw(context, { zoom, cameraX: -area.x, cameraY: -area.y, dpr }, items);
    canvas.dataset.drawn = String(count);
    drawn = { content: now, zoom, dpr, area };
  });
  return () => {
    stop();
    sprites.clear();
  };
}

/** A token's page transform: built from the shape when it sits on the page, as tokens do. */
function pageTransform(editor: Editor, shape: TokenShape): Affine {
  if (!shape.parentId.startsWith('page:')) return editor.getShapePageTransform(shape.id);
  if (shape.rotation === 0) return { a: 1, b: 0, c: 0, d: 1, e: shape.x, f: shape.y };
  const cos = Math.cos(shape.rotation);
  const sin = Math.sin(shape.rotation);
  return { a: cos, b: sin, c: -sin, d: cos, e: shape.x, f: shape.y };
}
