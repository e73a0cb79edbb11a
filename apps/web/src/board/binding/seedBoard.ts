import { applySharedSeed } from '@meshtable/sync';
import { createTLStore, type TLRecord, type TLStore } from 'tldraw';
import type * as Y from 'yjs';
import { BOARD_META_MAP, TLDRAW_RECORDS_MAP, TLDRAW_SCHEMA_KEY } from './boardDocLayout';

/** Transaction origin of the seed, so observers can tell it from user edits. */
export const BOARD_SEED_ORIGIN = Symbol('meshtable/board-seed');

/**
 * Writes a new board's initial records into `doc`: tldraw's default document and first page,
 * plus the schema they were written with.
 *
 * The records come from tldraw itself — the integrity check that runs after
 * `mergeRemoteChanges` fills an empty store with exactly what an editor would create — so they
 * never drift from what tldraw expects. They are written with `applySharedSeed`, which makes every
 * peer's seed the same Yjs operations: two peers that start the same board apart converge without
 * a conflict, and an edit on top of one seed (renaming the page) survives meeting the other.
 *
 * Call only when the board's records map is empty (after the local copy has loaded).
 */
export function seedBoard(doc: Y.Doc, store: TLStore): void {
  const scratch = createTLStore({ schema: store.schema });
  try {
    scratch.mergeRemoteChanges(() => {});
    const entries: Record<string, TLRecord> = {};
    for (const record of scratch.allRecords()) {
      if (scratch.scopedTypes.document.has(record.typeName)) entries[record.id] = record;
    }
    applySharedSeed(
      doc,
      [
        { name: TLDRAW_RECORDS_MAP, entries },
        { name: BOARD_META_MAP, entries: { [TLDRAW_SCHEMA_KEY]: store.schema.serialize() } },
      ],
      BOARD_SEED_ORIGIN,
    );
  } finally {
    scratch.dispose();
  }
}
