/**
 * For tests: the stable `code` of the error an action throws (any of the package's typed errors),
 * or undefined when it does not throw. Anything thrown without a code is rethrown.
 */
export function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    throw error;
  }
  return undefined;
}
