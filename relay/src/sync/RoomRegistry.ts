/**
 * The loaded rooms. A room is loaded from LevelDB on its first connection (peers wait for the
 * load, so no one is ever served an empty document while stored state exists) and unloaded after
 * it has had no peers for a grace period. Every action on a room checks that it is still the
 * loaded instance of its name, so a late timer or callback can never drop a newer load.
 */
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import type { DocStore } from '../storage/DocStore';
import { Room, type RoomOptions } from './Room';

/** Tunables of the registry. */
export interface RoomRegistryOptions extends RoomOptions {
  /** How long a room without peers stays in memory before it is unloaded. */
  roomIdleMs: number;
  /**
   * Most rooms in memory (loaded, loading or being unloaded). Opening one more first unloads a
   * room that has no peers, if there is one, else fails with {@link RoomLimitError}.
   */
  maxRooms: number;
}

/**
 * What links loaded rooms to the other relays of a cluster (relay/src/cluster/). `attach` resolves
 * once the room holds the cluster's state too (or at once when the cluster is unreachable: the
 * room then catches up later), `detach` once what the room sent is handed over.
 */
export interface RoomCluster {
  attach(room: Room): Promise<void>;
  detach(room: Room): Promise<void>;
}

/** The registry holds as many rooms as it may, and none of them can be unloaded now. */
export class RoomLimitError extends Error {
  readonly code = 'OVER_CAPACITY';
}

/** Loads, shares and unloads rooms. */
export class RoomRegistry {
  /** Loading or loaded rooms by name. */
  private readonly loading = new Map<string, Promise<Room>>();
  /** Loaded rooms by name: the instance that owns the name. */
  private readonly loaded = new Map<string, Room>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  /** Rooms being unloaded (their last writes being stored); opening one waits for that. */
  private readonly unloading = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DocStore,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics | null = null,
    private readonly cluster: RoomCluster | null = null,
  ) {}

  /** Number of rooms in memory. */
  get size(): number {
    return this.loaded.size;
  }

  /** Updates applied but not yet on disk, over all rooms. */
  get unstoredUpdates(): number {
    let total = 0;
    for (const room of this.loaded.values()) total += room.unstoredUpdates;
    return total;
  }

  /** The room, loading it first if needed. */
  open(name: string): Promise<Room> {
    // A room being unloaded is stored and freed first, then loaded afresh: two instances of one
    // room must never write to its log at the same time.
    const unloading = this.unloading.get(name);
    if (unloading) return unloading.then(() => this.open(name));
    const current = this.loaded.get(name);
    if (current) this.cancelUnload(current);
    let room = this.loading.get(name);
    if (!room) {
      if (this.occupied() >= this.options.maxRooms) return this.makeRoomFor(name);
      const load = this.load(name);
      room = load;
      this.loading.set(name, load);
      // A failed load must not stay cached: the next connection tries again.
      load.catch(() => {
        if (this.loading.get(name) === load) this.loading.delete(name);
      });
    }
    return room;
  }

  /** Rooms that take memory: loaded, loading, or being unloaded. */
  private occupied(): number {
    return new Set([...this.loading.keys(), ...this.unloading.keys()]).size;
  }

  /**
   * At capacity: unloads the room that has been idle longest (a room without peers, waiting out
   * its grace period) and tries again, or refuses when every room has peers.
   */
  private makeRoomFor(name: string): Promise<Room> {
    const [idle] = this.idleTimers.keys();
    if (!idle) {
      return Promise.reject(
        new RoomLimitError(`the relay holds its maximum of ${this.options.maxRooms} rooms`),
      );
    }
    this.cancelUnload(idle);
    return this.unload(idle).then(
      () => this.open(name),
      (error: unknown) => {
        this.log.error('room.unload_failed', { room: idle.name, error: String(error) });
        return this.open(name);
      },
    );
  }

  /** Called when a peer left a room: schedules the unload once the room is empty. */
  peerLeft(room: Room): void {
    if (!this.owns(room) || room.peerCount > 0 || this.idleTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.unload(room).catch((error: unknown) =>
        this.log.error('room.unload_failed', { room: room.name, error: String(error) }),
      );
    }, this.options.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  /** Stores everything queued and unloads every room (relay shutdown). */
  async closeAll(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await Promise.allSettled(this.unloading.values());
    await Promise.allSettled(this.loading.values());
    for (const room of [...this.loaded.values()]) {
      await room.whenIdle();
      await this.detachFromCluster(room);
      this.drop(room);
    }
  }

  private async load(name: string): Promise<Room> {
    const started = performance.now();
    const loaded = await this.store.loadRoom(name);
    let storedUpdates = loaded.updateCount;
    if (loaded.unreadable > 0) {
      this.log.error('room.unreadable_updates', { room: name, quarantined: loaded.unreadable });
    }
    let bytesSinceSnapshot = loaded.bytesSinceSnapshot;
    // A long log (a crash before compaction, or a lower threshold than before) is compacted now,
    // so that the next load replays one snapshot instead.
    if (
      loaded.updateCount > this.options.compactAfterUpdates ||
      bytesSinceSnapshot > this.options.compactAfterBytes
    ) {
      await this.store.compactRoom(name, Y.encodeStateAsUpdate(loaded.doc));
      storedUpdates = 1;
      bytesSinceSnapshot = 0;
    }
    const room = new Room(
      name,
      loaded.doc,
      this.store,
      this.options,
      this.log,
      { updates: storedUpdates, bytesSinceSnapshot },
      (broken) => this.drop(broken),
      this.metrics,
    );
    this.loaded.set(name, room);
    // Before anyone is served: the room then holds what the other relays stored, too.
    await this.cluster?.attach(room);
    this.log.debug('room.loaded', {
      room: name,
      updates: loaded.updateCount,
      ms: Math.round(performance.now() - started),
    });
    return room;
  }

  private owns(room: Room): boolean {
    return this.loaded.get(room.name) === room;
  }

  private cancelUnload(room: Room): void {
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
  }

  private async unload(room: Room): Promise<void> {
    this.idleTimers.delete(room);
    if (!this.owns(room) || room.peerCount > 0) return;
    // From here on the room takes no new peers (a connection that was already on its way in is
    // asked to reconnect, and then waits for the unload in `open`).
    room.retire();
    const done = room.whenIdle().then(async () => {
      await this.detachFromCluster(room);
      this.drop(room);
      this.log.debug('room.unloaded', { room: room.name });
    });
    const settled = done.finally(() => this.unloading.delete(room.name));
    this.unloading.set(
      room.name,
      settled.catch(() => {}),
    );
    await settled;
  }

  /**
   * Hands the room's last updates to the cluster. Updates from the cluster may have arrived
   * while the room stored its own, so the room is waited for again.
   */
  private async detachFromCluster(room: Room): Promise<void> {
    if (!this.cluster) return;
    await this.cluster.detach(room);
    await room.whenIdle();
  }

  /** Forgets a room instance (if it still owns its name) and frees it. */
  private drop(room: Room): void {
    this.cancelUnload(room);
    if (!this.owns(room)) return;
    this.loaded.delete(room.name);
    this.loading.delete(room.name);
    this.store.forgetRoom(room.name);
    // A broken room is dropped without waiting; detaching twice is harmless.
    void this.cluster?.detach(room);
    room.destroy();
  }
}
