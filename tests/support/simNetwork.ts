/**
 * A simulated peer-to-peer network of Yjs documents for seeded randomized tests: every pair of
 * peers has a link, one queue of messages each way, and the test decides, from its seed, which
 * message arrives next. So messages arrive late, out of order and twice; a partition holds a
 * link's messages until it heals; a peer that goes offline loses what was in flight to and from
 * it, and on reconnecting exchanges state vectors with every peer it can reach, as y-protocols'
 * sync steps do. A peer may also pass on what it received (as a relay would), so an update can
 * reach a peer by two paths.
 */
import * as Y from 'yjs';

/** The transaction origin of updates that came over the simulated network. */
export const NETWORK_ORIGIN = Symbol('simulated network');

type Message =
  | { readonly kind: 'update'; readonly update: Uint8Array }
  /** Sync step 1: the sender's state vector; the receiver answers with what the sender lacks. */
  | { readonly kind: 'sync-request'; readonly stateVector: Uint8Array };

/** One direction of a link between two peers. */
interface Channel {
  readonly from: SimPeer;
  readonly to: SimPeer;
  readonly queue: Message[];
}

/** A peer: one Yjs document on the network. */
export interface SimPeer {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Whether it is connected at all; offline, it sends and receives nothing. */
  readonly online: boolean;
}

interface PeerState extends SimPeer {
  online: boolean;
}

/** How unreliable the network is, as probabilities per delivery. */
export interface SimNetworkOptions {
  /** That a delivered message stays queued, to arrive again later. */
  readonly duplicate: number;
  /** That a peer passes an update it received on to the others it is connected to. */
  readonly forward: number;
}

/** The network: peers, the links between them, and the messages on the way. */
export class SimNetwork {
  readonly #random: () => number;
  readonly #options: SimNetworkOptions;
  readonly #peers: PeerState[] = [];
  readonly #channels: Channel[] = [];
  /** Partitioned pairs, as `a|b` with the names sorted. */
  readonly #partitions = new Set<string>();
  /** Whether duplicates are still made (off while draining, so that draining ends). */
  #duplicating = true;

  constructor(random: () => number, options: SimNetworkOptions) {
    this.#random = random;
    this.#options = options;
  }

  /** Adds a peer, offline until {@link connect}. */
  add(name: string, doc: Y.Doc): SimPeer {
    const peer: PeerState = { name, doc, online: false };
    for (const other of this.#peers) {
      this.#channels.push({ from: peer, to: other, queue: [] });
      this.#channels.push({ from: other, to: peer, queue: [] });
    }
    this.#peers.push(peer);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== NETWORK_ORIGIN || this.#random() < this.#options.forward)
        this.#broadcast(peer, update);
    });
    return peer;
  }

  get peers(): readonly SimPeer[] {
    return this.#peers;
  }

  /** Brings a peer online: it syncs with every peer it can reach. */
  connect(peer: SimPeer): void {
    const state = this.#state(peer);
    if (state.online) return;
    state.online = true;
    for (const other of this.#peers) {
      if (other === state || !other.online) continue;
      this.#syncPair(state, other);
    }
  }

  /** Takes a peer offline: what was in flight to or from it is lost. */
  disconnect(peer: SimPeer): void {
    const state = this.#state(peer);
    state.online = false;
    for (const channel of this.#channels) {
      if (channel.from === state || channel.to === state) channel.queue.length = 0;
    }
  }

  /** Cuts the link between two peers; its messages wait until {@link heal}. */
  partition(a: SimPeer, b: SimPeer): void {
    if (a !== b) this.#partitions.add(pairKey(a, b));
  }

  /** Mends the link between two peers: what it held is on its way again. */
  heal(a: SimPeer, b: SimPeer): void {
    this.#partitions.delete(pairKey(a, b));
  }

  isPartitioned(a: SimPeer, b: SimPeer): boolean {
    return this.#partitions.has(pairKey(a, b));
  }

  /**
   * Delivers one message, chosen at random among those that can arrive (any queued message of
   * an open link: later messages may overtake earlier ones).
   * @returns false when nothing can arrive
   */
  deliverOne(): boolean {
    const open = this.#channels.filter(
      (channel) => channel.queue.length > 0 && this.#open(channel),
    );
    if (open.length === 0) return false;
    const channel = open[Math.floor(this.#random() * open.length)] as Channel;
    const index = Math.floor(this.#random() * channel.queue.length);
    const message = channel.queue[index] as Message;
    if (!this.#duplicating || this.#random() >= this.#options.duplicate)
      channel.queue.splice(index, 1);
    this.#receive(channel, message);
    return true;
  }

  /** Brings every peer online, mends every link and syncs every pair (the end of a run). */
  healAll(): void {
    this.#partitions.clear();
    for (const peer of this.#peers) {
      if (!peer.online) this.connect(peer);
    }
    for (const [index, a] of this.#peers.entries()) {
      for (const b of this.#peers.slice(index + 1)) this.#syncPair(a, b);
    }
  }

  /**
   * Delivers every message until none is left; no more duplicates are made from now on.
   * @returns how many messages were delivered
   */
  drain(): number {
    this.#duplicating = false;
    let delivered = 0;
    while (this.deliverOne()) delivered++;
    return delivered;
  }

  /** Messages queued on any link, deliverable or held. */
  get inFlight(): number {
    return this.#channels.reduce((sum, channel) => sum + channel.queue.length, 0);
  }

  #receive(channel: Channel, message: Message): void {
    const { doc } = channel.to;
    if (message.kind === 'update') {
      Y.applyUpdate(doc, message.update, NETWORK_ORIGIN);
      return;
    }
    const reply = this.#channelBetween(channel.to, channel.from);
    reply.queue.push({ kind: 'update', update: Y.encodeStateAsUpdate(doc, message.stateVector) });
  }

  /** Both directions of sync step 1 between two peers. */
  #syncPair(a: SimPeer, b: SimPeer): void {
    this.#channelBetween(a, b).queue.push({
      kind: 'sync-request',
      stateVector: Y.encodeStateVector(a.doc),
    });
    this.#channelBetween(b, a).queue.push({
      kind: 'sync-request',
      stateVector: Y.encodeStateVector(b.doc),
    });
  }

  #broadcast(from: PeerState, update: Uint8Array): void {
    if (!from.online) return;
    for (const channel of this.#channels) {
      if (channel.from === from && channel.to.online)
        channel.queue.push({ kind: 'update', update });
    }
  }

  #open(channel: Channel): boolean {
    return (
      channel.from.online &&
      channel.to.online &&
      !this.#partitions.has(pairKey(channel.from, channel.to))
    );
  }

  #channelBetween(from: SimPeer, to: SimPeer): Channel {
    const channel = this.#channels.find((each) => each.from === from && each.to === to);
    if (channel === undefined) throw new Error(`no link from ${from.name} to ${to.name}`);
    return channel;
  }

  #state(peer: SimPeer): PeerState {
    const state = this.#peers.find((each) => each === peer);
    if (state === undefined) throw new Error(`${peer.name} is not on this network`);
    return state;
  }
}

function pairKey(a: SimPeer, b: SimPeer): string {
  return [a.name, b.name].sort().join('|');
}
