/**
 * Reading encounters for the combat panel and the board: the table doc's `combat` records that
 * pass their schema, the one the table is fighting now, and the tokens a GM may add to it.
 * Malformed records are left out, never thrown.
 */
import { fromYValue } from '@meshtable/campaign';
import {
  type Combat,
  combatSchema,
  type Scene,
  TABLE_MAPS,
  type Token,
  tokenSchema,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { readActiveSceneId, readSharedScenes } from '../board/scene/sceneRecords';

/** The table doc's encounters that pass their schema (and whose id is their key), by id. */
export function readEncounters(table: Y.Doc): Combat[] {
  const encounters: Combat[] = [];
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.combat)) {
    const checked = combatSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) encounters.push(checked.data);
  }
  return encounters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The encounter the table is fighting: a running one on the party's scene, else any running
 * one (every device picks the same: by id), else null.
 */
export function pickEncounter(
  encounters: readonly Combat[],
  sceneId: string | null,
): Combat | null {
  const running = encounters.filter((combat) => combat.active);
  return running.find((combat) => combat.sceneId === sceneId) ?? running[0] ?? null;
}

/**
 * The party's scene, as the players see it: `meta.activeScene` when it names a shared scene,
 * else the first shared scene in the GM's order; null when nothing is shared.
 */
export function readPartyScene(table: Y.Doc): Scene | null {
  const scenes = readSharedScenes(table);
  const active = readActiveSceneId(table);
  if (active !== null && scenes.has(active)) return scenes.get(active) ?? null;
  return (
    [...scenes.values()].sort(
      (a, b) => a.order - b.order || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1),
    )[0] ?? null
  );
}

/**
 * The shared tokens of a scene, by name: those a GM may add to an encounter. Hidden tokens (gm
 * doc) are not among them: an encounter lives in the table doc, which every player receives,
 * so a hidden token joins the fight once it is revealed (docs/combat.md).
 */
export function readSceneTokens(table: Y.Doc, sceneId: string): Token[] {
  const tokens: Token[] = [];
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.tokens)) {
    const checked = tokenSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id && checked.data.sceneId === sceneId)
      tokens.push(checked.data);
  }
  return tokens.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/**
 * The combatants `userId` may roll initiative for: those whose token or actor they own (the
 * validator's rule, initiativeRules.ts, read here to offer the button).
 */
export function ownedCombatantIds(table: Y.Doc, combat: Combat, userId: string): Set<string> {
  const owners = (collection: 'tokens' | 'actors', id: string | null): unknown[] => {
    if (id === null) return [];
    const record = fromYValue(table.getMap<unknown>(TABLE_MAPS[collection]).get(id)) as
      | { owners?: unknown }
      | undefined;
    return Array.isArray(record?.owners) ? record.owners : [];
  };
  return new Set(
    combat.combatants
      .filter(
        (c) =>
          owners('tokens', c.tokenId).includes(userId) ||
          owners('actors', c.actorId).includes(userId),
      )
      .map((c) => c.id),
  );
}
