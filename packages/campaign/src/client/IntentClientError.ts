/**
 * Stable codes of {@link IntentClientError}: a request the player's client cannot send, or one
 * that ended without a receipt. Never renamed. (A rejected intent is not an error: its receipt
 * says why.)
 */
export type IntentClientErrorCode =
  /** The request's arguments are malformed (a token id, a colour…): the message names them. */
  | 'CLIENT_INVALID_REQUEST'
  /** A roll was asked for, but the table's meta has no dice commitment yet (not synced?). */
  | 'CLIENT_NO_DICE_CHAIN'
  /**
   * Another device of the same identity took this request's id (the GM ruled on its intent
   * instead) more often than the client re-issues it (`maxReissues`); nothing of it was applied.
   */
  | 'CLIENT_SEQ_COLLISION'
  /** The client was closed before the request's receipt arrived (it may still be ruled on). */
  | 'CLIENT_CLOSED';

/** A request the client refuses or abandons, with a stable {@link IntentClientErrorCode}. */
export class IntentClientError extends Error {
  override readonly name = 'IntentClientError';

  /**
   * @param code what went wrong, for programs: stable across versions
   * @param message what went wrong, for people
   */
  constructor(
    readonly code: IntentClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}
