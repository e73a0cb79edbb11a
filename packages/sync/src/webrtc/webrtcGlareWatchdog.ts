/**
 * Recovers y-webrtc 10.3 from connection attempts that never complete ("glare" deadlocks).
 *
 * Why this exists: y-webrtc builds one `WebrtcConn` (a simple-peer) per remote peer, keyed by the
 * remote's peer id in `room.webrtcConns`, and only creates one when none exists
 * (`map.setIfUndefined`). When two peers announce at the same instant, both create an initiator
 * connection and send offers. y-webrtc resolves that with `glareToken`s: one side rejects the
 * other's offer and waits for an answer, the other feeds the offer to its own initiator peer.
 * That peer is in `have-local-offer`; depending on timing it either errors out (and closes, so y-webrtc
 * re-announces) or rolls back and answers on a channel the other side never opened. Either way one
 * side can be left with a `WebrtcConn` that will never connect, and because the map entry exists,
 * every later announce from that peer is ignored: a permanent deadlock. We saw it in 3–20% of
 * two-peer runs. simple-peer has no timeout for a connection that never starts.
 *
 * The fix, without patching y-webrtc: every connection that has not become `connected` within a
 * deadline is destroyed. Destroying a simple-peer emits `close`, y-webrtc's close handler deletes
 * the map entry and re-announces, and the next attempt starts from a clean slate. Both sides run
 * this watchdog; the deadline has random jitter so the two retries are unlikely to collide again,
 * and it doubles for each consecutive failure with the same remote peer (capped), so a slow link
 * (ICE through TURN can take seconds) is not cut off over and over. Each round fails independently,
 * so the chance of staying stuck falls geometrically instead of being a matter of luck.
 */

/** The part of a y-webrtc `WebrtcConn` the watchdog needs. */
export interface WatchedConnection {
  /** The remote's y-webrtc peer id (random per remote Room instance). */
  readonly remotePeerId: string;
  /** True once the data channel is open. */
  readonly connected: boolean;
  /** True once the connection has closed (y-webrtc then drops it from the room). */
  readonly closed: boolean;
  /** Tears the connection down; y-webrtc's close handler then re-announces. */
  destroy(): void;
}

/** Options of {@link WebrtcGlareWatchdog}. */
export interface GlareWatchdogOptions {
  /** The room's current connections (`room.webrtcConns.values()`); empty before the room opens. */
  readonly connections: () => Iterable<WatchedConnection>;
  /** Deadline of a first attempt, before jitter. Default 5000 ms. */
  readonly baseTimeoutMs?: number;
  /** Cap of the doubled deadline, before jitter. Default 30000 ms. */
  readonly maxTimeoutMs?: number;
  /** Uniform random extra delay added to each deadline. Default 3000 ms. */
  readonly jitterMs?: number;
  /** How often {@link WebrtcGlareWatchdog.start} checks. Default 1000 ms. */
  readonly checkIntervalMs?: number;
  /** Clock, injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Random source in [0, 1), injectable for tests. Default `Math.random`. */
  readonly random?: () => number;
  /** Told about each stalled connection it destroys (for diagnostics). */
  readonly onStalled?: (remotePeerId: string, consecutiveFailures: number) => void;
}

interface FailureRecord {
  count: number;
  lastAt: number;
}

/** Destroys WebRTC connection attempts that stall, so y-webrtc retries them. */
export class WebrtcGlareWatchdog {
  readonly #options: Required<Omit<GlareWatchdogOptions, 'onStalled'>> &
    Pick<GlareWatchdogOptions, 'onStalled'>;
  /** Deadline per pending connection object (a retry is a new object, so it gets a new deadline). */
  readonly #deadlines = new Map<WatchedConnection, number>();
  /** Consecutive failures per remote peer, for the backoff. */
  readonly #failures = new Map<string, FailureRecord>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param options - see {@link GlareWatchdogOptions} */
  constructor(options: GlareWatchdogOptions) {
    this.#options = {
      baseTimeoutMs: 5000,
      maxTimeoutMs: 30_000,
      jitterMs: 3000,
      checkIntervalMs: 1000,
      now: Date.now,
      random: Math.random,
      ...options,
    };
  }

  /** Starts checking every `checkIntervalMs`. Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.check(), this.#options.checkIntervalMs);
  }

  /** Stops checking and forgets all deadlines. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#deadlines.clear();
    this.#failures.clear();
  }

  /**
   * One pass: gives each new pending connection a deadline, destroys those past it, and forgets
   * connections that connected or went away.
   */
  check(): void {
    const now = this.#options.now();
    const pending = new Set<WatchedConnection>();
    for (const conn of this.#options.connections()) {
      if (conn.closed) continue;
      if (conn.connected) {
        this.#failures.delete(conn.remotePeerId);
        continue;
      }
      pending.add(conn);
      const deadline = this.#deadlines.get(conn);
      if (deadline === undefined) {
        this.#deadlines.set(conn, now + this.#timeoutFor(conn.remotePeerId));
      } else if (now >= deadline) {
        this.#deadlines.delete(conn);
        pending.delete(conn);
        const failures = (this.#failures.get(conn.remotePeerId)?.count ?? 0) + 1;
        this.#failures.set(conn.remotePeerId, { count: failures, lastAt: now });
        this.#options.onStalled?.(conn.remotePeerId, failures);
        conn.destroy();
      }
    }
    for (const conn of this.#deadlines.keys()) {
      if (!pending.has(conn)) this.#deadlines.delete(conn);
    }
    // Remote peer ids are per page load, so records of peers that left would pile up.
    const forgetBefore = now - 4 * this.#options.maxTimeoutMs;
    for (const [peerId, record] of this.#failures) {
      if (record.lastAt < forgetBefore) this.#failures.delete(peerId);
    }
  }

  #timeoutFor(remotePeerId: string): number {
    const { baseTimeoutMs, maxTimeoutMs, jitterMs, random } = this.#options;
    const failures = this.#failures.get(remotePeerId)?.count ?? 0;
    const backedOff = Math.min(baseTimeoutMs * 2 ** failures, maxTimeoutMs);
    return backedOff + random() * jitterMs;
  }
}
