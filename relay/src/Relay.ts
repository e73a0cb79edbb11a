/**
 * The relay process: one HTTP(S) server on one port carrying the web app, `/healthz`,
 * `/config`, `/metrics`, the signalling WebSocket `/signal` and the sync WebSocket
 * `/sync/<room>?token=…` (DESIGN.md §5). This file wires the parts together and owns shutdown.
 */
import { mkdir } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type RelayClientConfig, RelayCloseCode } from '@meshtable/schema/relay';
import { type WebSocket, WebSocketServer } from 'ws';
import { AssetService } from './assets/AssetService';
import { RoomAuthorizer } from './auth';
import { ClusterAssets } from './cluster/ClusterAssets';
import { RedisCluster } from './cluster/RedisCluster';
import { createRequestHandler } from './http/routes';
import { keepAlive } from './keepAlive';
import { createLogger } from './logger';
import { RelayMetrics } from './metrics';
import { DEFAULT_WEB_DIR, type RelayOptions } from './options';
import { resolveRedis, resolveSettings } from './settings';
import { SignallingHub } from './signal/SignallingHub';
import { DocStore } from './storage/DocStore';
import { RoomRegistry } from './sync/RoomRegistry';
import { loadOrMakeSelfSignedCertificate, type SelfSignedCertificate } from './tls/selfSigned';
import { createUpgradeHandler } from './upgrade';

/** A running relay. */
export interface Relay {
  /** The base URL clients use, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** The data directory in use, absolute. */
  readonly dataDir: string;
  /** With `redis`: the Redis shared with the other relays (no credentials) and this relay's id. */
  readonly cluster: { redis: string; instance: string } | null;
  /** With `tlsSelfSigned`: the certificate served (its fingerprint, files, whether it is new). */
  readonly selfSignedCertificate: SelfSignedCertificate | null;
  /**
   * Stops accepting connections, closes every socket with 1001, stores what is queued, flushes
   * LevelDB to the disk and closes it.
   */
  close(): Promise<void>;
}

/**
 * How long the relay waits for Redis at start before it starts anyway (and joins the cluster when
 * Redis answers): a relay must come up even while Redis is down (docs/scaling.md).
 */
const REDIS_START_WAIT_MS = 2000;

