import { type Combat, type Scene, TABLE_MAPS, type Token } from '@meshtable/schema';
import { useEffect, useState } from 'react';
import type { CampaignSession, TableRole } from '../campaign/CampaignSession';
import {
  ownedCombatantIds,
  pickEncounter,
  readEncounters,
  readPartyScene,
  readSceneTokens,
} from './readCombat';

/** What the combat panel shows, read from the records. */
export interface CombatSnapshot {
  readonly role: TableRole;
  /** The party's scene: where a GM starts an encounter. */
  readonly scene: Scene | null;
  /** The encounter the table is fighting, or null. */
  readonly encounter: Combat | null;
  /** The scene's shared tokens not in the encounter yet (for a GM to add). */
  readonly addable: readonly Token[];
  /** The combatants I may roll initiative for. */
  readonly mine: ReadonlySet<string>;
}

/** The table doc's maps whose changes can change what the panel shows. */
const WATCHED = [
  TABLE_MAPS.combat,
  TABLE_MAPS.tokens,
  TABLE_MAPS.scenes,
  TABLE_MAPS.meta,
  TABLE_MAPS.actors,
] as const;

function read(session: CampaignSession): CombatSnapshot {
  const { table } = session;
  const state = session.state();
  const scene = readPartyScene(table);
  const encounter = pickEncounter(readEncounters(table), scene?.id ?? null);
  const inIt = new Set(encounter?.combatants.map((c) => c.tokenId) ?? []);
  const sceneId = encounter?.sceneId ?? scene?.id ?? null;
  return {
    role: state.role,
    scene,
    encounter,
    addable: sceneId === null ? [] : readSceneTokens(table, sceneId).filter((t) => !inIt.has(t.id)),
    mine: encounter === null ? new Set() : ownedCombatantIds(table, encounter, session.me.userId),
  };
}

/** The combat panel's records, read again after every change of them or of the session. */
export function useCombat(session: CampaignSession): CombatSnapshot {
  const [snapshot, setSnapshot] = useState(() => read(session));
  useEffect(() => {
    let scheduled = false;
    const refresh = () => {
      if (scheduled) return;
      scheduled = true;
      // Once per burst of changes (a transaction touches several maps).
      queueMicrotask(() => {
        scheduled = false;
        setSnapshot(read(session));
      });
    };
    const maps = WATCHED.map((name) => session.table.getMap<unknown>(name));
    for (const map of maps) map.observeDeep(refresh);
    const stop = session.subscribe(refresh);
    refresh();
    return () => {
      for (const map of maps) map.unobserveDeep(refresh);
      stop();
    };
  }, [session]);
  return snapshot;
}
