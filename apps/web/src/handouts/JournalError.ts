import { CodedError } from '../errors/CodedError';

/**
 * Why a journal page could not be saved or shared (docs/errors.md "Journal (web app)"). Each
 * code is stable; the message is for the GM who pressed Save.
 */

/** The journal's error codes. */
export type JournalErrorCode =
  /** The page does not fit the handout record (no title, a body over 200,000 characters…). */
  | 'JOURNAL_INVALID_PAGE'
  /** Only a GM writes journal pages (this device has no gm doc). */
  | 'JOURNAL_NOT_GM'
  /** A page for chosen members names nobody who is a member of the table. */
  | 'JOURNAL_NO_READERS';

/** A journal page that could not be saved or shared, with a message to show. */
export class JournalError extends CodedError<JournalErrorCode> {
  override readonly name = 'JournalError';
}
