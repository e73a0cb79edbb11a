/**
 * Fan-out latency between two clients of one room: client A writes, client B sees the change.
 * Measured on Meshtable's relay (decode, LevelDB write, apply, forward) and, in the same run, on
 * two anchors: the reference y-websocket server with y-leveldb, and the physical floor — a
 * trivial WebSocket server that forwards each frame from A to B untouched. The clients live in
 * this process, so one clock times send and receipt.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@meshtable/relay';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type LatencySummary, summarizeLatency } from './latency';
import { startReferenceServer } from './referenceServer';

/** Two unmodified y-websocket clients on `serverUrl`: A sets a key, B waits to observe it. */
async function yjsFanout(serverUrl: string, params: Record<string, string>, rounds: number) {
  const connect = () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(serverUrl, 'bench-room', doc, {
      params,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    return { doc, provider };
  };
  const a = connect();
  const b = connect();
  await Promise.all(
    [a, b].map(({ provider }) => new Promise((done) => provider.once('sync', done))),
  );
  const samples: number[] = [];
  const seenBy = b.doc.getMap<number>('m');
  for (let i = 0; i < rounds; i++) {
    const seen = new Promise<void>((done) => {
      const check = () => {
        if (seenBy.get('k') !== i) return;
        seenBy.unobserve(check);
        done();
      };
      seenBy.observe(check);
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
  return summarizeLatency(samples);
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'meshtable-bench-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Meshtable's relay. */
export function relayFanout(rounds: number): Promise<LatencySummary> {
  return withTempDir(async (dataDir) => {
    const relay = await startRelay({ port: 0, dataDir, webDir: null, logLevel: 'silent' });
    try {
      return await yjsFanout(`${relay.url.replace('http', 'ws')}/sync`, { token: 'bench' }, rounds);
    } finally {
      await relay.close();
    }
  });
}

/** Anchor: the reference y-websocket server with y-leveldb. */
export function referenceFanout(rounds: number): Promise<LatencySummary> {
  return withTempDir(async (dataDir) => {
    const server = await startReferenceServer(dataDir);
    try {
      return await yjsFanout(server.url, {}, rounds);
    } finally {
      await server.close();
    }
  });
}

/** Floor: a server that forwards each 40-byte frame from one socket to the other, untouched. */
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
  return summarizeLatency(samples);
}
