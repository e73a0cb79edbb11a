/**
 * Where the table's ambient track is now, from its shared anchor (packages/schema
 * audioRecords.ts): every peer's player computes the same position from the same record and
 * its own clock, and seeks only when its element has drifted further than a listener notices,
 * since every seek is an audible skip.
 */
import type { AudioState } from '@meshtable/schema';

/**
 * How far (seconds) a player may be from the shared position before it seeks. Browsers start
 * playback a few tens of milliseconds late and clocks differ a little; a skip is worse than
 * a quarter of a second of difference between two rooms.
 */
export const DRIFT_TOLERANCE_SECONDS = 0.35;

/** Where a track is at a moment. */
export interface TrackPosition {
  /** Seconds into the track. */
  readonly seconds: number;
  /** A track that does not loop and has played to its end (known only with its duration). */
  readonly ended: boolean;
}

/**
 * The position of the ambient track at `now`.
 * @param now ms since 1970, this device's clock
 * @param duration the track's length in seconds, or null while unknown (before its metadata):
 *   then a looping or finished track cannot be placed in its length, and the raw elapsed time
 *   is given
 */
export function trackPosition(
  state: Pick<AudioState, 'playing' | 'loop' | 'startedAt' | 'offset'>,
  now: number,
  duration: number | null,
): TrackPosition {
  const known = duration !== null && Number.isFinite(duration) && duration > 0;
  // A clock behind the GM's would make the anchor lie in the future: count that as no time.
  const elapsed = state.playing ? Math.max(0, now - state.startedAt) / 1000 : 0;
  const raw = state.offset + elapsed;
  if (!known) return { seconds: raw, ended: false };
  if (state.loop) return { seconds: raw % duration, ended: false };
  if (raw >= duration) return { seconds: duration, ended: true };
  return { seconds: raw, ended: false };
}

/**
 * How far `actual` is from `expected`, in seconds; across the loop point a looping track is
 * close to its start when near its end.
 */
export function driftSeconds(
  actual: number,
  expected: number,
  duration: number | null,
  loop: boolean,
): number {
  const gap = Math.abs(actual - expected);
  if (!loop || duration === null || !Number.isFinite(duration) || duration <= 0) return gap;
  const wrapped = gap % duration;
  return Math.min(wrapped, duration - wrapped);
}

/** Whether a player at `actual` should seek to `expected`. */
export function needsSeek(
  actual: number,
  expected: number,
  duration: number | null,
  loop: boolean,
): boolean {
  return driftSeconds(actual, expected, duration, loop) > DRIFT_TOLERANCE_SECONDS;
}
