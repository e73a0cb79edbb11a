/**
 * Raw WebSocket clients for hostile-input tests: they send exactly the bytes a test chooses.
 */
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';

/** A y-websocket frame: message type, then (for sync) the step, then the payload. */
export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame carrying `payload` as the awareness update. */
export function awarenessFrame(payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An open raw socket and the close code it will get. */
export interface RawSocket {
  ws: WebSocket;
  /** Resolves with the close code. */
  closed: Promise<number>;
  /** Every message received, in order. */
  received: Buffer[];
}

/** Opens a raw WebSocket to `url` (ws://…) and waits until it is open. */
export async function openRawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url);
  const received: Buffer[] = [];
  ws.on('message', (data) => received.push(data as Buffer));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed, received };
}
