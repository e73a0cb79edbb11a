/**
 * A token bucket: an allowance that refills at a steady rate up to a burst. The relay keeps one
 * per connection and per kind of allowance (messages, signalling bytes), so that a client can
 * send a burst (a page load, a drag, a WebRTC negotiation) but not a sustained flood.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  /**
   * @param ratePerSecond tokens added per second
   * @param burst the most tokens the bucket holds (it starts full)
   * @param now a clock in milliseconds (performance.now by default)
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /**
   * Takes `count` tokens if the bucket holds them.
   * @returns false, taking nothing, when it does not: the caller refuses what it counted
   */
  take(count = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond,
    );
    this.refilledAt = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}
