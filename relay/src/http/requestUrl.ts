/**
 * Reads the path and query of a request target safely. `new URL('//a%2f/x', base)` would read
 * `a%2f` as a host and throw on the server's event loop; a request target is a path, so it is
 * appended to a fixed origin, where `//x` stays a path. A target that still cannot be read yields
 * null, and the caller answers 400.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/')) return null;
  try {
    return new URL(`http://relay${target}`);
  } catch {
    return null;
  }
}
