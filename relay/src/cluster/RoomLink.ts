/**
 * One loaded room's link to the cluster's shared log (docs/scaling.md).
 *
 * The link keeps a cursor: the id of the last log entry such that every entry up to it is in the
 * room's document. An announcement whose previous id is the cursor moves the cursor on; one that
 * does not (a message lost while the subscriber reconnected, or announcements from two relays
 * that crossed) is applied anyway and the log is read from the cursor. Yjs merges are idempotent,
 * so reading an entry twice costs time, never correctness.
 *
 * A full reconcile (on load, after a reconnect, after a failed append) reads the snapshot and the
 * whole log into a scratch document, gives the room what it lacks and appends what the log lacks.
 */
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { Room, RoomMirror } from '../sync/Room';
import { compareStreamIds, laterStreamId, STREAM_START, streamIdMs } from './streamIds';

/** A room's shared log as read from Redis. */
export interface SharedLog {
  /** The snapshot's state, or null when the log was never compacted. */
  snapshot: Uint8Array | null;
  /** The last entry the snapshot covers. */
  upto: string;
  /** Entries after the read's start, oldest first. */
  entries: { id: string; instance: string; update: Uint8Array }[];
}

/** One announcement of an appended entry. */
export interface Announcement {
  instance: string;
  previous: string;
  id: string;
  update: Uint8Array;
}

/** What a link needs from the cluster. */
export interface LinkTransport {
  readonly instance: string;
  /** Whether commands can be sent now. */
  ready(): boolean;
  /** Appends an update; resolves to the appended id and the log's length. */
  append(room: string, update: Uint8Array): Promise<{ id: string; length: number }>;
  /** Reads the snapshot and the entries after `after` (all of them when null). */
  read(room: string, after: string | null): Promise<SharedLog>;
  /** Replaces the log up to `upto` by `state`, unless a newer snapshot exists. */
  compact(room: string, state: Uint8Array, upto: string): Promise<void>;
  /** Publishes an awareness message (fire and forget). */
  publishAwareness(room: string, kind: 'update' | 'query', update: Uint8Array): void;
  /** Shares the room's claim, as the local store holds it. */
  shareClaim(room: string): Promise<void>;
  /** Counts and observations for /metrics. */
  counted(event: 'appended' | 'received' | 'appendFailed' | 'reconciled', ms?: number): void;
}

/** The room's link; see the file comment. */
export class RoomLink implements RoomMirror {
  private cursor = STREAM_START;
  /** Announcements that came before the first read finished. */
  private early: Announcement[] | null = [];
  /** A read of the log is wanted: `full` also appends what the log lacks. */
  private wanted: 'tail' | 'full' | null = null;
  private reading: Promise<void> | null = null;
  /** Appends sent and not yet answered. */
  private readonly appending = new Set<Promise<unknown>>();
  private appendsSinceCompaction = 0;
  private compacting = false;
  private detached = false;

  constructor(
    readonly room: Room,
    private readonly transport: LinkTransport,
    private readonly compactAfter: number,
    private readonly log: Logger,
  ) {}

  /** Appends sent and not answered yet (the stream lag). */
  get pendingAppends(): number {
    return this.appending.size;
  }

  /** Whether a read or a reconcile is waiting for Redis. */
  get behind(): boolean {
    return this.wanted !== null;
  }

  /** The first reconcile: resolves when done, or at once when Redis is down (it runs later). */
  async start(): Promise<void> {
    this.wanted = 'full';
    if (this.transport.ready()) await this.sync();
    // Whatever came meanwhile is handled now, in order.
    const early = this.early ?? [];
    this.early = null;
    for (const announcement of early) this.receive(announcement);
  }

  /** Asks for a read of the log (`full`: a reconcile) as soon as Redis answers. */
  want(kind: 'tail' | 'full'): void {
    if (this.detached) return;
    if (this.wanted !== 'full') this.wanted = kind;
    if (this.transport.ready()) void this.sync();
  }

