/**
 * WebSocket upgrades: `/signal` goes to the signalling hub, `/sync/<room>?token=…` to a room once
 * the token is checked, anything else is refused. Refusals of /sync close the WebSocket with a
 * 44xx code rather than failing the HTTP upgrade: a browser cannot read an upgrade's status, but
 * it can read a close code, and it must know not to retry. A connection over the relay's capacity
 * (connections in all, or authorized connections to one room) is likewise accepted and closed
 * with 4507, which tells the client to retry later.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isValidRoomName, RelayCloseCode } from '@meshtable/schema/relay';
import type { WebSocket, WebSocketServer } from 'ws';
import type { RoomAuthorizer } from './auth';
import { parseRequestTarget } from './http/requestUrl';
import type { Logger } from './logger';
import type { Endpoint, RelayMetrics } from './metrics';
import type { SignallingHub } from './signal/SignallingHub';
import type { RoomRegistry } from './sync/RoomRegistry';
import { SyncConnection, type SyncConnectionLimits } from './sync/SyncConnection';

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
  /** Limits of each /sync connection. */
  readonly syncLimits: SyncConnectionLimits;
  /** Most open WebSockets, both endpoints together. */
  readonly maxConnections: number;
  /** Most authorized /sync connections to one room. */
  readonly maxConnectionsPerRoom: number;
}

/** Makes the `upgrade` listener of the relay's HTTP server. */
export function createUpgradeHandler(context: UpgradeContext) {
  const { log, metrics, signalServer, syncServer, signalling, rooms, authorizer } = context;
  /** Authorized /sync connections per room, open or on their way in. */
  const perRoom = new Map<string, number>();
  /** Whether the connection just accepted is one too many (ws counts it in `clients` already). */
  const overTotal = () =>
    signalServer.clients.size + syncServer.clients.size > context.maxConnections;
  const refuseOverCapacity = (ws: WebSocket, endpoint: string, why: string) => {
    metrics.refusedConnections++;
    metrics.countError('OVER_CAPACITY');
    log.warn(`${endpoint}.over_capacity`, { code: 'OVER_CAPACITY', error: why });
    ws.close(RelayCloseCode.overCapacity, why);
  };
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = parseRequestTarget(req.url);
    if (url === null) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    if (url.pathname === '/signal') {
      signalServer.handleUpgrade(req, socket, head, (ws) => {
        countClose(ws, 'signal', metrics);
        if (overTotal()) refuseOverCapacity(ws, 'signal', 'too many connections');
        else signalling.accept(ws);
      });
      return;
    }
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const room = decodeRoomName(url.pathname.slice(SYNC_PREFIX.length));
    syncServer.handleUpgrade(req, socket, head, (ws) => {
      countClose(ws, 'sync', metrics);
      if (overTotal()) {
        refuseOverCapacity(ws, 'sync', 'too many connections');
        return;
      }
      if (!isValidRoomName(room)) {
        metrics.refusedConnections++;
        metrics.countError('BAD_ROOM');
        ws.close(RelayCloseCode.badRoom, 'invalid room name');
        return;
      }
      let counted = false;
      ws.on('close', () => {
        if (!counted) return;
        const left = (perRoom.get(room) ?? 1) - 1;
        if (left > 0) perRoom.set(room, left);
        else perRoom.delete(room);
      });
      // The connection is created before the token check resolves, so that frames arriving
      // meanwhile are queued rather than lost.
      const opened = authorizer.authorize(room, url.searchParams.get('token')).then((failure) => {
        if (failure) {
          metrics.refusedConnections++;
          metrics.countError('UNAUTHORIZED');
          log.info('sync.refused', { code: 'UNAUTHORIZED', room, reason: failure });
          ws.close(RelayCloseCode.unauthorized, failure);
          throw new RefusedError(failure);
        }
        // Counted once authorized, so that strangers without the token cannot fill a room.
        if (ws.readyState === ws.OPEN) {
          if ((perRoom.get(room) ?? 0) >= context.maxConnectionsPerRoom) {
            refuseOverCapacity(ws, 'sync', 'too many connections to this room');
            throw new RefusedError('over capacity');
          }
          perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
          counted = true;
        }
        return rooms.open(room);
      });
      new SyncConnection(ws, room, opened, log, metrics, context.syncLimits, () => {
        opened.then((loaded) => rooms.peerLeft(loaded)).catch(() => {});
      });
    });
  };
}

/**
 * Counts the socket's close by the code the relay sent, when the relay closed it (ws closes
 * through the same method when it refuses a frame: 1009), or else by the code the client sent
 * (1006 when none came). The relay does not wait for the client's answer to every close, so the
 * code it received would often say 1006 where it had said 4529.
 */
function countClose(ws: WebSocket, endpoint: Endpoint, metrics: RelayMetrics): void {
  let sent: number | undefined;
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) sent ??= code;
    close(code, reason);
  };
  ws.on('close', (received) => metrics.countClose(endpoint, sent ?? received));
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
