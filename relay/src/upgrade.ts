/**
 * WebSocket upgrades: `/signal` goes to the signalling hub, `/sync/<room>?token=…` to a room once
 * the token is checked, anything else is refused. Refusals of /sync close the WebSocket with a
 * 44xx code rather than failing the HTTP upgrade: a browser cannot read an upgrade's status, but
 * it can read a close code, and it must know not to retry.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isValidRoomName, RelayCloseCode } from '@meshtable/schema';
import type { WebSocketServer } from 'ws';
import type { RoomAuthorizer } from './auth';
import { parseRequestTarget } from './http/requestUrl';
import type { Logger } from './logger';
import type { RelayMetrics } from './metrics';
import type { SignallingHub } from './signal/SignallingHub';
import type { RoomRegistry } from './sync/RoomRegistry';
import { SyncConnection } from './sync/SyncConnection';

const SYNC_PREFIX = '/sync/';

/** The parts an upgrade is handed to. */
export interface UpgradeContext {
  readonly log: Logger;
  readonly metrics: RelayMetrics;
  readonly signalServer: WebSocketServer;
  readonly syncServer: WebSocketServer;
  readonly signalling: SignallingHub;
  readonly rooms: RoomRegistry;
  readonly authorizer: RoomAuthorizer;
  readonly maxSyncBufferedBytes: number;
}

/** Makes the `upgrade` listener of the relay's HTTP server. */
export function createUpgradeHandler(context: UpgradeContext) {
  const { log, metrics, signalServer, syncServer, signalling, rooms, authorizer } = context;
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = parseRequestTarget(req.url);
    if (url === null) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    if (url.pathname === '/signal') {
      signalServer.handleUpgrade(req, socket, head, (ws) => signalling.accept(ws));
      return;
    }
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const room = decodeRoomName(url.pathname.slice(SYNC_PREFIX.length));
    syncServer.handleUpgrade(req, socket, head, (ws) => {
      if (!isValidRoomName(room)) {
        metrics.refusedConnections++;
        ws.close(RelayCloseCode.badRoom, 'invalid room name');
        return;
      }
      // The connection is created before the token check resolves, so that frames arriving
      // meanwhile are queued rather than lost.
      const opened = authorizer.authorize(room, url.searchParams.get('token')).then((failure) => {
        if (failure) {
          metrics.refusedConnections++;
          log.info('sync.refused', { room, reason: failure });
          ws.close(RelayCloseCode.unauthorized, failure);
          throw new RefusedError(failure);
        }
        return rooms.open(room);
      });
      new SyncConnection(ws, room, opened, log, metrics, context.maxSyncBufferedBytes, () => {
        opened.then((loaded) => rooms.peerLeft(loaded)).catch(() => {});
      });
    });
  };
}

/** A connection the authorizer refused; its socket is already closed. */
class RefusedError extends Error {}

function decodeRoomName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
