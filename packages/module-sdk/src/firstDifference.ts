/**
 * Finds where two JSON values first differ, for messages that say more than "not equal".
 */

/** One difference: where (`value.hp`, `draws[2]`) and the two values there, as JSON. */
export interface Difference {
  readonly path: string;
  readonly first: string;
  readonly second: string;
}

/**
 * The first place, depth first, where `a` and `b` differ, or null when they are the same JSON.
 * Object keys are compared in the order they were written, as JSON text would be.
 * @param path the name of the values themselves (the root of every returned path)
 */
export function firstDifference(a: unknown, b: unknown, path = ''): Difference | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index++) {
      const found = firstDifference(a[index], b[index], `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    for (const key of new Set([...keysA, ...keysB])) {
      const found = firstDifference(a[key], b[key], path === '' ? key : `${path}.${key}`);
      if (found !== null) return found;
    }
    if (keysA.join('\0') !== keysB.join('\0')) {
      return {
        path: path === '' ? '(keys)' : `${path} (keys)`,
        first: show(keysA),
        second: show(keysB),
      };
    }
    return null;
  }
  const first = show(a);
  const second = show(b);
  return first === second ? null : { path: path === '' ? '(the value)' : path, first, second };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
