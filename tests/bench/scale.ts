/**
 * The scale benchmark: Meshtable's relay and the reference y-websocket server (with its LevelDB
 * persistence), each in its own process, measured in the same run for
 * - start time (spawn until its HTTP server answers) and idle memory;
 * - memory per room: K rooms each given the same document, with a client each (active), then
 *   without (idle, within the relay's grace period), then unloaded, twice over (freed?);
 * - fan-out latency with N clients in M rooms under an open-loop load of R updates a second,
 *   and the server's CPU time meanwhile;
 * - throughput at saturation, every room keeping one update in flight.
 * The load generator runs in this process (tests/bench/syncLoad.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as Y from 'yjs';
import type { LatencySummary } from './latency';
import { RoomLoad, sleep } from './scaleLoad';
import {
  type FloorKind,
  type ProcessSample,
  type ServerKind,
  type ServerProcess,
  startFloorProcess,
  startServer,
} from './serverProcess';
import { LoadClient, openClients } from './syncLoad';

/** The sizes of one scale run. */
export interface ScaleConfig {
  connections: number;
  rooms: number;
  /** Updates per second, over all rooms, in the latency phase. */
  rate: number;
  latencySeconds: number;
  saturationSeconds: number;
  /** Rooms of the memory phase (K). */
  memoryRooms: number;
  /** The relay's grace period before an idle room is unloaded (`--room-idle-ms`). */
  roomIdleMs: number;
  /** Seconds of the closed loop before its window opens. */
  saturationWarmupSeconds: number;
  /** How long a fresh process is left alone before its idle memory is read. */
  settleMs: number;
}

/** The full run: the figures the issue sets goals for. */
export const SCALE_FULL: ScaleConfig = {
  connections: 2000,
  rooms: 700,
  rate: 1000,
  latencySeconds: 10,
  saturationSeconds: 5,
  memoryRooms: 200,
  roomIdleMs: 4000,
  saturationWarmupSeconds: 1,
  settleMs: 1000,
};

/** `--quick`: the same phases, small, in seconds. */
export const SCALE_QUICK: ScaleConfig = {
  connections: 60,
  rooms: 20,
  rate: 200,
  latencySeconds: 1,
  saturationSeconds: 0.3,
  memoryRooms: 10,
  roomIdleMs: 500,
  saturationWarmupSeconds: 0.1,
  settleMs: 200,
};

/** `--smoke` (`npm test`): every phase once, as small as it goes; its figures mean nothing. */
export const SCALE_SMOKE: ScaleConfig = {
  connections: 6,
  rooms: 2,
  rate: 50,
  latencySeconds: 0.3,
  saturationSeconds: 0.2,
  memoryRooms: 2,
  roomIdleMs: 300,
  saturationWarmupSeconds: 0.05,
  settleMs: 50,
};

/** Memory per room, from the memory phase. */
export interface RoomMemory {
  /** Encoded size of the document each room holds. */
  docBytes: number;
  /** Growth over the idle server per room loaded with one client: RSS and V8 heap. */
  activeRss: number;
  activeHeap: number;
  /** The same once the clients left (the relay keeps the rooms for its grace period). */
  idleRss: number;
  idleHeap: number;
  /** Rooms in memory when the clients had left; null where the server does not say. */
  roomsIdle: number | null;
  /** Rooms in memory after the grace period. */
  roomsAfterGrace: number | null;
  /** Heap over the idle server after the rooms were unloaded, per room: first and second time. */
  heapLeft: number;
  heapLeftAgain: number;
  /** RSS over the idle server after the second unload, per room. */
  rssLeftAgain: number;
}

/** What one server measured under the load: fan-out latency, CPU, throughput at saturation. */
export interface LoadFigures {
  /** Milliseconds to open and sync every connection of the load. */
  connectMs: number;
  latency: LatencySummary;
  /** Deliveries the latency phase never saw arrive (must be 0). */
  lost: number;
  /** Updates the open loop sent per second (below the rate if the generator fell behind). */
  sentPerSecond: number;
  /** The server's CPU time during the latency phase, in % of one core. */
  cpuPercent: number;
  /** The generator's (this process's) CPU in the latency and saturation phases, % of a core. */
  generatorCpuPercent: { latency: number; saturation: number };
  /**
   * The machine's CPU pressure in the latency phase: the share of the time some task waited for
   * a CPU (Linux /proc/pressure/cpu); null where the kernel does not say.
   */
  cpuPressurePercent: number | null;
  /**
   * The relay's own account of the latency phase (/metrics, meshtable_persist_latency_seconds):
   * the share of its writes whose oldest update waited over 1, 2.5 and 10 ms from being applied
   * until it was stored. Null for the reference.
   */
  slowWrites: { over1ms: number; over2_5ms: number; over10ms: number } | null;
  /** RSS with every connection open, after the latency phase. */
  loadRss: number;
  saturation: {
    updatesPerSecond: number;
    deliveriesPerSecond: number;
    /** Seconds of the whole closed loop, warm-up and drain included. */
    seconds: number;
    /**
     * Seconds the server kept working once every update had been delivered: storing what it had
     * forwarded before storing (0 for the relay, which stores first).
     */
    backlogSeconds: number;
  };
}

