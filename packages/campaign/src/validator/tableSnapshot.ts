/**
 * The table as plain JSON, for a module's `validate` and `apply`: every record map, keyed by id.
 * Records that fail their schema are left out (a module never sees malformed data), and are
 * reported so the GM can see them.
 */
import type { JsonObject } from '@meshtable/sandbox';
import { RECORD_MAP_NAMES, RECORD_SCHEMAS, type RecordMapName } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';

/** The state handed to a module: `{ scenes: { id: record }, tokens: …, … }`. */
export type TableSnapshot = { readonly [M in RecordMapName]: Readonly<Record<string, JsonObject>> };

/** Reads every record map of the table doc; `onInvalid` hears of records that fail their schema. */
export function snapshotTable(
  table: Y.Doc,
  onInvalid: (collection: RecordMapName, id: string, problem: string) => void = () => {},
): TableSnapshot {
  const snapshot = {} as Record<RecordMapName, Record<string, JsonObject>>;
  for (const collection of RECORD_MAP_NAMES) {
    const records: Record<string, JsonObject> = {};
    for (const [id, stored] of table.getMap(collection)) {
      const checked = RECORD_SCHEMAS[collection].safeParse(fromYValue(stored));
      if (checked.success) records[id] = checked.data as JsonObject;
      else onInvalid(collection, id, checked.error.issues[0]?.message ?? 'invalid');
    }
    snapshot[collection] = records;
  }
  return snapshot;
}

/** One record of the snapshot, or undefined. */
export function recordOf(
  snapshot: TableSnapshot,
  collection: RecordMapName,
  id: string,
): JsonObject | undefined {
  return Object.hasOwn(snapshot[collection], id) ? snapshot[collection][id] : undefined;
}
