/**
 * Stable codes of {@link DiceStreamError}. Documented in docs/dice.md ("Error codes"); never
 * renamed, since callers, logs and receipts may match on them.
 */
export type DiceStreamErrorCode =
  /** `nextInt` was asked for a die that is not an integer from 1 to 2^32. */
  | 'DICE_INVALID_SIDES'
  /** A seed is not a Uint8Array. */
  | 'DICE_INVALID_SEED'
  /** A seed given as hex is empty, has an odd length or a non-hex character. */
  | 'DICE_INVALID_SEED_HEX'
  /** The stream used its last ChaCha20 block (256 GiB of keystream): this seed has no more dice. */
  | 'DICE_STREAM_EXHAUSTED';

/** A misuse of the seeded dice stream, with a stable {@link DiceStreamErrorCode}. */
export class DiceStreamError extends Error {
  override readonly name = 'DiceStreamError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: DiceStreamErrorCode,
    message: string,
  ) {
    super(message);
  }
}
