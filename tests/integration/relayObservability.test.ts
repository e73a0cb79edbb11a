/**
 * What the relay tells its operator: structured JSON log lines with levels that never carry a
 * token, and /metrics in the Prometheus text format with connections, rooms, traffic,
 * persistence latency, errors by code and close codes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@meshtable/relay';
import { RelayCloseCode } from '@meshtable/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHttpRequest } from '../support/rawHttp';
import { openRawSocket, syncFrame } from '../support/rawSocket';
import { spawnRelay } from '../support/relayProcess';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

// Tokens that no other text of a log line could contain by chance.
const TOKEN = 'TOKENa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0';
const WRONG = 'WRONGx1y2z3x4y5z6x7y8z9x0y1z2x3y4z5x6y7z8x9y0z1x2y3z4x5y6z7x8y9';

describe('relay observability', () => {
  let temp: TempRelay | undefined;
  const clients: YClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp?.dispose();
    temp = undefined;
  });

  it('writes one JSON object per line, with a level, and never a token', async () => {
    const lines: string[] = [];
    temp = await startTempRelay({
      logger: createLogger('debug', (line) => lines.push(line)),
      syncMessagesPerSecond: 1,
      syncMessageBurst: 5,
    });
    const ws = temp.relay.url.replace('http', 'ws');
    // A claim, a refusal, a malformed frame, a rate limit, a bad room, an unknown path and a
    // plain request, each with a token in its URL.
    const owner = connectYClient(temp.relay.url, 'secret-room', TOKEN);
    clients.push(owner);
    await waitFor('owner synced', () => owner.provider.synced);
    const intruder = await openRawSocket(`${ws}/sync/secret-room?token=${WRONG}`);
    expect(await intruder.closed).toBe(RelayCloseCode.unauthorized);
    const garbled = await openRawSocket(`${ws}/sync/secret-room?token=${TOKEN}`);
    garbled.ws.send(syncFrame(9, new Uint8Array([1])));
    expect(await garbled.closed).toBe(RelayCloseCode.malformedFrame);
    const hasty = await openRawSocket(`${ws}/sync/secret-room?token=${TOKEN}`);
    for (let i = 0; i < 20; i++) hasty.ws.send(new Uint8Array([3]));
    expect(await hasty.closed).toBe(RelayCloseCode.rateLimited);
    const badRoom = await openRawSocket(`${ws}/sync/bad!room?token=${TOKEN}`);
    expect(await badRoom.closed).toBe(RelayCloseCode.badRoom);
    await rawHttpRequest(temp.relay.url, `/nowhere?token=${TOKEN}`);
    await rawHttpRequest(temp.relay.url, `/healthz?token=${TOKEN}`);
    await temp.relay.close();

    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(typeof entry.event).toBe('string');
      expect(Number.isNaN(Date.parse(String(entry.time)))).toBe(false);
    }
    const all = lines.join('');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(WRONG);
    // The violations were logged, under their codes.
    for (const code of ['UNAUTHORIZED', 'MALFORMED_FRAME', 'RATE_LIMITED']) {
      expect(all).toContain(`"code":"${code}"`);
    }
  });

  it('keeps tokens out of the real process’s stderr at the debug level', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-logs-'));
    try {
      const relay = await spawnRelay(dataDir, 0, {
        args: ['--log-level', 'debug'],
        stderr: 'pipe',
      });
      let stderr = '';
      relay.child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      const owner = connectYClient(relay.url, 'logged', TOKEN);
      clients.push(owner);
      await waitFor('owner synced', () => owner.provider.synced);
      const intruder = await openRawSocket(
        `${relay.url.replace('http', 'ws')}/sync/logged?token=${WRONG}`,
      );
      expect(await intruder.closed).toBe(RelayCloseCode.unauthorized);
      owner.destroy();
      expect(await relay.stop()).toBe(0);
      expect(stderr).toContain('"event":"relay.closed"');
      expect(stderr).toContain('"event":"sync.refused"');
      expect(stderr).not.toContain(TOKEN);
      expect(stderr).not.toContain(WRONG);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exposes traffic, persistence latency, errors by code and close codes on /metrics', async () => {
    temp = await startTempRelay();
    const alice = connectYClient(temp.relay.url, 'measured', TOKEN);
    const bob = connectYClient(temp.relay.url, 'measured', TOKEN);
    clients.push(alice, bob);
    for (let i = 0; i < 10; i++) alice.doc.getMap('m').set(`k${i}`, i);
    await waitFor('bob has them', () => bob.doc.getMap('m').size === 10);
    const signal = await openRawSocket(`${temp.relay.url.replace('http', 'ws')}/signal`);
    signal.ws.send('{"type":"ping"}');
    await waitFor('pong', () => signal.received.length === 1);
    signal.ws.send('not json');
    expect(await signal.closed).toBe(RelayCloseCode.malformedFrame);
    const oversized = await openRawSocket(`${temp.relay.url.replace('http', 'ws')}/signal`);
    oversized.ws.send('x'.repeat(100 * 1024));
    expect(await oversized.closed).toBe(RelayCloseCode.frameTooLarge);

    const res = await fetch(`${temp.relay.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'meshtable_sync_connections 2',
      'meshtable_rooms_loaded 1',
      'meshtable_signal_messages_total 2',
      'meshtable_signal_messages_out_total 1',
      'meshtable_errors_total{code="MALFORMED_FRAME"} 1',
      'meshtable_connections_closed_total{endpoint="signal",code="4002"} 1',
      'meshtable_errors_total{code="FRAME_TOO_LARGE"} 1',
      'meshtable_connections_closed_total{endpoint="signal",code="1009"} 1',
      'meshtable_persist_latency_seconds_bucket{le="+Inf"}',
      'meshtable_store_write_duration_seconds_bucket{le="0.001"}',
      'meshtable_store_write_duration_seconds_sum',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/^meshtable_sync_bytes_in_total [1-9]\d*$/m);
    expect(text).toMatch(/^meshtable_signal_bytes_out_total [1-9]\d*$/m);
    // Every sample belongs to a metric announced by HELP and TYPE, and every value is a number.
    const typed = new Set(
      [...text.matchAll(/^# TYPE (\S+) (counter|gauge|histogram)$/gm)].map((m) => m[1]),
    );
    for (const line of text.split('\n').filter((row) => row && !row.startsWith('#'))) {
      const [series = '', value = ''] = line.split(' ');
      const name = series.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '');
      expect(typed.has(name) || typed.has(series.replace(/\{.*$/, '')), line).toBe(true);
      expect(Number.isFinite(Number(value)), line).toBe(true);
    }
  });
});
