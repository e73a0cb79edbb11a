/**
 * This device's own copy of a doc, before any peer's: the IndexedDB copy loaded on its own,
 * with no connection open.
 *
 * openSyncSession (packages/sync) attaches IndexedDB, WebRTC and the relay at once, and offers
 * no way to hold the connections back until the local copy is in: a peer's state could arrive
 * first. The GM's audit must start on the GM's own copy, before any peer's change (docs/campaign.md
 * "The audit"), so the GM device loads that copy through a session of IndexedDB alone, closes
 * it, and only then opens the full session. The second session's IndexedDB load brings nothing
 * new (Yjs ignores updates a doc already has), and the transports connect afterwards.
 */
import { openSyncSession } from '@meshtable/sync';
import type * as Y from 'yjs';

/** Where a doc is kept: the same names the full session will use. */
export interface LocalCopyOptions {
  readonly room: string;
  readonly tableKey: string;
  readonly relayUrl: string;
}

/**
 * Loads the IndexedDB copy of `doc`'s room into `doc`, and writes what `doc` holds already (a
 * campaign just made, a table just carried over by a kick) into that copy: y-indexeddb stores
 * the doc's state when it attaches. Resolves once the copy is loaded and the database closed.
 * With IndexedDB unavailable it resolves all the same, having loaded nothing.
 */
export async function loadLocalCopy(doc: Y.Doc, options: LocalCopyOptions): Promise<void> {
  const local = openSyncSession(doc, {
    ...options,
    transports: { webrtc: false, relay: false, indexeddb: true },
  });
  try {
    await local.whenPersisted;
  } finally {
    await local.destroy();
  }
}
