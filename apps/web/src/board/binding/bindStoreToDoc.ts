import type { HistoryEntry, TLRecord, TLStore } from 'tldraw';
import type * as Y from 'yjs';
import { BOARD_META_MAP, TLDRAW_RECORDS_MAP, TLDRAW_SCHEMA_KEY } from './boardDocLayout';
import { jsonEqual } from './jsonEqual';
import { whyNotLocalOnly } from './localContentPolicy';
import { compareSchemas } from './schemaCompat';
import { seedBoard } from './seedBoard';

/**
 * The two-way binding between a tldraw store and a board's Yjs document.
 *
 * The Y.Map is the shared truth; the store mirrors it for the editor.
 * - Local edits: `store.listen` (user source, document scope) fires once per frame with a diff; we
 *   write it as one `doc.transact` tagged with our origin. We write the store's *current* value of
 *   each changed record, not the value in the diff: a remote change may have landed between the
 *   edit and the flush, and writing the stale diff value would leave this peer's store and the
 *   shared map disagreeing for good.
 * - Remote edits: `observe` on the map (skipping our own origin) reads the *current* map value of
 *   each changed key and applies it with `store.mergeRemoteChanges`, so the editor does not record
 *   them as user actions (no undo entries, no echo back to the map).
 * Writes that would change nothing are skipped in both directions.
 *
 * Records from peers are untrusted: each is checked (plain object, id matches key, a
 * document-scoped type, passes tldraw's validator, loads nothing from other origins) and skipped
 * if bad; one bad record never blocks the rest.
 */

/** Transaction origin of local edits written by the binding. */
export const BINDING_ORIGIN = Symbol('meshtable/board-binding');

/** Options of {@link bindStoreToDoc}. */
export interface BindStoreOptions {
  /**
   * The board was written by a newer app (or its schema is unreadable). The binding has stopped,
   * or never started; the UI must say so instead of showing a board it cannot keep in sync.
   */
  readonly onIncompatible: (message: string) => void;
  /** A record from the document was skipped because it failed validation. */
  readonly onRejectedRecord?: (id: string, reason: string) => void;
  /**
   * This page's origin. Records that would make the page load content from elsewhere are refused
   * (see `whyNotLocalOnly`).
   */
  readonly origin: string;
}

/** A live binding. */
export interface StoreBinding {
  /** Stops syncing in both directions. Idempotent. */
  dispose(): void;
}

/**
 * Binds `store` to `doc`: seeds an empty board, checks the stored schema, loads the records into
 * the store, then keeps both in step. Call after the local IndexedDB copy (if any) has loaded,
 * so "empty" means empty.
 *
 * @returns the binding; when the board is incompatible, `onIncompatible` has been called and the
 *   returned binding is inert
 * @example
 * ```ts
 * await session.whenPersisted;
 * const binding = bindStoreToDoc(store, doc, {
 *   origin: location.origin,
 *   onIncompatible: showMessage,
 * });
 * // … on unmount
 * binding.dispose();
 * ```
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  options: BindStoreOptions,
): StoreBinding {
  const records = doc.getMap<unknown>(TLDRAW_RECORDS_MAP);
  const meta = doc.getMap<unknown>(BOARD_META_MAP);
  const ourSchema = store.schema.serialize();

  if (records.size === 0) seedBoard(doc, store);

  const refusal = checkSchema(meta.get(TLDRAW_SCHEMA_KEY));
  if (refusal !== null) {
    options.onIncompatible(refusal);
    return { dispose() {} };
  }

  const validRecord = (key: string, value: unknown): TLRecord | null => {
    const reason = whyInvalid(store, key, value, options.origin);
    if (reason === null) return value as TLRecord;
    options.onRejectedRecord?.(key, reason);
    return null;
  };

  const pullFromDoc = (keys: Iterable<string>): void => {
    const puts: TLRecord[] = [];
    const removals: TLRecord['id'][] = [];
    for (const key of keys) {
      const value = records.get(key);
      const id = key as TLRecord['id'];
      if (value === undefined) {
        if (store.has(id)) removals.push(id);
        continue;
      }
      const record = validRecord(key, value);
      if (record !== null && !jsonEqual(store.get(id), record)) puts.push(record);
    }
    if (puts.length === 0 && removals.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals);
      if (puts.length > 0) store.put(puts);
    });
  };

  const pushToDoc = ({ changes }: HistoryEntry<TLRecord>): void => {
    doc.transact(() => {
      for (const id of [...Object.keys(changes.added), ...Object.keys(changes.updated)]) {
        const current = store.get(id as TLRecord['id']);
        // Gone since the edit: a remote removal landed first, and it stands.
        if (current === undefined) continue;
        if (!jsonEqual(records.get(id), current)) records.set(id, current);
      }
      for (const id of Object.keys(changes.removed)) {
        if (store.has(id as TLRecord['id'])) continue;
        if (records.has(id)) records.delete(id);
      }
    }, BINDING_ORIGIN);
  };

  // Initial load: the store takes exactly the document's records.
  const stale = store
    .allRecords()
    .filter((r) => store.scopedTypes.document.has(r.typeName) && !records.has(r.id))
    .map((r) => r.id);
  if (stale.length > 0) store.mergeRemoteChanges(() => store.remove(stale));
  pullFromDoc(records.keys());

  const onRecordsChanged = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (transaction.origin === BINDING_ORIGIN) return;
    pullFromDoc(event.keysChanged);
  };
  const onMetaChanged = (): void => {
    const reason = checkSchema(meta.get(TLDRAW_SCHEMA_KEY));
    if (reason === null) return;
    dispose();
    options.onIncompatible(reason);
  };
  records.observe(onRecordsChanged);
  meta.observe(onMetaChanged);
  const stopListening = store.listen(pushToDoc, { source: 'user', scope: 'document' });

  let disposed = false;
  function dispose(): void {
    if (disposed) return;
    disposed = true;
    stopListening();
    records.unobserve(onRecordsChanged);
    meta.unobserve(onMetaChanged);
  }
  return { dispose };

  function checkSchema(stored: unknown): string | null {
    switch (compareSchemas(stored, ourSchema)) {
      case 'same':
      case 'older':
        // Older boards load as they are for now: tldraw's validators accept every record this
        // walking skeleton writes. Migrating older boards up is future work (DESIGN §2).
        return null;
      case 'newer':
        return 'This board was saved by a newer version of Meshtable. Update Meshtable (or ask the table host to) and reload.';
      case 'unreadable':
        return 'This board’s format record is unreadable, so Meshtable will not risk changing it.';
    }
  }
}

/** Why a value from the document cannot go into the store, or null if it can. */
function whyInvalid(store: TLStore, key: string, value: unknown, origin: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const candidate = value as Partial<TLRecord>;
  if (candidate.id !== key) return 'id does not match its key';
  if (typeof candidate.typeName !== 'string') return 'no typeName';
  if (!store.scopedTypes.document.has(candidate.typeName)) {
    return `type ${candidate.typeName} is not shared`;
  }
  const previous = store.get(candidate.id) ?? null;
  try {
    store.schema.validateRecord(
      store,
      value as TLRecord,
      previous ? 'updateRecord' : 'createRecord',
      previous,
    );
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return whyNotLocalOnly(value as TLRecord, origin);
}
