/**
 * What the hide and reveal moves share: their options, their plan (the steps, so that tests can
 * stop a move part way), and the checks before a move.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { CampaignError } from '../lifecycle/CampaignError';
import type { HiddenRef } from './hideReasons';
import { type Decision, type MoveReport, type MoveStep, moveSteps, runSteps } from './moveSteps';

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

/** What a hide or a reveal moves and how it decides: where the moves differ. */
export interface MoveSpec<R> {
  /** The records the steps move: the one the move names, and a scene's tokens with it. */
  readonly refs: readonly HiddenRef[];
  readonly decide: Decision;
  /** What the move did, read once every step has run. */
  readonly result: (report: MoveReport) => R;
}

/**
 * Plans the move of the record `ref` names: checks that a doc holds it, reads the clock once,
 * and lays out the steps of moveSteps.ts (in their order) for what `spec` makes of that time.
 * `spec` may throw to refuse the move before anything is written.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD` when neither doc has the record
 */
export function planMove<R>(
  table: Y.Doc,
  gm: Y.Doc,
  ref: HiddenRef,
  options: HiddenMoveOptions,
  spec: (at: number) => MoveSpec<R>,
): HiddenMovePlan<R> {
  requireRecord(table, gm, ref);
  const at = clock(options);
  const { refs, decide, result } = spec(at);
  const report = newReport();
  const steps = moveSteps(table, gm, refs, decide, report, at);
  return {
    // With decideOnly, the first step (the decision) alone.
    steps: options.decideOnly === true ? steps.slice(0, 1) : steps,
    result: () => result(report),
    report,
  };
}

/**
 * Throws unless the record is in the table doc or the gm doc.
 * @throws CampaignError `HIDDEN_NO_SUCH_RECORD`
 */
function requireRecord(table: Y.Doc, gm: Y.Doc, ref: HiddenRef): void {
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
