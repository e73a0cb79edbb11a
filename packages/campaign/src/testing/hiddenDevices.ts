/**
 * For tests of hidden records: GM devices (a table doc and a gm doc each) and a player device (a
 * table doc only) synced by exchanging updates by hand, and a player that keeps every byte it
 * ever received, so that a test can show a secret never reached it, not merely that it is not in
 * the maps at the end. The records themselves come from records.ts.
 */
import { GM_MAPS, type Scene, TABLE_MAPS, type Token } from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';

/** One GM device: its copy of the table doc and of the gm doc. */
export interface GmDevice {
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
}

/** A GM device with `scenes` and `tokens` shown in its table doc. */
export function gmDevice(
  records: { scenes?: readonly Scene[]; tokens?: readonly Token[] } = {},
): GmDevice {
  const table = new Y.Doc();
  const gm = new Y.Doc();
  table.transact(() => {
    for (const scene of records.scenes ?? []) {
      table.getMap(TABLE_MAPS.scenes).set(scene.id, toYValue(scene));
    }
    for (const token of records.tokens ?? []) {
      table.getMap(TABLE_MAPS.tokens).set(token.id, toYValue(token));
    }
  });
  return { table, gm };
}

/** Another device of the same GM, with everything `device` has. */
export function copyDevice(device: GmDevice): GmDevice {
  const table = new Y.Doc();
  const gm = new Y.Doc();
  Y.applyUpdate(table, Y.encodeStateAsUpdate(device.table));
  Y.applyUpdate(gm, Y.encodeStateAsUpdate(device.gm));
  return { table, gm };
}

/** Sends `from` what `to` lacks (one direction). */
export function pushDoc(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Both ways. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  pushDoc(a, b);
  pushDoc(b, a);
}

/** Both docs of two GM devices, both ways. */
export function syncDevices(a: GmDevice, b: GmDevice): void {
  syncDocs(a.table, b.table);
  syncDocs(a.gm, b.gm);
}

/** A player's device: a table doc, and every update it ever received. */
export class PlayerDevice {
  readonly table = new Y.Doc();
  readonly #received: Uint8Array[] = [];

  /** Receives from a GM device's table doc what the player lacks (as the relay would send). */
  receiveFrom(table: Y.Doc): void {
    const update = Y.encodeStateAsUpdate(table, Y.encodeStateVector(this.table));
    this.#received.push(update);
    Y.applyUpdate(this.table, update);
  }

  /** Whether `text` is anywhere in what the player received or holds (UTF-8, as Yjs stores it). */
  everSaw(text: string): boolean {
    const needle = new TextEncoder().encode(text);
    return [...this.#received, Y.encodeStateAsUpdate(this.table)].some((bytes) =>
      containsBytes(bytes, needle),
    );
  }
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let index = 0; index < needle.length; index++) {
      if (haystack[start + index] !== needle[index]) continue outer;
    }
    return true;
  }
  return false;
}

/** Where a record is: `table`, `gm`, `both` or `neither`. */
export function whereIs(
  device: GmDevice,
  collection: 'scenes' | 'tokens',
  id: string,
): 'table' | 'gm' | 'both' | 'neither' {
  const inTable = device.table.getMap(collection).has(id);
  const inGm = device.gm.getMap(collection).has(id);
  if (inTable && inGm) return 'both';
  if (inTable) return 'table';
  return inGm ? 'gm' : 'neither';
}

/** A record as JSON from one doc, or undefined. */
export function recordIn(doc: Y.Doc, collection: 'scenes' | 'tokens', id: string): unknown {
  const map = doc.getMap<unknown>(collection);
  return map.has(id) ? fromYValue(map.get(id)) : undefined;
}

/** The gm doc's bookkeeping of hidden records, as JSON. */
export function bookkeeping(gm: Y.Doc): Record<string, unknown> {
  return {
    hiddenOwn: gm.getMap(GM_MAPS.hiddenOwn).toJSON(),
    hiddenWithScene: gm.getMap(GM_MAPS.hiddenWithScene).toJSON(),
    revealing: gm.getMap(GM_MAPS.revealing).toJSON(),
  };
}

/** Counts the updates a doc emits while `action` runs. */
export function updatesDuring(doc: Y.Doc, action: () => void): number {
  let count = 0;
  const onUpdate = () => {
    count++;
  };
  doc.on('update', onUpdate);
  try {
    action();
  } finally {
    doc.off('update', onUpdate);
  }
  return count;
}
