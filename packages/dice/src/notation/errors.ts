/**
 * Errors of dice notation: a stable code, the position in the notation, and a short message
 * meant for the player ("expected the number of sides after 'd' at 3"). Never a stack trace.
 */

/** Stable codes; docs/errors.md lists them. */
export type DiceErrorCode =
  /** The notation does not parse. */
  | 'DICE_SYNTAX'
  /** A number is out of the allowed range (too many dice, a die with 0 sides, …). */
  | 'DICE_LIMIT'
  /** Arithmetic that has no value: division or modulo by zero, a result that is not finite. */
  | 'DICE_MATH';

/** A notation that cannot be rolled. */
export class DiceNotationError extends Error {
  override readonly name = 'DiceNotationError';

  /**
   * @param code stable error code
   * @param reason the short message, without the position
   * @param index 0-based index in the notation where the problem is (the message shows it 1-based)
   */
  constructor(
    readonly code: DiceErrorCode,
    readonly reason: string,
    readonly index: number,
  ) {
    super(`${reason} at ${index + 1}`);
  }
}