/** Everything a compared server (the relay or the reference) measured in one run. */
export interface ServerFigures extends LoadFigures {
  startMs: number;
  idle: ProcessSample;
  memory: RoomMemory;
}

/** One run: both servers, the floor of the fan-out, and the floors of idle memory. */
export interface ScaleRun {
  relay: ServerFigures;
  reference: ServerFigures;
  /** The same load on a server that only forwards (tests/bench/forwardServer.mjs). */
  forward: LoadFigures;
  /** Idle memory of the floors (serverProcess.ts, FloorKind). */
  floor: { node: ProcessSample; dependencies: ProcessSample };
}

/** A room's token: the relay wants one (the first claims the room); the reference ignores it. */
function tokenOf(room: string): string {
  return createHash('sha256').update(`scale-bench:${room}`).digest('hex');
}

let tableDocCache: Uint8Array | null = null;
/**
 * The document of the memory phase: a table of 150 tokens (a map each, the fields a token has)
 * and a chat log of 300 lines, made once as one update (about 60 KB).
 */
export function tableDoc(): Uint8Array {
  if (tableDocCache) return tableDocCache;
  const doc = new Y.Doc();
  doc.transact(() => {
    const tokens = doc.getMap<Y.Map<unknown>>('tokens');
    for (let i = 0; i < 150; i++) {
      const token = new Y.Map<unknown>();
      tokens.set(`token-${i}`, token);
      token.set('name', `Goblin skirmisher ${i}`);
      token.set('sceneId', 'battle');
      token.set('x', (i % 40) * 70);
      token.set('y', Math.floor(i / 40) * 70);
      token.set('size', 1);
      token.set('rotation', 0);
      token.set(
        'image',
        createHash('sha256')
          .update(`image-${i % 12}`)
          .digest('hex'),
      );
      token.set('bars', [{ value: 7, max: 7, color: '#cc2222' }]);
      token.set('conditions', i % 5 === 0 ? ['prone'] : []);
      token.set('owners', i % 10 === 0 ? [`player-${i % 7}`] : []);
    }
    const chat = doc.getArray<Record<string, unknown>>('chat');
    for (let i = 0; i < 300; i++) {
      chat.push([
        {
          id: `msg-${i}`,
          author: `player-${i % 7}`,
          at: 1_790_000_000_000 + i * 15_000,
          text: `The goblin at the door swings its scimitar (${i}): 1d20+4 = ${((i * 7) % 20) + 5}`,
        },
      ]);
    }
  });
  tableDocCache = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return tableDocCache;
}

/** Rooms the relay holds in memory, from /metrics; null for the reference (it has none). */
async function roomsLoaded(server: ServerProcess): Promise<number | null> {
  if (server.kind !== 'relay') return null;
  const match = /^meshtable_rooms_loaded (\d+)$/m.exec(await server.fetchText('/metrics'));
  if (!match?.[1]) throw new Error('/metrics has no meshtable_rooms_loaded');
  return Number(match[1]);
}

/** Waits until the relay has seen every client leave (the reference closes at once). */
async function untilNoConnections(server: ServerProcess): Promise<void> {
  if (server.kind !== 'relay') return;
  const deadline = performance.now() + 10_000;
  for (;;) {
    const health = JSON.parse(await server.fetchText('/healthz')) as { syncConnections: number };
    if (health.syncConnections === 0) return;
    if (performance.now() > deadline) throw new Error('the relay still counts connections');
    await sleep(20);
  }
}

/** Waits until the relay holds no room, or `ms` passed; returns the rooms still held. */
async function untilRoomsUnloaded(server: ServerProcess, ms: number): Promise<number | null> {
  const deadline = performance.now() + ms;
  for (;;) {
    const rooms = await roomsLoaded(server);
    if (rooms === null || rooms === 0 || performance.now() > deadline) return rooms;
    await sleep(50);
  }
}