/** How long clients get to answer the close handshake at shutdown. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * Starts a relay and resolves once it listens.
 * @example
 * const relay = await startRelay({ port: 0, dataDir: '/tmp/meshtable' });
 * console.log(relay.url);
 * await relay.close();
 */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const settings = resolveSettings(options);
  const redisTarget = resolveRedis(options);
  const log = options.logger ?? createLogger(options.logLevel ?? 'info');
  const dataDir = resolve(settings.dataDir);
  const webDir = options.webDir === undefined ? DEFAULT_WEB_DIR : options.webDir;
  const clientConfig: RelayClientConfig = {
    tldrawLicenseKey: options.tldrawLicenseKey ?? null,
    iceServers: options.iceServers ?? [],
    assetLimits: {
      maxAssetBytes: settings.maxAssetBytes,
      // The JSON cap never exceeds the general one (options.ts).
      maxJsonAssetBytes: Math.min(settings.maxJsonAssetBytes, settings.maxAssetBytes),
      quotaBytesPerRoom: settings.assetQuotaBytesPerRoom,
    },
  };

  await mkdir(dataDir, { recursive: true });
  const selfSigned = options.tlsSelfSigned
    ? await loadOrMakeSelfSignedCertificate(dataDir, settings.host)
    : null;
  const tls = selfSigned ?? options.tls;
  if (selfSigned) {
    log.info('relay.tls_self_signed', {
      certificate: selfSigned.certPath,
      fingerprint256: selfSigned.fingerprint256,
      names: selfSigned.names,
      validTo: selfSigned.validTo.toISOString(),
      madeBecause: selfSigned.madeBecause,
    });
  }
  const store = new DocStore(join(dataDir, 'leveldb'), {
    syncPolicy: settings.syncPolicy,
    onSyncError: (error) =>
      log.error('store.sync_failed', { code: 'STORAGE_FAILURE', error: String(error) }),
    // After a crash: what the journal held, now in LevelDB (relay/src/storage/Journal.ts).
    onJournalReplayed: (updates, droppedBytes) =>
      log.warn('store.journal_replayed', { updates, droppedBytes }),
  });
  await store.open();

  const metrics = new RelayMetrics();
  const cluster = redisTarget
    ? await RedisCluster.create({
        target: redisTarget,
        store,
        compactAfterUpdates: settings.compactAfterUpdates,
        log,
        countError: () => metrics.countError('REDIS_UNAVAILABLE'),
      })
    : null;
  if (cluster) await cluster.connect(REDIS_START_WAIT_MS);
  const authorizer = new RoomAuthorizer(store, cluster);
  const clusterAssets = cluster
    ? new ClusterAssets(() => cluster.connection(), settings.maxAssetBytes, log)
    : null;
  const assets = new AssetService({
    root: join(dataDir, 'assets'),
    verifier: authorizer,
    metrics: metrics.assets,
    log,
    maxAssetBytes: settings.maxAssetBytes,
    maxJsonAssetBytes: settings.maxJsonAssetBytes,
    quotaBytesPerRoom: settings.assetQuotaBytesPerRoom,
    peers: clusterAssets,
  });
  try {
    await assets.open();
  } catch (error) {
    await cluster?.close();
    await store.close();
    throw error;
  }
  const rooms = new RoomRegistry(
    store,
    {
      roomIdleMs: settings.roomIdleMs,
      compactAfterUpdates: settings.compactAfterUpdates,
      compactAfterBytes: settings.compactAfterBytes,
      maxRooms: settings.maxRooms,
    },
    log,
    metrics,
    cluster,
  );
  const signalServer = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxSignalMessageBytes,
  });
  const syncServer = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxSyncFrameBytes,
  });
  const stopKeepAlive = [
    keepAlive(signalServer, settings.keepAliveMs),
    keepAlive(syncServer, settings.keepAliveMs),
  ];
  const signalling = new SignallingHub(
    {
      maxTopicsPerConnection: settings.maxTopicsPerConnection,
      maxTopicLength: settings.maxTopicLength,
      maxSubscribersPerTopic: settings.maxConnectionsPerRoom,
      maxBufferedBytes: settings.maxSignalBufferedBytes,
      messagesPerSecond: settings.signalMessagesPerSecond,
      messageBurst: settings.signalMessageBurst,
      publishBytesPerSecond: settings.signalBytesPerSecond,
      publishByteBurst: settings.signalByteBurst,
    },
    log,
    metrics,
    cluster,
  );
  cluster?.setSignalSink(signalling);

  const onRequest = createRequestHandler({
    log,
    webDir,
    clientConfig,
    assets,
    countError: () => metrics.countError('HTTP_ERROR'),
    health: () => ({
      ok: true,
      rooms: rooms.size,
      syncConnections: syncServer.clients.size,
      signalConnections: signalling.connectionCount,
      uptimeSeconds: Math.round(process.uptime()),
      ...(cluster ? { cluster: cluster.health() } : {}),
    }),
    metrics: () =>
      metrics.render(
        {
          syncConnections: syncServer.clients.size,
          signalConnections: signalling.connectionCount,
          rooms: rooms.size,
          topics: signalling.topicCount,
          unstoredUpdates: rooms.unstoredUpdates,
          storeWrites: store.writeCount,
          storeWriteSeconds: store.writeSeconds,
          storeWriteDurations: store.writeDurations,
          storeSyncs: store.syncCount,
          storeCompactions: store.compactionCount,
        },
        cluster?.metricLines() ?? [],
      ),
  });
  const onUpgrade = createUpgradeHandler({
    log,
    metrics,
    signalServer,
    syncServer,
    signalling,
    rooms,
    authorizer,
    syncLimits: {
      maxBufferedBytes: settings.maxSyncBufferedBytes,
      messagesPerSecond: settings.syncMessagesPerSecond,
      messageBurst: settings.syncMessageBurst,
    },
    maxConnections: settings.maxConnections,
    maxConnectionsPerRoom: settings.maxConnectionsPerRoom,
  });

  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest)
    : createHttpServer(onRequest);
  server.on('upgrade', onUpgrade);
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(settings.port, settings.host, () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (error) {
    await assets.close();
    await cluster?.close();
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  if (cluster && clusterAssets) {
    // The other relays fetch this one's assets at the address it listens on, which must be one
    // they can reach: not a wildcard.
    const reachable = !['0.0.0.0', '::', ''].includes(settings.host);
    clusterAssets.setSelfUrl(reachable ? url : null);
    if (!reachable) {
      log.warn('cluster.assets_not_shared', {
        error: `listening on ${settings.host}: the other relays cannot fetch this relay's assets; give --host the address they reach it at`,
      });
    }
    const filesDir = join(dataDir, 'assets', 'files');
    cluster.onConnected(() => {
      Promise.all([
        clusterAssets.announceAll(filesDir),
        clusterAssets.announceRooms(assets.ledgerEntries()),
      ]).catch((error: unknown) =>
        log.warn('cluster.assets_announce_failed', { error: String(error) }),
      );
    });
    cluster.onAssetGone((sha256) => {
      clusterAssets
        .roomsHolding(sha256)
        .then(async (rooms) => {
          // Without Redis's list, the copy stays: a room of the cluster may hold it again.
          if (rooms !== null && (await assets.dropCopy(sha256, rooms))) {
            log.info('cluster.asset_dropped', { sha256 });
          }
        })
        .catch((error: unknown) =>
          log.warn('cluster.asset_drop_failed', { sha256, error: String(error) }),
        );
    });
  }
  log.info('relay.listening', {
    url,
    dataDir,
    webDir,
    syncPolicy: settings.syncPolicy,
    ...(redisTarget ? { redis: redisTarget.shown, instance: cluster?.instance } : {}),
  });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    dataDir,
    selfSignedCertificate: selfSigned,
    cluster:
      redisTarget && cluster ? { redis: redisTarget.shown, instance: cluster.instance } : null,
    close() {
      closing ??= (async () => {
        for (const stop of stopKeepAlive) stop();
        const serverClosed = new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
        await closeSockets([...signalServer.clients, ...syncServer.clients], SHUTDOWN_GRACE_MS);
        await serverClosed;
        await assets.close();
        await rooms.closeAll();
        await cluster?.close();
        await store.close();
        log.info('relay.closed', { url });
      })();
      return closing;
    },
  };
}

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
