/**
 * Draws one frame of the token layer: every token in view onto one screen-sized canvas, in the
 * order tldraw stacks them, with the same parts and level of detail as the DOM token
 * (TokenShapeUtil.tsx): the disc (a sprite, tokenSprites.ts), the turn's glow, and when the
 * token is big enough on the screen its bars, condition markers, hidden badge, lock and name.
 */
import { barFill, MAX_TOKEN_BARS } from './tokenBars';
import { layoutTokenLabel, type TokenLabelLayout } from './tokenLabel';
import { isTokenDetailed, MAX_CONDITION_MARKERS, tokenMetrics } from './tokenMetrics';
import type { TokenShapeProps } from './tokenShape';
import { spritePad, type TokenSprites } from './tokenSprites';

/** A 2D affine transform, as tldraw's `Mat` (a, b, c, d, e, f). */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

/** One token to draw. */
export interface TokenDrawItem {
  readonly props: TokenShapeProps;
  /** Its page transform (scene px). */
  readonly transform: Affine;
  /** Its opacity, with its parents' (a hidden token is translucent on the GM's board). */
  readonly opacity: number;
  /** Hovered or selected: its whole name shows. */
  readonly emphasised: boolean;
}

/** The camera of a frame. */
export interface TokenFrame {
  readonly zoom: number;
  readonly cameraX: number;
  readonly cameraY: number;
  /** Device pixels per screen px. */
  readonly dpr: number;
}

const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_MIN_PX = 11;
const CONDITION_MIN_PX = 9;
const BADGE_MIN_PX = 10;
const LOCK_MIN_PX = 12;
const TURN_COLOR = '#ffc21a';
/** Laid-out labels kept between frames, at most. */
const LABEL_CACHE_LIMIT = 4000;

/** Draws the token layer's frames; keeps laid-out labels between frames. */
export class TokenPainter {
  readonly #sprites: TokenSprites;
  readonly #labels = new Map<string, TokenLabelLayout | null>();

  constructor(sprites: TokenSprites) {
    this.#sprites = sprites;
  }

  /**
   * Clears `context` (its canvas covers the viewport) and draws `items`, bottom first.
   * @returns how many tokens were drawn
   */
  draw(
    context: CanvasRenderingContext2D,
    frame: TokenFrame,
    items: readonly TokenDrawItem[],
  ): number {
    const { dpr } = frame;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, context.canvas.width, context.canvas.height);
    this.#sprites.beginFrame();
    const emphasised: TokenDrawItem[] = [];
    for (const item of items) {
      this.#placeToken(context, frame, item);
      context.globalAlpha = item.opacity;
      this.#drawToken(context, frame, item);
      if (item.emphasised) emphasised.push(item);
    }
    // Whole names last: they may overhang the tokens beside them.
    for (const item of emphasised) {
      this.#placeToken(context, frame, item);
      context.globalAlpha = item.opacity;
      this.#drawLabel(context, frame, item, true);
    }
    context.globalAlpha = 1;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    return items.length;
  }

  /** Sets the transform so that one unit is one screen px along the token, from its corner. */
  #placeToken(context: CanvasRenderingContext2D, frame: TokenFrame, item: TokenDrawItem): void {
    const { zoom, cameraX, cameraY, dpr } = frame;
    const { a, b, c, d, e, f } = item.transform;
    let x = dpr * zoom * (e + cameraX);
    let y = dpr * zoom * (f + cameraY);
    // An upright token lands on whole device pixels, so its sprite is copied, not resampled.
    if (b === 0 && c === 0) {
      x = Math.round(x);
      y = Math.round(y);
    }
    context.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, x, y);
  }

  #drawToken(context: CanvasRenderingContext2D, frame: TokenFrame, item: TokenDrawItem): void {
    const { zoom, dpr } = frame;
    const { props } = item;
    const metrics = tokenMetrics(props.w);
    const side = props.w * zoom;
    const ring = metrics.ring * zoom;
    if (props.turn) drawTurn(context, side, ring);
    const sprite = this.#sprites.disc(
      {
        name: props.name,
        image: props.image,
        ringColor: props.ownerColor,
        ring,
        dashed: props.pending,
        side,
      },
      dpr,
    );
    const pad = spritePad(dpr);
    context.drawImage(sprite, -pad, -pad, sprite.width / dpr, sprite.height / dpr);
    if (!isTokenDetailed(props.w, zoom)) return;
    const em = metrics.label * zoom;
    if (props.bars.length > 0) drawBars(context, props, side, metrics.bar * zoom);
    if (props.conditions.length > 0) drawConditions(context, props.conditions, side, em);
    if (props.hidden) drawBadge(context, em);
    if (!props.movable) drawLock(context, side, em);
    if (!item.emphasised) this.#drawLabel(context, frame, item, false);
  }

  #drawLabel(
    context: CanvasRenderingContext2D,
    frame: TokenFrame,
    item: TokenDrawItem,
    full: boolean,
  ): void {
    const { props } = item;
    if (!full && !isTokenDetailed(props.w, frame.zoom)) return;
    const side = props.w * frame.zoom;
    const fontPx = Math.max(0.75 * tokenMetrics(props.w).label * frame.zoom, LABEL_MIN_PX);
    const font = `${fontPx.toFixed(1)}px ${FONT_STACK}`;
    context.font = font;
    const key = `${full}|${font}|${side.toFixed(1)}|${props.name}`;
    let layout = this.#labels.get(key);
    if (layout === undefined) {
      if (this.#labels.size >= LABEL_CACHE_LIMIT) this.#labels.clear();
      layout = layoutTokenLabel({
        name: props.name,
        side,
        fontPx,
        full,
        measure: (text) => context.measureText(text).width,
      });
      this.#labels.set(key, layout);
    }
    if (layout === null) return;
    context.fillStyle = 'rgb(255 255 255 / 0.88)';
    context.beginPath();
    context.roundRect(layout.x, layout.y, layout.width, layout.height, fontPx * 0.4);
    context.fill();
    context.fillStyle = '#1d1d1f';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(layout.text, layout.x + layout.width / 2, layout.y + layout.height / 2);
  }
}

