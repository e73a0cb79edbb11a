/**
 * Durable storage of room documents in one LevelDB database.
 *
 * Each room's document is a log of Yjs updates under keys `<room>!<seq>` (seq as fixed-width hex,
 * so that keys sort in write order). Room names cannot contain `!` or `"`, so the range
 * [`<room>!`, `<room>"`) holds exactly one room's updates. When a room's log grows past a
 * threshold it is compacted: all its updates are replaced by one snapshot update in a single
 * atomic batch, so a crash mid-compaction leaves either the old log or the snapshot, never neither.
 *
 * Durability: an appended update is in the journal (Journal.ts: one `write(2)`, on the main
 * thread) before its promise resolves, so a crash of the relay process loses nothing; the journal's
 * records go to LevelDB in one synced batch per commit window, after which their journal files are
 * deleted, and whatever a crash left in the journal is written to LevelDB when the store opens.
 * Whether an update reaches the disk (fsync) follows the sync policy: `always` syncs the journal
 * on every append; a number of milliseconds commits (a synced LevelDB batch) within that time, at
 * most a second. A power cut can lose at most that window of writes (docs/relay.md). Other
 * writes (compactions, the quarantine) go to LevelDB directly, synced within the same window.
 */
import { Level } from 'level';
import * as Y from 'yjs';
import { Histogram } from '../Histogram';
import { Journal, type JournalRecord } from './Journal';
import { openLevel } from './openLevel';

const SEQ_WIDTH = 12;

/** What {@link DocStore.loadRoom} found on disk for a room. */
export interface LoadedRoom {
  /** The document with every stored update applied. */
  doc: Y.Doc;
  /** Number of updates in the room's log. */
  updateCount: number;
  /**
   * Stored updates that could not be applied. They are moved out of the room's log into a
   * quarantine (kept on disk for inspection, never silently dropped, never loaded again).
   */
  unreadable: number;
  /**
   * Bytes of the updates after the first one (which is the snapshot once the room has been
   * compacted): what compaction by size weighs.
   */
  bytesSinceSnapshot: number;
}

/**
 * When writes are flushed to the disk: `'always'` (every batch, before it counts as stored) or
 * a number of milliseconds within which every write is flushed.
 */
export type SyncPolicy = 'always' | number;

/** Options of a {@link DocStore}. */
export interface DocStoreOptions {
  /** Default 100 ms. */
  syncPolicy?: SyncPolicy;
  /** Told about a background flush that failed (the next write or flush tries again). */
  onSyncError?: (error: unknown) => void;
  /**
   * Told, when the store opens, of the updates a crash left in the journal (now in LevelDB) and
   * of the bytes of interrupted writes it dropped; only when there were any.
   */
  onJournalReplayed?: (updates: number, droppedBytes: number) => void;
}

/** The longest a journaled update waits before its commit to LevelDB, whatever the policy. */
const MAX_COMMIT_MS = 1000;

function updateKey(room: string, seq: number): string {
  return `${room}!${seq.toString(16).padStart(SEQ_WIDTH, '0')}`;
}

function roomRange(room: string): { gte: string; lt: string } {
  return { gte: `${room}!`, lt: `${room}"` };
}

/** The relay's LevelDB: room update logs and room token hashes. */
export class DocStore {
  private readonly db: Level<string, Uint8Array>;
  private readonly updates;
  private readonly tokens;
  /** Updates that could not be applied when their room loaded, under their original keys. */
  private readonly quarantine;
  /** Batches appended so far, and the time they took (for /metrics). */
  writeCount = 0;
  writeSeconds = 0;
  /** Durations of appended batches, for /metrics. */
  readonly writeDurations = new Histogram();
  /** Synced (fsync'ed) writes so far, and compactions. */
  syncCount = 0;
  compactionCount = 0;
  private readonly syncPolicy: SyncPolicy;
  private readonly onSyncError: (error: unknown) => void;
  /** Set while some write is not known to be on disk; the timer will flush it. */
  private syncTimer: NodeJS.Timeout | null = null;
  private unsynced = false;
  private readonly meta;
  /** Next sequence number per loaded room; set by loadRoom, advanced by appendUpdates. */
  private readonly nextSeq = new Map<string, number>();
  /** First stored sequence number per loaded room (the start of the live log). */
  private readonly firstSeq = new Map<string, number>();
  private readonly journal: Journal;
  private readonly onJournalReplayed: (updates: number, droppedBytes: number) => void;
  /** Updates in the journal and not yet in LevelDB, under their keys, in the order appended. */
  private uncommitted: [string, Uint8Array][] = [];
  /**
   * The next commit's LevelDB batch, into which {@link stage} puts the uncommitted updates a few
   * at a time (the first {@link staged} of them), so that a commit only has to write it.
   */
  private pending: ReturnType<Level<string, Uint8Array>['batch']> | null = null;
  private staged = 0;
  private stageScheduled = false;
  private commitTimer: NodeJS.Timeout | null = null;
  /** The commit under way, while there is one. */
  private committing: Promise<void> | null = null;

