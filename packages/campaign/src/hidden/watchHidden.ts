/**
 * reconcileHidden kept running on the validating GM's peer: once at start (a move a device left
 * half done), then after every change to either doc that it did not make itself. That finishes
 * the moves other GM devices only decided (`decideOnly`: the table doc has one writer), puts a
 * record lost to a concurrent write back from its backup, and hides a token that reached the
 * table doc on a hidden scene.
 */
import type * as Y from 'yjs';
import { HIDDEN_ORIGIN } from './hideReasons';
import type { HiddenMoveOptions } from './movePlan';
import { type HiddenReconciliation, reconcileHidden } from './reconcileHidden';

/** Options of {@link watchHidden}. */
export interface WatchHiddenOptions {
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** Hears of each reconciliation that moved something or found problems other than the last. */
  readonly onReport?: (report: HiddenReconciliation) => void;
  /** The clock for the backups it keeps; defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * Reconciles the hidden records now and after every change to either doc (at most once per
 * microtask, outside the transaction that caused it).
 * @returns a function that stops watching
 * @example
 * ```ts
 * const stop = watchHidden({ table, gm, onReport: (report) => gmLog.hidden(report) });
 * leadership.onLostLead(stop);
 * ```
 */
export function watchHidden(options: WatchHiddenOptions): () => void {
  const { table, gm } = options;
  const moveOptions: HiddenMoveOptions = options.now === undefined ? {} : { now: options.now };
  let scheduled = false;
  let stopped = false;
  // A problem stays until the GM mends it: said once, not after every change to the docs.
  let lastProblems = '';
  const reconcile = () => {
    scheduled = false;
    if (stopped) return;
    const report = reconcileHidden(table, gm, moveOptions);
    const problems = report.problems.join('\n');
    if (report.moved.length > 0 || problems !== lastProblems) {
      if (report.moved.length > 0 || problems !== '') options.onReport?.(report);
    }
    lastProblems = problems;
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === HIDDEN_ORIGIN || scheduled || stopped) return;
    scheduled = true;
    queueMicrotask(reconcile);
  };
  table.on('update', onUpdate);
  gm.on('update', onUpdate);
  reconcile();
  return () => {
    stopped = true;
    table.off('update', onUpdate);
    gm.off('update', onUpdate);
  };
}
