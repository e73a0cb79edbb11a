import type { SerializedSchemaV2 } from 'tldraw';

/**
 * How the tldraw schema stored in a board compares with the one this build of the app runs.
 *
 * - `same`: nothing to do.
 * - `older`: the board was written by an older app; its records can be migrated up.
 * - `newer`: written by a newer app (a higher version of some migration sequence, or a sequence
 *   this build does not know, such as a new shape type). This build must not touch the records:
 *   it would fail to validate them or, worse, write back records that the newer peers then read
 *   as their own format.
 * - `unreadable`: the stored value is not a serialized schema.
 */
export type SchemaComparison = 'same' | 'older' | 'newer' | 'unreadable';

/**
 * Compares a stored serialized schema with the app's own.
 * @param stored - the value found in the board's `meta` map (untrusted: it came from a peer)
 * @param current - `store.schema.serialize()` of this build
 */
export function compareSchemas(stored: unknown, current: SerializedSchemaV2): SchemaComparison {
  if (!isRecord(stored)) return 'unreadable';
  // Version 1 predates sequences; only old tldraw builds wrote it.
  if (stored.schemaVersion === 1) return 'older';
  if (stored.schemaVersion !== 2 || !isRecord(stored.sequences)) return 'unreadable';
  const storedSequences = stored.sequences;
  let older = false;
  for (const [sequenceId, version] of Object.entries(storedSequences)) {
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      return 'unreadable';
    }
    const ours = current.sequences[sequenceId];
    if (ours === undefined || version > ours) return 'newer';
    if (version < ours) older = true;
  }
  for (const sequenceId of Object.keys(current.sequences)) {
    if (!(sequenceId in storedSequences)) older = true;
  }
  return older ? 'older' : 'same';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
