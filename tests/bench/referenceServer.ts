/**
 * The anchor for relay figures: the reference y-websocket server (@y/websocket-server 0.1.1, the
 * last release usable with yjs 13) with y-leveldb persistence, wired the way its own server does
 * it, on a free loopback port. Unlike Meshtable's relay it forwards an update before it is stored.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';

/** A running reference server. */
export interface ReferenceServer {
  /** ws://host:port — the y-websocket server URL (rooms are the path). */
  url: string;
  close(): Promise<void>;
}

/** Starts the reference server persisting to `dataDir`. */
export async function startReferenceServer(dataDir: string): Promise<ReferenceServer> {
  const ldb = new LeveldbPersistence(dataDir);
  setPersistence({
    provider: ldb,
    bindState: async (docName: string, ydoc: Y.Doc) => {
      const persisted = await ldb.getYDoc(docName);
      await ldb.storeUpdate(docName, Y.encodeStateAsUpdate(ydoc));
      Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(persisted));
      ydoc.on('update', (update: Uint8Array) => {
        void ldb.storeUpdate(docName, update);
      });
    },
    writeState: async () => {},
  });
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => setupWSConnection(ws, req));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((done) => server.close(done));
      await ldb.destroy();
      setPersistence(null);
    },
  };
}
