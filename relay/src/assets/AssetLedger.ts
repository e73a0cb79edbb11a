/**
 * Which room stored which asset, for the per-room quota, kept in its own small LevelDB under
 * `<data>/assets/ledger` so that quotas survive a restart.
 *
 * One key per room and asset, `<room>!<sha256>` → size in bytes. A room is charged for an asset
 * once, however often it uploads it; two rooms that store the same asset are each charged for it
 * (a room's quota does not depend on what other rooms happen to hold). Room names cannot contain
 * `!` or `"`, so the range [`<room>!`, `<room>"`) holds exactly one room's keys. A room's total is
 * summed from its keys on first use and then kept in memory; charges (and releases) of one room
 * are serialized so that two uploads at once cannot both squeeze under the quota.
 *
 * A release (`DELETE /assets/<sha256>`) drops one room's key; whether any other room still holds
 * the asset is read from every key (one per room and asset, so small; only deletions read it).
 */
import { Level } from 'level';
import { openLevel } from '../storage/openLevel';
import { KeyedQueue } from './KeyedQueue';

/** How {@link AssetLedger.charge} went. */
export type ChargeResult = 'charged' | 'already-charged' | 'over-quota';

/** The per-room asset accounting. */
export class AssetLedger {
  private readonly db: Level<string, string>;
  private readonly totals = new Map<string, number>();
  private readonly queues = new KeyedQueue();

  /** @param location folder of the ledger's LevelDB */
  constructor(location: string) {
    this.db = new Level<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  }

  /** Opens the database; fails with a clear error when another process holds its lock. */
  async open(): Promise<void> {
    await openLevel(this.db, 'the asset ledger');
  }

  /** Closes the database once the charges under way are written. */
  async close(): Promise<void> {
    await this.queues.drain();
    await this.db.close();
  }

  /** Bytes of assets charged to a room. */
  async usage(room: string): Promise<number> {
    const known = this.totals.get(room);
    if (known !== undefined) return known;
    let total = 0;
    for await (const value of this.db.values({ gte: `${room}!`, lt: `${room}"` })) {
      total += Number(value);
    }
    // Another call may have summed (and charged) meanwhile; its figure is the newer one.
    const raced = this.totals.get(room);
    if (raced !== undefined) return raced;
    this.totals.set(room, total);
    return total;
  }

  /** Whether a room has been charged for an asset already. */
  async has(room: string, sha256: string): Promise<boolean> {
    return (await this.db.get(`${room}!${sha256}`)) !== undefined;
  }

  /**
   * Charges a room for an asset unless it was charged before, refusing when the room's total
   * would pass `quota`, and then runs `store` (which places the file). Charges of one room run
   * one at a time. When `store` fails, the charge is taken back.
   */
  async charge(
    room: string,
    sha256: string,
    size: number,
    quota: number,
    store: () => Promise<void>,
  ): Promise<ChargeResult> {
    return this.queues.run(room, async () => {
      const key = `${room}!${sha256}`;
      if ((await this.db.get(key)) !== undefined) {
        // Charged before, but a crash may have come between the charge and the rename.
        await store();
        return 'already-charged';
      }
      const used = await this.usage(room);
      if (used + size > quota) return 'over-quota';
      // Charge first: a crash before the rename leaves the room charged for a file it lacks,
      // which its next upload of the asset places at no cost; never a stored asset unpaid for.
      await this.db.put(key, String(size));
      this.totals.set(room, used + size);
      try {
        await store();
      } catch (error) {
        await this.db.del(key);
        this.totals.set(room, used);
        throw error;
      }
      return 'charged';
    });
  }

  /**
   * Takes a room's charge for an asset back, after its task is done: frees its bytes of the
   * room's quota.
   * @returns the bytes freed, or null when the room was not charged for the asset
   */
  async release(room: string, sha256: string): Promise<number | null> {
    return this.queues.run(room, async () => {
      const key = `${room}!${sha256}`;
      const size = await this.db.get(key);
      if (size === undefined) return null;
      const used = await this.usage(room);
      await this.db.del(key);
      this.totals.set(room, Math.max(0, used - Number(size)));
      return Number(size);
    });
  }

  /** Every room and asset charged (for a cluster's index, docs/scaling.md). */
  async *entries(): AsyncGenerator<{ room: string; sha256: string }> {
    for await (const key of this.db.keys()) {
      const split = key.lastIndexOf('!');
      if (split > 0) yield { room: key.slice(0, split), sha256: key.slice(split + 1) };
    }
  }

  /** The rooms charged for an asset (reads every key: for deletions only). */
  async roomsHolding(sha256: string): Promise<string[]> {
    const suffix = `!${sha256}`;
    const rooms: string[] = [];
    for await (const key of this.db.keys()) {
      if (key.endsWith(suffix)) rooms.push(key.slice(0, -suffix.length));
    }
    return rooms;
  }
}
