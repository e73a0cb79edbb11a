/**
 * Finishing moves of hidden records that a device left half done (moveSteps.ts): the GM's peer
 * runs reconcileHidden when it loads the campaign, and may run it after every sync. It reads
 * where each record is meant to be from the gm doc's reasons, and takes the same steps a move
 * takes, without deciding anything: it never hides or reveals a record that no move meant to.
 */
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue, isJsonObject } from '../doc/yRecords';
import { HiddenBackups } from './hiddenBackups';
import { type HiddenRef, HideReasons, MALFORMED_SCENE } from './hideReasons';
import { clock, type HiddenMoveOptions, newReport } from './movePlan';
import { type MoveReport, moveSteps, runSteps } from './moveSteps';

/** What reconcileHidden did. */
export interface HiddenReconciliation extends MoveReport {}

/**
 * Moves every scene and token that is in the wrong doc, or in both, to where the gm doc's
 * reasons mean it to be. It also hides any token that reached the table doc on a hidden scene
 * (one added by a device that had not yet seen the scene hidden). Safe to run at any time, on
 * any GM device, and as often as wanted: it is idempotent. A hidden record that a concurrent
 * write lost in the gm doc is restored there from its backup.
 * @param options the clock for the backups it keeps
 * @returns the records moved, and problems: records meant to be shown whose gm copy breaks its
 *   schema (they stay hidden), and bookkeeping entries that name no record
 * @example
 * ```ts
 * const { moved, problems } = reconcileHidden(table, gm);
 * for (const problem of problems) gmLog.warn(problem);
 * ```
 */
export function reconcileHidden(
  table: Y.Doc,
  gm: Y.Doc,
  options: HiddenMoveOptions = {},
): HiddenReconciliation {
  const report = newReport();
  const reasons = HideReasons.read(gm);
  for (const key of reasons.malformedKeys()) report.problems.push(`${key} names no scene or token`);
  for (const [tokenId, scene] of reasons.withSceneEntries()) {
    if (scene === MALFORMED_SCENE) {
      report.problems.push(`hiddenWithScene "${tokenId}" names no scene: the token stays hidden`);
    }
  }
  const refs = concernedRefs(table, gm, reasons);
  runSteps(moveSteps(table, gm, refs, () => {}, report, clock(options)));
  return report;
}

/** Every record a move may have left half done, scenes first. */
function concernedRefs(table: Y.Doc, gm: Y.Doc, reasons: HideReasons): HiddenRef[] {
  const scenes = new Set<string>(gm.getMap(GM_MAPS.scenes).keys());
  const tokens = new Set<string>(gm.getMap(GM_MAPS.tokens).keys());
  for (const ref of reasons.markedRefs()) {
    (ref.collection === 'scenes' ? scenes : tokens).add(ref.id);
  }
  for (const [tokenId] of reasons.withSceneEntries()) tokens.add(tokenId);
  for (const ref of HiddenBackups.read(gm).refs()) {
    (ref.collection === 'scenes' ? scenes : tokens).add(ref.id);
  }
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.tokens)) {
    const record = fromYValue(stored);
    if (isJsonObject(record) && typeof record.sceneId === 'string' && scenes.has(record.sceneId)) {
      tokens.add(id);
    }
  }
  return [
    ...[...scenes].sort().map((id): HiddenRef => ({ collection: 'scenes', id })),
    ...[...tokens].sort().map((id): HiddenRef => ({ collection: 'tokens', id })),
  ];
}
