/**
 * A ruling's changes as the table is left by them: what the validator commits for every intent
 * (a module's `apply`, a GM's `gm.edit` from another device), and what the validating GM's own
 * board writes directly (apps/web/src/board/records/gmWrites.ts). One function for both, so a
 * GM's change means the same thing whichever of their devices makes it:
 *
 * - every entry is checked against its map's rule (doc/tableCollections.ts);
 * - a scene deleted whole takes along what is on it: its tokens, encounters, drawings, fog and
 *   kept templates, and the party's place when the party stands on it (characters stay: they
 *   belong to the campaign, not to a scene). What is on it is read when the deletion is
 *   committed, so a token placed after the GM's other device sent the deletion goes too;
 * - fog, a kept template and the party's place name a scene that exists: in the table doc, or
 *   hidden in the gm doc (a scene being revealed, whose move the validating device finishes).
 *
 * The gm doc's own records (hidden scenes and tokens) are not changes: every GM device writes
 * that doc directly (packages/campaign hidden/).
 */
import type { JsonObject } from '@meshtable/sandbox';
import { ACTIVE_SCENE_META_KEY, GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { ChangeError, commitChanges, planChanges, type TouchedRecord } from '../doc/changes';
import type { TableChange, TableCollection } from '../doc/tableCollections';
import { fromYValue } from '../doc/yRecords';

/** The maps whose records stand on a scene by their `sceneId`. */
const ON_SCENE: readonly TableCollection[] = ['tokens', 'combat', 'annotations', 'templates'];

/** The maps whose entries must name a scene that exists. */
const NAMES_A_SCENE: readonly TableCollection[] = ['fog', 'templates', 'meta'];

/** The docs a table edit reads: the gm doc, where there is one, for hidden scenes. */
export interface TableEditDocs {
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
}

/**
 * The deletions that go with deleting `sceneId`, as the table doc holds it now.
 * @returns a delete of each record on the scene, each fog edit of it, and of the party's place
 *   when it is this scene
 */
export function sceneBelongings(table: Y.Doc, sceneId: string): TableChange[] {
  const deletions: TableChange[] = [];
  const drop = (collection: TableCollection, id: string) =>
    deletions.push({ op: 'delete', collection, id, path: [] });
  for (const collection of ON_SCENE) {
    for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS[collection])) {
      if (sceneIdOf(stored) === sceneId) drop(collection, id);
    }
  }
  for (const key of table.getMap<unknown>(TABLE_MAPS.fog).keys()) {
    if (key.startsWith(`${sceneId}/`)) drop('fog', key);
  }
  if (sceneIdOf(table.getMap<unknown>(TABLE_MAPS.meta).get(ACTIVE_SCENE_META_KEY)) === sceneId) {
    drop('meta', ACTIVE_SCENE_META_KEY);
  }
  return deletions;
}

/**
 * Plans `changes` on the table (writing nothing): each whole scene deleted brings its
 * belongings along, and every entry is checked.
 * @throws {ChangeError} for an entry that breaks its map's rule, or fog, a template or the party
 *   placed on a scene that neither doc holds
 */
export function planTableEdit(
  changes: readonly TableChange[],
  docs: TableEditDocs,
): TouchedRecord[] {
  const { table, gm } = docs;
  const deletedScenes = changes
    .filter((change) => change.op === 'delete' && isWholeScene(change))
    .map((change) => change.id);
  const expanded = [
    ...changes,
    ...deletedScenes.flatMap((sceneId) => sceneBelongings(table, sceneId)),
  ];
  const planned = planChanges(
    expanded,
    (collection, id) =>
      fromYValue(table.getMap(TABLE_MAPS[collection]).get(id)) as JsonObject | undefined,
  );
  const scenesAfter = new Map<string, boolean>();
  for (const entry of planned) {
    if (entry.collection === 'scenes') scenesAfter.set(entry.id, entry.after !== null);
  }
  const sceneExists = (sceneId: string) =>
    scenesAfter.get(sceneId) ??
    (table.getMap(TABLE_MAPS.scenes).has(sceneId) ||
      gm?.getMap(GM_MAPS.scenes).has(sceneId) === true);
  for (const entry of planned) {
    if (entry.after === null || !NAMES_A_SCENE.includes(entry.collection)) continue;
    const sceneId = entry.after.sceneId as string;
    if (!sceneExists(sceneId)) {
      throw new ChangeError(`${entry.collection}/${entry.id}: there is no scene "${sceneId}"`);
    }
  }
  return planned;
}

/**
 * Plans and writes `changes` in one transaction of the table doc (the caller's, when it has one
 * open: the validating GM's `writeAsGm`).
 * @throws {ChangeError} as {@link planTableEdit}, having written nothing
 */
export function applyTableEdit(changes: readonly TableChange[], docs: TableEditDocs): void {
  const planned = planTableEdit(changes, docs);
  docs.table.transact(() =>
    commitChanges(planned, (collection) => docs.table.getMap(TABLE_MAPS[collection])),
  );
}

function isWholeScene(change: TableChange): boolean {
  return change.collection === 'scenes' && change.path.length === 0;
}

function sceneIdOf(stored: unknown): unknown {
  const value = fromYValue(stored);
  return typeof value === 'object' && value !== null
    ? (value as { sceneId?: unknown }).sceneId
    : undefined;
}
