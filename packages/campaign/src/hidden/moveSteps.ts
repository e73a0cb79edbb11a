/**
 * The steps that move hidden records between the two docs. Every move (hide, reveal) is these
 * three steps after its decision, and reconcileHidden is the same three steps with no decision:
 * it finishes whatever move a device left half done.
 *
 * A move spans two Yjs docs, so it cannot be one transaction. The order:
 *
 * 1. **gm doc** (one transaction): the decision (a hide sets a reason; a reveal clears the
 *    reasons and marks the reveal under way), and a fresh gm copy of every record that is meant
 *    to be hidden but is still in the table doc.
 * 2. **table doc** (one transaction): delete every record meant to be hidden (the gm doc holds
 *    it now); write every record meant to be shown, afresh, from its checked gm copy.
 * 3. **gm doc** (one transaction): delete the gm copy of every record meant to be shown that the
 *    table doc now holds, with its reveal mark and its backups.
 *
 * Why this order:
 * - **The decision is written first, and in the gm doc.** A device that stops after any step
 *   leaves a state from which the reasons alone say where each record belongs, and
 *   reconcileHidden (on any GM device) finishes the same move. The table doc carries no
 *   bookkeeping, so nothing players receive tells of a move under way.
 * - **No record is lost.** A copy is deleted only after this device wrote the record into the
 *   other doc in an earlier step, afresh even when that doc holds it already: Yjs deletes only
 *   the items a device has seen, so the fresh copy survives another GM device deleting the old
 *   one at the same moment. Yjs may still keep another device's concurrent write of the same key
 *   instead, which that device may then delete; so step 1 also keeps a backup of what it hides
 *   under a key of its own, from which reconcileHidden restores, hidden, a record it finds in
 *   neither doc (hiddenBackups.ts). Step 3 drops the backups that are done with.
 * - **A record in both docs is only ever transient.** Each step leaves the next one something
 *   to do, and each step is idempotent: running the steps again, or on two devices at once,
 *   ends in the same place.
 * - **Nothing secret reaches the table doc by recovering.** The table doc receives a record only
 *   in step 2, only when no reason keeps it hidden and a reveal of it is marked under way, which
 *   only a reveal decides: a gm copy with no bookkeeping at all stays hidden. A hide cut short is
 *   finished by deleting from the table doc, never by writing to it, and a record whose gm copy
 *   breaks its schema stays in the gm doc (reported), since half a record cannot be shown.
 */
import type { JsonValue } from '@meshtable/sandbox';
import type * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { CampaignError } from '../lifecycle/CampaignError';
import { checkHiddenRecord } from './checkHiddenRecord';
import { HiddenBackups, tableDeletions, tableItemOf } from './hiddenBackups';
import { HiddenPlacement } from './hiddenPlacement';
import { HIDDEN_ORIGIN, type HiddenRef, HideReasons } from './hideReasons';

/** One step of a move: one transaction in one doc. */
export interface MoveStep {
  readonly doc: 'gm' | 'table';
  readonly run: () => void;
}

/** A record a step moved, and where to. */
export interface HiddenMove {
  readonly collection: HiddenRef['collection'];
  readonly id: string;
  readonly to: 'gm' | 'table';
}

/** What the steps did, and what they could not do. */
export interface MoveReport {
  readonly moved: HiddenMove[];
  /** Records meant to be shown whose gm copy breaks its schema: they stay hidden. */
  readonly problems: string[];
}

/** A decision: changes to the reasons, made in memory and written by step 1. */
export type Decision = (placement: HiddenPlacement) => void;

/**
 * The three steps for `refs`, after `decide` (see the file header for the order and why).
 * @param at the time the move records (for its backups)
 */
export function moveSteps(
  table: Y.Doc,
  gm: Y.Doc,
  refs: readonly HiddenRef[],
  decide: Decision,
  report: MoveReport,
  at: number,
): MoveStep[] {
  return [
    { doc: 'gm', run: () => decideAndCopy(table, gm, refs, decide, report, at) },
    { doc: 'table', run: () => writeTable(table, gm, refs, report) },
    { doc: 'gm', run: () => clearGmCopies(table, gm, refs) },
  ];
}

/**
 * Checks, before anything is written, every record that `decide` would put into the table doc.
 * @throws CampaignError `HIDDEN_INVALID_RECORD` naming each record and field that is wrong
 */
export function checkReveal(
  table: Y.Doc,
  gm: Y.Doc,
  refs: readonly HiddenRef[],
  decide: Decision,
): void {
  const placement = new HiddenPlacement(table, gm, HideReasons.read(gm));
  decide(placement);
  const problems: string[] = [];
  for (const ref of refs) {
    if (placement.wantsHidden(ref) || !placement.has('gm', ref)) continue;
    const checked = checkHiddenRecord(ref, placement.stored('gm', ref));
    if (!checked.ok) problems.push(`${ref.collection}/${ref.id}: ${checked.problem}`);
  }
  if (problems.length > 0) {
    throw new CampaignError(
      'HIDDEN_INVALID_RECORD',
      `Cannot reveal: the gm doc's copy is malformed (${problems.join('; ')}). Nothing was moved.`,
    );
  }
}

