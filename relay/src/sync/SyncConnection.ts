/**
 * One WebSocket on `/sync/<room>`, speaking the y-websocket protocol. Frames are handled in
 * arrival order, after the room has loaded, and only while the socket is open. A frame that
 * cannot be decoded closes this connection only (close code 4002); nothing of it is applied,
 * stored or forwarded. So does a client over its allowance of messages per second (4529), and
 * one that lets too much pile up unread (4503).
 */
import { RelayCloseCode, SyncMessageType } from '@meshtable/schema/relay';
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { socketErrorCode } from '../errorCodes';
import { TokenBucket } from '../limits/TokenBucket';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import { awarenessClientIds } from './awarenessLimits';
import { awarenessFrame } from './frames';
import type { Room, RoomPeer } from './Room';
import { RoomLimitError } from './RoomRegistry';

/** Per-connection limits on /sync. */
export interface SyncConnectionLimits {
  /** A client that lets more than this pile up unread is disconnected. */
  maxBufferedBytes: number;
  /** Frames per second a client may send, sustained. */
  messagesPerSecond: number;
  /** Frames a client may send at once, above the sustained rate. */
  messageBurst: number;
}

/** A frame the relay cannot make sense of. */
class MalformedFrameError extends Error {
  readonly code = 'MALFORMED_FRAME';
}

/** Serves one client of a room. */
export class SyncConnection implements RoomPeer {
  private room: Room | null = null;
  /** The chain that handles this connection's events one at a time while the room loads. */
  private inbound: Promise<void>;
  /** Whether the room's load has settled (loaded or failed). */
  private settled = false;
  /** Events waiting in {@link inbound}. */
  private waiting = 0;
  private readonly allowance: TokenBucket;

  /**
   * @param room resolves to the loaded room; frames wait for it
   * @param onClose called once the connection has left the room
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly roomName: string,
    room: Promise<Room>,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
    private readonly limits: SyncConnectionLimits,
    onClose: () => void,
  ) {
    this.allowance = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.inbound = room
      .then(
        (loaded) => {
          this.settled = true;
          if (!this.isOpen()) return;
          this.room = loaded;
          loaded.addPeer(this);
        },
        (error: unknown) => {
          this.settled = true;
          // A refused connection is closed already; anything else is a failed load.
          if (!this.isOpen()) return;
          if (error instanceof RoomLimitError) {
            metrics.countError('OVER_CAPACITY');
            log.warn('sync.over_capacity', {
              code: error.code,
              room: roomName,
              error: error.message,
            });
            this.close(RelayCloseCode.overCapacity, 'too many rooms, try again later');
            return;
          }
          metrics.countError('STORAGE_FAILURE');
          log.error('room.load_failed', {
            code: 'STORAGE_FAILURE',
            room: roomName,
            error: String(error),
          });
          this.close(RelayCloseCode.storageFailure, 'room could not be loaded');
        },
      )
      .catch((error: unknown) => this.handlerFailed(error));
    ws.on('message', (data, isBinary) => {
      if (!this.isOpen()) return;
      // Counted on arrival, not when handled: frames queued behind a room's load count too.
      if (!this.allowance.take()) {
        metrics.countError('RATE_LIMITED');
        log.warn('sync.rate_limited', { code: 'RATE_LIMITED', room: roomName });
        this.close(RelayCloseCode.rateLimited, 'too many messages per second');
        return;
      }
      this.enqueue(() => this.receive(data, isBinary));
    });
    ws.on('close', () =>
      this.enqueue(() => {
        const left = this.room;
        this.room = null;
        left?.removePeer(this);
        onClose();
      }, true),
    );
    ws.on('error', (error) => {
      // The WebSocket layer has closed the connection already (with 1009 for an oversized frame).
      const code = socketErrorCode(error);
      metrics.countError(code);
      log.warn('sync.socket_error', { code, room: roomName, error: String(error) });
    });
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen()) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      // The client is not reading: buffering more would grow the relay's memory without bound.
      // It resyncs whatever it missed when it reconnects.
      this.metrics.slowConsumers++;
      this.metrics.countError('SLOW_CONSUMER');
      this.log.warn('sync.slow_consumer', {
        code: 'SLOW_CONSUMER',
        room: this.roomName,
        buffered: this.ws.bufferedAmount,
      });
      this.close(RelayCloseCode.slowConsumer, 'not reading fast enough');
      return;
    }
    this.metrics.framesOut++;
    this.metrics.bytesOut += frame.byteLength;
    this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  private isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /**
   * Runs `step` after the previous ones: at once when nothing waits (the usual case, once the
   * room has loaded), else at the end of the chain. A failing step is logged and never stops the
   * chain, so the close step always runs and the room always learns that the peer left.
   */
  private enqueue(step: () => void, always = false): void {
    if (this.settled && this.waiting === 0) {
      this.run(step, always);
      return;
    }
    this.waiting++;
    this.inbound = this.inbound.then(() => {
      this.waiting--;
      this.run(step, always);
    });
  }

  private run(step: () => void, always: boolean): void {
    if (!always && !this.isOpen()) return;
    try {
      step();
    } catch (error) {
      this.handlerFailed(error);
    }
  }

  /** A handler threw (a bug, not a bad frame: those are refused in {@link receive}). */
  private handlerFailed(error: unknown): void {
    this.metrics.countError('MALFORMED_FRAME');
    this.log.error('sync.handler_failed', {
      code: 'MALFORMED_FRAME',
      room: this.roomName,
      error: String(error),
    });
    this.close(RelayCloseCode.malformedFrame, 'internal error');
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
      this.metrics.countError('MALFORMED_FRAME');
      this.log.warn('sync.malformed_frame', {
        code: 'MALFORMED_FRAME',
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
          room.replyToStateVector(this, payload);
        } else if (
          step === syncProtocol.messageYjsSyncStep2 ||
          step === syncProtocol.messageYjsUpdate
        ) {
          room.receiveUpdate(payload, this);
        } else {
          throw new MalformedFrameError(`unknown sync step ${step}`);
        }
        return;
      }
      case SyncMessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        if (!room.acceptsAwareness(this, awarenessClientIds(update))) {
          this.close(RelayCloseCode.overCapacity, 'too many presence states on one connection');
          return;
        }
        applyAwarenessUpdate(room.awareness, update, this);
        return;
      }
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
