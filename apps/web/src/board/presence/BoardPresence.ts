/**
 * This device's board presence in the table sync's awareness, and everyone else's
 * (presenceState.ts): cursors, rulers, templates being placed, pings.
 *
 * Rates are bounded, because every awareness update goes to every peer and through the relay
 * (whose allowance is 500 frames a second per connection): a cursor, a ruler or a template is
 * published at most once per {@link PRESENCE_INTERVAL_MS} (the latest value wins; a change
 * within the interval goes out at its end), and a device keeps at most {@link MAX_SHARED_PINGS}
 * pings alive at once, each for {@link PING_MS}, so no one can flood the table with pings.
 */
import {
  BOARD_PRESENCE_FIELD,
  type BoardPresenceState,
  MAX_SHARED_PINGS,
  type SharedPing,
} from '@meshtable/schema';
import { emptyPresence, readPresence } from './presenceState';

/** At most one cursor, ruler or template update per this many ms (20 a second). */
export const PRESENCE_INTERVAL_MS = 50;
/** How long a ping lives (its ring shows for as long). */
export const PING_MS = 3000;

/** The parts of y-protocols' Awareness the board uses. */
export interface PresenceAwareness {
  readonly clientID: number;
  getStates(): Map<number, Record<string, unknown>>;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change', listener: (changes: AwarenessChanges, origin: unknown) => void): void;
  off(event: 'change', listener: (changes: AwarenessChanges, origin: unknown) => void): void;
}

/** Which clients' states an awareness change touched. */
export interface AwarenessChanges {
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
}

/** Time, for tests to drive. */
export interface PresenceClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: PresenceClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Another device's presence. */
export interface RemotePresence {
  readonly clientId: number;
  readonly state: BoardPresenceState;
  /** Its whole awareness state (a GM device's signed validator claim is there). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** When its cursor last moved, by this device's clock. */
  readonly cursorMovedAt: number;
}

/** A ping heard: this device's own or another's. */
export interface HeardPing {
  readonly ping: SharedPing;
  readonly userId: string;
  /** The device it came from: this one's own client id for a ping of its own. */
  readonly clientId: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** What {@link BoardPresence.set} may change. */
export type PresencePatch = Partial<
  Pick<BoardPresenceState, 'sceneId' | 'cursor' | 'ruler' | 'template'>
>;

/** Options of {@link BoardPresence}. */
export interface BoardPresenceOptions {
  readonly awareness: PresenceAwareness;
  /** This device's member. */
  readonly userId: string;
  readonly clock?: PresenceClock;
}

/** Publishes this device's presence (throttled) and follows everyone else's. */
export class BoardPresence {
  readonly #awareness: PresenceAwareness;
  readonly #clock: PresenceClock;
  readonly #listeners = new Set<() => void>();
  readonly #pingListeners = new Set<(ping: HeardPing) => void>();
  /** Ping ids last seen in each remote state. */
  readonly #seenPings = new Map<number, Set<string>>();
  readonly #cursorMovedAt = new Map<number, number>();
  readonly #lastCursor = new Map<number, string>();
  readonly #pingTimers = new Set<unknown>();
  #local: BoardPresenceState;
  #published = '';
  #lastFlush = Number.NEGATIVE_INFINITY;
  #timer: unknown = null;
  #nextPing = 0;
  #disposed = false;
  readonly #onChange = (changes: AwarenessChanges) => this.#changed(changes);

  constructor(options: BoardPresenceOptions) {
    this.#awareness = options.awareness;
    this.#clock = options.clock ?? REAL_CLOCK;
    this.#local = emptyPresence(options.userId);
    this.#awareness.on('change', this.#onChange);
  }

  /** This device's presence as it will be published. */
  local(): BoardPresenceState {
    return this.#local;
  }