/** The memory phase: K rooms with a document each, with and without clients, then unloaded. */
async function measureRooms(
  server: ServerProcess,
  config: ScaleConfig,
  idle: ProcessSample,
): Promise<RoomMemory> {
  const doc = tableDoc();
  const k = config.memoryRooms;
  const load = () =>
    openClients(k, 16, (i) => {
      const room = `memory-${i}`;
      return new LoadClient(server.syncUrl(room, tokenOf(room)), 1_000_000 + i, i, () => {}, {
        doc,
      });
    });
  const perRoom = (sample: ProcessSample, key: 'rss' | 'heapUsed') => (sample[key] - idle[key]) / k;

  let clients = await load();
  await sleep(300);
  const active = await server.measure(true);
  await Promise.all(clients.map((client) => client.close()));
  await untilNoConnections(server);
  const idleRooms = await server.measure(true);
  const roomsIdle = await roomsLoaded(server);
  const roomsAfterGrace = await untilRoomsUnloaded(server, config.roomIdleMs + 10_000);
  // The reference drops a room at its last close but may still be loading or storing it.
  await untilQuiet(server);
  const unloaded = await server.measure(true);

  clients = await load();
  await Promise.all(clients.map((client) => client.close()));
  await untilNoConnections(server);
  await untilRoomsUnloaded(server, config.roomIdleMs + 10_000);
  await untilQuiet(server);
  const unloadedAgain = await server.measure(true);
  return {
    docBytes: doc.byteLength,
    activeRss: perRoom(active, 'rss'),
    activeHeap: perRoom(active, 'heapUsed'),
    idleRss: perRoom(idleRooms, 'rss'),
    idleHeap: perRoom(idleRooms, 'heapUsed'),
    roomsIdle,
    roomsAfterGrace,
    heapLeft: perRoom(unloaded, 'heapUsed'),
    heapLeftAgain: perRoom(unloadedAgain, 'heapUsed'),
    rssLeftAgain: perRoom(unloadedAgain, 'rss'),
  };
}

/** A server is quiet once it used under this share of a core over one window. */
const QUIET_PERCENT = 5;
const QUIET_WINDOW_MS = 250;

/**
 * Seconds until the server is quiet: how long it kept working on its own once the clients had
 * everything (e.g. writes it had queued).
 */
async function untilQuiet(server: ServerProcess): Promise<number> {
  const started = performance.now();
  let last = await server.measure(false);
  let lastAt = performance.now();
  for (;;) {
    await sleep(QUIET_WINDOW_MS);
    const now = await server.measure(false);
    const at = performance.now();
    const percent = ((now.cpuMicros - last.cpuMicros) / ((at - lastAt) * 1000)) * 100;
    if (percent < QUIET_PERCENT) return (lastAt - started) / 1000;
    if (at - started > 120_000) throw new Error(`${server.kind} still busy after 120 s`);
    last = now;
    lastAt = at;
  }
}

/** The relay's persistence latency histogram: cumulative counts by bound (s); null otherwise. */
async function persistHistogram(server: ServerProcess): Promise<Map<string, number> | null> {
  if (server.kind !== 'relay') return null;
  const counts = new Map<string, number>();
  const line = /^meshtable_persist_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm;
  for (const [, bound, count] of (await server.fetchText('/metrics')).matchAll(line)) {
    counts.set(bound as string, Number(count));
  }
  return counts;
}

/** Shares of the writes between two histograms that took over 1, 2.5 and 10 ms. */
function slowWrites(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
): ServerFigures['slowWrites'] {
  if (!before || !after) return null;
  const within = (bound: string) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
  const all = within('+Inf');
  const over = (bound: string) => (all === 0 ? 0 : 1 - within(bound) / all);
  return { over1ms: over('0.001'), over2_5ms: over('0.0025'), over10ms: over('0.01') };
}

