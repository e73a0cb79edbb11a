/**
 * The base of the app's typed errors: a message for people and a stable `code` for programs,
 * each code listed in docs/errors.md. A subclass names itself and its codes, and nothing else.
 */
export class CodedError<Code extends string> extends Error {
  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong and what to do, for people
   */
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}
