/**
 * The Redis cluster benchmark (`npm run bench -- --only=redis`, docs/scaling.md): a real
 * redis-server and real relay processes (`meshtable relay --redis`), driven by the scale
 * benchmark's raw y-websocket clients (syncLoad.ts), whose updates carry a sequence number.
 *
 * - Propagation latency: one writer, one update at a time, each timed until a reader has it.
 *   Three readers take turns, sample by sample, so that they share the machine's state: a
 *   reader on the writer's relay without Redis (the single relay), one on the writer's relay in
 *   the cluster (what the shared log costs the relay's own peers) and one on another relay of
 *   the cluster (the cross-relay hop: append and announce through Redis, store, forward).
 * - Throughput: rooms with a writer on one relay and its reader on the next, each writer keeping
 *   a window of updates in flight, for a fixed time; the figure is updates delivered to readers
 *   per second over all relays, for 1, 2 and 3 relays (and for one relay without Redis).
 * The clients run in this process, on the same machine as the relays and Redis.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../support/redisServer';
import { type RelayProcess, spawnRelay } from '../support/relayProcess';
import { type LatencySummary, summarizeLatency } from './latency';
import { LoadClient } from './syncLoad';

/** Sizes of one run. */
export interface RedisBenchConfig {
  /** Latency samples per reader. */
  latencySamples: number;
  /** Rooms of the throughput load (one writer and one reader each). */
  rooms: number;
  /** Updates each writer keeps in flight. */
  window: number;
  /** Seconds each throughput load runs. */
  seconds: number;
}

export const REDIS_FULL: RedisBenchConfig = {
  latencySamples: 2000,
  rooms: 24,
  window: 16,
  seconds: 8,
};
export const REDIS_QUICK: RedisBenchConfig = {
  latencySamples: 300,
  rooms: 8,
  window: 8,
  seconds: 2,
};
export const REDIS_SMOKE: RedisBenchConfig = {
  latencySamples: 20,
  rooms: 2,
  window: 2,
  seconds: 0.3,
};

/** Figures of one run. */
export interface RedisRun {
  /** The machine's 1-minute load average when the run started (it shares 2 CPUs). */
  loadAverage: number;
  latency: { single: LatencySummary; sameRelay: LatencySummary; crossRelay: LatencySummary };
  /** Updates per second delivered, by setup. */
  throughput: { single: number; cluster1: number; cluster2: number; cluster3: number };
}

const TOKEN = 'b'.repeat(64);
/** Lift the per-connection rate limits: the load is the relay's, not one client's. */
const UNLIMITED = ['--sync-messages-per-second', '1000000', '--sync-message-burst', '1000000'];

/** Redis's AOF policy in the bench: `everysec`, the usual one (MESHTABLE_BENCH_REDIS_FSYNC=always to compare). */
const REDIS_APPEND_FSYNC =
  process.env.MESHTABLE_BENCH_REDIS_FSYNC === 'always' ? 'always' : 'everysec';

let nextClientId = 1;

function syncUrl(relay: RelayProcess, room: string): string {
  return `${relay.url.replace(/^http/, 'ws')}/sync/${room}?token=${TOKEN}`;
}