/** Microseconds some task of the machine waited for a CPU so far (Linux PSI), or null. */
async function cpuPressureMicros(): Promise<number | null> {
  try {
    const match = /^some .*total=(\d+)/m.exec(await readFile('/proc/pressure/cpu', 'utf8'));
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time of this process, in µs. */
function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Every figure of one server: a fresh process, its memory phase, then the load. */
export async function measureServer(kind: ServerKind, config: ScaleConfig): Promise<ServerFigures> {
  const server = await startServer(kind, { roomIdleMs: config.roomIdleMs });
  try {
    await sleep(config.settleMs);
    const idle = await server.measure(true);
    const memory = await measureRooms(server, config, idle);
    return { startMs: server.startMs, idle, memory, ...(await measureLoad(server, config)) };
  } finally {
    await server.stop();
  }
}

/** The load figures alone, of a fresh process of `kind` (the floor has no others worth taking). */
async function measureLoadOnly(kind: ServerKind, config: ScaleConfig): Promise<LoadFigures> {
  const server = await startServer(kind, { roomIdleMs: config.roomIdleMs });
  try {
    await sleep(config.settleMs);
    return await measureLoad(server, config);
  } finally {
    await server.stop();
  }
}

/** Opens the load on `server`, then its open loop (latency) and its closed loop (saturation). */
async function measureLoad(server: ServerProcess, config: ScaleConfig): Promise<LoadFigures> {
  const { kind } = server;
  const connecting = performance.now();
  const load = await RoomLoad.open(config.connections, config.rooms, (room) => {
    const name = `table-${room}`;
    return server.syncUrl(name, tokenOf(name));
  });
  const connectMs = performance.now() - connecting;
  await sleep(500);

  const before = await server.measure(false);
  const ownBefore = ownCpuMicros();
  const pressureBefore = await cpuPressureMicros();
  const persistBefore = await persistHistogram(server);
  const latency = await load.openLoop(config.rate, config.latencySeconds);
  const persistAfter = await persistHistogram(server);
  const pressureAfter = await cpuPressureMicros();
  const after = await server.measure(false);
  const ownAfter = ownCpuMicros();
  const loadRss = after.rss;
  // The server's CPU over the sending time; the drain after it adds almost nothing.
  const cpuPercent = ((after.cpuMicros - before.cpuMicros) / (latency.sendSeconds * 1e6)) * 100;
  const generatorLatency = ((ownAfter - ownBefore) / (latency.sendSeconds * 1e6)) * 100;

  const ownSaturating = ownCpuMicros();
  const saturating = performance.now();
  const saturation = await load
    .closedLoop(config.saturationSeconds, config.saturationWarmupSeconds)
    .catch(async (error) => {
      if (kind === 'relay') console.error(await server.fetchText('/metrics'));
      throw error;
    });
  const generatorSaturation =
    ((ownCpuMicros() - ownSaturating) / ((performance.now() - saturating) * 1000)) * 100;
  const backlogSeconds = await untilQuiet(server);
  if (load.unknownFrames > 0) {
    throw new Error(`${kind}: ${load.unknownFrames} frames the clients could not read`);
  }
  await load.close();
  return {
    connectMs,
    latency: latency.latency,
    lost: latency.lost,
    sentPerSecond: latency.sent / latency.sendSeconds,
    cpuPercent,
    generatorCpuPercent: { latency: generatorLatency, saturation: generatorSaturation },
    slowWrites: slowWrites(persistBefore, persistAfter),
    cpuPressurePercent:
      pressureBefore === null || pressureAfter === null
        ? null
        : ((pressureAfter - pressureBefore) / (latency.sendSeconds * 1e6)) * 100,
    loadRss,
    saturation: { ...saturation, backlogSeconds },
  };
}

/** Idle memory of a floor process. */
async function measureFloor(kind: FloorKind, settleMs: number): Promise<ProcessSample> {
  const floor = await startFloorProcess(kind);
  try {
    await sleep(settleMs);
    return await floor.measure(true);
  } finally {
    await floor.stop();
  }
}

/**
 * One run of the scale benchmark. The servers go one after the other (never together: they
 * would share the two CPUs), in an order that rotates from run to run.
 */
export async function scaleRun(config: ScaleConfig, run: number): Promise<ScaleRun> {
  const kinds: ServerKind[] = ['relay', 'reference', 'forward'];
  const order = kinds.map((_, i) => kinds[(i + run) % kinds.length] as ServerKind);
  let relay: ServerFigures | undefined;
  let reference: ServerFigures | undefined;
  let forward: LoadFigures | undefined;
  for (const kind of order) {
    if (kind === 'relay') relay = await measureServer(kind, config);
    else if (kind === 'reference') reference = await measureServer(kind, config);
    else forward = await measureLoadOnly(kind, config);
  }
  const floor = {
    node: await measureFloor('node', config.settleMs),
    dependencies: await measureFloor('dependencies', config.settleMs),
  };
  if (!relay || !reference || !forward) throw new Error('scaleRun: a server was not measured');
  return { relay, reference, forward, floor };
}
