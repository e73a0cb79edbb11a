/**
 * Counters and gauges of the relay, exposed on `GET /metrics` in the Prometheus text format.
 */

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
}

/** Counters the relay's parts increment in place (cheap on the hot path). */
export class RelayMetrics {
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  malformedFrames = 0;
  refusedConnections = 0;
  signalMessages = 0;
  slowConsumers = 0;

  /** Renders the Prometheus exposition text. */
  render(gauges: RelayGauges): string {
    const rows: [name: string, type: 'counter' | 'gauge', help: string, value: number][] = [
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
        'Connections refused (token, room name).',
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
    ];
    const lines = rows.flatMap(([name, type, help, value]) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} ${type}`,
      `${name} ${value}`,
    ]);
    return `${lines.join('\n')}\n`;
  }
}
