/**
 * Stable codes of {@link IntentError}: an intent that cannot be signed. Never renamed.
 * (An intent that fails verification is not an error: verifyIntent returns a reason.)
 */
export type IntentErrorCode =
  /** A field of the intent to sign is malformed: the message names it. */
  'INTENT_INVALID';

/** An intent that signIntent refuses to sign, with a stable {@link IntentErrorCode}. */
export class IntentError extends Error {
  override readonly name = 'IntentError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: IntentErrorCode,
    message: string,
  ) {
    super(message);
  }
}
