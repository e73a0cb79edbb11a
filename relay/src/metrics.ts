/**
 * Counters and gauges of the relay, exposed on `GET /metrics` in the Prometheus text format.
 */
import { AssetMetrics } from './assets/AssetMetrics';
import type { RelayErrorCode } from './errorCodes';
import { Histogram } from './Histogram';

/** Values read at scrape time. */
export interface RelayGauges {
  syncConnections: number;
  signalConnections: number;
  rooms: number;
  topics: number;
  /** Updates applied in memory and not yet written to LevelDB: the persistence lag. */
  unstoredUpdates: number;
  storeWrites: number;
  storeWriteSeconds: number;
  /** Durations of LevelDB batch writes (with their fsync when the policy is `always`). */
  storeWriteDurations: Histogram;
  /** Writes made durable on disk (fsync) so far. */
  storeSyncs: number;
  /** Room logs compacted into a snapshot so far. */
  storeCompactions: number;
}

/** The WebSocket endpoints, as metric labels. */
export type Endpoint = 'sync' | 'signal';

type Row = [name: string, type: 'counter' | 'gauge', help: string, value: number];

/** Counters the relay's parts increment in place (cheap on the hot path). */
export class RelayMetrics {
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  malformedFrames = 0;
  refusedConnections = 0;
  signalMessages = 0;
  signalMessagesOut = 0;
  signalBytesIn = 0;
  signalBytesOut = 0;
  slowConsumers = 0;
  /** Asset uploads, downloads and refusals by code. */
  readonly assets = new AssetMetrics();
  /**
   * Time from an update's arrival until it was on disk (and could be forwarded), observed once
   * per written batch for its oldest update: what a peer waits for on top of the network.
   */
  readonly persistLatency = new Histogram();
  private readonly errors = new Map<RelayErrorCode, number>();
  private readonly closes = new Map<string, number>();

  /** Counts one error by its code (docs/errors.md). */
  countError(code: RelayErrorCode): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Counts a closed WebSocket by endpoint and close code (the relay's, if it closed it). */
  countClose(endpoint: Endpoint, code: number): void {
    const key = `${endpoint} ${code}`;
    this.closes.set(key, (this.closes.get(key) ?? 0) + 1);
  }

  /** Renders the Prometheus exposition text. */
  render(gauges: RelayGauges, more: readonly string[] = []): string {
    const rows: Row[] = [
      ['meshtable_sync_connections', 'gauge', 'Open /sync WebSockets.', gauges.syncConnections],
      [
        'meshtable_signal_connections',
        'gauge',
        'Open /signal WebSockets.',
        gauges.signalConnections,
      ],
      ['meshtable_rooms_loaded', 'gauge', 'Rooms held in memory.', gauges.rooms],
      ['meshtable_signal_topics', 'gauge', 'Signalling topics with subscribers.', gauges.topics],
      [
        'meshtable_unstored_updates',
        'gauge',
        'Updates applied in memory, not yet written to LevelDB (persistence lag).',
        gauges.unstoredUpdates,
      ],
      [
        'meshtable_store_writes_total',
        'counter',
        'Batches written to LevelDB.',
        gauges.storeWrites,
      ],
      [
        'meshtable_store_write_seconds_total',
        'counter',
        'Time spent writing batches to LevelDB.',
        gauges.storeWriteSeconds,
      ],
      [
        'meshtable_store_syncs_total',
        'counter',
        'Writes flushed to the disk (fsync), per the sync policy.',
        gauges.storeSyncs,
      ],
      [
        'meshtable_store_compactions_total',
        'counter',
        'Room logs compacted into one snapshot.',
        gauges.storeCompactions,
      ],
      ['meshtable_sync_frames_in_total', 'counter', 'Frames received on /sync.', this.framesIn],
      ['meshtable_sync_frames_out_total', 'counter', 'Frames sent on /sync.', this.framesOut],
      ['meshtable_sync_bytes_in_total', 'counter', 'Bytes received on /sync.', this.bytesIn],
      ['meshtable_sync_bytes_out_total', 'counter', 'Bytes sent on /sync.', this.bytesOut],
      [
        'meshtable_malformed_frames_total',
        'counter',
        'Frames refused as malformed.',
        this.malformedFrames,
      ],
      [
        'meshtable_refused_connections_total',
        'counter',
        'Connections refused (token, room name, capacity).',
        this.refusedConnections,
      ],
      [
        'meshtable_slow_consumers_total',
        'counter',
        'Connections closed for not reading.',
        this.slowConsumers,
      ],
      [
        'meshtable_signal_messages_total',
        'counter',
        'Messages received on /signal.',
        this.signalMessages,
      ],
      [
        'meshtable_signal_messages_out_total',
        'counter',
        'Messages sent on /signal.',
        this.signalMessagesOut,
      ],
      [
        'meshtable_signal_bytes_in_total',
        'counter',
        'Bytes received on /signal.',
        this.signalBytesIn,
      ],
      [
        'meshtable_signal_bytes_out_total',
        'counter',
        'Bytes sent on /signal.',
        this.signalBytesOut,
      ],
    ];
    const lines = rows.flatMap(([name, type, help, value]) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} ${type}`,
      `${name} ${value}`,
    ]);
    lines.push(
      ...histogram(
        'meshtable_store_write_duration_seconds',
        'Duration of each LevelDB batch write.',
        gauges.storeWriteDurations,
      ),
      ...histogram(
        'meshtable_persist_latency_seconds',
        'From the arrival of an update to its being on disk, per written batch.',
        this.persistLatency,
      ),
      '# HELP meshtable_errors_total Errors by code (docs/errors.md).',
      '# TYPE meshtable_errors_total counter',
      ...[...this.errors].map(([code, count]) => `meshtable_errors_total{code="${code}"} ${count}`),
      "# HELP meshtable_connections_closed_total Closed WebSockets by endpoint and close code (the relay's when it closed them).",
      '# TYPE meshtable_connections_closed_total counter',
      ...[...this.closes].map(([key, count]) => {
        const [endpoint, code] = key.split(' ');
        return `meshtable_connections_closed_total{endpoint="${endpoint}",code="${code}"} ${count}`;
      }),
    );
    lines.push(...this.assets.lines(), ...more);
    return `${lines.join('\n')}\n`;
  }
}

function histogram(name: string, help: string, values: Histogram): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`, ...values.lines(name)];
}
