import { describe, expect, it } from 'vitest';
import { DRIFT_TOLERANCE_SECONDS, driftSeconds, needsSeek, trackPosition } from './audioPosition';

const anchor = { playing: true, loop: false, startedAt: 10_000, offset: 5 };

describe('trackPosition', () => {
  it('adds the time since the anchor to its offset while playing', () => {
    expect(trackPosition(anchor, 12_500, 60)).toEqual({ seconds: 7.5, ended: false });
  });

  it('stays at the offset while paused, however long ago the anchor was', () => {
    expect(trackPosition({ ...anchor, playing: false }, 99_000, 60)).toEqual({
      seconds: 5,
      ended: false,
    });
  });

  it('wraps a looping track around its length', () => {
    // 5 s + 70 s = 75 s into a 30 s loop: 15 s into its third time.
    expect(trackPosition({ ...anchor, loop: true }, 80_000, 30)).toEqual({
      seconds: 15,
      ended: false,
    });
  });

  it('ends a track that does not loop at its length', () => {
    expect(trackPosition(anchor, 80_000, 30)).toEqual({ seconds: 30, ended: true });
  });

  it('counts a clock behind the GM’s as no time elapsed rather than a negative position', () => {
    expect(trackPosition(anchor, 9_000, 60)).toEqual({ seconds: 5, ended: false });
  });

  it('gives the raw elapsed time while the duration is unknown', () => {
    expect(trackPosition({ ...anchor, loop: true }, 80_000, null)).toEqual({
      seconds: 75,
      ended: false,
    });
    expect(trackPosition(anchor, 80_000, Number.NaN).seconds).toBe(75);
  });
});

describe('drift', () => {
  it('measures a looping track’s drift across the loop point', () => {
    expect(driftSeconds(29.9, 0.1, 30, true)).toBeCloseTo(0.2);
    expect(driftSeconds(29.9, 0.1, 30, false)).toBeCloseTo(29.8);
    expect(driftSeconds(3, 1, null, true)).toBe(2);
  });

  it('seeks beyond the tolerance only', () => {
    expect(needsSeek(10, 10 + DRIFT_TOLERANCE_SECONDS / 2, 60, false)).toBe(false);
    expect(needsSeek(10, 10 + DRIFT_TOLERANCE_SECONDS * 2, 60, false)).toBe(true);
    expect(needsSeek(29.95, 0.05, 30, true)).toBe(false);
  });
});
