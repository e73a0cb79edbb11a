/**
 * Stable codes of {@link SealedTextError}: a text that cannot be sealed or opened. Never
 * renamed; each says what it means in its doc comment.
 */
export type SealedTextErrorCode =
  /** What to seal is not acceptable: no readers, too many, a bad key, a text too long. */
  | 'SEALED_INVALID_INPUT'
  /** The envelope breaks its schema (a field missing, malformed or oversized). */
  | 'SEALED_MALFORMED'
  /** The envelope holds no key for this reader: it was not sealed to them. */
  | 'SEALED_NOT_FOR_YOU'
  /** A part does not open with the reader's key: altered, moved elsewhere, or sealed wrongly. */
  | 'SEALED_TAMPERED';

/** A text that cannot be sealed or opened, with a stable {@link SealedTextErrorCode}. */
export class SealedTextError extends Error {
  override readonly name = 'SealedTextError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: SealedTextErrorCode,
    message: string,
  ) {
    super(message);
  }
}