  /** Runs the wanted reads one at a time until none is wanted; failures leave it wanted. */
  sync(): Promise<void> {
    this.reading ??= (async () => {
      try {
        while (this.wanted && !this.detached && this.transport.ready()) {
          const kind = this.wanted;
          this.wanted = null;
          try {
            if (kind === 'full') await this.reconcile();
            else await this.readTail();
          } catch (error) {
            if (this.wanted !== 'full') this.wanted = kind;
            this.log.warn('cluster.read_failed', {
              code: 'REDIS_UNAVAILABLE',
              room: this.room.name,
              error: String(error),
            });
            return;
          }
        }
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  /** Stops taking announcements and waits for the appends under way. */
  async detach(): Promise<void> {
    this.detached = true;
    this.wanted = null;
    await Promise.allSettled([...this.appending]);
  }

  /** Handles an announcement of the room's update channel. */
  receive(announcement: Announcement): void {
    if (this.detached) return;
    if (this.early) {
      this.early.push(announcement);
      return;
    }
    const { instance, previous, id, update } = announcement;
    if (compareStreamIds(id, this.cursor) <= 0) return;
    if (instance !== this.transport.instance) {
      this.transport.counted('received', Date.now() - streamIdMs(id));
      this.applyRemote(update, id);
    }
    if (previous === this.cursor) this.cursor = id;
    else this.want('tail');
  }

  outgoing(updates: readonly Uint8Array[]): void {
    if (this.detached) return;
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates([...updates]);
    if (!this.transport.ready()) {
      // Redis is away: the next reconcile appends whatever the log lacks.
      this.transport.counted('appendFailed');
      this.want('full');
      return;
    }
    const appended = this.transport.append(this.room.name, update).then(
      ({ length }) => {
        this.transport.counted('appended');
        this.appendsSinceCompaction++;
        if (length > this.compactAfter && this.appendsSinceCompaction * 2 >= this.compactAfter) {
          void this.compact();
        }
      },
      (error: unknown) => {
        this.transport.counted('appendFailed');
        this.log.warn('cluster.append_failed', {
          code: 'REDIS_UNAVAILABLE',
          room: this.room.name,
          error: String(error),
        });
        this.want('full');
      },
    );
    this.appending.add(appended);
    void appended.finally(() => this.appending.delete(appended));
  }

  awareness(update: Uint8Array): void {
    if (this.detached || !this.transport.ready()) return;
    this.transport.publishAwareness(this.room.name, 'update', update);
  }

  /** Another relay asked for the presence of this relay's peers. */
  answerAwarenessQuery(): void {
    const update = this.room.localAwarenessUpdate();
    if (update) this.awareness(update);
  }

  private async readTail(): Promise<void> {
    const after = this.cursor;
    const shared = await this.transport.read(this.room.name, after);
    if (this.detached) return;
    if (shared.snapshot && compareStreamIds(shared.upto, after) > 0) {
      // Entries after the cursor were compacted away: the snapshot holds them.
      this.applyRemote(shared.snapshot, shared.upto);
    }
    let last = shared.upto;
    for (const entry of shared.entries) {
      if (entry.instance !== this.transport.instance) this.applyRemote(entry.update, entry.id);
      last = entry.id;
    }
    this.cursor = laterStreamId(this.cursor, last);
  }

  /** Merges the room and the shared log both ways. */
  private async reconcile(): Promise<void> {
    const shared = await this.transport.read(this.room.name, null);
    if (this.detached) return;
    const scratch = new Y.Doc({ gc: true });
    try {
      scratch.transact(() => {
        if (shared.snapshot) tryApply(scratch, shared.snapshot, this.log, this.room.name);
        for (const entry of shared.entries) {
          tryApply(scratch, entry.update, this.log, this.room.name);
        }
      });
      // What the log lacks: exactly what applying the room's state to the scratch changes.
      const lacking: Uint8Array[] = [];
      scratch.on('update', (update: Uint8Array) => lacking.push(update));
      const roomState = Y.encodeStateAsUpdate(this.room.doc, Y.encodeStateVector(scratch));
      const scratchState = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(this.room.doc));
      Y.applyUpdate(scratch, roomState);
      this.applyRemote(scratchState, 'reconcile');
      const last = shared.entries.at(-1)?.id ?? shared.upto;
      this.cursor = laterStreamId(this.cursor, last);
      await this.transport.shareClaim(this.room.name);
      if (lacking.length > 0) {
        const update = Y.mergeUpdates(lacking);
        this.log.info('cluster.reconciled', {
          room: this.room.name,
          appendedBytes: update.byteLength,
        });
        await this.transport.append(this.room.name, update);
        this.transport.counted('appended');
      }
      this.transport.counted('reconciled');
    } finally {
      scratch.destroy();
    }
  }

  private applyRemote(update: Uint8Array, id: string): void {
    try {
      this.room.applyRemote(update);
    } catch (error) {
      // A bad entry in Redis must not stop the room: it is skipped and logged.
      this.log.error('cluster.bad_entry', { room: this.room.name, id, error: String(error) });
    }
  }

  private async compact(): Promise<void> {
    if (this.compacting || this.detached) return;
    this.compacting = true;
    this.appendsSinceCompaction = 0;
    try {
      if (this.cursor === STREAM_START) return;
      await this.transport.compact(
        this.room.name,
        Y.encodeStateAsUpdate(this.room.doc),
        this.cursor,
      );
    } catch (error) {
      this.log.warn('cluster.compact_failed', { room: this.room.name, error: String(error) });
    } finally {
      this.compacting = false;
    }
  }
}

function tryApply(doc: Y.Doc, update: Uint8Array, log: Logger, room: string): void {
  try {
    Y.decodeUpdate(update);
    Y.applyUpdate(doc, update);
  } catch (error) {
    log.error('cluster.bad_entry', { room, error: String(error) });
  }
}
