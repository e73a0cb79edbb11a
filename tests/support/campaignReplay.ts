/**
 * Replaying a GM's rulings: a fresh copy of the campaign as it started, a fresh validator with
 * the same dice chain, and the intents of the final logs given to it one at a time in the order
 * the receipts say they were ruled on (`n`), each at the time its receipt says (`at`). A ruling
 * is a function of the table, the chain and the intent, so the replay must write the same
 * receipts and the same records; entries that were never answered must stay unanswered.
 */
import { GmValidator, type Identity, type RulesHost } from '@meshtable/campaign';
import { intentLogName, type Receipt } from '@meshtable/schema';
import * as Y from 'yjs';
import { entriesOf, receiptsOf, stableJson } from './campaignChecks';

/** Options of {@link replayRulings}. */
export interface ReplayOptions {
  readonly initial: { readonly table: Uint8Array; readonly gm: Uint8Array };
  /** The table doc after the run, every peer agreeing on it. */
  readonly final: Y.Doc;
  readonly gmIdentity: Identity;
  readonly rules: RulesHost | null;
}

/** What the replay wrote, and where it could not follow the receipts. */
export interface Replay {
  readonly table: Y.Doc;
  readonly problems: string[];
}

/** Rules again on every intent of `final`'s logs, in the recorded order. */
export async function replayRulings(options: ReplayOptions): Promise<Replay> {
  const table = new Y.Doc();
  Y.applyUpdate(table, options.initial.table);
  const gm = new Y.Doc();
  Y.applyUpdate(gm, options.initial.gm);
  const problems: string[] = [];
  const clock = { at: 0 };
  const validator = new GmValidator({
    table,
    gm,
    identity: options.gmIdentity,
    rules: options.rules,
    now: () => clock.at,
  });
  const ordered = [...receiptsOf(options.final).values()].sort(byOrder);
  if (ordered.some((receipt) => receipt.n === undefined))
    problems.push('some receipts do not say where they come in the order of rulings');
  const given = new Map<string, Set<string>>();
  const give = (author: string, entry: Record<string, unknown>) => {
    const key = stableJson(entry);
    if (given.get(author)?.has(key) === true) return;
    table.getArray(intentLogName(author)).push([entry]);
    given.set(author, (given.get(author) ?? new Set()).add(key));
  };

  for (const receipt of ordered) {
    const author = receipt.intentId.slice(0, receipt.intentId.lastIndexOf('.'));
    // A tampered copy of the entry carries its id and signature too: give both, and the
    // validator tells them apart as it did the first time.
    const named = entriesOf(options.final, author).filter(
      (each) => each.id === receipt.intentId && each.sig === receipt.sig,
    );
    if (named.length === 0) {
      problems.push(`receipt ${receipt.intentId} names no entry of its author's log`);
      continue;
    }
    for (const entry of named) give(author, entry);
    clock.at = receipt.at;
    const written = await validator.processPending();
    if (written !== 1) problems.push(`replaying ${receipt.intentId} wrote ${written} receipts`);
  }
  // What was never answered: forgeries, and entries whose id another entry had taken.
  for (const name of [...options.final.share.keys()].sort()) {
    if (!name.startsWith('intents/')) continue;
    const author = name.slice('intents/'.length);
    for (const entry of entriesOf(options.final, author)) give(author, entry);
  }
  const late = await validator.processPending();
  if (late !== 0) problems.push(`the entries never answered got ${late} receipts in the replay`);
  return { table, problems };
}

function byOrder(a: Receipt, b: Receipt): number {
  return (a.n ?? 0) - (b.n ?? 0);
}
