/**
 * One loaded room: its document, its awareness (presence) and its connected peers.
 *
 * The write path keeps one promise: **nothing leaves the relay before it is on disk**.
 * 1. An update from a peer is decoded (a malformed one is refused before it touches anything)
 *    and applied to the room's document. Yjs then emits only what was new, so a reconnecting
 *    client's resend of known state costs neither a write nor a frame.
 * 2. What was new joins a queue. Each batch of the queue is written to LevelDB in one write
 *    (updates that arrive during a write form the next batch: group commit) and only then
 *    forwarded to the other peers.
 * 3. A sync step 2 (the reply that gives a peer what it lacks) is computed at once but held back
 *    until everything applied before it is on disk.
 * If a write fails, the room is broken: its peers are disconnected and it is dropped from memory,
 * so that the next connection reloads what is really on disk and the clients resend the rest.
 * In a cluster (relay/src/cluster/), a batch of this relay's peers' updates also goes to the
 * shared log while it is written here: the other relays store it on their own disks before they
 * forward it to their peers, so the promise holds on every relay.
 */
import { RelayCloseCode } from '@meshtable/schema/relay';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import type { DocStore } from '../storage/DocStore';
import {
  forgetRemovedAwareness,
  MAX_AWARENESS_CLIENTS_PER_PEER,
  REMOVED_AWARENESS_MEMORY_MS,
} from './awarenessLimits';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './frames';

/** A connection as the room sees it. */
export interface RoomPeer {
  /** Sends one binary frame; a closed connection ignores it. */
  send(frame: Uint8Array): void;
  /** Closes the connection with a close code and reason. */
  close(code: number, reason: string): void;
}

/**
 * The origin of changes that came from the other relays of a cluster (docs/scaling.md): they are
 * stored and forwarded to this relay's peers like any other, but never sent back to the cluster.
 */
export const CLUSTER_ORIGIN = Symbol('cluster');

/** Where a room in a cluster sends what its own peers changed (relay/src/cluster/). */
export interface RoomMirror {
  /** Updates from this relay's peers, in order, as each batch of them is written to disk. */
  outgoing(updates: readonly Uint8Array[]): void;
  /** An awareness update about states this relay's peers control (or that it removed). */
  awareness(update: Uint8Array): void;
}

/** Tunables of a room. */
export interface RoomOptions {
  /** Compact the room's log into one snapshot after this many appended updates. */
  compactAfterUpdates: number;
  /** Compact it, too, once the updates since the snapshot weigh this many bytes. */
  compactAfterBytes: number;
}

/** What a room's stored log held when it was loaded. */
export interface StoredLog {
  /** Entries in the log, the snapshot included. */
  updates: number;
  /** Bytes of the entries after the snapshot. */
  bytesSinceSnapshot: number;
}

interface QueuedUpdate {
  update: Uint8Array;
  origin: RoomPeer | null;
  /** Whether it came from the cluster (not to be mirrored back). */
  remote: boolean;
  /** performance.now() when the update was applied. */
  at: number;
}

interface HeldReply {
  /** The reply may go once this many applied updates are on disk. */
  afterApplied: number;
  peer: RoomPeer;
  frame: Uint8Array;
}

/** A room's document, presence and peers; see the file comment for the write path. */
export class Room {
  readonly awareness: Awareness;
  /** Each peer and the awareness client ids it controls (removed when it leaves). */
  private readonly peers = new Map<RoomPeer, Set<number>>();
  private queue: QueuedUpdate[] = [];
  private held: HeldReply[] = [];
  private flushing: Promise<void> | null = null;
  /** Updates applied to the document, and how many of them are on disk. */
  private applied = 0;
  private stored = 0;
  private updatesSinceCompaction: number;
  private bytesSinceCompaction: number;
  private broken = false;
  private retired = false;
  /** Set while the room is part of a cluster. */
  mirror: RoomMirror | null = null;
  /** Forgets removed presence states from time to time (awarenessLimits.ts). */
  private readonly forgetTimer: ReturnType<typeof setInterval>;

