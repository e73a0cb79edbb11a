/**
 * What the benchmarks' parts of docs/benchmarks.md share: the median and spread of a figure over
 * the runs, the ratio to an anchor measured in the same runs, and replacing one section of the
 * file between its two markers.
 */

/** The median of `values` (the upper one of an even count). */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** `min–max` of `values`. */
export const spread = (values: readonly number[], digits: number): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/** `median (min–max)`. */
export const medianAndSpread = (values: readonly number[], digits: number): string =>
  `${median(values).toFixed(digits)} (${spread(values, digits)})`;

/** The ratio of medians, and the range of per-run ratios (each run measures both side by side). */
export function ratio(ours: readonly number[], anchor: readonly number[]): string {
  const perRun = ours.map((value, i) => value / (anchor[i] ?? Number.NaN));
  return `${(median(ours) / median(anchor)).toFixed(2)} (${spread(perRun, 2)})`;
}

/** A section of docs/benchmarks.md between two HTML comments. */
export interface DocSection {
  readonly start: string;
  readonly end: string;
}

/** `text` with the section replaced by `section` (which carries both markers), or appended. */
export function spliceSection(text: string, markers: DocSection, section: string): string {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  if (start < 0 || end < start) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, start)}${section}${text.slice(end + markers.end.length)}`;
}

/** The section as it is in `text` now (kept by a full run that did not measure it), or ''. */
export function currentSection(text: string, markers: DocSection): string {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  return start < 0 || end < start ? '' : text.slice(start, end + markers.end.length);
}
