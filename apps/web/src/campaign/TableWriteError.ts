import { CodedError } from '../errors/CodedError';

/**
 * Why a GM's change of the table doc was not made (tableWrites.ts); each code is in
 * docs/errors.md ("Table writes"). Nothing was written, and nothing was sent.
 */
export type TableWriteErrorCode =
  /** Only a GM changes GM-owned records (characters, encounters, shared pages, the audio). */
  | 'TABLE_NOT_GM'
  /**
   * The change writes the table doc, whose one writer is the GM device that runs the table, and
   * no change list carries it from a GM's other device: make it on that device.
   */
  | 'TABLE_NOT_VALIDATING'
  /** The change would break a record (its schema, its key, a scene it names): nothing sent. */
  | 'TABLE_INVALID_RECORD'
  /**
   * As a `gm.edit` the change is over the 64 KiB an intent carries (a long journal page, say):
   * a GM's other device cannot send it, the device that runs the table writes it directly.
   */
  | 'TABLE_EDIT_TOO_LARGE';

/** A GM's change of the table that was refused before anything was written or sent. */
export class TableWriteError extends CodedError<TableWriteErrorCode> {
  override readonly name = 'TableWriteError';
}
