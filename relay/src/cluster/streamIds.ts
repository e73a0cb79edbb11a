/**
 * Redis stream entry ids (`<milliseconds>-<sequence>`), compared as the pair of numbers they are:
 * as strings, `9-0` would sort after `10-0`.
 */

/** The id before every entry: a cursor that has applied nothing. */
export const STREAM_START = '0-0';

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}

/** The later of two ids. */
export function laterStreamId(a: string, b: string): string {
  return compareStreamIds(a, b) >= 0 ? a : b;
}

/** The milliseconds part of an id (Redis's clock when the entry was added). */
export function streamIdMs(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
