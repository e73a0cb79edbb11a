import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { PersistenceState } from '../syncState';

/** A running IndexedDB copy of a document. */
export interface IndexeddbTransport {
  /** Resolves once the stored updates are in the document (or storage turned out unusable). */
  readonly whenLoaded: Promise<void>;
  /** Flushes and closes the database; the stored copy stays. */
  destroy(): Promise<void>;
}

/**
 * Keeps a copy of `doc` in this browser's IndexedDB, so a table opens offline and survives a
 * reload before any peer is reachable.
 *
 * `databaseName` must name the room and the table key (see `indexeddbName`), never the room
 * alone: the copy is only as private as its name.
 *
 * If IndexedDB cannot be opened (some private modes), the state becomes `off` instead of staying
 * `loading` forever, and `whenLoaded` resolves so the board still opens.
 */
export function attachIndexeddb(
  doc: Y.Doc,
  databaseName: string,
  onState: (state: PersistenceState) => void,
  onUnavailable: (error: unknown) => void,
): IndexeddbTransport {
  const persistence = new IndexeddbPersistence(databaseName, doc);
  const whenLoaded = Promise.race([
    persistence.whenSynced.then(() => onState('ready')),
    persistence._db.then(
      () => new Promise<void>(() => {}),
      (error: unknown) => {
        onUnavailable(error);
        onState('off');
      },
    ),
  ]);
  return {
    whenLoaded,
    destroy: () => persistence.destroy(),
  };
}
