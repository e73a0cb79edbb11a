/**
 * An in-process full mesh of Yjs peers with network delays, for the benchmarks that time what
 * several peers see. Every update a peer's doc emits goes to every other peer, the updates it
 * received included: y-webrtc's provider sends each update of its doc to all its connections
 * whatever the update's origin, so the first peer to hear of a change passes it on and the others
 * drop the copies they already have. Each directed link delivers in order, as a reliable ordered
 * data channel does, after a one-way delay drawn for each message.
 *
 * Time is real. A delivery is a turn of the event loop like any other, between the peers' own
 * work and the sandbox worker's replies, so every figure includes the loop. Node's timers round
 * up to whole milliseconds, longer than the delays modelled, so a delivery due within a few
 * milliseconds is timed by turning the loop (setImmediate) until it is due; a timer only covers
 * longer waits. While messages are in flight the thread never sleeps, which a browser would.
 */
import * as Y from 'yjs';

/** One-way delays: each message waits a time drawn uniformly from [minMs, maxMs]. */
export interface DelayModel {
  readonly minMs: number;
  readonly maxMs: number;
}

/** Peers on one machine or one LAN: 0.2 to 2 ms one way. */
export const LOOPBACK_DELAYS: DelayModel = Object.freeze({ minMs: 0.2, maxMs: 2 });

/** Options of {@link MeshNetwork}. */
export interface MeshNetworkOptions {
  /** Defaults to {@link LOOPBACK_DELAYS}. */
  readonly delays?: DelayModel;
  /** Seeds the delays drawn. */
  readonly seed: number;
  /**
   * Whether a peer passes on the updates it receives, as y-webrtc does (the default). Without
   * it, each update goes only from the peer that made it to every other peer.
   */
  readonly relay?: boolean;
}

/** A pseudo-random stream in [0, 1) from a 32-bit seed (xorshift32): reproducible draws. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** Beyond this wait, a timer sleeps until about this long before the due time. */
const TIMER_MARGIN_MS = 3;

interface Due {
  readonly at: number;
  /** Ties keep the order of scheduling. */
  readonly order: number;
  readonly run: () => void;
}

/** Runs callbacks at given performance.now() times, to within a turn of the event loop. */
class PreciseTimers {
  readonly #heap: Due[] = [];
  #order = 0;
  #immediate: NodeJS.Immediate | null = null;
  #timer: NodeJS.Timeout | null = null;
  #timerFor = Number.POSITIVE_INFINITY;

  at(time: number, run: () => void): void {
    this.#push({ at: time, order: this.#order++, run });
    this.#arm();
  }

  clear(): void {
    this.#heap.length = 0;
    if (this.#immediate !== null) clearImmediate(this.#immediate);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#immediate = null;
    this.#timer = null;
    this.#timerFor = Number.POSITIVE_INFINITY;
  }

  #arm(): void {
    const next = this.#heap[0];
    if (next === undefined || this.#immediate !== null) return;
    const wait = next.at - performance.now();
    if (wait <= TIMER_MARGIN_MS) {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
      this.#timerFor = Number.POSITIVE_INFINITY;
      this.#immediate = setImmediate(this.#tick);
    } else if (next.at < this.#timerFor) {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timerFor = next.at;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#timerFor = Number.POSITIVE_INFINITY;
        this.#arm();
      }, wait - TIMER_MARGIN_MS);
    }
  }

  /** One delivery a turn of the loop: each message is a task of its own, as in a browser. */
  readonly #tick = () => {
    this.#immediate = null;
    const next = this.#heap[0];
    if (next !== undefined && next.at <= performance.now()) {
      this.#pop();
      next.run();
    }
    this.#arm();
  };

  #before(a: Due, b: Due): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  #push(item: Due): void {
    const heap = this.#heap;
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i] as Due, heap[parent] as Due)) break;
      [heap[i], heap[parent]] = [heap[parent] as Due, heap[i] as Due];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as Due;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && this.#before(heap[left] as Due, heap[least] as Due)) least = left;
      if (right < heap.length && this.#before(heap[right] as Due, heap[least] as Due))
        least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least] as Due, heap[i] as Due];
      i = least;
    }
  }
}

interface Peer {
  readonly doc: Y.Doc;
  readonly onUpdate: (update: Uint8Array, origin: unknown) => void;
}

/**
 * Peers joined into one full mesh.
 * @example
 * ```ts
 * const mesh = new MeshNetwork({ seed: 1 });
 * for (const doc of docs) mesh.join(doc);
 * docs[0].getMap('m').set('k', 1); // on every other doc 0.2 to 2 ms later
 * ```
 */
export class MeshNetwork {
  readonly #peers: Peer[] = [];
  readonly #timers = new PreciseTimers();
  readonly #random: () => number;
  readonly #delays: DelayModel;
  readonly #relay: boolean;
  /** When the last message sent on each directed link arrives: links deliver in order. */
  readonly #linkFree = new Map<string, number>();
  /** The origin of the updates the initial sync applies: they are not sent on. */
  readonly #syncOrigin = Symbol('mesh sync');
  #delivered = 0;

  constructor(options: MeshNetworkOptions) {
    this.#delays = options.delays ?? LOOPBACK_DELAYS;
    this.#random = seededRandom(options.seed);
    this.#relay = options.relay ?? true;
  }

  /** Messages delivered so far (copies a peer already had included). */
  get delivered(): number {
    return this.#delivered;
  }

  /**
   * Adds a peer: it and every peer already in the mesh exchange their whole state at once (the
   * sync a connection starts with, outside any measurement), then its updates go out.
   */
  join(doc: Y.Doc): void {
    for (const { doc: other } of this.#peers) {
      Y.applyUpdate(
        other,
        Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)),
        this.#syncOrigin,
      );
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), this.#syncOrigin);
    }
    const from = this.#peers.length;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this.#syncOrigin || (origin === this && !this.#relay)) return;
      this.#peers.forEach((to, index) => {
        if (index !== from) this.#send(from, index, to.doc, update);
      });
    };
    doc.on('update', onUpdate);
    this.#peers.push({ doc, onUpdate });
  }

  /** Stops every delivery and lets the docs go. */
  close(): void {
    this.#timers.clear();
    for (const { doc, onUpdate } of this.#peers) doc.off('update', onUpdate);
    this.#peers.length = 0;
  }

  #send(from: number, to: number, doc: Y.Doc, update: Uint8Array): void {
    const { minMs, maxMs } = this.#delays;
    const link = `${from}>${to}`;
    const arrives = Math.max(
      performance.now() + minMs + (maxMs - minMs) * this.#random(),
      this.#linkFree.get(link) ?? 0,
    );
    this.#linkFree.set(link, arrives);
    this.#timers.at(arrives, () => {
      this.#delivered++;
      Y.applyUpdate(doc, update, this);
    });
  }
}
