/**
 * Assets across the relays of a cluster (docs/scaling.md). The bytes stay on the disks of the
 * relays that received them; Redis only knows who holds what: `meshtable:asset:<sha256>` is the
 * set of the base URLs of the relays that hold the asset. A relay asked for an asset it lacks
 * fetches it from a holder (`GET /assets/<sha256>`, which needs no token), checks that the bytes
 * hash to the name, stores them like an upload and serves them; from then on it is a holder too.
 *
 * Deletions: `meshtable:asset-rooms:<sha256>` is the set of the rooms, on any relay, that hold
 * the asset (added by each upload, and by each relay from its ledger when it joins). A room that
 * gives the asset up leaves the set; when the set is empty, the relay that saw the deletion
 * drops the holders' set and announces the asset on `meshtable:asset-gone`, and every relay
 * deletes its copy, unless one of its own rooms still holds it.
 *
 * A relay can be reached by the others only at an address it listens on: one that listens on
 * every interface (0.0.0.0) fetches from the others but cannot be fetched from.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { AssetStore } from '../assets/AssetStore';
import type { Logger } from '../logger';
import { ASSET_GONE_CHANNEL } from './clusterKeys';

/** How long a fetch from another relay may take, whole. */
const FETCH_TIMEOUT_MS = 30_000;

/** The Redis set of the relays that hold an asset. */
export const assetHoldersKey = (sha256: string): string => `meshtable:asset:${sha256}`;
/** The Redis set of the rooms, on any relay, that hold an asset. */
export const assetRoomsKey = (sha256: string): string => `meshtable:asset-rooms:${sha256}`;

/** What the cluster answered about a room that gives an asset up. */
export interface ClusterRelease {
  /** Whether the room held the asset, as the cluster knew it. */
  readonly roomHeld: boolean;
  /** The other rooms that hold it, on any relay. */
  readonly otherRooms: readonly string[];
}

/** What the asset endpoints ask of the cluster. */
export interface AssetPeers {
  /** This relay holds `sha256` now (after an upload or a fetch). */
  holds(sha256: string): void;
  /** A room holds `sha256` now (it uploaded it). */
  roomHolds(room: string, sha256: string): void;
  /** Fetches a missing asset from another relay into `store`; resolves whether it is there now. */
  fetchMissing(sha256: string, store: AssetStore): Promise<boolean>;
  /** The room gives the asset up; null when Redis cannot be asked now. */
  release(room: string, sha256: string): Promise<ClusterRelease | null>;
  /** No room holds the asset any more: no relay fetches it, every relay deletes its copy. */
  gone(sha256: string): void;
}

/** See the file comment. */
export class ClusterAssets implements AssetPeers {
  private selfUrl: string | null = null;
  private readonly fetching = new Map<string, Promise<boolean>>();

  /**
   * @param redis the cluster's command connection, while it is ready (else null)
   * @param maxBytes the largest asset accepted (a holder's answer past it is refused)
   */
  constructor(
    private readonly redis: () => Redis | null,
    private readonly maxBytes: number,
    private readonly log: Logger,
  ) {}

  /** Where the other relays reach this one, once it listens; null when they cannot. */
  setSelfUrl(url: string | null): void {
    this.selfUrl = url;
  }

  holds(sha256: string): void {
    const redis = this.redis();
    if (!redis || !this.selfUrl) return;
    void redis.sadd(assetHoldersKey(sha256), this.selfUrl).catch(() => {});
  }