  constructor(location: string, options: DocStoreOptions = {}) {
    this.syncPolicy = options.syncPolicy ?? 100;
    this.onSyncError = options.onSyncError ?? (() => {});
    this.onJournalReplayed = options.onJournalReplayed ?? (() => {});
    this.journal = new Journal(`${location}.journal`);
    this.db = new Level<string, Uint8Array>(location, {
      keyEncoding: 'utf8',
      valueEncoding: 'view',
    });
    this.updates = this.db.sublevel<string, Uint8Array>('u', { valueEncoding: 'view' });
    this.tokens = this.db.sublevel<string, string>('t', { valueEncoding: 'utf8' });
    this.quarantine = this.db.sublevel<string, Uint8Array>('q', { valueEncoding: 'view' });
    this.meta = this.db.sublevel<string, string>('m', { valueEncoding: 'utf8' });
  }

  /**
   * Opens the database (failing with a clear error when another process holds its lock), then
   * writes to it what the journal holds from a run that did not close the store.
   */
  async open(): Promise<void> {
    await openLevel(this.db, 'the relay database');
    const { leftovers, lastOld } = this.journal.open();
    if (leftovers.records.length > 0) await this.replay(leftovers.records);
    this.journal.release(lastOld);
    if (leftovers.records.length > 0 || leftovers.droppedBytes > 0) {
      this.onJournalReplayed(leftovers.records.length, leftovers.droppedBytes);
    }
  }

