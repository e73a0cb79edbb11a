/**
 * A relay's membership of a cluster: several relays serving the same rooms through one Redis
 * (docs/scaling.md). Each room has a shared log (a Redis stream, compacted into a snapshot);
 * each update a relay stores is appended to it and announced on the room's channel in the same
 * atomic script, so the other relays that have the room loaded get it in one hop. Awareness and
 * signalling go through pub/sub only: they are ephemeral.
 *
 * Redis is never what the relay waits for to serve its own clients: while it is away, rooms keep
 * working on this relay (LevelDB stays the durable copy) and each loaded room is reconciled with
 * the shared log when Redis is back, in both directions (so a Redis that lost its data is filled
 * again from the relays' copies).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Histogram } from '../Histogram';
import type { Logger } from '../logger';
import type { DocStore } from '../storage/DocStore';
import type { Room } from '../sync/Room';
import type { RoomCluster } from '../sync/RoomRegistry';
import {
  ASSET_GONE_CHANNEL,
  awarenessChannel,
  claimKey,
  logKey,
  parseChannel,
  signalChannel,
  snapshotKey,
  updateChannel,
} from './clusterKeys';
import { type Announcement, type LinkTransport, RoomLink, type SharedLog } from './RoomLink';
import type { RedisTarget } from './redisUrl';
import { APPEND_SCRIPT, COMPACT_SCRIPT } from './scripts';

/** Bucket bounds for the cross-relay propagation time: 0.5 ms to 5 s. */
const PROPAGATION_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5,
];

/** How often links whose read failed try again while Redis is up. */
const RETRY_MS = 1000;

/** What the cluster tells /healthz. */
export interface ClusterHealth {
  redis: string;
  instance: string;
  connected: boolean;
  /** Rooms waiting to be reconciled with the shared log. */
  roomsBehind: number;
}

/** Where signalling publishes from other relays are delivered. */
export interface SignalSink {
  deliverRemote(topic: string, text: string): void;
}

/** Options of {@link RedisCluster}. */
export interface RedisClusterOptions {
  target: RedisTarget;
  /** The relay's store: its room claims are shared with the cluster. */
  store: DocStore;
  /** Compact a room's shared log after this many entries. */
  compactAfterUpdates: number;
  log: Logger;
  /** Counts a `REDIS_UNAVAILABLE` in `meshtable_errors_total`. */
  countError(): void;
}

const AWARENESS_UPDATE = 0;
const AWARENESS_QUERY = 1;

/** The relay's link to Redis; see the file comment. */
export class RedisCluster implements RoomCluster, LinkTransport {
  /** Tags everything this relay publishes, so that it ignores its own messages. */
  readonly instance = randomBytes(8).toString('hex');
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly links = new Map<string, RoomLink>();
  private readonly topics = new Set<string>();
  private signals: SignalSink | null = null;
  private readonly connectedListeners: (() => void)[] = [];
  private readonly assetGoneListeners: ((sha256: string) => void)[] = [];
  private readonly retryTimer: NodeJS.Timeout;
  private everReady = false;
  private closed = false;
  private readonly log: Logger;
  /** Counters for /metrics. */
  private appended = 0;
  private received = 0;
  private appendFailures = 0;
  private reconciles = 0;
  private signalsPublished = 0;
  private signalsReceived = 0;
  private readonly propagation = new Histogram(PROPAGATION_BUCKETS_SECONDS);

  /**
   * Makes the cluster link. ioredis is loaded here, not where this file is imported: a relay
   * without `--redis` never loads it, and with it loaded the idle relay is about 6 MB larger.
   */
  static async create(options: RedisClusterOptions): Promise<RedisCluster> {
    const { Redis: RedisClient } = await import('ioredis');
    return new RedisCluster(options, RedisClient);
  }

