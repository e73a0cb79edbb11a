/**
 * Stable codes of {@link RollProtocolError}: misuse of the verifiable-roll protocol on the
 * GM's or the player's side. Documented in docs/dice.md ("Error codes"); never renamed.
 * (A receipt that fails verification is not an error: `verifyRollReceipt` returns a reason.)
 */
export type RollProtocolErrorCode =
  /** A chain length is not an integer from 1 to MAX_CHAIN_LENGTH. */
  | 'ROLL_INVALID_CHAIN_LENGTH'
  /** A chain seed (root, head, revealed seed, anchor) is not 32 bytes, or not 64 lowercase hex. */
  | 'ROLL_INVALID_SEED'
  /** Every seed of the chain has been revealed: commit a new chain (nextSeedChain). */
  | 'ROLL_CHAIN_EXHAUSTED'
  /** nextSeedChain was asked for a successor while the chain still has seeds. */
  | 'ROLL_CHAIN_NOT_EXHAUSTED'
  /** A stored chain (from the gm doc) is malformed, or its root does not hash to its head. */
  | 'ROLL_CHAIN_INVALID'
  /** A roll request is malformed: rollId, notation, player nonce or chain head. */
  | 'ROLL_INVALID_REQUEST'
  /** The request was made against another chain head than the chain being revealed. */
  | 'ROLL_CHAIN_MISMATCH'
  /** The request asks for an engine (evaluator semantics) other than this build's. */
  | 'ROLL_ENGINE_UNSUPPORTED'
  /** The roll function returned a result a receipt cannot carry (a total or die not finite). */
  | 'ROLL_INVALID_RESULT'
  /** No crypto.getRandomValues in this realm (e.g. inside a rules compartment). */
  | 'ROLL_NO_SECURE_RANDOM';

/** A misuse of the verifiable-roll protocol, with a stable {@link RollProtocolErrorCode}. */
export class RollProtocolError extends Error {
  override readonly name = 'RollProtocolError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: RollProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