/** Relays for one measurement, each with its own data folder; `stop` removes them. */
async function startRelays(count: number, redisUrl: string | null) {
  const dirs: string[] = [];
  const relays: RelayProcess[] = [];
  for (let i = 0; i < count; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'meshtable-bench-redis-'));
    dirs.push(dir);
    relays.push(
      await spawnRelay(dir, 0, {
        args: [...UNLIMITED, ...(redisUrl ? ['--redis', redisUrl] : [])],
      }),
    );
  }
  return {
    relays,
    async stop() {
      await Promise.all(relays.map((relay) => relay.stop()));
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A writer and readers of one room; `deliver` resolves when every reader has `seq`. */
async function openRoom(writerUrl: string, readerUrls: string[]) {
  const waiting = new Map<LoadClient, { seq: number; done: (at: number) => void }>();
  const onStamp = (seq: number, at: number, client: LoadClient) => {
    // A reader not waited for gets each update too; only the awaited one's arrival counts.
    const waiter = waiting.get(client);
    if (waiter?.seq !== seq) return;
    waiting.delete(client);
    waiter.done(at);
  };
  const writer = new LoadClient(writerUrl, nextClientId++, 0, () => {});
  const readers = readerUrls.map((url) => new LoadClient(url, nextClientId++, 0, onStamp));
  await Promise.all([writer.ready, ...readers.map((reader) => reader.ready)]);
  let seq = 0;
  return {
    /** Sends one update; resolves with the milliseconds until `reader` had it. */
    async timeOne(reader: number): Promise<number> {
      const target = readers[reader] as LoadClient;
      const mine = seq++;
      const arrived = new Promise<number>((done) => waiting.set(target, { seq: mine, done }));
      const sent = performance.now();
      writer.sendStamp(mine);
      return (await arrived) - sent;
    },
    async close() {
      await Promise.all([writer.close(), ...readers.map((reader) => reader.close())]);
    },
  };
}

async function measureLatency(config: RedisBenchConfig, redisUrl: string) {
  const single = await startRelays(1, null);
  const cluster = await startRelays(2, redisUrl);
  try {
    const [a, b] = cluster.relays as [RelayProcess, RelayProcess];
    const solo = single.relays[0] as RelayProcess;
    const soloRoom = await openRoom(syncUrl(solo, 'latency'), [syncUrl(solo, 'latency')]);
    const clusterRoom = await openRoom(syncUrl(a, 'latency'), [
      syncUrl(a, 'latency'),
      syncUrl(b, 'latency'),
    ]);
    const samples = {
      single: [] as number[],
      sameRelay: [] as number[],
      crossRelay: [] as number[],
    };
    for (let i = 0; i < config.latencySamples; i++) {
      samples.single.push(await soloRoom.timeOne(0));
      samples.sameRelay.push(await clusterRoom.timeOne(0));
      samples.crossRelay.push(await clusterRoom.timeOne(1));
    }
    await soloRoom.close();
    await clusterRoom.close();
    return {
      single: summarizeLatency(samples.single),
      sameRelay: summarizeLatency(samples.sameRelay),
      crossRelay: summarizeLatency(samples.crossRelay),
    };
  } finally {
    await single.stop();
    await cluster.stop();
  }
}

/** Updates per second delivered to readers, rooms spread over `relays` (writer on one, reader on the next). */
async function measureThroughput(
  config: RedisBenchConfig,
  count: number,
  redisUrl: string | null,
): Promise<number> {
  const setup = await startRelays(count, redisUrl);
  const prefix = `tp-${count}-${redisUrl ? 'r' : 's'}-${Date.now().toString(36)}`;
  try {
    let delivered = 0;
    let running = true;
    const rooms = await Promise.all(
      Array.from({ length: config.rooms }, async (_, i) => {
        const room = `${prefix}-${i}`;
        const writerRelay = setup.relays[i % count] as RelayProcess;
        const readerRelay = setup.relays[(i + 1) % count] as RelayProcess;
        let highest = -1;
        let sent = 0;
        let writer: LoadClient | null = null;
        const pump = () => {
          while (running && writer && sent - (highest + 1) < config.window) {
            writer.sendStamp(sent++);
          }
        };
        const reader = new LoadClient(syncUrl(readerRelay, room), nextClientId++, i, (seq) => {
          // Frames may merge several updates (across relays): the highest stamp counts them all.
          if (seq > highest) {
            if (running) delivered += seq - highest;
            highest = seq;
          }
          pump();
        });
        writer = new LoadClient(syncUrl(writerRelay, room), nextClientId++, i, () => {});
        await Promise.all([writer.ready, reader.ready]);
        return { writer, reader, pump };
      }),
    );
    const started = performance.now();
    for (const room of rooms) room.pump();
    await new Promise((done) => setTimeout(done, config.seconds * 1000));
    running = false;
    const seconds = (performance.now() - started) / 1000;
    const rate = delivered / seconds;
    await Promise.all(rooms.flatMap((room) => [room.writer.close(), room.reader.close()]));
    return rate;
  } finally {
    await setup.stop();
  }
}

/** One run of the whole benchmark, with a fresh redis-server. */
export async function redisRun(config: RedisBenchConfig): Promise<RedisRun> {
  const loadAverage = loadavg()[0] ?? Number.NaN;
  const redis = await startRedisServer(undefined, { appendFsync: REDIS_APPEND_FSYNC });
  try {
    const latency = await measureLatency(config, redis.url);
    const throughput = {
      single: await measureThroughput(config, 1, null),
      cluster1: await measureThroughput(config, 1, redis.url),
      cluster2: await measureThroughput(config, 2, redis.url),
      cluster3: await measureThroughput(config, 3, redis.url),
    };
    return { loadAverage, latency, throughput };
  } finally {
    await redis.dispose();
  }
}
