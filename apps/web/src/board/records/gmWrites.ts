/**
 * Where the board's GM changes go: the table doc through the app's one write path
 * (campaign/tableWrites.ts: written directly on the validating GM's device, sent as a `gm.edit`
 * from a GM's other one), with the board's own error codes, so a feature (fog, templates,
 * scenes, the party's place) works from any GM device without a branch of its own. A hidden
 * record lives in the gm doc, which every GM device writes directly.
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { TableWriteError, type TableWriteErrorCode } from '../../campaign/TableWriteError';
import {
  writeTable as writeAnyTable,
  writeTableChanges as writeAnyTableChanges,
} from '../../campaign/tableWrites';
import type { BoardSession } from '../campaignBoard/boardSession';
import { BoardWriteError, type BoardWriteErrorCode } from './BoardWriteError';

export type { TableWriter } from '../../campaign/tableWrites';

/** The collections the board writes. */
export type BoardCollection = 'scenes' | 'tokens';

/** Whether a record is hidden here: the gm doc holds it and the table doc does not. */
export function isHiddenRecord(
  session: Pick<BoardSession, 'table' | 'gm'>,
  collection: BoardCollection,
  id: string,
): boolean {
  if (session.table.getMap(TABLE_MAPS[collection]).has(id)) return false;
  return session.gm?.getMap(GM_MAPS[collection]).has(id) === true;
}

/**
 * Throws unless the viewer is a GM.
 * @throws BoardWriteError `BOARD_NOT_GM`
 */
export function requireGm(session: Pick<BoardSession, 'state'>): void {
  if (session.state().role !== 'gm') {
    throw new BoardWriteError('BOARD_NOT_GM', 'Only a GM can change the scenes and tokens.');
  }
}

/**
 * The gm doc, for a GM device.
 * @throws BoardWriteError `BOARD_NOT_GM` on a device without one
 */
export function requireGmDoc(session: Pick<BoardSession, 'gm'>): Y.Doc {
  if (session.gm === null) {
    throw new BoardWriteError(
      'BOARD_NOT_GM',
      'This device does not hold the GM’s document: hidden scenes and tokens are out of reach.',
    );
  }
  return session.gm;
}

/**
 * Writes into the table doc as its one writer, or sends the change from a GM's other device:
 * campaign/tableWrites.ts `writeTable`, its refusals as the board's own codes.
 * @returns the `gm.edit` sent, whose receipt says whether it was committed; null when this
 *   device wrote the change itself
 * @throws BoardWriteError `BOARD_NOT_GM` for anyone but a GM; `BOARD_NOT_VALIDATING` on a GM
 *   device that does not run the table, for a change without a change list or one too large to
 *   send; `BOARD_INVALID_RECORD` for a change list that breaks a record, nothing sent
 */
export const writeTable = withBoardCodes(writeAnyTable);

/**
 * Makes a change described by its change list alone (campaign/tableWrites.ts
 * `writeTableChanges`), its refusals as the board's own codes.
 * @returns as {@link writeTable}
 * @throws BoardWriteError as {@link writeTable}
 */
export const writeTableChanges = withBoardCodes(writeAnyTableChanges);

/** The board's code for each refusal of the shared write path. */
const BOARD_CODES = {
  TABLE_NOT_GM: 'BOARD_NOT_GM',
  TABLE_NOT_VALIDATING: 'BOARD_NOT_VALIDATING',
  TABLE_EDIT_TOO_LARGE: 'BOARD_NOT_VALIDATING',
  TABLE_INVALID_RECORD: 'BOARD_INVALID_RECORD',
} as const satisfies Record<TableWriteErrorCode, BoardWriteErrorCode>;

/** `write`, throwing the board's BoardWriteError where it throws a TableWriteError. */
function withBoardCodes<Args extends unknown[], Result>(
  write: (...args: Args) => Result,
): (...args: Args) => Result {
  return (...args) => {
    try {
      return write(...args);
    } catch (error) {
      if (!(error instanceof TableWriteError)) throw error;
      throw new BoardWriteError(BOARD_CODES[error.code], error.message);
    }
  };
}
