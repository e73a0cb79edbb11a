/**
 * Typed errors of `@meshtable/sync`. Each carries a stable `code` that users and module authors
 * can look up in docs/errors.md, so a message may be reworded without breaking anyone.
 */

/** Stable codes of {@link SyncError}. */
export type SyncErrorCode =
  /** The room name is not one the relay accepts (see `isValidRoomName` in @meshtable/schema). */
  | 'SYNC_INVALID_ROOM'
  /** The table key is too short or not base64url, so it cannot protect the table. */
  | 'SYNC_INVALID_TABLE_KEY'
  /** The relay URL is not an absolute http(s) URL. */
  | 'SYNC_INVALID_RELAY_URL';

/** An error raised by `@meshtable/sync` for bad input; `code` says which. */
export class SyncError extends Error {
  /** Stable, documented error code. */
  readonly code: SyncErrorCode;

  /**
   * @param code - the stable code (see {@link SyncErrorCode})
   * @param message - a human-readable explanation naming the offending value
   */
  constructor(code: SyncErrorCode, message: string) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
  }
}
