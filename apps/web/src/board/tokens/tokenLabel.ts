/**
 * Where a token's name label goes, and how much of the name it shows. Tokens sit in grid cells,
 * so a label hung under a token covers the token in the next row. The label therefore sits over
 * the token's own lower edge, on a readable backdrop, no wider than the token: a long name is cut
 * with an ellipsis. The full name shows while the token is hovered or selected (it may then
 * overhang the sides, never the cell below), and is always the token's accessible name.
 *
 * Pure, in screen pixels, with the text measured by the caller: tested without a canvas.
 */

/** The ellipsis that ends a cut name. */
export const LABEL_ELLIPSIS = '…';

/** Space between the label's text and its backdrop's sides, screen px. */
export const LABEL_PADDING_PX = 3;

/** Below this many screen px across, a label shows nothing: not even one letter would fit. */
const MIN_TEXT_PX = 4;

/** What the label needs to know about its token. */
export interface TokenLabelInput {
  readonly name: string;
  /** The token's side on the screen, px. */
  readonly side: number;
  /** The label's font size on the screen, px. */
  readonly fontPx: number;
  /** The width of `text` in the label's font, px. */
  readonly measure: (text: string) => number;
  /** The whole name, whatever its width (the token is hovered or selected). */
  readonly full: boolean;
}

/** A label laid out: its text and its backdrop, relative to the token's top-left corner. */
export interface TokenLabelLayout {
  /** What the label shows: the name, or a prefix of it ending in {@link LABEL_ELLIPSIS}. */
  readonly text: string;
  /** Whether `text` is the name cut short. */
  readonly cut: boolean;
  /** The backdrop, px from the token's top-left corner; its bottom is the token's bottom edge. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The label of a token, or null when there is nothing to show (no name, or no room).
 * @example
 * const measure = (text: string) => context.measureText(text).width;
 * layoutTokenLabel({ name: 'Goblin archer of the hills', side: 70, fontPx: 12, measure, full: false });
 * // → { text: 'Goblin arch…', cut: true, x: 0, y: 54, width: 70, height: 16 }, or so
 */
export function layoutTokenLabel(input: TokenLabelInput): TokenLabelLayout | null {
  const { name, side, fontPx, measure, full } = input;
  const trimmed = name.trim();
  if (trimmed === '' || !(side > 0) || !(fontPx > 0)) return null;
  const height = Math.round(fontPx * 1.3);
  const room = side - 2 * LABEL_PADDING_PX;
  let text = trimmed;
  let cut = false;
  if (!full) {
    if (room < MIN_TEXT_PX) return null;
    if (measure(trimmed) > room) {
      text = fittedPrefix(trimmed, room, measure);
      cut = true;
      if (text === '') return null;
    }
  }
  const width = Math.min(
    full ? Number.POSITIVE_INFINITY : side,
    measure(text) + 2 * LABEL_PADDING_PX,
  );
  return {
    text,
    cut,
    x: (side - width) / 2,
    // Over the token's lower edge, and never past it: the next row's token stays clear.
    y: side - Math.min(height, side),
    width,
    height: Math.min(height, side),
  };
}

/** The longest prefix of `name` that fits `room` px with the ellipsis, ellipsis included. */
function fittedPrefix(name: string, room: number, measure: (text: string) => number): string {
  // Code points, not UTF-16 units: a cut never splits an emoji or an accented letter's pair.
  const letters = [...name];
  let low = 0;
  let high = letters.length - 1;
  // Binary search over the prefix length: measuring is the slow part.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(prefixText(letters, mid)) <= room) low = mid;
    else high = mid - 1;
  }
  if (low === 0) return measure(LABEL_ELLIPSIS) <= room ? LABEL_ELLIPSIS : '';
  return prefixText(letters, low);
}

function prefixText(letters: readonly string[], length: number): string {
  return `${letters.slice(0, length).join('').trimEnd()}${LABEL_ELLIPSIS}`;
}
