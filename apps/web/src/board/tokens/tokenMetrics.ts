/**
 * The sizes of a token's parts, in scene pixels for a token `w` across: the DOM token
 * (TokenShapeUtil.tsx) and the token layer's canvas (drawTokens.ts) draw from the same numbers.
 */

/**
 * Below this many screen pixels across, a token is drawn as its disc alone (image or initials,
 * the owner's ring): a label, bars and condition markers that small cannot be read. Zooming in
 * brings them all back.
 */
export const TOKEN_DETAIL_MIN_PX = 28;

/** How many condition markers a token shows before it says "+n". */
export const MAX_CONDITION_MARKERS = 4;

/** A token's part sizes, scene px. */
export interface TokenMetrics {
  /** The ring's width. */
  readonly ring: number;
  /** The label's em (its font size before the screen minimum). */
  readonly label: number;
  /** One bar's height. */
  readonly bar: number;
}

/** The part sizes of a token `w` scene px across. */
export function tokenMetrics(w: number): TokenMetrics {
  return {
    ring: Math.max(2, w * 0.06),
    label: Math.max(9, Math.min(w * 0.2, 28)),
    bar: Math.max(3, w * 0.08),
  };
}

/** Whether a token `w` scene px across shows more than its disc at `zoom`. */
export function isTokenDetailed(w: number, zoom: number): boolean {
  return zoom * w >= TOKEN_DETAIL_MIN_PX;
}
