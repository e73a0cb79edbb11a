/**
 * Whose turn it is, for the board: the tokens of the combatants whose turn it is in the table
 * doc's running encounters (packages/campaign combatOrder decides whose turn that is; the combat
 * panel, apps/web/src/combat, moves it).
 */
import { currentCombatant, fromYValue } from '@meshtable/campaign';
import { combatSchema, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/** The ids of the tokens whose turn it is, over every running encounter that passes its schema. */
export function readTurnTokenIds(table: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const stored of table.getMap<unknown>(TABLE_MAPS.combat).values()) {
    const checked = combatSchema.safeParse(fromYValue(stored));
    if (!checked.success || !checked.data.active) continue;
    const tokenId = currentCombatant(checked.data)?.tokenId;
    if (tokenId !== undefined && tokenId !== null) ids.add(tokenId);
  }
  return ids;
}