/** Step 1. */
function decideAndCopy(
  table: Y.Doc,
  gm: Y.Doc,
  refs: readonly HiddenRef[],
  decide: Decision,
  report: MoveReport,
  at: number,
): void {
  const placement = new HiddenPlacement(table, gm, HideReasons.read(gm));
  const backups = HiddenBackups.read(gm);
  const deleted = tableDeletions(table);
  decide(placement);
  const copies: [HiddenRef, unknown][] = [];
  for (const ref of refs) {
    if (!placement.has('table', ref) && !placement.has('gm', ref)) {
      // In neither doc, with a backup: a copy lost to a concurrent write (hiddenBackups.ts).
      // Back into the gm doc it goes, hidden, never into the table doc.
      const copy = backups.latest(ref);
      if (copy === undefined) continue;
      copies.push([ref, copy]);
      report.moved.push({ ...ref, to: 'gm' });
      continue;
    }
    if (!placement.wantsHidden(ref)) continue;
    if (ref.collection === 'tokens') placement.noteSceneReason(ref.id);
    // A reason wins over a reveal under way: a hide decided later, or at the same moment on
    // another device, keeps the record hidden (failing closed).
    if (placement.hiddenByReason(ref)) placement.reasons.clearRevealing(ref);
    if (!placement.has('table', ref)) continue;
    // The gm copy, when there is one, is the one the GM may have edited since the hide began.
    const copy = placement.stored(placement.has('gm', ref) ? 'gm' : 'table', ref);
    copies.push([ref, copy]);
    backups.add(ref, copy, at, tableItemOf(table, ref), deleted);
  }
  if (!placement.reasons.changed && !backups.changed && copies.length === 0) return;
  gm.transact(() => {
    placement.reasons.writeTo(gm);
    backups.writeTo(gm);
    for (const [ref, value] of copies) {
      gm.getMap<unknown>(ref.collection).set(ref.id, toYValue(value as JsonValue));
    }
  }, HIDDEN_ORIGIN);
}

/** Step 2. */
function writeTable(table: Y.Doc, gm: Y.Doc, refs: readonly HiddenRef[], report: MoveReport): void {
  const placement = new HiddenPlacement(table, gm, HideReasons.read(gm));
  const deletions: HiddenRef[] = [];
  const writes: [HiddenRef, JsonValue][] = [];
  for (const ref of refs) {
    if (!placement.has('gm', ref)) continue;
    if (placement.wantsHidden(ref)) {
      if (placement.has('table', ref)) deletions.push(ref);
      continue;
    }
    const checked = checkHiddenRecord(ref, placement.stored('gm', ref));
    if (checked.ok) writes.push([ref, checked.record]);
    else report.problems.push(`cannot reveal ${ref.collection}/${ref.id}: ${checked.problem}`);
  }
  if (deletions.length === 0 && writes.length === 0) return;
  table.transact(() => {
    for (const ref of deletions) table.getMap<unknown>(ref.collection).delete(ref.id);
    for (const [ref, record] of writes) {
      table.getMap<unknown>(ref.collection).set(ref.id, toYValue(record));
    }
  }, HIDDEN_ORIGIN);
  for (const ref of deletions) report.moved.push({ ...ref, to: 'gm' });
  for (const [ref] of writes) report.moved.push({ ...ref, to: 'table' });
}

/** Step 3. */
function clearGmCopies(table: Y.Doc, gm: Y.Doc, refs: readonly HiddenRef[]): void {
  const placement = new HiddenPlacement(table, gm, HideReasons.read(gm));
  const backups = HiddenBackups.read(gm);
  const deleted = tableDeletions(table);
  const done: HiddenRef[] = [];
  const shown: HiddenRef[] = [];
  // Decided on the state as read, before any mark is cleared in memory: a scene whose mark went
  // first would read as hidden (a gm copy with no reveal under way), and hide its tokens.
  for (const ref of refs) {
    if (placement.wantsHidden(ref)) continue;
    if (!placement.has('gm', ref)) {
      // Shown (or deleted): a reveal mark has nothing left to say, nor has a settled backup.
      shown.push(ref);
    } else if (
      placement.reasons.revealing(ref) &&
      placement.has('table', ref) &&
      // Only copies step 2 writes: a malformed one is kept, since the table got no fresh copy.
      checkHiddenRecord(ref, placement.stored('gm', ref)).ok
    ) {
      done.push(ref);
    }
  }
  for (const ref of [...done, ...shown]) {
    placement.reasons.clearRevealing(ref);
    backups.dropSettled(ref, deleted);
  }
  if (done.length === 0 && !placement.reasons.changed && !backups.changed) return;
  gm.transact(() => {
    for (const ref of done) gm.getMap<unknown>(ref.collection).delete(ref.id);
    placement.reasons.writeTo(gm);
    backups.writeTo(gm);
  }, HIDDEN_ORIGIN);
}

/** Runs every step of a move. */
export function runSteps(steps: readonly MoveStep[]): void {
  for (const step of steps) step.run();
}
