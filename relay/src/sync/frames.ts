/**
 * Encoders for the y-websocket frames the relay sends. Each frame is a varUint message type
 * (SyncMessageType) followed by its payload, exactly as y-websocket clients expect.
 */
import { SyncMessageType } from '@meshtable/schema/relay';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

function frame(type: number, writePayload: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  writePayload(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 frame: the relay's state vector, asking the client for what the relay lacks. */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  return frame(SyncMessageType.sync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc));
}

/** A sync step 2 frame carrying `update` (the part of the doc the client lacks). */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return frame(SyncMessageType.sync, (encoder) => {
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/** An update frame, forwarding one stored update to the other clients of a room. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return frame(SyncMessageType.sync, (encoder) => syncProtocol.writeUpdate(encoder, update));
}

/** An awareness frame with the states of `clients` (all known clients by default). */
export function awarenessFrame(
  awareness: Awareness,
  clients: number[] = [...awareness.getStates().keys()],
): Uint8Array {
  return frame(SyncMessageType.awareness, (encoder) =>
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients)),
  );
}