  /**
   * Tells Redis about every asset in `filesDir` (`<assets>/files/<xx>/<sha256>`): at start, and
   * after Redis came back, perhaps without its data.
   */
  async announceAll(filesDir: string): Promise<number> {
    const redis = this.redis();
    if (!redis || !this.selfUrl) return 0;
    let count = 0;
    const folders = await readdir(filesDir).catch(() => [] as string[]);
    for (const folder of folders) {
      const names = await readdir(join(filesDir, folder)).catch(() => [] as string[]);
      const pipeline = redis.pipeline();
      for (const name of names) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        pipeline.sadd(assetHoldersKey(name), this.selfUrl);
        count++;
      }
      await pipeline.exec();
    }
    return count;
  }

  roomHolds(room: string, sha256: string): void {
    void this.redis()
      ?.sadd(assetRoomsKey(sha256), room)
      .catch(() => {});
  }

  /**
   * Tells Redis which rooms hold which assets, from this relay's ledger: at start, and after
   * Redis came back, perhaps without its data.
   */
  async announceRooms(entries: AsyncIterable<{ room: string; sha256: string }>): Promise<number> {
    const redis = this.redis();
    if (!redis) return 0;
    let count = 0;
    let pipeline = redis.pipeline();
    for await (const { room, sha256 } of entries) {
      pipeline.sadd(assetRoomsKey(sha256), room);
      if (++count % 1000 === 0) {
        await pipeline.exec();
        pipeline = redis.pipeline();
      }
    }
    await pipeline.exec();
    return count;
  }

  async release(room: string, sha256: string): Promise<ClusterRelease | null> {
    const redis = this.redis();
    if (!redis) return null;
    try {
      const replies = await redis
        .multi()
        .srem(assetRoomsKey(sha256), room)
        .smembers(assetRoomsKey(sha256))
        .exec();
      const [removed, members] = (replies ?? []).map(([error, value]) => {
        if (error) throw error;
        return value;
      });
      return { roomHeld: removed === 1, otherRooms: members as string[] };
    } catch {
      return null;
    }
  }

  /** The rooms, on any relay, that hold an asset; null when Redis cannot be asked now. */
  async roomsHolding(sha256: string): Promise<string[] | null> {
    try {
      return (await this.redis()?.smembers(assetRoomsKey(sha256))) ?? null;
    } catch {
      return null;
    }
  }

  gone(sha256: string): void {
    void this.redis()
      ?.multi()
      .del(assetHoldersKey(sha256))
      .publish(ASSET_GONE_CHANNEL, sha256)
      .exec()
      .catch(() => {});
  }

  fetchMissing(sha256: string, store: AssetStore): Promise<boolean> {
    // One fetch per asset at a time: the other requests for it wait for that one.
    let fetching = this.fetching.get(sha256);
    if (!fetching) {
      fetching = this.fetchFromHolders(sha256, store).finally(() => this.fetching.delete(sha256));
      this.fetching.set(sha256, fetching);
    }
    return fetching;
  }

  private async fetchFromHolders(sha256: string, store: AssetStore): Promise<boolean> {
    const redis = this.redis();
    if (!redis) return false;
    let holders: string[];
    try {
      holders = await redis.smembers(assetHoldersKey(sha256));
    } catch {
      return false;
    }
    for (const holder of holders) {
      if (holder === this.selfUrl) continue;
      try {
        if (await this.fetchFrom(holder, sha256, store)) {
          this.log.info('cluster.asset_fetched', { sha256, from: holder });
          this.holds(sha256);
          return true;
        }
      } catch (error) {
        this.log.warn('cluster.asset_fetch_failed', { sha256, from: holder, error: String(error) });
      }
    }
    return false;
  }

  private async fetchFrom(holder: string, sha256: string, store: AssetStore): Promise<boolean> {
    const response = await fetch(`${holder}/assets/${sha256}`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      return false;
    }
    const writer = await store.beginWrite();
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > this.maxBytes) throw new Error(`larger than ${this.maxBytes} bytes`);
        hash.update(chunk);
        await writer.write(chunk);
      }
      if (hash.digest('hex') !== sha256) throw new Error('the bytes do not hash to the name');
      await writer.commit(sha256);
      return true;
    } catch (error) {
      await writer.discard();
      throw error;
    }
  }
}
