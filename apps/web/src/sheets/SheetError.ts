import { CodedError } from '../errors/CodedError';

/** Why a sheet could not make a change; each code is in docs/errors.md ("Character sheets"). */
export type SheetErrorCode =
  /** The actor is not in the table doc (deleted meanwhile), or is unreadable there. */
  | 'SHEET_NO_SUCH_ACTOR'
  /** The value does not fit the field (a number out of bounds, a select's unknown option). */
  | 'SHEET_INVALID_VALUE'
  /** The viewer may not change this field of this actor (not its owner, not a GM). */
  | 'SHEET_NOT_ALLOWED'
  /** The game system has no sheet for this actor type (or its sheets did not load). */
  | 'SHEET_NO_SHEET';

/** A change a sheet refused, with a message the person at the table can act on. */
export class SheetError extends CodedError<SheetErrorCode> {
  override readonly name = 'SheetError';
}
