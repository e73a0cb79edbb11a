/**
 * Counters and gauges of the relay, exposed on `GET /metrics` in the Prometheus text format.
 */

/** Counters the relay's parts increment in place (cheap on the hot path). */
export class RelayMetrics {
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  malformedFrames = 0;
  refusedConnections = 0;
  signalMessages = 0;

  /**
   * Renders the Prometheus exposition text.
   * @param gauges current values read at scrape time
   */
  render(gauges: {
    syncConnections: number;
    signalConnections: number;
    rooms: number;
    topics: number;
  }): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    };
    metric('meshtable_sync_connections', 'gauge', 'Open /sync WebSockets.', gauges.syncConnections);
    metric(
      'meshtable_signal_connections',
      'gauge',
      'Open /signal WebSockets.',
      gauges.signalConnections,
    );
    metric('meshtable_rooms_loaded', 'gauge', 'Rooms held in memory.', gauges.rooms);
    metric(
      'meshtable_signal_topics',
      'gauge',
      'Signalling topics with subscribers.',
      gauges.topics,
    );
    metric('meshtable_sync_frames_in_total', 'counter', 'Frames received on /sync.', this.framesIn);
    metric('meshtable_sync_frames_out_total', 'counter', 'Frames sent on /sync.', this.framesOut);
    metric('meshtable_sync_bytes_in_total', 'counter', 'Bytes received on /sync.', this.bytesIn);
    metric('meshtable_sync_bytes_out_total', 'counter', 'Bytes sent on /sync.', this.bytesOut);
    metric(
      'meshtable_malformed_frames_total',
      'counter',
      'Frames refused as malformed.',
      this.malformedFrames,
    );
    metric(
      'meshtable_refused_connections_total',
      'counter',
      'Connections refused (token, room name).',
      this.refusedConnections,
    );
    metric(
      'meshtable_signal_messages_total',
      'counter',
      'Messages received on /signal.',
      this.signalMessages,
    );
    return `${lines.join('\n')}\n`;
  }
}
