/**
 * One WebSocket on `/sync/<room>`, speaking the y-websocket protocol. Frames are handled in
 * arrival order, after the room has loaded. A frame that cannot be decoded closes this connection
 * only (close code 4002); nothing of it is stored or forwarded.
 */
import { RelayCloseCode, SyncMessageType } from '@meshtable/schema';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import { awarenessFrame, syncStep2Frame } from './frames';
import type { Room, RoomPeer } from './Room';

/** A frame the relay cannot make sense of. */
class MalformedFrameError extends Error {
  readonly code = 'MALFORMED_FRAME';
}

/** Serves one client of a room. */
export class SyncConnection implements RoomPeer {
  private room: Room | null = null;
  private pending: Promise<void>;

  /**
   * @param room resolves to the loaded room; frames wait for it
   * @param onClose called once the connection has left the room
   */
  constructor(
    private readonly ws: WebSocket,
    roomName: string,
    room: Promise<Room>,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
    onClose: () => void,
  ) {
    this.pending = room.then(
      (loaded) => {
        if (ws.readyState !== ws.OPEN) return;
        this.room = loaded;
        loaded.addPeer(this);
      },
      (error: unknown) => {
        // A refused connection is closed already; anything else is a failed load.
        if (ws.readyState !== ws.OPEN) return;
        log.error('room.load_failed', { room: roomName, error: String(error) });
        this.close(RelayCloseCode.storageFailure, 'room could not be loaded');
      },
    );
    ws.on('message', (data, isBinary) => {
      this.pending = this.pending.then(() => this.receive(data, isBinary));
    });
    ws.on('close', () => {
      this.pending = this.pending.then(() => {
        this.room?.removePeer(this);
        this.room = null;
        onClose();
      });
    });
    ws.on('error', (error) =>
      log.warn('sync.socket_error', { room: roomName, error: String(error) }),
    );
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.metrics.framesOut++;
    this.metrics.bytesOut += frame.byteLength;
    this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  private receive(data: RawData, isBinary: boolean): void {
    const room = this.room;
    if (!room) return;
    const frame = toBytes(data);
    this.metrics.framesIn++;
    this.metrics.bytesIn += frame.byteLength;
    try {
      if (!isBinary) throw new MalformedFrameError('text frame on a binary protocol');
      this.handle(room, frame);
    } catch (error) {
      this.metrics.malformedFrames++;
      this.log.warn('sync.malformed_frame', {
        room: room.name,
        bytes: frame.byteLength,
        error: String(error),
      });
      this.close(RelayCloseCode.malformedFrame, 'malformed frame');
    }
  }

  private handle(room: Room, frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case SyncMessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          this.send(syncStep2Frame(Y.encodeStateAsUpdate(room.doc, payload)));
        } else if (
          step === syncProtocol.messageYjsSyncStep2 ||
          step === syncProtocol.messageYjsUpdate
        ) {
          room.submitUpdate(payload, this);
        } else {
          throw new MalformedFrameError(`unknown sync step ${step}`);
        }
        return;
      }
      case SyncMessageType.awareness:
        applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), this);
        return;
      case SyncMessageType.queryAwareness:
        this.send(awarenessFrame(room.awareness));
        return;
      default:
        throw new MalformedFrameError(`unknown message type ${type}`);
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
