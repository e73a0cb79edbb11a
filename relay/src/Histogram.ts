/**
 * A Prometheus histogram: cumulative counts of observations at or below each bucket bound, their
 * sum and their count. Cheap enough for the write path (one comparison per bucket).
 */

/** Bucket bounds in seconds for storage latencies: 0.5 ms to 5 s. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

/** Observations of one quantity. */
export class Histogram {
  private readonly counts: number[];
  /** Number of observations. */
  count = 0;
  /** Sum of the observed values. */
  sum = 0;

  constructor(readonly bounds: readonly number[] = LATENCY_BUCKETS_SECONDS) {
    this.counts = bounds.map(() => 0);
  }

  /** Records one value. */
  observe(value: number): void {
    this.count++;
    this.sum += value;
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= (this.bounds[i] as number)) this.counts[i] = (this.counts[i] as number) + 1;
    }
  }

  /**
   * The exposition lines of this histogram under `name` (without HELP and TYPE).
   * @example histogram.lines('meshtable_store_write_duration_seconds')
   */
  lines(name: string): string[] {
    return [
      ...this.bounds.map((bound, i) => `${name}_bucket{le="${bound}"} ${this.counts[i]}`),
      `${name}_bucket{le="+Inf"} ${this.count}`,
      `${name}_sum ${this.sum}`,
      `${name}_count ${this.count}`,
    ];
  }
}
