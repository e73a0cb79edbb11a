/**
 * Where a GM's change of a scene or token goes. The table doc has one writer, the validating
 * GM's device (its audit undoes anyone else's writes): a change of a shown record goes through
 * `session.writeAsGm`, and fails on a GM's other devices. A hidden record lives in the gm doc,
 * which every GM device writes directly.
 */
import type { Change, JsonValue } from '@meshtable/sandbox';
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import type { BoardSession } from '../campaignBoard/boardSession';
import { BoardWriteError } from './BoardWriteError';

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
 * can describe goes to that writer as a `gm.edit` intent instead (its validator commits it,
 * checking each record against its schema), and the board shows it once committed.
 * @param what what the change is, for the message when this device may not write
 * @param changes the same change as a change list, when it can be one (records of the table
 *   doc's record maps: scenes, tokens, actors, handouts, combat)
 * @throws BoardWriteError `BOARD_NOT_VALIDATING` on a GM device that does not run the table,
 *   for a change without a change list
 */
export function writeTable(
  session: Pick<BoardSession, 'writeAsGm' | 'intents' | 'state'>,
  what: string,
  write: (table: Y.Doc) => void,
  changes?: () => Change[],
): void {
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
  if (!wrote && changes !== undefined && session.state().role === 'gm') {
    session.intents.request('gm.edit', { changes: changes() as unknown as JsonValue });
    return;
  }
  if (!wrote) {
    throw new BoardWriteError(
      'BOARD_NOT_VALIDATING',
      `Only the GM device that runs the table can ${what}: open the campaign there.`,
    );
  }
}
