/**
 * Where a GM's change of the table goes. The table doc has one writer, the validating GM's
 * device (its audit undoes anyone else's writes): there, a change is written at once through
 * `session.writeAsGm`. On a GM's other device (a second laptop, a phone) the same change, as a
 * change list, goes to that writer as a `gm.edit` intent, which its validator checks and commits
 * (packages/campaign validator/tableEdit.ts: each entry against its schema, a deleted scene with
 * everything on it). Every board write of the table doc goes through {@link writeTable}, so a
 * feature (fog, templates, scenes, the party's place) works from any GM device without a branch
 * of its own. A hidden record lives in the gm doc, which every GM device writes directly.
 */
import {
  applyTableEdit,
  ChangeError,
  type IntentTicket,
  planTableEdit,
  type TableChange,
} from '@meshtable/campaign';
import type { JsonValue } from '@meshtable/sandbox';
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { BoardIntents, BoardSession, BoardSessionState } from '../campaignBoard/boardSession';
import { BoardWriteError } from './BoardWriteError';

/** What a GM's write of the table doc needs of the session (a BoardSession is one). */
export interface TableWriter {
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
  readonly intents: Pick<BoardIntents, 'request'>;
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  state(): Pick<BoardSessionState, 'role' | 'validating'>;
}

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
 * Writes into the table doc as its one writer. On a GM's other device, a change that `changes`
 * can describe goes to that writer as a `gm.edit` intent instead, once it has passed the same
 * checks here (so a bad change fails at once), and the board shows it once committed.
 * @param what what the change is, for the message when this device may not write
 * @param changes the same change as a change list, when it can be one (doc/tableCollections.ts
 *   of packages/campaign: the record maps, fog, kept templates, the party's scene)
 * @returns the `gm.edit` sent, whose receipt says whether it was committed; null when this
 *   device wrote the change itself
 * @throws BoardWriteError `BOARD_NOT_GM` for anyone but a GM; `BOARD_NOT_VALIDATING` on a GM
 *   device that does not run the table, for a change without a change list;
 *   `BOARD_INVALID_RECORD` for a change list that breaks a record, nothing sent
 */
export function writeTable(
  session: TableWriter,
  what: string,
  write: (table: Y.Doc) => void,
  changes?: () => readonly TableChange[],
): IntentTicket | null {
  let failure: unknown = null;
  const wrote = session.writeAsGm((table) => {
    try {
      write(table);
    } catch (error) {
      // Thrown inside the transaction after nothing was written (checks come first): report it
      // once the transaction is over.
      failure = error;
    }
  });
  if (failure !== null) throw failure;
  if (wrote) return null;
  if (session.state().role !== 'gm') {
    throw new BoardWriteError('BOARD_NOT_GM', `Only a GM can ${what}.`);
  }
  if (changes !== undefined) {
    const list = changes();
    invalidAsBoardError(() => planTableEdit(list, session));
    return session.intents.request('gm.edit', { changes: list as unknown as JsonValue });
  }
  throw new BoardWriteError(
    'BOARD_NOT_VALIDATING',
    `Only the GM device that runs the table can ${what}: open the campaign there.`,
  );
}

/**
 * Makes a change described by its change list alone: written here by the table's writer, or
 * sent from a GM's other device, through {@link writeTable} either way.
 * @returns as {@link writeTable}
 * @throws BoardWriteError as {@link writeTable}
 */
export function writeTableChanges(
  session: TableWriter,
  what: string,
  changes: readonly TableChange[],
): IntentTicket | null {
  return writeTable(
    session,
    what,
    (table) => invalidAsBoardError(() => applyTableEdit(changes, { table, gm: session.gm })),
    () => changes,
  );
}

/** Runs `plan`, its ChangeError (a change that breaks a record) as `BOARD_INVALID_RECORD`. */
function invalidAsBoardError(plan: () => unknown): void {
  try {
    plan();
  } catch (error) {
    if (!(error instanceof ChangeError)) throw error;
    throw new BoardWriteError(
      'BOARD_INVALID_RECORD',
      `That change cannot be made (${error.message}); nothing was changed.`,
    );
  }
}
