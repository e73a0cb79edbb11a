/**
 * One edit of a sheet, by the route sheetModel's editRoute chose: written by the validating GM
 * (writeAsGm), written directly by the owner (one transaction of the table doc), or asked for
 * with a `sheet.edit` intent whose receipt comes later.
 */
import type { JsonValue } from '@meshtable/sandbox';
import type { Receipt } from '@meshtable/schema';
import type { CampaignSession } from '../campaign/CampaignSession';
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
 *   `sheet.edit` cannot carry), `SHEET_NOT_VALIDATING` when this GM device stopped validating
 *   meanwhile, and what writeActorField throws
 */
export function applySheetEdit(
  session: Pick<CampaignSession, 'table' | 'intents' | 'writeAsGm'>,
  route: EditRoute,
  actorId: string,
  path: readonly string[],
  value: JsonValue,
): EditOutcome {
  switch (route) {
    case 'gm': {
      const written = session.writeAsGm((table) => writeActorField(table, actorId, path, value));
      if (!written) {
        throw new SheetError(
          'SHEET_NOT_VALIDATING',
          'This device no longer runs the table: edit again to send the change as a request.',
        );
      }
      return { status: 'written' };
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
