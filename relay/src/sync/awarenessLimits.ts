/**
 * Bounds on the presence (y-protocols awareness) a room keeps, so that it cannot grow without
 * end: one connection may hold only a few presence states, and a state that was removed is
 * forgotten once nothing can still be on its way for it.
 *
 * Why: y-protocols' `Awareness` keeps a clock for every client id it has ever seen, also after
 * the state is removed (so that a late, older update cannot bring it back), and nothing limits
 * the client ids one update may carry. A room open for months, or one connection inventing
 * client ids, would grow the relay's memory by each id forever (the fuzz of
 * tests/integration/relayFuzz.test.ts showed about 90 MiB over 400,000 frames).
 */
import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';

/**
 * The most presence states one connection may hold: a browser tab holds one; a few more leave
 * room for a client that reconnects under a new id before its old one is removed.
 */
export const MAX_AWARENESS_CLIENTS_PER_PEER = 8;

/**
 * How long a removed presence state's clock is remembered. y-protocols times out a silent state
 * after 30 s, so no update older than that can still be on its way through a live connection.
 */
export const REMOVED_AWARENESS_MEMORY_MS = 30_000;

/**
 * The client ids an awareness update speaks for (the y-protocols encoding: a count, then for each
 * client its id, clock and state as JSON text).
 * @throws {Error} from lib0 when the update is cut short: the caller's malformed-frame handling
 */
export function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let index = 0; index < count; index++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}

/**
 * Forgets the clocks of presence states removed more than `keepMs` before `now`.
 * @returns how many were forgotten
 */
export function forgetRemovedAwareness(awareness: Awareness, now: number, keepMs: number): number {
  let forgotten = 0;
  for (const [clientId, meta] of awareness.meta) {
    if (clientId === awareness.clientID || awareness.states.has(clientId)) continue;
    if (now - meta.lastUpdated < keepMs) continue;
    awareness.meta.delete(clientId);
    forgotten++;
  }
  return forgotten;
}
