/**
 * The actors a viewer sees in the Characters panel. The table doc is readable by every member
 * (DESIGN.md §2: secrets go in the gm doc), so this is about what the panel lists, not about
 * secrecy: a player sees the characters that have an owner (the party), their own first; the
 * GM sees every actor, the GM's own characters (NPCs: no owner) included.
 */

import { fromYValue } from '@meshtable/campaign';
import { type Actor, actorSchema, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/** Every valid actor of the table doc (an unreadable record is skipped, not shown broken). */
export function readActors(table: Y.Doc): Actor[] {
  const actors: Actor[] = [];
  for (const [id, stored] of table.getMap(TABLE_MAPS.actors)) {
    const checked = actorSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) actors.push(checked.data);
  }
  return actors;
}

/**
 * The actors `userId` sees, in the panel's order: their own first, then the others, each by
 * name. Players do not see actors without an owner (the GM's characters).
 */
export function visibleActors(actors: readonly Actor[], userId: string, isGm: boolean): Actor[] {
  const mine = (actor: Actor) => actor.owners.includes(userId);
  return actors
    .filter((actor) => isGm || actor.owners.length > 0)
    .sort((a, b) => {
      if (mine(a) !== mine(b)) return mine(a) ? -1 : 1;
      return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    });
}
