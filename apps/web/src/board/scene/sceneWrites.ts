/**
 * The GM's changes to scenes: create (hidden, to prepare in peace), rename and edit, order,
 * share with the players or hide again, move the party to one (`meta.activeScene`), delete one.
 * A shown scene is written through the table doc's one writer (gmWrites.ts: directly on the
 * validating GM's device, as a `gm.edit` from any other GM device); a hidden one in the gm doc,
 * which every GM device writes. Every change is checked against the scene schema before
 * anything is written.
 */
import {
  addHiddenScene,
  deleteHidden,
  hideScene as hideSceneRecords,
  type IntentTicket,
  listHiddenTokens,
  revealScene as revealSceneRecords,
} from '@meshtable/campaign';
import {
  ACTIVE_SCENE_META_KEY,
  GM_MAPS,
  type Grid,
  type Scene,
  sceneSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type { BoardSession } from '../campaignBoard/boardSession';
import { BoardWriteError } from '../records/BoardWriteError';
import {
  isHiddenRecord,
  requireGm,
  requireGmDoc,
  writeTable,
  writeTableChanges,
} from '../records/gmWrites';
import { checkRecord, newRecordId, patchChanges, patchRecord } from '../records/patchRecord';
import { readActiveSceneId, readSceneEntries, type SceneEntry } from './sceneRecords';

/**
 * What a scene change returns: the `gm.edit` it sent from a GM device that does not run the
 * table (its receipt says whether the table took it), or null when it was written here.
 */
export type SentEdit = IntentTicket | null;

/** The grid of a new scene: 50 px squares of 5 ft. */
export const DEFAULT_GRID: Grid = {
  type: 'square',
  size: 50,
  offsetX: 0,
  offsetY: 0,
  color: '#000000',
  distance: 5,
  units: 'ft',
};

/** A new scene's record: 30 × 20 cells of the default grid, no background, last in the list. */
export function newSceneRecord(id: string, name: string, order: number): Scene {
  return {
    id,
    name,
    order,
    width: 30 * DEFAULT_GRID.size,
    height: 20 * DEFAULT_GRID.size,
    background: null,
    grid: { ...DEFAULT_GRID },
  };
}

/**
 * Creates a scene, hidden from the players until the GM shares it or moves the party there.
 * @returns the new scene's id
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_INVALID_RECORD` (a name too long, say)
 */
export function createScene(session: BoardSession, name: string): string {
  requireGm(session);
  const gm = requireGmDoc(session);
  const entries = readSceneEntries(session.table, gm);
  const order = entries.reduce((last, entry) => Math.max(last, entry.scene.order + 1), 0);
  const scene = checkRecord(sceneSchema, newSceneRecord(newRecordId(), name, order), 'scene');
  addHiddenScene(session.table, gm, scene);
  return scene.id;
}

/**
 * Changes fields of a scene (its name, size, background, grid).
 * @returns the `gm.edit` sent, if any ({@link SentEdit})
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NO_SUCH_RECORD`, `BOARD_INVALID_RECORD`,
 *   `BOARD_NOT_VALIDATING` for a shown scene on a GM device that does not run the table
 */
export function updateScene(
  session: BoardSession,
  sceneId: string,
  patch: Partial<Omit<Scene, 'id'>>,
): SentEdit {
  requireGm(session);
  if (isHiddenRecord(session, 'scenes', sceneId)) {
    const gm = requireGmDoc(session);
    gm.transact(() => patchRecord(gm.getMap(GM_MAPS.scenes), sceneId, sceneSchema, patch, 'scene'));
    return null;
  }
  return writeTable(
    session,
    'change a shared scene',
    (table) => patchRecord(table.getMap(TABLE_MAPS.scenes), sceneId, sceneSchema, patch, 'scene'),
    () => patchChanges('scenes', sceneId, patch),
  );
}

/**
 * Moves the party to a scene: shares it if it was hidden, and makes it the active one, which
 * players' boards show. On a GM device that does not run the table, the reveal is decided in
 * the gm doc (the validating device carries it out) and the move sent as a `gm.edit`.
 * @returns the `gm.edit` sent, if any ({@link SentEdit})
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NO_SUCH_RECORD`
 */
export function activateScene(session: BoardSession, sceneId: string): SentEdit {
  requireGm(session);
  if (isHiddenRecord(session, 'scenes', sceneId)) {
    revealSceneRecords(session.table, requireGmDoc(session), sceneId, {
      decideOnly: !session.state().validating,
    });
  } else if (!session.table.getMap(TABLE_MAPS.scenes).has(sceneId)) {
    throw new BoardWriteError('BOARD_NO_SUCH_RECORD', `There is no scene "${sceneId}".`);
  }
  return writeTableChanges(session, 'move the party to another scene', [
    { op: 'set', collection: 'meta', id: ACTIVE_SCENE_META_KEY, path: [], value: { sceneId } },
  ]);
}

/**
 * Shares a hidden scene with the players (they may look at it; the party stays where it is),
 * or hides a shared one again, with its tokens. On a GM device that does not run the table,
 * the decision goes into the gm doc and the one that does finishes the move.
 * @returns the `gm.edit` sent, if any ({@link SentEdit})
 * @throws BoardWriteError `BOARD_NOT_GM`; CampaignError `HIDDEN_NO_SUCH_RECORD`
 */
export function setSceneHidden(session: BoardSession, sceneId: string, hidden: boolean): SentEdit {
  requireGm(session);
  const gm = requireGmDoc(session);
  const decideOnly = !session.state().validating;
  if (!hidden) {
    revealSceneRecords(session.table, gm, sceneId, { decideOnly });
    return null;
  }
  hideSceneRecords(session.table, gm, sceneId, { decideOnly });
  // The party cannot stay on a scene the players no longer have.
  if (readActiveSceneId(session.table) !== sceneId) return null;
  return writeTableChanges(session, 'move the party', [
    { op: 'delete', collection: 'meta', id: ACTIVE_SCENE_META_KEY, path: [] },
  ]);
}

/**
 * Moves a scene up (-1) or down (+1) in the GM's list: every scene gets its place as its
 * `order`, and only the scenes whose order changes are written.
 * @returns the `gm.edit` sent, if any ({@link SentEdit})
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NOT_VALIDATING` when a shared scene would
 *   change on a GM device that does not run the table
 */
export function moveSceneInList(session: BoardSession, sceneId: string, step: -1 | 1): SentEdit {
  requireGm(session);
  const entries = readSceneEntries(session.table, session.gm);
  const from = entries.findIndex((entry) => entry.scene.id === sceneId);
  const to = from + step;
  if (from < 0 || to < 0 || to >= entries.length) return null;
  const reordered = [...entries];
  [reordered[from], reordered[to]] = [reordered[to] as SceneEntry, reordered[from] as SceneEntry];
  const changes = reordered
    .map((entry, order) => ({ entry, order }))
    .filter(({ entry, order }) => entry.scene.order !== order);
  const shared = changes.filter(({ entry }) => !entry.hidden);
  const hidden = changes.filter(({ entry }) => entry.hidden);
  let sent: SentEdit = null;
  if (shared.length > 0) {
    sent = writeTable(
      session,
      'reorder shared scenes',
      (table) => {
        for (const { entry, order } of shared) {
          patchRecord(
            table.getMap(TABLE_MAPS.scenes),
            entry.scene.id,
            sceneSchema,
            { order },
            'scene',
          );
        }
      },
      () => shared.flatMap(({ entry, order }) => patchChanges('scenes', entry.scene.id, { order })),
    );
  }
  if (hidden.length > 0) {
    const gm = requireGmDoc(session);
    gm.transact(() => {
      for (const { entry, order } of hidden) {
        patchRecord(gm.getMap(GM_MAPS.scenes), entry.scene.id, sceneSchema, { order }, 'scene');
      }
    });
  }
  return sent;
}

/**
 * Deletes a scene for good, with everything that is on it: its tokens (shown and hidden), its fog
 * of war, its kept templates, its drawings and texts, and its encounters; a party standing on it
 * is moved off it (players then see no scene until the GM moves them). Characters stay: they
 * belong to the campaign, not to a scene. What the table doc holds of it goes in one change (the
 * campaign engine's tableEdit.ts takes what is on the scene along), from any GM device.
 * @returns the `gm.edit` sent, if any ({@link SentEdit})
 * @throws BoardWriteError `BOARD_NOT_GM`, `BOARD_NO_SUCH_RECORD`
 */
export function deleteScene(session: BoardSession, sceneId: string): SentEdit {
  requireGm(session);
  const gm = requireGmDoc(session);
  const hidden = isHiddenRecord(session, 'scenes', sceneId);
  if (!hidden && !session.table.getMap(TABLE_MAPS.scenes).has(sceneId)) {
    throw new BoardWriteError('BOARD_NO_SUCH_RECORD', `There is no scene "${sceneId}".`);
  }
  const sent = writeTableChanges(session, 'delete a scene', [
    { op: 'delete', collection: 'scenes', id: sceneId, path: [] },
  ]);
  // The hidden tokens first: the scene's own deletion leaves its tokens as they are.
  for (const token of listHiddenTokens(gm, sceneId)) {
    deleteHidden(session.table, gm, 'tokens', token.id);
  }
  if (hidden) deleteHidden(session.table, gm, 'scenes', sceneId);
  return sent;
}
