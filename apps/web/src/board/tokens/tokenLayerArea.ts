/**
 * The part of the scene the token layer's canvas covers: the viewport and a margin around it,
 * in scene pixels. A pan that stays inside it draws nothing (TokenCanvasLayer.tsx). Pure.
 */
import type { Affine } from './drawTokens';

/**
 * How far the canvas reaches past each side of the viewport, as a share of the viewport's longer
 * side: a pan within it moves the drawn canvas with the map and draws nothing.
 */
export const OVERSCAN = 0.25;
/**
 * The most device pixels the canvas holds with its margin: on a big screen at a high pixel ratio
 * the margin shrinks (or goes) rather than ask for hundreds of megabytes.
 */
export const MAX_CANVAS_PIXELS = 16_000_000;

/** A rectangle of the scene, px. */
export interface Area {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The viewport and the overscan around it, within the canvas's pixel budget. */
export function overscanned(view: Area, zoom: number, dpr: number): Area {
  let margin = Math.max(view.w, view.h) * OVERSCAN;
  const pixels = (m: number) => (view.w + 2 * m) * (view.h + 2 * m) * (zoom * dpr) ** 2;
  for (let tries = 0; tries < 4 && pixels(margin) > MAX_CANVAS_PIXELS; tries++) margin /= 2;
  if (pixels(margin) > MAX_CANVAS_PIXELS) margin = 0;
  return { x: view.x - margin, y: view.y - margin, w: view.w + 2 * margin, h: view.h + 2 * margin };
}

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Area, inner: Area): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** Whether a token (with what it draws around itself: ring, glow, markers) touches `area`. */
export function overlaps(area: Area, transform: Affine, side: number): boolean {
  // Half a side more all round covers a rotated token and its parts outside the disc.
  const reach = side;
  const cx = transform.e + (transform.a * side) / 2 + (transform.c * side) / 2;
  const cy = transform.f + (transform.b * side) / 2 + (transform.d * side) / 2;
  return (
    cx + reach >= area.x &&
    cy + reach >= area.y &&
    cx - reach <= area.x + area.w &&
    cy - reach <= area.y + area.h
  );
}
