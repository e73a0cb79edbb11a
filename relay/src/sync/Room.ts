/**
 * One loaded room: its document, its awareness (presence) and its connected peers.
 *
 * Updates from peers go through one queue per room: each batch is written to LevelDB first, and
 * only then applied to the in-memory document and forwarded to the other peers. So the in-memory
 * document never holds anything that is not on disk, and a client never receives an update that
 * a relay crash could lose. Writes that arrive while a batch is being written join the next
 * batch (group commit), which keeps throughput up under bursts.
 */
import { RelayCloseCode } from '@meshtable/schema';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { DocStore } from '../storage/DocStore';
import { awarenessFrame, syncStep1Frame, updateFrame } from './frames';

/** A connection as the room sees it. */
export interface RoomPeer {
  /** Sends one binary frame; a closed connection ignores it. */
  send(frame: Uint8Array): void;
  /** Closes the connection with a close code and reason. */
  close(code: number, reason: string): void;
}

/** Tunables of a room. */
export interface RoomOptions {
  /** Compact the room's log into one snapshot after this many appended updates. */
  compactAfterUpdates: number;
}

interface QueuedUpdate {
  update: Uint8Array;
  origin: RoomPeer;
}

/** A room's document, presence and peers; see the file comment for the write path. */
export class Room {
  readonly awareness: Awareness;
  /** Each peer and the awareness client ids it controls (removed when it leaves). */
  private readonly peers = new Map<RoomPeer, Set<number>>();
  private queue: QueuedUpdate[] = [];
  private flushing: Promise<void> | null = null;
  private updatesSinceCompaction: number;

  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    private readonly store: DocStore,
    private readonly options: RoomOptions,
    private readonly log: Logger,
    storedUpdates: number,
  ) {
    this.updatesSinceCompaction = storedUpdates;
    this.awareness = new Awareness(doc);
    // The relay has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Number of connected peers. */
  get peerCount(): number {
    return this.peers.size;
  }

  /** Adds a peer and starts its sync: the relay's state vector, then everyone's presence. */
  addPeer(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
    peer.send(syncStep1Frame(this.doc));
    if (this.awareness.getStates().size > 0) peer.send(awarenessFrame(this.awareness));
  }

  /** Removes a peer and the presence it controlled. */
  removePeer(peer: RoomPeer): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    this.peers.delete(peer);
    if (controlled.size > 0) removeAwarenessStates(this.awareness, [...controlled], null);
  }

  /**
   * Queues an update from a peer: it is stored, then applied and forwarded to the other peers.
   * @throws when the update cannot be decoded (nothing is stored then)
   */
  submitUpdate(update: Uint8Array, origin: RoomPeer): void {
    // Decoding parses every struct and the delete set, so a truncated or garbled update is
    // refused here, before it could reach the disk and poison every later load of the room.
    Y.decodeUpdate(update);
    this.queue.push({ update, origin });
    this.flushing ??= this.flush();
  }

  /** Resolves when every queued update is stored and forwarded. */
  async whenIdle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Frees the in-memory state; call only without peers and after {@link whenIdle}. */
  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.store.appendUpdates(
            this.name,
            batch.map((queued) => queued.update),
          );
        } catch (error) {
          this.failBatch(batch, error);
          continue;
        }
        this.applyAndForward(batch);
        this.updatesSinceCompaction += batch.length;
        if (this.updatesSinceCompaction >= this.options.compactAfterUpdates) await this.compact();
      }
    } finally {
      this.flushing = null;
    }
  }

  private applyAndForward(batch: QueuedUpdate[]): void {
    for (const { update, origin } of batch) {
      try {
        Y.applyUpdate(this.doc, update, origin);
      } catch (error) {
        // Decoded but not applicable: it is on disk already, where a load skips and counts it.
        this.log.error('room.apply_failed', { room: this.name, error: String(error) });
        continue;
      }
      const frame = updateFrame(update);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    }
  }

  /**
   * The relay could not store a batch: its senders are disconnected so that they resync (and
   * resend) on reconnect; nothing was applied or forwarded, so no client saw a lost update.
   */
  private failBatch(batch: QueuedUpdate[], error: unknown): void {
    this.log.error('room.store_failed', {
      room: this.name,
      updates: batch.length,
      error: String(error),
    });
    for (const origin of new Set(batch.map((queued) => queued.origin))) {
      origin.close(RelayCloseCode.storageFailure, 'storage failure');
    }
  }

  private async compact(): Promise<void> {
    try {
      await this.store.compactRoom(this.name, Y.encodeStateAsUpdate(this.doc));
      this.updatesSinceCompaction = 1;
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
  };
}