  /**
   * @param stored the log on disk when the room was loaded
   * @param onBroken called once if the room can no longer store (it must then be dropped)
   * @param metrics where persistence latency and storage failures are counted
   */
  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    private readonly store: DocStore,
    private readonly options: RoomOptions,
    private readonly log: Logger,
    stored: StoredLog,
    private readonly onBroken: (room: Room) => void,
    private readonly metrics: RelayMetrics | null = null,
  ) {
    this.updatesSinceCompaction = stored.updates;
    this.bytesSinceCompaction = stored.bytesSinceSnapshot;
    this.awareness = new Awareness(doc);
    // The relay has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    doc.on('update', this.onDocUpdate);
    this.forgetTimer = setInterval(
      () => forgetRemovedAwareness(this.awareness, Date.now(), REMOVED_AWARENESS_MEMORY_MS),
      REMOVED_AWARENESS_MEMORY_MS,
    );
    this.forgetTimer.unref?.();
  }

  /**
   * Whether `peer` may send an awareness update speaking for `clientIds`: together with the
   * presence states it holds already, at most {@link MAX_AWARENESS_CLIENTS_PER_PEER}.
   */
  acceptsAwareness(peer: RoomPeer, clientIds: readonly number[]): boolean {
    const controlled = this.peers.get(peer);
    if (!controlled) return true;
    const after = new Set(controlled);
    for (const id of clientIds) after.add(id);
    return after.size <= MAX_AWARENESS_CLIENTS_PER_PEER;
  }

  /** Number of connected peers. */
  get peerCount(): number {
    return this.peers.size;
  }

  /** Updates applied but not yet on disk (the persistence lag). */
  get unstoredUpdates(): number {
    return this.applied - this.stored;
  }

  /** Adds a peer and starts its sync: the relay's state vector, then everyone's presence. */
  addPeer(peer: RoomPeer): void {
    if (this.broken) {
      peer.close(RelayCloseCode.storageFailure, 'room storage failed');
      return;
    }
    if (this.retired) {
      peer.close(RelayCloseCode.goingAway, 'room reloading, reconnect');
      return;
    }
    this.peers.set(peer, new Set());
    peer.send(syncStep1Frame(this.doc));
    if (this.awareness.getStates().size > 0) peer.send(awarenessFrame(this.awareness));
  }

  /** Removes a peer and the presence it controlled. */
  removePeer(peer: RoomPeer): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    this.peers.delete(peer);
    this.held = this.held.filter((reply) => reply.peer !== peer);
    if (controlled.size > 0) removeAwarenessStates(this.awareness, [...controlled], null);
  }

  /**
   * Applies an update from a peer; what it adds is stored, then forwarded to the other peers.
   * @throws when the update cannot be decoded (nothing is applied or stored then)
   */
  receiveUpdate(update: Uint8Array, origin: RoomPeer): void {
    // Decoding parses every struct and the delete set, so a truncated or garbled update is
    // refused before Yjs starts integrating it (it integrates structs before it reads the
    // delete set, so a bad tail would otherwise leave half an update applied).
    Y.decodeUpdate(update);
    Y.applyUpdate(this.doc, update, origin);
  }

  /** Answers a peer's sync step 1 with what it lacks, once that is on disk. */
  replyToStateVector(peer: RoomPeer, stateVector: Uint8Array): void {
    const frame = syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector));
    if (this.stored >= this.applied) peer.send(frame);
    else this.held.push({ afterApplied: this.applied, peer, frame });
  }

  /**
   * Applies an update that another relay of the cluster stored; what it adds is stored here too
   * and forwarded to every peer.
   * @throws when the update cannot be decoded (nothing is applied then)
   */
  applyRemote(update: Uint8Array): void {
    Y.decodeUpdate(update);
    Y.applyUpdate(this.doc, update, CLUSTER_ORIGIN);
  }

  /** Applies an awareness update from another relay of the cluster and forwards it. */
  applyRemoteAwareness(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, CLUSTER_ORIGIN);
  }

  /** The awareness states this relay's own peers control, or null when there are none. */
  localAwarenessUpdate(): Uint8Array | null {
    const clients = [...this.peers.values()].flatMap((controlled) => [...controlled]);
    return clients.length > 0 ? encodeAwarenessUpdate(this.awareness, clients) : null;
  }

  /** Marks the room as being unloaded: it takes no new peers from now on. */
  retire(): void {
    this.retired = true;
  }

  /** Resolves when every applied update is stored and forwarded. */
  async whenIdle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Frees the in-memory state; call only without peers and after {@link whenIdle}. */
  destroy(): void {
    this.doc.off('update', this.onDocUpdate);
    clearInterval(this.forgetTimer);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.applied++;
    this.queue.push({
      update,
      origin: this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : null,
      remote: origin === CLUSTER_ORIGIN,
      at: performance.now(),
    });
    this.flushing ??= this.flush();
  };

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.broken) {
        const batch = this.queue;
        this.queue = [];
        if (this.mirror) {
          // Sent to the cluster while the batch is written here, not after: the other relays
          // store it on their own disks before they forward it, and an append whose local write
          // then fails is harmless (the clients resend to whichever relay they reach next).
          const own = batch.filter((queued) => !queued.remote).map((queued) => queued.update);
          if (own.length > 0) this.mirror.outgoing(own);
        }
        try {
          await this.store.appendUpdates(
            this.name,
            batch.map((queued) => queued.update),
          );
        } catch (error) {
          this.breakRoom(batch.length, error);
          return;
        }
        this.stored += batch.length;
        this.metrics?.persistLatency.observe(
          (performance.now() - (batch[0] as QueuedUpdate).at) / 1000,
        );
        this.forward(batch);
        this.releaseHeldReplies();
        this.updatesSinceCompaction += batch.length;
        for (const queued of batch) this.bytesSinceCompaction += queued.update.byteLength;
        if (
          this.updatesSinceCompaction >= this.options.compactAfterUpdates ||
          this.bytesSinceCompaction >= this.options.compactAfterBytes
        ) {
          await this.compact();
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private forward(batch: QueuedUpdate[]): void {
    for (const { update, origin } of batch) {
      const frame = updateFrame(update);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    }
  }

  private releaseHeldReplies(): void {
    if (this.held.length === 0) return;
    const waiting: HeldReply[] = [];
    for (const reply of this.held) {
      if (reply.afterApplied <= this.stored) reply.peer.send(reply.frame);
      else waiting.push(reply);
    }
    this.held = waiting;
  }

  /**
   * A write failed: the document now holds updates that are not on disk, and clients that sent
   * them would not resend them to this copy. Everyone is disconnected and the room is dropped,
   * so the next load starts from the disk and the clients' resync fills in the rest.
   */
  private breakRoom(updates: number, error: unknown): void {
    this.broken = true;
    this.queue = [];
    this.held = [];
    this.metrics?.countError('STORAGE_FAILURE');
    this.log.error('room.store_failed', {
      code: 'STORAGE_FAILURE',
      room: this.name,
      updates,
      error: String(error),
    });
    for (const peer of [...this.peers.keys()])
      peer.close(RelayCloseCode.storageFailure, 'storage failure');
    this.onBroken(this);
  }

  private async compact(): Promise<void> {
    try {
      await this.store.compactRoom(this.name, Y.encodeStateAsUpdate(this.doc));
      this.updatesSinceCompaction = 1;
      this.bytesSinceCompaction = 0;
    } catch (error) {
      // The log is intact (the batch is atomic); compaction is retried after the next batch.
      this.log.warn('room.compact_failed', { room: this.name, error: String(error) });
    }
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.peers.get(origin as RoomPeer);
    if (controlled) {
      for (const id of changes.added) controlled.add(id);
      for (const id of changes.removed) controlled.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const frame = awarenessFrame(this.awareness, changed);
    for (const peer of this.peers.keys()) peer.send(frame);
    if (this.mirror && origin !== CLUSTER_ORIGIN) {
      this.mirror.awareness(encodeAwarenessUpdate(this.awareness, changed));
    }
  };
}
