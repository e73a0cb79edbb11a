/** Percentiles of a run of latency samples, shared by the benchmarks that time round trips. */

/** Percentiles of one run, in the unit of its samples. */
export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
}

/** The p50 and p99 of `samples`; the first tenth is warm-up (JIT, first writes) and left out. */
export function summarizeLatency(samples: number[]): LatencySummary {
  const sorted = samples.slice(Math.floor(samples.length / 10)).sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99) };
}
