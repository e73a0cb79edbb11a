/**
 * What the hide and reveal moves share: their options, their plan (the steps, so that tests can
 * stop a move part way), and the checks before a move.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { CampaignError } from '../lifecycle/CampaignError';
import type { HiddenRef } from './hideReasons';
import { type MoveReport, type MoveStep, runSteps } from './moveSteps';

/** Options of the hide and reveal moves. */
export interface HiddenMoveOptions {
  /** The clock for when a record was hidden (ms since 1970; informational); defaults to Date.now. */
  readonly now?: () => number;
  /**
   * Write the decision into the gm doc only, for a GM device that does not run the validator:
   * the table doc has one writer, the validating peer (its audit undoes anyone else's writes
   * there), whose {@link watchHidden} finishes the move as soon as the gm doc brings the
   * decision. A hidden record is still written into the gm doc at once.
   */
  readonly decideOnly?: boolean;
}

/** A move planned step by step: `run` does it all; tests run only the first steps. */
export interface HiddenMovePlan<R> {
  /** One transaction in one doc each, in order. */
  readonly steps: readonly MoveStep[];
  /** What the move did, once every step has run. */
  readonly result: () => R;
  readonly report: MoveReport;
}

/**
 * Throws unless the record is in the table doc or the gm doc.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD`
 */
export function requireRecord(table: Y.Doc, gm: Y.Doc, ref: HiddenRef): void {
  if (table.getMap(ref.collection).has(ref.id) || gm.getMap(ref.collection).has(ref.id)) return;
  const what = ref.collection === TABLE_MAPS.scenes ? 'scene' : 'token';
  throw new CampaignError(
    'HIDDEN_NO_SUCH_RECORD',
    `There is no ${what} "${ref.id}" in the table doc or the gm doc.`,
  );
}

/** The time a move records: the clock's, as a whole non-negative number (it is informational). */
export function clock(options: HiddenMoveOptions): number {
  const at = Math.floor((options.now ?? Date.now)());
  return Number.isSafeInteger(at) && at >= 0 ? at : 0;
}

/** Runs every step of a plan and returns its result. */
export function run<R>(plan: HiddenMovePlan<R>): R {
  runSteps(plan.steps);
  return plan.result();
}

/** An empty report. */
export function newReport(): MoveReport {
  return { moved: [], problems: [] };
}

/** The steps a move runs: all of them, or its first (the decision) alone with `decideOnly`. */
export function stepsToRun(steps: readonly MoveStep[], options: HiddenMoveOptions): MoveStep[] {
  return options.decideOnly === true ? steps.slice(0, 1) : [...steps];
}
