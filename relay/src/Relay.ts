/**
 * The relay process: one HTTP(S) server on one port carrying the web app, `/healthz`,
 * `/config`, `/metrics`, the signalling WebSocket `/signal` and the sync WebSocket
 * `/sync/<room>?token=…` (DESIGN.md §5).
 */
import { mkdir } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { isValidRoomName, type RelayClientConfig, RelayCloseCode } from '@meshtable/schema';
import { type WebSocket, WebSocketServer } from 'ws';
import { RoomAuthorizer } from './auth';
import { serveWebApp } from './http/staticFiles';
import { keepAlive } from './keepAlive';
import { createLogger } from './logger';
import { RelayMetrics } from './metrics';
import { DEFAULT_WEB_DIR, RELAY_DEFAULTS, type RelayOptions } from './options';
import { SignallingHub } from './signal/SignallingHub';
import { DocStore } from './storage/DocStore';
import { RoomRegistry } from './sync/RoomRegistry';
import { SyncConnection } from './sync/SyncConnection';

/** A running relay. */
export interface Relay {
  /** The base URL clients use, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** The data directory in use, absolute. */
  readonly dataDir: string;
  /** Stops accepting connections, closes every socket, stores what is queued, closes LevelDB. */
  close(): Promise<void>;
}

const SYNC_PREFIX = '/sync/';

/**
 * Starts a relay and resolves once it listens.
 * @example
 * const relay = await startRelay({ port: 0, dataDir: '/tmp/meshtable' });
 * console.log(relay.url);
 * await relay.close();
 */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const log = options.logger ?? createLogger(options.logLevel ?? 'info');
  const dataDir = resolve(options.dataDir ?? RELAY_DEFAULTS.dataDir);
  const webDir = options.webDir === undefined ? DEFAULT_WEB_DIR : options.webDir;
  const clientConfig: RelayClientConfig = {
    tldrawLicenseKey: options.tldrawLicenseKey ?? null,
    iceServers: options.iceServers ?? [],
  };

  await mkdir(dataDir, { recursive: true });
  const store = new DocStore(join(dataDir, 'leveldb'));
  await store.open();

  const metrics = new RelayMetrics();
  const rooms = new RoomRegistry(
    store,
    {
      roomIdleMs: options.roomIdleMs ?? RELAY_DEFAULTS.roomIdleMs,
      compactAfterUpdates: options.compactAfterUpdates ?? RELAY_DEFAULTS.compactAfterUpdates,
    },
    log,
  );
  const authorizer = new RoomAuthorizer(store);
  const signalServer = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxSignalMessageBytes ?? RELAY_DEFAULTS.maxSignalMessageBytes,
  });
  const syncServer = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxSyncFrameBytes ?? RELAY_DEFAULTS.maxSyncFrameBytes,
  });
  const keepAliveMs = options.keepAliveMs ?? RELAY_DEFAULTS.keepAliveMs;
  const stopKeepAlive = [keepAlive(signalServer, keepAliveMs), keepAlive(syncServer, keepAliveMs)];
  const signalling = new SignallingHub(
    { maxTopicsPerConnection: 64, maxTopicLength: 256 },
    log,
    metrics,
  );
  signalServer.on('connection', (ws) => signalling.accept(ws));

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(req, res).catch((error: unknown) => {
      log.error('http.error', { path: req.url?.split('?')[0], error: String(error) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://relay');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    switch (pathname) {
      case '/healthz':
        return sendJson(res, 200, {
          ok: true,
          rooms: rooms.size,
          syncConnections: syncServer.clients.size,
          signalConnections: signalling.connectionCount,
          uptimeSeconds: Math.round(process.uptime()),
        });
      case '/config':
        return sendJson(res, 200, clientConfig);
      case '/metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(
          metrics.render({
            syncConnections: syncServer.clients.size,
            signalConnections: signalling.connectionCount,
            rooms: rooms.size,
            topics: signalling.topicCount,
          }),
        );
        return;
    }
    if (webDir && (await serveWebApp(webDir, req, res, pathname))) return;
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The web app is not built. Run `npm run build` (npm start does it for you).\n');
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname === '/signal') {
      signalServer.handleUpgrade(req, socket, head, (ws) =>
        signalServer.emit('connection', ws, req),
      );
      return;
    }
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    let room: string;
    try {
      room = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length));
    } catch {
      room = '';
    }
    syncServer.handleUpgrade(req, socket, head, (ws) => {
      syncServer.emit('connection', ws, req);
      // Refusals close the WebSocket with a 44xx code rather than failing the HTTP upgrade:
      // a browser cannot read an upgrade's status, but it can read a close code, and it must
      // know not to retry.
      if (!isValidRoomName(room)) {
        metrics.refusedConnections++;
        ws.close(RelayCloseCode.badRoom, 'invalid room name');
        return;
      }
      // Frames that arrive during the token check are buffered by the connection below,
      // which is created before the check resolves.
      const opened = authorizer.authorize(room, url.searchParams.get('token')).then((failure) => {
        if (failure) {
          metrics.refusedConnections++;
          log.info('sync.refused', { room, reason: failure });
          ws.close(RelayCloseCode.unauthorized, failure);
          throw new RefusedError(failure);
        }
        return rooms.open(room);
      });
      new SyncConnection(ws, room, opened, log, metrics, () => {
        opened.then((loaded) => rooms.released(loaded)).catch(() => {});
      });
    });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? RELAY_DEFAULTS.port, options.host ?? RELAY_DEFAULTS.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  log.info('relay.listening', { url, dataDir, webDir });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    dataDir,
    close() {
      closing ??= (async () => {
        for (const stop of stopKeepAlive) stop();
        const serverClosed = new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
        await closeSockets([...signalServer.clients, ...syncServer.clients], SHUTDOWN_GRACE_MS);
        await serverClosed;
        await rooms.closeAll();
        await store.close();
        log.info('relay.closed', { url });
      })();
      return closing;
    },
  };
}

/** How long clients get to answer the close handshake at shutdown. */
const SHUTDOWN_GRACE_MS = 1000;

/** Closes sockets with "going away", and terminates those that do not finish within `graceMs`. */
async function closeSockets(sockets: WebSocket[], graceMs: number): Promise<void> {
  const closed = sockets.map(
    (ws) =>
      new Promise<void>((done) => {
        if (ws.readyState === ws.CLOSED) return done();
        ws.once('close', () => done());
        ws.close(RelayCloseCode.goingAway, 'relay shutting down');
      }),
  );
  const timer = setTimeout(() => {
    for (const ws of sockets) ws.terminate();
  }, graceMs);
  await Promise.all(closed);
  clearTimeout(timer);
}

/** A connection the authorizer refused; its socket is already closed. */
class RefusedError extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
