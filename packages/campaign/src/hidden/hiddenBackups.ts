/**
 * A second copy of each record a hide moved into the gm doc, under a key of its own
 * (docLayout `GM_MAPS.hiddenBackups`: `<collection>/<id>/<random>` →
 * `{ at, record, tableItem }`), from which reconcileHidden restores a record found in neither
 * doc: into the gm doc, hidden, never into the table doc.
 *
 * Why it is needed: Yjs keeps one of two concurrent writes of a map key and deletes only what
 * the deleting device has seen. Two GM devices moving one record opposite ways at once, one of
 * them with a gm doc or table doc that lags behind, can each write the record into one doc and
 * delete it from the other; Yjs may then keep, in each doc, the write the other device deleted.
 * A backup under a fresh key is never lost to a concurrent write, and no device deletes a backup
 * it has not seen.
 *
 * When a backup goes: `tableItem` names the table doc's copy that the hide deleted (its Yjs id).
 * A device drops a backup (at a later hide of the record, at the end of its reveal, or in
 * reconcileHidden once the record is shown) only when its own table doc has that copy deleted:
 * by the hide, or replaced by a later write, which that hide's deletion cannot touch. A device
 * that has not yet seen the copy the backup guards cannot drop it. A backup of a hidden record
 * stays until its next move.
 */
import { GM_MAPS, timestampSchema } from '@meshtable/schema';
import * as Y from 'yjs';
import { isJsonObject } from '../doc/yRecords';
import { createCampaignKey } from '../lifecycle/credentials';
import { type HiddenRef, refKey } from './hideReasons';

const BACKUP_KEY = /^(scenes|tokens)\/([A-Za-z0-9_-]{1,64})\/[A-Za-z0-9_-]{1,64}$/;

/** A Yjs item id as stored: `[client, clock]`. */
type ItemId = readonly [number, number];

/** Whether the table doc, as this device has it, has deleted an item (see {@link tableDeletions}). */
export type DeletedInTable = (item: ItemId) => boolean;

/** The deletions the table doc has seen, read once for a step. */
export function tableDeletions(table: Y.Doc): DeletedInTable {
  const seen = Y.snapshot(table);
  return ([client, clock]) =>
    (seen.sv.get(client) ?? 0) > clock && Y.isDeleted(seen.ds, Y.createID(client, clock));
}

/** The Yjs id of the table doc's copy of a record, as a backup stores it; null when absent. */
export function tableItemOf(table: Y.Doc, ref: HiddenRef): ItemId | null {
  const item = table.getMap<unknown>(ref.collection)._map.get(ref.id);
  return item === undefined ? null : [item.id.client, item.id.clock];
}

/** The backups as read from a gm doc, changed in memory by a step, then written back. */
export class HiddenBackups {
  /** Backup key → value, as read. */
  readonly #stored: Map<string, unknown>;
  readonly #added = new Map<string, unknown>();
  readonly #deleted = new Set<string>();

  private constructor(stored: Map<string, unknown>) {
    this.#stored = stored;
  }

  static read(gm: Y.Doc): HiddenBackups {
    return new HiddenBackups(new Map(gm.getMap<unknown>(GM_MAPS.hiddenBackups).entries()));
  }

  /** Every record with a backup. */
  refs(): HiddenRef[] {
    const refs = new Map<string, HiddenRef>();
    for (const key of this.#stored.keys()) {
      const match = BACKUP_KEY.exec(key);
      if (match === null) continue;
      const collection = match[1] === 'scenes' ? 'scenes' : 'tokens';
      const ref: HiddenRef = { collection, id: match[2] as string };
      refs.set(refKey(ref), ref);
    }
    return [...refs.values()];
  }

  /**
   * The record of the latest backup of `ref` (by time, then key, so that every device picks the
   * same one), or undefined.
   */
  latest(ref: HiddenRef): unknown {
    let best: { at: number; key: string; record: unknown } | undefined;
    for (const [key, value] of this.#of(ref)) {
      if (!isJsonObject(value) || value.record === undefined) continue;
      const at = timestampSchema.safeParse(value.at);
      const candidate = { at: at.success ? at.data : 0, key, record: value.record };
      if (
        best === undefined ||
        candidate.at > best.at ||
        (candidate.at === best.at && key > best.key)
      ) {
        best = candidate;
      }
    }
    return best?.record;
  }

  /**
   * Backs up `record`, whose table copy `tableItem` a hide is about to delete, and drops the
   * backups of `ref` that are done with.
   */
  add(
    ref: HiddenRef,
    record: unknown,
    at: number,
    tableItem: ItemId | null,
    deleted: DeletedInTable,
  ): void {
    this.dropSettled(ref, deleted);
    const value = { at, record, tableItem: tableItem === null ? null : [...tableItem] };
    this.#added.set(`${refKey(ref)}/${createCampaignKey()}`, value);
  }

  /** Drops the backups of `ref` whose hide's deletion from the table doc this device has seen. */
  dropSettled(ref: HiddenRef, deleted: DeletedInTable): void {
    for (const [key, value] of this.#of(ref)) {
      const item = isJsonObject(value) ? itemIdOf(value.tableItem) : null;
      if (item === null || deleted(item)) this.#deleted.add(key);
    }
  }

  /** Drops every backup of `ref` this device has seen (the record was deleted on purpose). */
  dropAll(ref: HiddenRef): void {
    for (const [key] of this.#of(ref)) this.#deleted.add(key);
  }

  get changed(): boolean {
    return this.#added.size > 0 || this.#deleted.size > 0;
  }

  /** Writes the changes made in memory into `gm` (call inside a gm transaction). */
  writeTo(gm: Y.Doc): void {
    const map = gm.getMap<unknown>(GM_MAPS.hiddenBackups);
    for (const key of this.#deleted) map.delete(key);
    for (const [key, value] of this.#added) map.set(key, value);
    this.#deleted.clear();
    this.#added.clear();
  }

  *#of(ref: HiddenRef): Generator<[string, unknown]> {
    const prefix = `${refKey(ref)}/`;
    for (const [key, value] of this.#stored) {
      if (key.startsWith(prefix) && !this.#deleted.has(key)) yield [key, value];
    }
  }
}

function itemIdOf(value: unknown): ItemId | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [client, clock] = value;
  return Number.isSafeInteger(client) && Number.isSafeInteger(clock) ? [client, clock] : null;
}
