/**
 * Hostile and broken input at the relay: each gets a clear refusal, affects only the connection
 * that sent it, and loses nothing of anyone else's.
 */
import { connect } from 'node:net';
import { RelayCloseCode } from '@meshtable/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { awarenessFrame, openRawSocket, syncFrame } from '../support/rawSocket';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const TOKEN = 'b'.repeat(64);

async function healthy(temp: TempRelay): Promise<boolean> {
  const res = await fetch(`${temp.relay.url}/healthz`);
  return res.status === 200;
}

/** Sends raw bytes and resolves with the first line of the answer. */
function rawRequest(temp: TempRelay, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(temp.relay.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0] ?? '');
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('the relay under bad input', () => {
  let temp: TempRelay;
  const clients: YClient[] = [];
  beforeEach(async () => {
    temp = await startTempRelay({
      maxSyncFrameBytes: 64 * 1024,
      maxSignalBufferedBytes: 256 * 1024,
      // The flood below tests the send buffer's bound, not the publish allowance
      // (relayLimits.test.ts does that).
      signalBytesPerSecond: 1024 ** 3,
      signalByteBurst: 1024 ** 3,
      signalMessageBurst: 100_000,
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await temp.dispose();
  });

  it('survives an upgrade whose target cannot be read as a URL', async () => {
    const line = await rawRequest(
      temp,
      'GET //a%2f/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(line).toMatch(/^HTTP\/1\.1 40[04]/);
    expect(await healthy(temp)).toBe(true);
  });

  it('refuses an upgrade on an unknown path with 404', async () => {
    const ws = new WebSocket(`${temp.relay.url.replace('http', 'ws')}/elsewhere`);
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(404);
  });

  it('survives a deeply nested signalling message, and still relays it', async () => {
    const url = `${temp.relay.url.replace('http', 'ws')}/signal`;
    const listener = await openRawSocket(url);
    const sender = await openRawSocket(url);
    listener.ws.send(JSON.stringify({ type: 'subscribe', topics: ['deep'] }));
    sender.ws.send(JSON.stringify({ type: 'subscribe', topics: ['deep'] }));
    sender.ws.send('{"type":"ping"}');
    await waitFor('sender subscribed', () => sender.received.length > 0);
    const depth = 30_000;
    sender.ws.send(
      `{"type":"publish","topic":"deep","data":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    await waitFor('listener got the message', () =>
      listener.received.some((m) => m.toString().includes('[[[[')),
    );
    expect(listener.received.at(-1)?.toString()).toMatch(/,"clients":2}$/);
    expect(await healthy(temp)).toBe(true);
    listener.ws.close();
    sender.ws.close();
  });

  it('closes a signalling connection that subscribes to too many topics', async () => {
    const client = await openRawSocket(`${temp.relay.url.replace('http', 'ws')}/signal`);
    client.ws.send(
      JSON.stringify({ type: 'subscribe', topics: Array.from({ length: 65 }, (_, i) => `t${i}`) }),
    );
    expect(await client.closed).toBe(RelayCloseCode.malformedFrame);
  });

  it('disconnects a signalling subscriber that stops reading, not the others', async () => {
    const url = `${temp.relay.url.replace('http', 'ws')}/signal`;
    const stalled = await openRawSocket(url);
    const sender = await openRawSocket(url);
    stalled.ws.send(JSON.stringify({ type: 'subscribe', topics: ['flood'] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Stop reading: the relay's send buffer for this socket can only grow.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const message = JSON.stringify({ type: 'publish', topic: 'flood', data: 'x'.repeat(60_000) });
    let sent = 0;
    await waitFor(
      'the relay drops the stalled subscriber',
      async () => {
        for (let i = 0; i < 20; i++, sent++) sender.ws.send(message);
        const metrics = await (await fetch(`${temp.relay.url}/metrics`)).text();
        return /^meshtable_slow_consumers_total [1-9]/m.test(metrics);
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(sent).toBeLessThan(2000);
    sender.ws.send('{"type":"ping"}');
    await waitFor('the sender is still served', () =>
      sender.received.some((m) => m.toString() === '{"type":"pong"}'),
    );
    sender.ws.close();
    stalled.ws.terminate();
  });

  describe('on /sync', () => {
    const syncUrl = () => `${temp.relay.url.replace('http', 'ws')}/sync/hostile?token=${TOKEN}`;

    for (const [what, frame] of [
      ['a malformed awareness update', awarenessFrame(new Uint8Array([5, 200, 1, 2]))],
      ['a garbage state vector in sync step 1', syncFrame(0, new Uint8Array([9, 255, 255, 255]))],
      ['an unknown sync step', syncFrame(7, new Uint8Array([0]))],
      ['an empty frame', new Uint8Array(0)],
    ] as const) {
      it(`closes the sender of ${what} with 4002 and keeps the room for others`, async () => {
        const witness = connectYClient(temp.relay.url, 'hostile', TOKEN);
        clients.push(witness);
        witness.doc.getMap('m').set('safe', 1);
        await waitFor('witness synced', () => witness.provider.synced);
        const raw = await openRawSocket(syncUrl());
        raw.ws.send(frame);
        expect(await raw.closed).toBe(RelayCloseCode.malformedFrame);
        const late = connectYClient(temp.relay.url, 'hostile', TOKEN);
        clients.push(late);
        await waitFor(
          'a later client still gets the room',
          () => late.doc.getMap('m').get('safe') === 1,
        );
      });
    }

    it('closes a connection that sends a frame over the size cap with 1009', async () => {
      const raw = await openRawSocket(syncUrl());
      raw.ws.send(new Uint8Array(65 * 1024));
      expect(await raw.closed).toBe(1009);
      expect(await healthy(temp)).toBe(true);
    });
  });
});