  /** Changes this device's presence; published now, or at the end of the current interval. */
  set(patch: PresencePatch): void {
    if (this.#disposed) return;
    const sceneChanged = patch.sceneId !== undefined && patch.sceneId !== this.#local.sceneId;
    this.#local = { ...this.#local, ...patch };
    if (sceneChanged) {
      // Rulers and templates belong to the scene they were made on.
      this.#local = { ...this.#local, ruler: null, template: null };
    }
    this.#schedule();
  }

  /**
   * Pings a point of a scene for everyone (and this device): published at once.
   * @param pull a GM's "look here" (other boards follow it only from a GM's device)
   * @returns the ping, or null when this device already has {@link MAX_SHARED_PINGS} alive
   */
  ping(sceneId: string, point: { x: number; y: number }, pull = false): SharedPing | null {
    if (this.#disposed || this.#local.pings.length >= MAX_SHARED_PINGS) return null;
    this.#nextPing += 1;
    const ping: SharedPing = {
      id: `${this.#clock.now().toString(36)}-${this.#nextPing}`,
      sceneId,
      x: round(point.x),
      y: round(point.y),
      pull,
    };
    this.#local = { ...this.#local, pings: [...this.#local.pings, ping] };
    this.#flush();
    const timer = this.#clock.setTimeout(() => {
      this.#pingTimers.delete(timer);
      this.#local = { ...this.#local, pings: this.#local.pings.filter((p) => p.id !== ping.id) };
      this.#schedule();
    }, PING_MS);
    this.#pingTimers.add(timer);
    const heard: HeardPing = {
      ping,
      userId: this.#local.userId,
      clientId: this.#awareness.clientID,
      raw: this.#awareness.getStates().get(this.#awareness.clientID) ?? {},
    };
    for (const listener of [...this.#pingListeners]) listener(heard);
    return ping;
  }

  /** Every other device's presence that fits the schema. */
  remote(): RemotePresence[] {
    const found: RemotePresence[] = [];
    for (const [clientId, raw] of this.#awareness.getStates()) {
      if (clientId === this.#awareness.clientID) continue;
      const state = readPresence(raw);
      if (state !== null) {
        found.push({ clientId, state, raw, cursorMovedAt: this.#cursorMovedAt.get(clientId) ?? 0 });
      }
    }
    return found;
  }

  /** Calls `listener` after any presence changes (remote or this device's). */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` once for each new ping: this device's own and every other device's. */
  onPing(listener: (ping: HeardPing) => void): () => void {
    this.#pingListeners.add(listener);
    return () => this.#pingListeners.delete(listener);
  }

  /** Publishes what is waiting now, without waiting for the interval. */
  flush(): void {
    this.#flush();
  }

  /** Clears this device's presence for everyone and stops. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    for (const timer of this.#pingTimers) this.#clock.clearTimeout(timer);
    this.#pingTimers.clear();
    this.#awareness.off('change', this.#onChange);
    this.#awareness.setLocalStateField(BOARD_PRESENCE_FIELD, null);
    this.#listeners.clear();
    this.#pingListeners.clear();
  }

  #schedule(): void {
    if (this.#disposed || this.#timer !== null) return;
    const wait = this.#lastFlush + PRESENCE_INTERVAL_MS - this.#clock.now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.#clock.setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    if (this.#timer !== null) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#disposed) return;
    const text = JSON.stringify(this.#local);
    if (text === this.#published) return;
    this.#published = text;
    this.#lastFlush = this.#clock.now();
    this.#awareness.setLocalStateField(BOARD_PRESENCE_FIELD, this.#local);
  }

  #changed(changes: AwarenessChanges): void {
    const states = this.#awareness.getStates();
    const heard: HeardPing[] = [];
    for (const clientId of [...changes.added, ...changes.updated, ...changes.removed]) {
      if (clientId === this.#awareness.clientID) continue;
      const raw = states.get(clientId);
      const state = readPresence(raw);
      if (state === null || raw === undefined) {
        this.#seenPings.delete(clientId);
        this.#cursorMovedAt.delete(clientId);
        this.#lastCursor.delete(clientId);
        continue;
      }
      const cursor = JSON.stringify(state.cursor);
      if (this.#lastCursor.get(clientId) !== cursor) {
        this.#lastCursor.set(clientId, cursor);
        this.#cursorMovedAt.set(clientId, this.#clock.now());
      }
      const seen = this.#seenPings.get(clientId) ?? new Set<string>();
      for (const ping of state.pings) {
        if (!seen.has(ping.id)) heard.push({ ping, userId: state.userId, clientId, raw });
      }
      this.#seenPings.set(clientId, new Set(state.pings.map((ping) => ping.id)));
    }
    for (const listener of [...this.#listeners]) listener();
    for (const ping of heard) for (const listener of [...this.#pingListeners]) listener(ping);
  }
}

/** Scene pixels to a tenth: enough for a pointer, and fewer digits on the wire. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
