import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import * as Y from 'yjs';

/**
 * Seeding a shared document without conflicts.
 *
 * Why: a new table needs initial records (tldraw's document and first page). If two peers that
 * have never met each write them with their own Yjs client ids, Yjs sees two concurrent writes per
 * key and keeps one by client-id order — which can silently undo an edit (say, a page rename) made
 * on top of the other peer's seed. Instead every peer writes the seed as the *same* Yjs operations:
 * in a scratch document whose client id is a hash of the seed's content, with keys in sorted order.
 * Identical content gives byte-identical structs with identical ids, which Yjs merges as one
 * operation, so any later edit causally follows "the" seed on every peer. Different content (say,
 * another app version) gives another client id, so two different seeds never share struct ids —
 * reusing an id for different content would corrupt the document.
 *
 * Apply a seed only to a document whose seeded maps are still empty (after loading the local
 * copy): applied to a populated document it is one more concurrent write, and could win over edits.
 */

/** One top-level Y.Map of a seed and the JSON values to put in it. */
export interface SeedMap {
  /** Name of the top-level map (`doc.getMap(name)`). */
  readonly name: string;
  /** Keys and JSON-compatible values to set. */
  readonly entries: Readonly<Record<string, unknown>>;
}

const SEED_DOMAIN = 'meshtable/shared-seed/v1\0';

/**
 * Writes `maps` into `doc` as deterministic Yjs operations (see the file comment), so that peers
 * seeding the same content independently converge without conflicts.
 *
 * @param doc - the document to seed
 * @param maps - the maps and entries to write; values must be JSON (no undefined, NaN, functions)
 * @param origin - transaction origin of the applied update (so bindings can recognise it)
 * @throws {TypeError} when a value is not plain JSON
 * @example
 * ```ts
 * applySharedSeed(doc, [{ name: 'meta', entries: { schemaVersion: 1 } }]);
 * ```
 */
export function applySharedSeed(doc: Y.Doc, maps: readonly SeedMap[], origin?: unknown): void {
  const canonical = [...maps]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((map) => ({ name: map.name, entries: canonicalJson(map.entries, map.name) }));
  const scratch = new Y.Doc({ gc: false });
  scratch.clientID = seedClientId(JSON.stringify(canonical));
  scratch.transact(() => {
    for (const { name, entries } of canonical) {
      const target = scratch.getMap(name);
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        target.set(key, value);
      }
    }
  });
  const update = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  Y.applyUpdate(doc, update, origin);
}

/** A Yjs client id (uint32) derived from the seed content. */
function seedClientId(canonicalContent: string): number {
  const digest = sha256(utf8ToBytes(SEED_DOMAIN + canonicalContent));
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  return view.getUint32(0);
}

/** A deep copy with object keys sorted, so equal content always serialises identically. */
function canonicalJson(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Seed value at ${path} is not finite`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => canonicalJson(item, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareStrings)) {
      sorted[key] = canonicalJson((value as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return sorted;
  }
  throw new TypeError(`Seed value at ${path} is not plain JSON (${typeof value})`);
}

/** Code-unit order, independent of the locale (unlike localeCompare). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
