/**
 * How a record is stored in a Yjs map: as a Y.Map of its fields, nested plain objects as nested
 * Y.Maps, arrays and other values as JSON. Field by field, so that a GM renaming a token and a
 * player's move of it, or a player editing their sheet's hit points while the GM edits its notes,
 * both survive a merge. Arrays are atomic: their items have no identity worth merging.
 */
import type { JsonObject, JsonValue } from '@meshtable/sandbox';
import * as Y from 'yjs';

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value to store for a JSON value: plain objects become Y.Maps, recursively. */
export function toYValue(value: JsonValue): unknown {
  if (!isJsonObject(value)) return value;
  const map = new Y.Map<unknown>();
  for (const [key, field] of Object.entries(value)) map.set(key, toYValue(field));
  return map;
}

/** The JSON value of a stored value (a Y.Map reads as the object it holds). */
export function fromYValue(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

/**
 * Changes the stored record `target` from `before` to `after`, touching only the fields that
 * differ, so that concurrent edits of other fields are kept. Call inside a transaction.
 */
export function patchYMap(target: Y.Map<unknown>, before: JsonObject, after: JsonObject): void {
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) target.delete(key);
  }
  for (const [key, next] of Object.entries(after)) {
    const previous = Object.hasOwn(before, key) ? before[key] : undefined;
    if (previous !== undefined && jsonEqual(previous, next)) continue;
    const stored = target.get(key);
    if (isJsonObject(next) && isJsonObject(previous) && stored instanceof Y.Map) {
      patchYMap(stored, previous, next);
    } else {
      target.set(key, toYValue(next));
    }
  }
}

/** Deep equality of JSON values. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as JsonValue[];
    return (
      a.length === other.length &&
      a.every((item, index) => jsonEqual(item, other[index] as JsonValue))
    );
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every(
    (key) =>
      Object.hasOwn(right, key) && jsonEqual(left[key] as JsonValue, right[key] as JsonValue),
  );
}