  /** Commits the journal and flushes what is not on disk yet, then closes the database. */
  async close(): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    if (this.db.status === 'open') {
      try {
        await this.commit();
      } finally {
        this.journal.close();
      }
      // Committed and synced: the journal holds nothing LevelDB lacks.
      this.journal.release(this.journal.currentFile);
      // The last flush, always: it also marks when the store was last known whole on disk.
      await this.flushToDisk();
    }
    await this.db.close();
  }

  /** Appends journaled updates to their rooms' logs, after the last key each room has. */
  private async replay(records: readonly JournalRecord[]): Promise<void> {
    const next = new Map<string, number>();
    const puts = [];
    for (const { room, update } of records) {
      const seq = next.get(room) ?? (await this.lastSeq(room)) + 1;
      puts.push({
        type: 'put' as const,
        sublevel: this.updates,
        key: updateKey(room, seq),
        value: update,
      });
      next.set(room, seq + 1);
    }
    // Through the database, not the sublevel: right after opening, the sublevel may not be.
    await this.db.batch(puts, { sync: true });
    this.syncCount++;
  }

  /** The highest sequence number in a room's stored log, or -1 when it has none. */
  private async lastSeq(room: string): Promise<number> {
    for await (const key of this.updates.keys({ ...roomRange(room), reverse: true, limit: 1 })) {
      return Number.parseInt(key.slice(room.length + 1), 16);
    }
    return -1;
  }

  /**
   * Writes every journaled update LevelDB lacks in one synced batch, then deletes the journal
   * files that held them. One commit at a time; a failed one keeps its updates for the next.
   */
  async commit(): Promise<void> {
    while (this.committing) await this.committing;
    if (this.uncommitted.length === 0) return;
    this.committing = this.writeUncommitted().finally(() => {
      this.committing = null;
    });
    await this.committing;
  }

  private async writeUncommitted(): Promise<void> {
    const started = performance.now();
    this.stage();
    const entries = this.uncommitted;
    const batch = this.takePending() as NonNullable<typeof this.pending>;
    this.uncommitted = [];
    let sealed: number;
    try {
      sealed = this.journal.seal();
      await batch.write({ sync: true });
    } catch (error) {
      // Still in the journal, whose files stay, and written with the next commit. The updates
      // appended since may be staged in a batch that lacks these: it is dropped, and all are
      // staged again. (The failed batch closed itself: a chained batch does once written.)
      const dropped = this.takePending();
      this.uncommitted = entries.concat(this.uncommitted);
      // Freeing it can only fail if it is closed already; the write's error is the one to report.
      await dropped?.close().catch(() => {});
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    this.syncCount++;
    this.writeCount++;
    this.writeSeconds += seconds;
    this.writeDurations.observe(seconds);
    this.journal.release(sealed);
  }

  /**
   * Puts the uncommitted updates not staged yet into the next commit's batch. A LevelDB put
   * costs the main thread some microseconds; made here, soon after each append rather than all
   * at once when the commit starts, they never hold up the forwarding of an update for long.
   */
  private stage(): void {
    if (this.staged === this.uncommitted.length) return;
    // The database's own chained batch, not the sublevel's, and keys prefixed here rather than
    // with the `sublevel` option: each put then goes into the native batch at once, and leaves
    // nothing behind (a sublevel's batch keeps an object per put until it is written; the option's
    // path, measured at a thousand updates a second, left a third more objects alive at each
    // young-generation collection, which made every collection longer).
    this.pending ??= this.db.batch();
    const prefix = this.updates.prefix;
    for (let i = this.staged; i < this.uncommitted.length; i++) {
      const [key, update] = this.uncommitted[i] as [string, Uint8Array];
      this.pending.put(prefix + key, update);
    }
    this.staged = this.uncommitted.length;
  }

  /** The next commit's batch, handed over: the updates from now on are staged into a new one. */
  private takePending(): typeof this.pending {
    const pending = this.pending;
    this.pending = null;
    this.staged = 0;
    return pending;
  }

  /** Stages the new updates once the updates of this turn of the event loop are forwarded. */
  private scheduleStage(): void {
    if (this.stageScheduled) return;
    this.stageScheduled = true;
    setImmediate(() => {
      this.stageScheduled = false;
      if (this.db.status === 'open') this.stage();
    });
  }

  /** Commits within the policy's window of the first update not yet committed. */
  private scheduleCommit(): void {
    if (this.commitTimer) return;
    const window = this.syncPolicy === 'always' ? 100 : Math.min(this.syncPolicy, MAX_COMMIT_MS);
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      if (this.db.status !== 'open') return;
      this.commit().catch((error: unknown) => {
        this.onSyncError(error);
        if (this.db.status === 'open') this.scheduleCommit();
      });
    }, window);
    this.commitTimer.unref();
  }

  /** Writes one small record synchronously: LevelDB then syncs its log, and every write before. */
  private async flushToDisk(): Promise<void> {
    this.unsynced = false;
    try {
      await this.db.batch(
        [{ type: 'put', sublevel: this.meta, key: 'flushed', value: new Date().toISOString() }],
        { sync: true },
      );
      this.syncCount++;
    } catch (error) {
      this.unsynced = true;
      throw error;
    }
  }

  /** The `sync` option of a write, arming the flush timer when the write is not synced. */
  private syncOption(): { sync: boolean } {
    if (this.syncPolicy === 'always') return { sync: true };
    this.unsynced = true;
    if (!this.syncTimer) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = null;
        if (!this.unsynced || this.db.status !== 'open') return;
        this.flushToDisk().catch((error: unknown) => {
          this.onSyncError(error);
          // Try again rather than leave the writes unflushed until the next write comes.
          if (this.db.status === 'open') this.syncOption();
        });
      }, this.syncPolicy);
      this.syncTimer.unref();
    }
    return { sync: false };
  }

  /** The stored token hash of a room, or undefined when the room is unclaimed. */
  async getTokenHash(room: string): Promise<string | undefined> {
    return this.tokens.get(room);
  }

  /**
   * Stores the token hash that claims a room. Always synced: claims are rare, and a claim lost to
   * a power cut would let the next comer claim the room with another token.
   */
  async setTokenHash(room: string, hash: string): Promise<void> {
    await this.db.batch([{ type: 'put', sublevel: this.tokens, key: room, value: hash }], {
      sync: true,
    });
    this.syncCount++;
  }

  /** Reads a room's update log into a fresh document. */
  async loadRoom(room: string): Promise<LoadedRoom> {
    // A room unloaded a moment ago may still have updates only in the journal.
    await this.commit();
    const doc = new Y.Doc({ gc: true });
    const entries: [string, Uint8Array][] = [];
    for await (const entry of this.updates.iterator(roomRange(room))) entries.push(entry);
    const unreadable: [string, Uint8Array][] = [];
    let first: number | undefined;
    let last = -1;
    let bytesSinceSnapshot = 0;
    doc.transact(() => {
      for (const entry of entries) {
        const [key, update] = entry;
        const seq = Number.parseInt(key.slice(room.length + 1), 16);
        last = seq;
        try {
          Y.applyUpdate(doc, update);
          if (first !== undefined) bytesSinceSnapshot += update.byteLength;
          first ??= seq;
        } catch {
          unreadable.push(entry);
        }
      }
    });
    if (unreadable.length > 0) {
      // One atomic batch: each entry is either still in the log or already in the quarantine.
      await this.db.batch([
        ...unreadable.map(([key, value]) => ({
          type: 'put' as const,
          sublevel: this.quarantine,
          key,
          value,
        })),
        ...unreadable.map(([key]) => ({ type: 'del' as const, sublevel: this.updates, key })),
      ]);
    }
    this.firstSeq.set(room, first ?? last + 1);
    this.nextSeq.set(room, last + 1);
    return {
      doc,
      updateCount: entries.length - unreadable.length,
      unreadable: unreadable.length,
      bytesSinceSnapshot,
    };
  }

  /** Number of entries in a room's stored log (a snapshot counts as one). */
  async storedUpdateCount(room: string): Promise<number> {
    await this.commit();
    let count = 0;
    for await (const _ of this.updates.keys(roomRange(room))) count++;
    return count;
  }

  /** Number of quarantined (unreadable) updates of a room. */
  async quarantinedCount(room: string): Promise<number> {
    let count = 0;
    for await (const _ of this.quarantine.keys(roomRange(room))) count++;
    return count;
  }

  /**
   * Appends updates to a loaded room's log: to the journal at once (the relay forwards them as
   * soon as this resolves), to LevelDB with the next commit.
   * @throws when the journal cannot be written (nothing of these updates is stored then)
   */
  async appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<void> {
    let seq = this.requireSeq(room);
    this.journal.append(room, updates);
    if (this.syncPolicy === 'always') this.journal.syncNow();
    for (const update of updates) this.uncommitted.push([updateKey(room, seq++), update]);
    this.nextSeq.set(room, seq);
    this.scheduleStage();
    this.scheduleCommit();
  }

  /**
   * Replaces a room's whole log with one snapshot, atomically.
   * @param snapshot the document state (Y.encodeStateAsUpdate) covering every stored update
   */
  async compactRoom(room: string, snapshot: Uint8Array): Promise<void> {
    const from = this.firstSeq.get(room) ?? 0;
    const next = this.requireSeq(room);
    // The range deleted below must hold every update the snapshot covers, journaled ones too.
    await this.commit();
    const batch = this.updates.batch();
    for (let seq = from; seq < next; seq++) batch.del(updateKey(room, seq));
    batch.put(updateKey(room, next), snapshot);
    const options = this.syncOption();
    await batch.write(options);
    // Only now: a failed batch wrote nothing, and the next compaction covers the same range.
    this.firstSeq.set(room, next);
    this.nextSeq.set(room, next + 1);
    if (options.sync) this.syncCount++;
    this.compactionCount++;
  }

  /** Forgets the in-memory sequence counters of a room that was unloaded. */
  forgetRoom(room: string): void {
    this.nextSeq.delete(room);
    this.firstSeq.delete(room);
  }

  private requireSeq(room: string): number {
    const seq = this.nextSeq.get(room);
    if (seq === undefined) throw new Error(`room ${room} is not loaded`);
    return seq;
  }
}