  private constructor(
    private readonly options: RedisClusterOptions,
    RedisClient: typeof Redis,
  ) {
    this.log = options.log;
    const common = {
      lazyConnect: true,
      // Back off to a retry every 2 s, forever: the relay serves its clients meanwhile.
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
      connectionName: `meshtable-relay-${this.instance}`,
    };
    // Commands fail at once while Redis is away, rather than queue without bound: each caller
    // has its own way to catch up (a reconcile).
    this.commands = new RedisClient(options.target.url, {
      ...common,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 5000,
    });
    this.commands.defineCommand('meshtableAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
    this.commands.defineCommand('meshtableCompact', { numberOfKeys: 2, lua: COMPACT_SCRIPT });
    // The subscriber queues its (un)subscriptions while away and resubscribes by itself.
    this.subscriber = new RedisClient(options.target.url, {
      ...common,
      maxRetriesPerRequest: null,
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
    for (const [name, connection] of [
      ['commands', this.commands],
      ['subscriber', this.subscriber],
    ] as const) {
      connection.on('ready', () => this.onReady(name));
      connection.on('close', () => {
        if (!this.closed) this.log.warn('cluster.redis_down', { connection: name });
      });
      connection.on('error', (error: Error) => {
        options.countError();
        this.log.warn('cluster.redis_error', {
          code: 'REDIS_UNAVAILABLE',
          connection: name,
          error: error.message,
        });
      });
    }
    this.retryTimer = setInterval(() => {
      if (!this.ready()) return;
      for (const link of this.links.values()) if (link.behind) void link.sync();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  /**
   * Starts connecting. Resolves once both connections are up, or after `waitMs` with Redis still
   * away: the relay then starts anyway and joins the cluster when Redis answers.
   */
  async connect(waitMs: number): Promise<boolean> {
    void this.commands.connect().catch(() => {});
    void this.subscriber.connect().catch(() => {});
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && !this.bothReady()) {
      await new Promise((done) => setTimeout(done, 20));
    }
    if (!this.bothReady()) {
      this.log.warn('cluster.redis_unreachable', {
        code: 'REDIS_UNAVAILABLE',
        redis: this.options.target.shown,
        error: 'not reachable at start; serving local clients and retrying in the background',
      });
    }
    return this.bothReady();
  }

  /** Signalling publishes from other relays go to `sink`. */
  setSignalSink(sink: SignalSink): void {
    this.signals = sink;
  }

  ready(): boolean {
    return this.commands.status === 'ready';
  }

  /** The command connection while it is up, for the other parts of the cluster. */
  connection(): Redis | null {
    return this.ready() ? this.commands : null;
  }

  /** Calls `listener` each time both connections are up (the first time and after each loss). */
  onConnected(listener: () => void): void {
    this.connectedListeners.push(listener);
    if (this.bothReady()) listener();
  }

  private bothReady(): boolean {
    return this.ready() && this.subscriber.status === 'ready';
  }

  /** Both connections are (back) up: everything that may have been missed is read again. */
  private onReady(connection: 'commands' | 'subscriber'): void {
    this.log.info('cluster.redis_ready', { connection, redis: this.options.target.shown });
    if (!this.bothReady()) return;
    for (const listener of this.connectedListeners) listener();
    if (!this.everReady) {
      this.everReady = true;
      // Rooms loaded while Redis was unreachable at start wait for their first reconcile.
      for (const link of this.links.values()) if (link.behind) void link.sync();
      return;
    }
    // Announcements may have been lost, and Redis may have lost data: reconcile every room.
    // Presence sent meanwhile was dropped: each relay tells the others who is on it again.
    for (const link of this.links.values()) {
      link.want('full');
      link.answerAwarenessQuery();
      this.publishAwareness(link.room.name, 'query', new Uint8Array());
    }
  }

  async attach(room: Room): Promise<void> {
    if (this.closed || this.links.has(room.name)) return;
    const link = new RoomLink(room, this, this.options.compactAfterUpdates, this.log);
    this.links.set(room.name, link);
    room.mirror = link;
    // Subscribed before the first read, so that no entry falls between the two.
    const subscribed = this.subscriber
      .subscribe(updateChannel(room.name), awarenessChannel(room.name))
      .catch(() => {});
    if (this.subscriber.status === 'ready') await subscribed;
    await link.start();
    // The relays that have the room already tell this one who is there.
    this.publishAwareness(room.name, 'query', new Uint8Array());
  }

  async detach(room: Room): Promise<void> {
    const link = this.links.get(room.name);
    if (!link || link.room !== room) return;
    this.links.delete(room.name);
    room.mirror = null;
    void this.subscriber
      .unsubscribe(updateChannel(room.name), awarenessChannel(room.name))
      .catch(() => {});
    await link.detach();
  }

  /** A /signal topic got its first subscriber on this relay. */
  topicOpened(topic: string): void {
    this.topics.add(topic);
    void this.subscriber.subscribe(signalChannel(topic)).catch(() => {});
  }

  /** A /signal topic lost its last subscriber on this relay. */
  topicClosed(topic: string): void {
    this.topics.delete(topic);
    void this.subscriber.unsubscribe(signalChannel(topic)).catch(() => {});
  }

  /** A publish on a /signal topic, for the subscribers on the other relays. */
  signalPublished(topic: string, text: string): void {
    if (!this.ready()) return;
    this.signalsPublished++;
    void this.commands
      .publish(signalChannel(topic), Buffer.concat([Buffer.from(this.instance), Buffer.from(text)]))
      .catch(() => {});
  }

  /**
   * The hash that holds a room, cluster-wide: `hashHex` when this claim is the first, the earlier
   * claim's hash otherwise, or null when Redis cannot be asked now.
   */
  async claim(room: string, hashHex: string): Promise<string | null> {
    if (!this.ready()) return null;
    try {
      const previous = await this.commands.set(claimKey(room), hashHex, 'NX', 'GET');
      return previous ?? hashHex;
    } catch (error) {
      this.log.warn('cluster.claim_failed', {
        code: 'REDIS_UNAVAILABLE',
        room,
        error: String(error),
      });
      return null;
    }
  }

  /** The cluster-wide claim of a room, or null when there is none or Redis cannot be asked. */
  async claimOf(room: string): Promise<string | null> {
    if (!this.ready()) return null;
    try {
      return await this.commands.get(claimKey(room));
    } catch {
      return null;
    }
  }

  async shareClaim(room: string): Promise<void> {
    const local = await this.options.store.getTokenHash(room);
    if (local === undefined) return;
    const winner = await this.claim(room, local);
    if (winner !== null && winner !== local) {
      // Two relays took different first tokens while Redis was away: the cluster's claim wins.
      this.log.warn('cluster.claim_conflict', { room });
      await this.options.store.setTokenHash(room, winner);
    }
  }

  async append(room: string, update: Uint8Array): Promise<{ id: string; length: number }> {
    const reply = (await (
      this.commands as unknown as {
        meshtableAppend(...args: (string | Buffer)[]): Promise<[string, string, number]>;
      }
    ).meshtableAppend(logKey(room), updateChannel(room), this.instance, Buffer.from(update))) as [
      string,
      string,
      number,
    ];
    return { id: reply[1], length: reply[2] };
  }

  async read(room: string, after: string | null): Promise<SharedLog> {
    const results = await this.commands
      .multi()
      .hgetallBuffer(snapshotKey(room))
      .xrangeBuffer(logKey(room), after === null ? '-' : `(${after}`, '+')
      .exec();
    if (!results) throw new Error('the read was aborted');
    const [[snapshotError, snapshot], [rangeError, range]] = results as [
      [Error | null, Record<string, Buffer>],
      [Error | null, [Buffer, Buffer[]][]],
    ];
    if (snapshotError) throw snapshotError;
    if (rangeError) throw rangeError;
    const entries: SharedLog['entries'] = [];
    for (const [id, fields] of range) {
      let instance = '';
      let update: Buffer | undefined;
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const name = (fields[i] as Buffer).toString();
        if (name === 'i') instance = (fields[i + 1] as Buffer).toString();
        else if (name === 'u') update = fields[i + 1] as Buffer;
      }
      if (update) entries.push({ id: id.toString(), instance, update });
    }
    return {
      snapshot: snapshot.state ?? null,
      upto: snapshot.upto?.toString() ?? '0-0',
      entries,
    };
  }

  async compact(room: string, state: Uint8Array, upto: string): Promise<void> {
    await (
      this.commands as unknown as {
        meshtableCompact(...args: (string | Buffer)[]): Promise<number>;
      }
    ).meshtableCompact(snapshotKey(room), logKey(room), Buffer.from(state), upto);
  }

  publishAwareness(room: string, kind: 'update' | 'query', update: Uint8Array): void {
    if (!this.ready()) return;
    const message = Buffer.concat([
      Buffer.from(this.instance),
      Buffer.from([kind === 'update' ? AWARENESS_UPDATE : AWARENESS_QUERY]),
      update,
    ]);
    void this.commands.publish(awarenessChannel(room), message).catch(() => {});
  }

  counted(event: 'appended' | 'received' | 'appendFailed' | 'reconciled', ms?: number): void {
    if (event === 'appended') this.appended++;
    else if (event === 'received') {
      this.received++;
      // Redis's clock stamped the entry; on one machine or with synced clocks this is the time
      // from the append to its arrival here. A negative skew is counted as zero.
      if (ms !== undefined) this.propagation.observe(Math.max(0, ms) / 1000);
    } else if (event === 'appendFailed') {
      this.appendFailures++;
      this.options.countError();
    } else this.reconciles++;
  }

  /**
   * Calls `listener` with each asset that no room of the cluster holds any more (announced by
   * the relay that deleted it), so that this relay drops its copy too.
   */
  onAssetGone(listener: (sha256: string) => void): void {
    this.assetGoneListeners.push(listener);
    // The subscriber resubscribes by itself after a reconnect.
    if (this.assetGoneListeners.length === 1) {
      void this.subscriber.subscribe(ASSET_GONE_CHANNEL).catch(() => {});
    }
  }

  private onMessage(channel: string, message: Buffer): void {
    if (channel === ASSET_GONE_CHANNEL) {
      for (const listener of this.assetGoneListeners) listener(message.toString());
      return;
    }
    const parsed = parseChannel(channel);
    if (!parsed) return;
    const instance = message.subarray(0, 16).toString();
    if (parsed.kind === 'u') {
      const announcement = parseAnnouncement(message);
      if (announcement) this.links.get(parsed.name)?.receive(announcement);
      return;
    }
    if (instance === this.instance) return;
    if (parsed.kind === 's') {
      if (!this.topics.has(parsed.name)) return;
      this.signalsReceived++;
      this.signals?.deliverRemote(parsed.name, message.subarray(16).toString());
      return;
    }
    const link = this.links.get(parsed.name);
    if (!link) return;
    if (message[16] === AWARENESS_QUERY) link.answerAwarenessQuery();
    else {
      try {
        link.room.applyRemoteAwareness(message.subarray(17));
      } catch (error) {
        this.log.warn('cluster.bad_awareness', { room: parsed.name, error: String(error) });
      }
    }
  }

  /** The /healthz fields. */
  health(): ClusterHealth {
    let behind = 0;
    for (const link of this.links.values()) if (link.behind) behind++;
    return {
      redis: this.options.target.shown,
      instance: this.instance,
      connected: this.bothReady(),
      roomsBehind: behind,
    };
  }

  /** The /metrics lines. */
  metricLines(): string[] {
    let pending = 0;
    let behind = 0;
    for (const link of this.links.values()) {
      pending += link.pendingAppends;
      if (link.behind) behind++;
    }
    const rows: [string, 'counter' | 'gauge', string, number][] = [
      [
        'meshtable_redis_connected',
        'gauge',
        '1 when both Redis connections are up.',
        this.bothReady() ? 1 : 0,
      ],
      [
        'meshtable_redis_pending_appends',
        'gauge',
        'Updates sent to the shared log and not yet acknowledged (stream lag).',
        pending,
      ],
      [
        'meshtable_redis_rooms_behind',
        'gauge',
        'Loaded rooms waiting to be reconciled with the shared log.',
        behind,
      ],
      [
        'meshtable_redis_appended_total',
        'counter',
        'Updates appended to shared logs.',
        this.appended,
      ],
      [
        'meshtable_redis_received_total',
        'counter',
        'Updates received from other relays.',
        this.received,
      ],
      [
        'meshtable_redis_append_failures_total',
        'counter',
        'Appends that failed or were skipped with Redis away (reconciled later).',
        this.appendFailures,
      ],
      [
        'meshtable_redis_reconciles_total',
        'counter',
        'Rooms reconciled with their shared log.',
        this.reconciles,
      ],
      [
        'meshtable_redis_signal_published_total',
        'counter',
        'Signalling publishes sent to other relays.',
        this.signalsPublished,
      ],
      [
        'meshtable_redis_signal_received_total',
        'counter',
        'Signalling publishes received from other relays.',
        this.signalsReceived,
      ],
    ];
    const name = 'meshtable_redis_propagation_seconds';
    return [
      ...rows.flatMap(([row, type, help, value]) => [
        `# HELP ${row} ${help}`,
        `# TYPE ${row} ${type}`,
        `${row} ${value}`,
      ]),
      `# HELP ${name} From an update's append to its arrival here, by Redis's clock.`,
      `# TYPE ${name} histogram`,
      ...this.propagation.lines(name),
    ];
  }

  /** Closes both connections (after the rooms are detached). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.retryTimer);
    await Promise.allSettled([quit(this.commands), quit(this.subscriber)]);
  }
}

async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await connection.quit();
  else connection.disconnect();
}

/** Splits `<instance>|<previous>|<id>|<bytes>`; null for anything else. */
function parseAnnouncement(message: Buffer): Announcement | null {
  const first = message.indexOf(0x7c, 16);
  const second = first < 0 ? -1 : message.indexOf(0x7c, first + 1);
  const third = second < 0 ? -1 : message.indexOf(0x7c, second + 1);
  if (first !== 16 || third < 0) return null;
  return {
    instance: message.subarray(0, 16).toString(),
    previous: message.subarray(first + 1, second).toString(),
    id: message.subarray(second + 1, third).toString(),
    update: message.subarray(third + 1),
  };
}
