/**
 * Reading scenes for the board: those the table doc holds (every member may see them: the GM
 * shares a scene by leaving it there), the GM's hidden ones from the gm doc, and which scene is
 * active (`meta.activeScene`). Every record is checked against its schema; a malformed one is
 * left out, never thrown.
 */
import { fromYValue, listHiddenScenes } from '@meshtable/campaign';
import {
  ACTIVE_SCENE_META_KEY,
  activeSceneSchema,
  type Scene,
  sceneSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';

/** A scene as the scene list shows it. */
export interface SceneEntry {
  readonly scene: Scene;
  /** Hidden from the players: it lives in the gm doc (GM devices only). */
  readonly hidden: boolean;
  /** The scene the party is on (`meta.activeScene`). */
  readonly active: boolean;
}

/** The table doc's scenes that pass their schema, by id. */
export function readSharedScenes(table: Y.Doc): Map<string, Scene> {
  const scenes = new Map<string, Scene>();
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.scenes)) {
    const checked = sceneSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) scenes.set(id, checked.data);
  }
  return scenes;
}

/** The id `meta.activeScene` names, or null when it is absent or malformed. */
export function readActiveSceneId(table: Y.Doc): string | null {
  const stored = table.getMap<unknown>(TABLE_MAPS.meta).get(ACTIVE_SCENE_META_KEY);
  const checked = activeSceneSchema.safeParse(fromYValue(stored));
  return checked.success ? checked.data.sceneId : null;
}

/**
 * Every scene this device may show, in the GM's order: the table doc's, and the gm doc's hidden
 * ones when `gm` is given. A scene in both docs (a move between them cut short) counts as shown.
 */
export function readSceneEntries(table: Y.Doc, gm: Y.Doc | null): SceneEntry[] {
  const activeId = readActiveSceneId(table);
  const entries: SceneEntry[] = [];
  const shared = readSharedScenes(table);
  for (const scene of shared.values()) {
    entries.push({ scene, hidden: false, active: scene.id === activeId });
  }
  if (gm !== null) {
    for (const scene of listHiddenScenes(gm)) {
      if (!shared.has(scene.id)) entries.push({ scene, hidden: true, active: false });
    }
  }
  return sortSceneEntries(entries);
}

/** Scenes by `order`, then name, then id, so that every device lists them alike. */
export function sortSceneEntries(entries: readonly SceneEntry[]): SceneEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.scene.order - b.scene.order ||
      a.scene.name.localeCompare(b.scene.name) ||
      (a.scene.id < b.scene.id ? -1 : a.scene.id > b.scene.id ? 1 : 0),
  );
}

/**
 * The scene a board shows: the one the viewer chose, while it still exists; else the active
 * scene; else the first shared scene in order (a table with no active scene yet); else, for a
 * GM, the first scene at all.
 * @param chosen the scene this viewer picked in the scene list, or null to follow the party
 */
export function pickViewedScene(
  entries: readonly SceneEntry[],
  chosen: string | null,
): SceneEntry | null {
  return (
    entries.find((entry) => entry.scene.id === chosen) ??
    entries.find((entry) => entry.active) ??
    entries.find((entry) => !entry.hidden) ??
    entries[0] ??
    null
  );
}
