/**
 * The table snapshot (tableSnapshot.ts) kept up to date as the doc changes, for the GM's
 * validator, which takes one for every intent it rules on. Building it afresh reads and checks
 * every record of the campaign (Yjs to JSON, then its schema), so a ruling cost grew with the
 * campaign: 2 ms a ruling in the 8-peer benchmark's small table, hundreds on a large one. Here a
 * record is read and checked again only after a transaction touched it, and a collection no
 * transaction touched is handed out as it was.
 *
 * What it hands out is frozen, deeply: the same objects serve every later snapshot, so a rule that
 * changed one in place would change the table every later ruling sees. (A module's hooks get a
 * copy: the sandbox clones their arguments into the worker.)
 */
import type { JsonObject } from '@meshtable/sandbox';
import { RECORD_MAP_NAMES, RECORD_SCHEMAS, type RecordMapName } from '@meshtable/schema';
import type * as Y from 'yjs';
import { changedTopLevelKeys } from '../doc/changedKeys';
import { fromYValue } from '../doc/yRecords';
import type { TableSnapshot } from './tableSnapshot';

/** A record as last read: its checked JSON, or why it failed its schema. */
type Checked =
  | { readonly ok: true; readonly record: JsonObject }
  | { readonly ok: false; readonly problem: string };

/** One collection as last read. */
interface CachedCollection {
  /** Every record of the map, in the map's order, read and checked. */
  readonly checked: Map<string, Checked>;
  /** The valid ones, as handed out. */
  readonly records: Readonly<Record<string, JsonObject>>;
  /** The ids of those that fail their schema, with why: reported on every snapshot. */
  readonly invalid: readonly (readonly [string, string])[];
}

/** Watches a table doc and hands out its snapshot, reading again only what changed. */
export class TableSnapshots {
  readonly #table: Y.Doc;
  readonly #maps = new Map<unknown, RecordMapName>();
  readonly #cached = new Map<RecordMapName, CachedCollection>();
  /** Keys touched since the collection was last read, by collection. */
  readonly #touched = new Map<RecordMapName, Set<string>>();
  readonly #onTransaction = (transaction: Y.Transaction) => this.#note(transaction);

  constructor(table: Y.Doc) {
    this.#table = table;
    for (const name of RECORD_MAP_NAMES) this.#maps.set(table.getMap(name), name);
    table.on('afterTransaction', this.#onTransaction);
  }

  /** Stops watching; the next snapshot would be stale. */
  dispose(): void {
    this.#table.off('afterTransaction', this.#onTransaction);
  }

  /**
   * The table now, as {@link snapshotTable} reads it: every record map, keyed by id, records that
   * fail their schema left out and reported to `onInvalid`.
   */
  snapshot(
    onInvalid: (collection: RecordMapName, id: string, problem: string) => void = () => {},
  ): TableSnapshot {
    const snapshot = {} as Record<RecordMapName, Readonly<Record<string, JsonObject>>>;
    for (const name of RECORD_MAP_NAMES) {
      const collection = this.#read(name);
      for (const [id, problem] of collection.invalid) onInvalid(name, id, problem);
      snapshot[name] = collection.records;
    }
    return snapshot;
  }

  /** A collection, read again where a transaction touched it since. */
  #read(name: RecordMapName): CachedCollection {
    const cached = this.#cached.get(name);
    const touched = this.#touched.get(name);
    if (cached !== undefined && touched === undefined) return cached;
    this.#touched.delete(name);
    const checked = new Map<string, Checked>();
    const records: Record<string, JsonObject> = {};
    const invalid: [string, string][] = [];
    for (const [id, stored] of this.#table.getMap(name)) {
      const known = touched?.has(id) === false ? cached?.checked.get(id) : undefined;
      const entry = known ?? check(name, stored);
      checked.set(id, entry);
      if (entry.ok) records[id] = entry.record;
      else invalid.push([id, entry.problem]);
    }
    const collection = { checked, records: Object.freeze(records), invalid };
    this.#cached.set(name, collection);
    return collection;
  }

  /** Notes the records a transaction touched (changedKeys.ts). */
  #note(transaction: Y.Transaction): void {
    for (const [type, keys] of changedTopLevelKeys(transaction)) {
      const name = this.#maps.get(type);
      if (name === undefined) continue;
      let touched = this.#touched.get(name);
      if (!touched) {
        touched = new Set();
        this.#touched.set(name, touched);
      }
      for (const key of keys) if (key !== null) touched.add(key);
    }
  }
}

function check(name: RecordMapName, stored: unknown): Checked {
  const parsed = RECORD_SCHEMAS[name].safeParse(fromYValue(stored));
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, record: deepFreeze(parsed.data as JsonObject) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
