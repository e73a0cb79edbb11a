/**
 * The loaded rooms. A room is loaded from LevelDB on its first connection (peers wait for the
 * load, so no one is ever served an empty document while stored state exists) and unloaded after
 * it has had no peers for a grace period.
 */
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { DocStore } from '../storage/DocStore';
import { Room, type RoomOptions } from './Room';

/** Tunables of the registry. */
export interface RoomRegistryOptions extends RoomOptions {
  /** How long a room without peers stays in memory before it is unloaded. */
  roomIdleMs: number;
}

/** Loads, shares and unloads rooms. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: DocStore,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
  ) {}

  /** Number of rooms in memory. */
  get size(): number {
    return this.rooms.size;
  }

  /** The room, loading it first if needed. */
  open(name: string): Promise<Room> {
    this.cancelUnload(name);
    let room = this.rooms.get(name);
    if (!room) {
      room = this.load(name);
      this.rooms.set(name, room);
      // A failed load must not stay cached: the next connection tries again.
      room.catch(() => this.rooms.delete(name));
    }
    return room;
  }

  /** Called when a peer left a room: schedules the unload once the room is empty. */
  released(room: Room): void {
    if (room.peerCount > 0 || this.idleTimers.has(room.name)) return;
    const timer = setTimeout(() => void this.unload(room), this.options.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room.name, timer);
  }

  /** Stores everything queued and unloads every room (relay shutdown). */
  async closeAll(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = await Promise.allSettled(this.rooms.values());
    for (const result of rooms) {
      if (result.status !== 'fulfilled') continue;
      await result.value.whenIdle();
      result.value.destroy();
      this.store.forgetRoom(result.value.name);
    }
    this.rooms.clear();
  }

  private async load(name: string): Promise<Room> {
    const started = performance.now();
    const loaded = await this.store.loadRoom(name);
    const room = new Room(name, loaded.doc, this.store, this.options, this.log, loaded.updateCount);
    if (loaded.unreadable > 0) {
      this.log.error('room.unreadable_updates', { room: name, count: loaded.unreadable });
    } else if (loaded.updateCount > this.options.compactAfterUpdates) {
      await this.store.compactRoom(name, Y.encodeStateAsUpdate(loaded.doc));
    }
    this.log.debug('room.loaded', {
      room: name,
      updates: loaded.updateCount,
      ms: Math.round(performance.now() - started),
    });
    return room;
  }

  private cancelUnload(name: string): void {
    const timer = this.idleTimers.get(name);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(name);
  }

  private async unload(room: Room): Promise<void> {
    this.idleTimers.delete(room.name);
    await room.whenIdle();
    // A peer may have joined while the last writes were stored.
    if (room.peerCount > 0 || this.idleTimers.has(room.name)) return;
    this.rooms.delete(room.name);
    room.destroy();
    this.store.forgetRoom(room.name);
    this.log.debug('room.unloaded', { room: room.name });
  }
}
