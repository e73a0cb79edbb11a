/**
 * Deleting a hidden record for good: its gm copy, its reasons and its backups go together, so
 * that reconcileHidden does not restore it from a backup (hiddenBackups.ts). The board deletes
 * hidden records through this, never by deleting the gm copy alone.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { CampaignError } from '../lifecycle/CampaignError';
import { HiddenBackups } from './hiddenBackups';
import { HiddenPlacement } from './hiddenPlacement';
import { HIDDEN_ORIGIN, type HiddenCollection, type HiddenRef, HideReasons } from './hideReasons';

/**
 * Deletes a hidden scene or token. The tokens of a deleted scene are left as they are (still
 * hidden). A copy still in the table doc (a hide not finished) is deleted first, so that a
 * device that stops half way leaves the record hidden, not shown.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when the record is not hidden (a shown record is
 *   deleted from the table doc as usual, through the validator)
 */
export function deleteHidden(
  table: Y.Doc,
  gm: Y.Doc,
  collection: HiddenCollection,
  id: string,
): void {
  const ref: HiddenRef = { collection, id };
  const placement = new HiddenPlacement(table, gm, HideReasons.read(gm));
  if (!placement.wantsHidden(ref) || !placement.has('gm', ref)) {
    const what = collection === TABLE_MAPS.scenes ? 'scene' : 'token';
    throw new CampaignError('HIDDEN_NO_SUCH_RECORD', `There is no hidden ${what} "${id}".`);
  }
  if (placement.has('table', ref)) {
    table.transact(() => table.getMap(collection).delete(id), HIDDEN_ORIGIN);
  }
  const backups = HiddenBackups.read(gm);
  backups.dropAll(ref);
  placement.reasons.clearOwn(ref);
  placement.reasons.clearRevealing(ref);
  if (collection === 'tokens') placement.reasons.clearWithScene(id);
  gm.transact(() => {
    gm.getMap(collection).delete(id);
    placement.reasons.writeTo(gm);
    backups.writeTo(gm);
  }, HIDDEN_ORIGIN);
}
