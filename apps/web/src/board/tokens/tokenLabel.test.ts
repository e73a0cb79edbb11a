import { describe, expect, it } from 'vitest';
import { LABEL_ELLIPSIS, LABEL_PADDING_PX, layoutTokenLabel } from './tokenLabel';

/** A monospaced font: every code point is 6 px wide. */
const measure = (text: string) => [...text].length * 6;

describe('layoutTokenLabel', () => {
  it('keeps a label inside its token: over the lower edge, never below it or wider than it', () => {
    for (const side of [20, 28, 35, 50, 70, 140]) {
      for (const name of ['Al', 'Goblin 12', 'Grimbold the Unwashed of the Northern Marches']) {
        const label = layoutTokenLabel({ name, side, fontPx: 11, measure, full: false });
        if (label === null) continue;
        expect(label.y + label.height).toBe(side);
        expect(label.y).toBeGreaterThanOrEqual(0);
        expect(label.x).toBeGreaterThanOrEqual(0);
        expect(label.x + label.width).toBeLessThanOrEqual(side);
        expect(measure(label.text) + 2 * LABEL_PADDING_PX).toBeLessThanOrEqual(side);
      }
    }
  });

  it('shows a short name whole, centred', () => {
    const label = layoutTokenLabel({ name: ' Mira ', side: 70, fontPx: 12, measure, full: false });
    expect(label).toEqual({
      text: 'Mira',
      cut: false,
      x: (70 - (24 + 2 * LABEL_PADDING_PX)) / 2,
      y: 70 - 16,
      width: 24 + 2 * LABEL_PADDING_PX,
      height: 16,
    });
  });

  it('cuts a long name to the longest prefix that fits, with an ellipsis', () => {
    // 70 px less padding: 64 px, so ten code points, the ellipsis one of them.
    const label = layoutTokenLabel({
      name: 'Goblin archer of the hills',
      side: 70,
      fontPx: 12,
      measure,
      full: false,
    });
    expect(label?.text).toBe(`Goblin ar${LABEL_ELLIPSIS}`);
    expect(label?.cut).toBe(true);
  });

  it('drops the space before the ellipsis, and never splits a code point', () => {
    const spaced = layoutTokenLabel({
      name: 'Goblin  king',
      side: 48,
      fontPx: 12,
      measure,
      full: false,
    });
    expect(spaced?.text).toBe(`Goblin${LABEL_ELLIPSIS}`);
    const emoji = layoutTokenLabel({
      name: '🐉🐉🐉🐉🐉🐉🐉🐉🐉',
      side: 36,
      fontPx: 12,
      measure,
      full: false,
    });
    expect(emoji?.text).toBe(`🐉🐉🐉🐉${LABEL_ELLIPSIS}`);
  });

  it('shows the whole name when hovered or selected, overhanging the sides only', () => {
    const name = 'Grimbold the Unwashed';
    const label = layoutTokenLabel({ name, side: 40, fontPx: 11, measure, full: true });
    expect(label?.text).toBe(name);
    expect(label?.cut).toBe(false);
    expect(label?.width).toBe(measure(name) + 2 * LABEL_PADDING_PX);
    expect(label?.x).toBeLessThan(0);
    expect((label?.y ?? 0) + (label?.height ?? 0)).toBe(40);
  });

  it('shows nothing for no name, or a token too small for one letter', () => {
    expect(layoutTokenLabel({ name: '  ', side: 70, fontPx: 12, measure, full: false })).toBeNull();
    expect(
      layoutTokenLabel({ name: 'Mira', side: 8, fontPx: 12, measure, full: false }),
    ).toBeNull();
    expect(layoutTokenLabel({ name: 'Mira', side: 0, fontPx: 12, measure, full: true })).toBeNull();
  });

  it('keeps a label no taller than its token', () => {
    const label = layoutTokenLabel({ name: 'Mira', side: 30, fontPx: 40, measure, full: true });
    expect(label?.y).toBe(0);
    expect(label?.height).toBe(30);
  });
});
