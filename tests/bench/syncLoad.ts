/**
 * The load generator of the scale benchmark: raw `ws` clients that speak the y-websocket protocol
 * (y-protocols sync and awareness frames over lib0 encoding) without a Y.Doc each, so that 2,000
 * connections measure the server rather than the generator.
 *
 * A client joins as y-websocket's provider does: it sends its state vector (sync step 1) and its
 * presence (an awareness update), answers the server's step 1 with what the server lacks (sync
 * step 2), and counts as synced once the server answered its own step 1. Its updates are Yjs
 * updates encoded by hand: each appends one 8-byte binary to an array of the client's own
 * (`c<id>`), after the client's previous item, so that a server integrates them without conflict
 * and forwards them re-encoded as the same bytes. The binary is the stamp: a sequence number and a
 * tag, which a receiver reads from the frame's tail without decoding Yjs.
 */
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';

/** Tag in the second half of every stamp, so that a stray binary is never taken for one. */
const STAMP_TAG = 0x6d657368;
/** Yjs content ref of ContentBinary; the info byte's top bit says that a left origin follows. */
const CONTENT_BINARY = 3;
const HAS_ORIGIN = 0x80;

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1 of an empty document (its state vector has no clients). */
const EMPTY_STEP_1 = frame((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP_1);
  encoding.writeVarUint8Array(e, Uint8Array.of(0));
});

/** A sync step 2 frame carrying `update`. */
export function step2Frame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Sync step 2 with an empty update (no structs, no deletions). */
const EMPTY_STEP_2 = step2Frame(Uint8Array.of(0, 0));

/**
 * The Yjs update (v1) by which client `clientId` appends one stamp to its array `c<clientId>`:
 * the first item names its parent (a root type), each later one has the client's previous item
 * as its left origin.
 */
export function stampUpdate(clientId: number, clock: number, seq: number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 1); // clients with structs
    encoding.writeVarUint(e, 1); // structs of this client
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    if (clock === 0) {
      encoding.writeUint8(e, CONTENT_BINARY);
      encoding.writeVarUint(e, 1); // the parent is a root type, named next
      encoding.writeVarString(e, `c${clientId}`);
    } else {
      encoding.writeUint8(e, CONTENT_BINARY | HAS_ORIGIN);
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock - 1);
    }
    const stamp = new Uint8Array(8);
    const view = new DataView(stamp.buffer);
    view.setUint32(0, seq, true);
    view.setUint32(4, STAMP_TAG, true);
    encoding.writeVarUint8Array(e, stamp);
    encoding.writeVarUint(e, 0); // an empty delete set
  });
}

/** The update frame (sync, update) around a stamp update. */
function updateFrame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

/** The stamp's sequence number in an update frame, or -1 if the frame carries no stamp. */
export function readStamp(data: Buffer): number {
  const end = data.length;
  if (end < 14 || data[0] !== MESSAGE_SYNC || data[1] !== SYNC_UPDATE) return -1;
  // ... 8 (binary length), seq (4), tag (4), 0 (empty delete set)
  if (data[end - 1] !== 0 || data[end - 10] !== 8) return -1;
  if (data.readUInt32LE(end - 5) !== STAMP_TAG) return -1;
  return data.readUInt32LE(end - 9);
}

/** An awareness update frame announcing `clientId`'s presence. */
function presenceFrame(clientId: number): Uint8Array {
  const state = JSON.stringify({
    user: { name: `Player ${clientId}`, color: '#30bced' },
    cursor: { x: clientId % 1000, y: 200 },
  });
  const update = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 1); // awareness clock
    encoding.writeVarString(e, state);
  });
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Called for each stamp a client receives, with performance.now() at its arrival. */
export type StampListener = (seq: number, receivedAt: number, client: LoadClient) => void;

/** How a client joins a room. */
export interface JoinOptions {
  /** The document this client holds, given to the server in answer to its step 1. */
  doc?: Uint8Array;
}

/** One connection of the load. */
export class LoadClient {
  /** The next clock of this client's own items. */
  private clock = 0;
  private readonly ws: WebSocket;
  readonly ready: Promise<void>;
  private readonly closed: Promise<void>;
  /** Frames received that were neither sync, stamps nor presence (a protocol mismatch). */
  unknownFrames = 0;

  /**
   * @param clientId the Yjs client id, unique over the whole load
   * @param room the room's index in the load
   */
  constructor(
    url: string,
    readonly clientId: number,
    readonly room: number,
    onStamp: StampListener,
    options: JoinOptions = {},
  ) {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws = ws;
    const answer = options.doc ? step2Frame(options.doc) : EMPTY_STEP_2;
    // With a document to give, the client waits for the answer to a step 1 sent after it, as
    // the relay holds such an answer until everything before it is stored.
    let stepTwosAwaited = options.doc ? 2 : 1;
    this.closed = new Promise((done) => ws.once('close', () => done()));
    this.ready = new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`${url} closed with ${code} before sync`)));
      ws.once('open', () => {
        ws.send(EMPTY_STEP_1);
        ws.send(presenceFrame(clientId));
      });
      ws.on('message', (data: Buffer) => {
        if (data[0] === MESSAGE_SYNC) {
          if (data[1] === SYNC_UPDATE) {
            const seq = readStamp(data);
            if (seq >= 0) onStamp(seq, performance.now(), this);
            else this.unknownFrames++;
          } else if (data[1] === SYNC_STEP_1) {
            ws.send(answer);
            if (options.doc) ws.send(EMPTY_STEP_1);
          } else if (data[1] === SYNC_STEP_2) {
            if (--stepTwosAwaited === 0) resolve();
          } else this.unknownFrames++;
        } else if (data[0] !== MESSAGE_AWARENESS) this.unknownFrames++;
      });
    });
    // Rejections surface through `ready`; a close after it is the load's own.
    this.ready.catch(() => {});
  }

  /** Whether the connection is closed or closing. */
  get isClosed(): boolean {
    return this.ws.readyState !== this.ws.OPEN;
  }

  /** Sends the next update of this client, stamped with `seq`. */
  sendStamp(seq: number): void {
    this.ws.send(updateFrame(stampUpdate(this.clientId, this.clock++, seq)));
  }

  /** Closes the connection and waits for the server's answer. */
  close(): Promise<void> {
    this.ws.close(1000);
    return this.closed;
  }
}

/** Opens `count` clients from `make`, `parallel` at a time; resolves once all are synced. */
export async function openClients(
  count: number,
  parallel: number,
  make: (index: number) => LoadClient,
): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const client = make(next++);
      clients.push(client);
      await client.ready;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return clients;
}
