/**
 * Fan-out latency between two clients of one room: client A writes, client B sees the change.
 * Meshtable's relay (decode, LevelDB write, apply, forward) against the physical floor measured
 * in the same run: a trivial WebSocket server that forwards each frame from A to B untouched.
 * Both clients live in this process, so one clock times send and receipt.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@meshtable/relay';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
}

function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99) };
}

/** Meshtable relay: y-websocket clients A and B, A sets a key, B observes it. */
export async function relayFanout(rounds: number): Promise<LatencySummary> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-bench-'));
  const relay = await startRelay({ port: 0, dataDir, webDir: null, logLevel: 'silent' });
  const connect = () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      `${relay.url.replace('http', 'ws')}/sync`,
      'bench',
      doc,
      {
        params: { token: 'bench-token' },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      },
    );
    return { doc, provider };
  };
  const a = connect();
  const b = connect();
  await Promise.all(
    [a, b].map(({ provider }) => new Promise((done) => provider.once('sync', done))),
  );
  const samples: number[] = [];
  const map = b.doc.getMap<number>('m');
  for (let i = 0; i < rounds; i++) {
    const seen = new Promise<void>((done) => {
      const check = () => {
        if (map.get('k') === i) {
          map.unobserve(check);
          done();
        }
      };
      map.observe(check);
    });
    const started = performance.now();
    a.doc.getMap<number>('m').set('k', i);
    await seen;
    samples.push(performance.now() - started);
  }
  for (const { doc, provider } of [a, b]) {
    provider.destroy();
    doc.destroy();
  }
  await relay.close();
  await rm(dataDir, { recursive: true, force: true });
  return summarize(samples.slice(Math.floor(rounds / 10)));
}

/** The floor: a server that forwards each frame from one socket to the other, untouched. */
export async function rawForwardFanout(rounds: number): Promise<LatencySummary> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((done) => server.once('listening', done));
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (data) => {
      for (const other of sockets) if (other !== ws) other.send(data);
    });
  });
  const { port } = server.address() as { port: number };
  const open = () =>
    new Promise<WebSocket>((done) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.once('open', () => done(ws));
    });
  const a = await open();
  const b = await open();
  while (sockets.length < 2) await new Promise((done) => setTimeout(done, 5));
  const samples: number[] = [];
  const payload = Buffer.alloc(40, 7);
  for (let i = 0; i < rounds; i++) {
    const got = new Promise((done) => b.once('message', done));
    const started = performance.now();
    a.send(payload);
    await got;
    samples.push(performance.now() - started);
  }
  a.close();
  b.close();
  await new Promise((done) => server.close(done));
  return summarize(samples.slice(Math.floor(rounds / 10)));
}
