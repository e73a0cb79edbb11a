import { CodedError } from '../../errors/CodedError';

/** Why the board could not make a change; each code is in docs/errors.md ("Campaign board"). */
export type BoardWriteErrorCode =
  /** Only a GM may do this (edit scenes, place tokens). */
  | 'BOARD_NOT_GM'
  /**
   * Only the GM device that runs the table (the validating one) writes the table doc, and this
   * change has no intent a GM's other device could send instead.
   */
  | 'BOARD_NOT_VALIDATING'
  /** The scene or token is in neither doc, or is unreadable there. */
  | 'BOARD_NO_SUCH_RECORD'
  /** The change would break the record's schema: nothing was written. */
  | 'BOARD_INVALID_RECORD';

/** A change the board refused, with a message a GM can act on. */
export class BoardWriteError extends CodedError<BoardWriteErrorCode> {
  override readonly name = 'BoardWriteError';
}
