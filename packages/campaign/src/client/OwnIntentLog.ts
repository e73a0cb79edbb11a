/**
 * A person's own intent log (`intents/<userId>`) and the receipts answering it, read the way the
 * GM validator reads them: by position. The entry at index i is ruled on once, and its receipt
 * is filed under `author.(i+1)` whatever the entry claims; it can be applied only if its own id
 * (`author.seq`) is that one, i.e. `seq = i + 1`.
 *
 * So an author appends with `seq = log length + 1`. Two devices of one person that append at the
 * same time both write seq n; Yjs keeps both, in the same order on every peer, so after sync one
 * of them sits at index n, its seq one short: it is *displaced*, and the validator rejects it.
 * (What filing by place cannot tell apart is in IntentClient.ts, "Known limit".)
 */
import { intentLogName, type Receipt, receiptSchema, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { type Intent, intentId } from '../intents/intent';
import { verifyIntent } from '../intents/verifyIntent';

/** An entry of one's own log that has no receipt yet and can still be applied. */
export interface PendingIntent {
  readonly intent: Intent;
  /** Its index in the log (its seq − 1). */
  readonly index: number;
}

/** An entry of one's own log that another entry pushed out of its place: it cannot be applied. */
export interface SeqCollision {
  readonly intent: Intent;
  /** Its index in the log; its seq is smaller than index + 1. */
  readonly index: number;
  /** The id its receipt (a rejection) is filed under: its place, not its own id. */
  readonly positionId: string;
}

/** The id the validator files the receipt for the entry at `index` of `author`'s log under. */
export function positionId(author: string, index: number): string {
  return intentId(author, index + 1);
}

/** Reads one author's own log and the receipts for it; internal to the client. */
export class OwnIntentLog {
  readonly log: Y.Array<unknown>;
  readonly receipts: Y.Map<unknown>;
  readonly #author: string;
  readonly #publicKey: Uint8Array;
  /** Entries checked so far, by the stored object (Y.Array hands out the same one each time). */
  readonly #checked = new WeakMap<object, Intent | null>();
  /** Every index below this has a receipt: the validator is done with them. */
  #ruledPrefix = 0;

  constructor(doc: Y.Doc, author: string, publicKey: Uint8Array) {
    this.log = doc.getArray<unknown>(intentLogName(author));
    this.receipts = doc.getMap<unknown>(TABLE_MAPS.receipts);
    this.#author = author;
    this.#publicKey = publicKey;
  }

  /** The next seq to sign: the log's length + 1. */
  nextSeq(): number {
    return this.log.length + 1;
  }

  /**
   * The entry at `index` if it is an intent signed by this author's key, else null. A log is
   * written to only by its author (the GM's audit reverts anyone else), but checking costs
   * little and keeps a forged entry out of the pending list and the preview.
   */
  entry(index: number): Intent | null {
    const stored = this.log.get(index);
    if (typeof stored !== 'object' || stored === null) return null;
    const known = this.#checked.get(stored);
    if (known !== undefined) return known;
    const verdict = verifyIntent(fromYValue(stored), this.#publicKey);
    const intent = verdict.ok && verdict.intent.author === this.#author ? verdict.intent : null;
    this.#checked.set(stored, intent);
    return intent;
  }

  /** The index of the entry signed `sig` at or after `from`, or -1. Entries only move later. */
  indexOf(sig: string, from: number): number {
    for (let index = Math.max(0, from); index < this.log.length; index++) {
      const stored = this.log.get(index) as { sig?: unknown } | null;
      if (typeof stored === 'object' && stored !== null && stored.sig === sig) return index;
    }
    return -1;
  }

  /** Whether the validator has filed a receipt for the place `index`. */
  hasReceiptAt(index: number): boolean {
    return this.receipts.has(positionId(this.#author, index));
  }

  /**
   * The receipt for the place `index`, checked; null when there is none yet.
   * @param onInvalid hears of a receipt that is there but malformed
   */
  receiptAt(index: number, onInvalid: (problem: string) => void): Receipt | null {
    const id = positionId(this.#author, index);
    if (!this.receipts.has(id)) return null;
    const result = receiptSchema.safeParse(fromYValue(this.receipts.get(id)));
    if (!result.success) {
      onInvalid(`receipt ${id} is malformed: ${result.error.issues[0]?.message ?? 'invalid'}`);
      return null;
    }
    if (result.data.intentId !== id) {
      onInvalid(`receipt ${id} names intent ${result.data.intentId}`);
      return null;
    }
    return result.data;
  }

  /** The entries without a receipt that can still be applied, in log order. */
  pending(): PendingIntent[] {
    const pending: PendingIntent[] = [];
    for (const index of this.#unruled()) {
      const intent = this.entry(index);
      if (intent !== null && intent.seq === index + 1) pending.push({ intent, index });
    }
    return pending;
  }

  /** The displaced entries that have no receipt yet: each will be rejected. */
  collisions(): SeqCollision[] {
    const collisions: SeqCollision[] = [];
    for (const index of this.#unruled()) {
      const intent = this.entry(index);
      if (intent !== null && intent.seq !== index + 1) {
        collisions.push({ intent, index, positionId: positionId(this.#author, index) });
      }
    }
    return collisions;
  }

  *#unruled(): Generator<number> {
    // Receipts are never removed, so a ruled prefix stays ruled (whatever entries move into it).
    while (this.#ruledPrefix < this.log.length && this.hasReceiptAt(this.#ruledPrefix)) {
      this.#ruledPrefix++;
    }
    for (let index = this.#ruledPrefix; index < this.log.length; index++) {
      if (!this.hasReceiptAt(index)) yield index;
    }
  }
}