/** A ring of gold and a glow outside the disc: whose turn it is (combat). */
function drawTurn(context: CanvasRenderingContext2D, side: number, ring: number): void {
  const r = side / 2;
  context.save();
  context.beginPath();
  context.arc(r, r, r + ring, 0, 2 * Math.PI);
  context.lineWidth = ring;
  context.strokeStyle = TURN_COLOR;
  context.shadowColor = 'rgb(255 194 26 / 0.85)';
  context.shadowBlur = 14;
  context.stroke();
  context.restore();
}

function drawBars(
  context: CanvasRenderingContext2D,
  props: TokenShapeProps,
  side: number,
  height: number,
): void {
  const bars = props.bars.slice(0, MAX_TOKEN_BARS);
  const left = side * 0.08;
  const width = side * 0.84;
  // Inside the token's top edge (as the label is inside its bottom one): bars hung above it
  // would cover the token in the row above.
  let y = 0;
  for (const bar of bars) {
    context.fillStyle = 'rgb(0 0 0 / 0.55)';
    context.beginPath();
    context.roundRect(left, y, width, height, 2);
    context.fill();
    context.fillStyle = bar.color;
    context.fillRect(left, y, width * barFill(bar), height);
    y += height + 2;
  }
}

function drawConditions(
  context: CanvasRenderingContext2D,
  conditions: readonly string[],
  side: number,
  em: number,
): void {
  const shown = conditions.slice(0, MAX_CONDITION_MARKERS).map((c) => [...c].slice(0, 2).join(''));
  const more = conditions.length - shown.length;
  if (more > 0) shown.push(`+${more}`);
  const fontPx = Math.max(0.55 * em, CONDITION_MIN_PX);
  const height = fontPx * 1.6;
  context.font = `700 ${fontPx.toFixed(1)}px ${FONT_STACK}`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  let y = side * 0.18;
  for (const text of shown) {
    const label = text.toUpperCase();
    const width = Math.max(height, context.measureText(label).width + fontPx * 0.6);
    const x = -side * 0.14;
    context.beginPath();
    context.roundRect(x, y, width, height, height / 2);
    context.fillStyle = '#fff8e1';
    context.fill();
    context.lineWidth = 1;
    context.strokeStyle = '#b8860b';
    context.stroke();
    context.fillStyle = '#5b4300';
    context.fillText(label, x + width / 2, y + height / 2);
    y += height + 2;
  }
}

function drawBadge(context: CanvasRenderingContext2D, em: number): void {
  const fontPx = Math.max(0.6 * em, BADGE_MIN_PX);
  context.font = `600 ${fontPx.toFixed(1)}px ${FONT_STACK}`;
  const width = context.measureText('hidden').width + fontPx * 0.7;
  const height = fontPx * 1.3;
  const x = -0.4 * em;
  const y = -0.4 * em;
  context.beginPath();
  context.roundRect(x, y, width, height, fontPx * 0.6);
  context.fillStyle = '#3b3b3b';
  context.fill();
  context.fillStyle = '#fff';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText('hidden', x + width / 2, y + height / 2);
}

/** A padlock on a white disc at the right edge: the viewer cannot move this token. */
function drawLock(context: CanvasRenderingContext2D, side: number, em: number): void {
  const size = Math.max(em, LOCK_MIN_PX);
  const r = size / 2 + 2;
  const cx = side * 1.04 - r;
  const cy = side / 2;
  context.beginPath();
  context.arc(cx, cy, r, 0, 2 * Math.PI);
  context.fillStyle = 'rgb(255 255 255 / 0.9)';
  context.fill();
  const unit = size / 16;
  context.fillStyle = '#555';
  context.beginPath();
  context.roundRect(cx - 5 * unit, cy - 1 * unit, 10 * unit, 8 * unit, 1.5 * unit);
  context.fill();
  context.beginPath();
  context.arc(cx, cy - 3 * unit, 3 * unit, Math.PI, 2 * Math.PI);
  context.moveTo(cx - 3 * unit, cy - 3 * unit);
  context.lineTo(cx - 3 * unit, cy - 1 * unit);
  context.moveTo(cx + 3 * unit, cy - 3 * unit);
  context.lineTo(cx + 3 * unit, cy - 1 * unit);
  context.lineWidth = 1.8 * unit;
  context.strokeStyle = '#555';
  context.stroke();
}
