/**
 * A change the board could not make, as the viewer reads it: the message of a BoardWriteError,
 * a CampaignError (a hidden-record move) or an IntentError (a request that could not be made),
 * each with its code; anything else as an unexpected error, never a stack.
 */

/** What the board shows when a change fails. */
export interface BoardFailure {
  /** The error's stable code (docs/errors.md), or `BOARD_UNEXPECTED`. */
  readonly code: string;
  readonly message: string;
}

/** The failure to show for something thrown by a change. */
export function describeFailure(error: unknown): BoardFailure {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code)) {
      return { code, message: error.message };
    }
    return { code: 'BOARD_UNEXPECTED', message: `Something went wrong: ${error.message}` };
  }
  return { code: 'BOARD_UNEXPECTED', message: 'Something went wrong.' };
}
