/**
 * One edit of a sheet, by the route sheetModel's editRoute chose: a GM's write through the
 * table's one write path (campaign/tableWrites.ts: written on the device that runs the table,
 * sent as a `gm.edit` from a GM's other one), written directly by the owner (one transaction of
 * the table doc), or asked for with a `sheet.edit` intent whose receipt comes later.
 */
import type { JsonValue } from '@meshtable/sandbox';
import type { Receipt } from '@meshtable/schema';
import { type TableWriter, writeTable } from '../campaign/tableWrites';
import { writeActorField } from './actorWrites';
import { SheetError } from './SheetError';
import type { EditRoute } from './sheetModel';

/** What became of an edit: written now, or sent as an intent (its receipt to come). */
export type EditOutcome =
  | { readonly status: 'written' }
  | { readonly status: 'sent'; readonly receipt: Promise<Receipt> };

/**
 * Makes one edit of field `path` (`['data', 'abilities', 'str']`) of actor `actorId`.
 * @throws SheetError `SHEET_NOT_ALLOWED` for the route `none` (or an intent for the name, which
 *   `sheet.edit` cannot carry), and what writeActorField throws; TableWriteError for a GM's
 *   edit that cannot be made or sent (campaign/tableWrites.ts)
 */
export function applySheetEdit(
  session: TableWriter,
  route: EditRoute,
  actorId: string,
  path: readonly string[],
  value: JsonValue,
): EditOutcome {
  switch (route) {
    case 'gm': {
      const sent = writeTable(
        session,
        'change this character',
        (table) => writeActorField(table, actorId, path, value),
        () => [{ op: 'set', collection: 'actors', id: actorId, path: [...path], value }],
      );
      return sent === null ? { status: 'written' } : { status: 'sent', receipt: sent.receipt };
    }
    case 'direct':
      session.table.transact(() => writeActorField(session.table, actorId, path, value));
      return { status: 'written' };
    case 'intent': {
      if (path[0] !== 'data') {
        throw new SheetError('SHEET_NOT_ALLOWED', 'Only the name’s owner or the GM can change it.');
      }
      const ticket = session.intents.request('sheet.edit', {
        actorId,
        path: path.slice(1),
        value,
      });
      return { status: 'sent', receipt: ticket.receipt };
    }
    case 'none':
      throw new SheetError('SHEET_NOT_ALLOWED', 'You cannot change this character’s sheet.');
  }
}
