/**
 * Stable codes of {@link CanonicalJsonError}. Never renamed.
 */
export type CanonicalJsonErrorCode =
  /** The value is not plain JSON, or is JSON that canonical JSON refuses (-0, a lone surrogate). */
  | 'JSON_NOT_ENCODABLE'
  /** The text is not JSON, or is JSON but not in canonical form (whitespace, key order, …). */
  | 'JSON_NOT_CANONICAL';

/** A value that canonical JSON cannot encode, or text that is not canonical JSON. */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param problem what is wrong, for people, without the place
   * @param path where in the value: object keys and array indexes from the root
   */
  constructor(
    readonly code: CanonicalJsonErrorCode,
    readonly problem: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(path.length === 0 ? `${problem}.` : `${formatJsonPath(path)}: ${problem}.`);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path for messages: `payload.items[2]["a b"]`, or `(the value)` for the root. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(the value)' : text;
}
