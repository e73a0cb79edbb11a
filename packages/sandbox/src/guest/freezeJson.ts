/**
 * Deep-freezes a tree fresh from this realm's JSON.parse. Such a tree holds only primitives,
 * arrays and plain objects whose prototypes lockdown already froze, so freezing each node is all
 * that harden would do to it, without harden's per-object bookkeeping (a WeakSet entry, a
 * descriptor read of every property, a prototype check). The walk keeps its own stack: JSON may
 * nest deeper than the call stack allows.
 */
const { freeze, keys } = Object;
const { isArray } = Array;

/** Freezes `root` and everything in it; returns `root`. */
export function freezeJson<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push(value[i]);
    } else {
      const record = value as Record<string, unknown>;
      for (const key of keys(record)) pending.push(record[key]);
    }
    freeze(value);
  }
  return root;
}
