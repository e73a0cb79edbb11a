/**
 * A person's own intent log (`intents/<userId>`) and the receipts answering it, read the way the
 * GM validator reads them: by id. An entry's id is `<author>.<seq>`; the validator rules on the
 * first entry with a given id that it meets, files the receipt under that id with the entry's
 * signature in it, and never rules on another entry with that id.
 *
 * Each of a person's devices signs with the seq after the highest id it has seen, so two that
 * append at once can sign the same id. Yjs keeps both. The receipt says which one was ruled on;
 * the other is a *collision*: it will never be applied, and the device that wrote it sends the
 * request again under a fresh seq (IntentClient.ts). Seqs may therefore have gaps, and an entry's
 * place in the log means nothing.
 *
 * Only receipts the client trusts count (signed by a GM it pinned: IntentClient.ts): anyone in
 * the room can write the receipts map, and a forged receipt must neither end a request nor make
 * it look answered.
 */
import { intentLogName, type Receipt, receiptSchema, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { type Intent, intentId } from '../intents/intent';
import { verifyIntent } from '../intents/verifyIntent';

/** An entry of one's own log that has no receipt for its id yet. */
export interface PendingIntent {
  readonly intent: Intent;
  /** Its index in this peer's copy of the log (entries of other devices may arrive before it). */
  readonly index: number;
}

/** An entry of one's own log whose id was taken by another entry of the author's: never applied. */
export interface SeqCollision {
  readonly intent: Intent;
  /** Its index in this peer's copy of the log. */
  readonly index: number;
  /** The signature of the entry the receipt for this id answers. */
  readonly takenBy: string;
}

/** How {@link OwnIntentLog} tells which receipts count. */
export interface ReceiptTrust {
  /** Whether a well-formed receipt counts (is signed by a GM the client trusts). */
  readonly trusted: (receipt: Receipt) => boolean;
  /** Hears of a receipt that is there but malformed. */
  readonly onInvalid: (problem: string) => void;
}

/** Reads one author's own log and the receipts for it; internal to the client. */
export class OwnIntentLog {
  readonly log: Y.Array<unknown>;
  readonly receipts: Y.Map<unknown>;
  readonly #author: string;
  readonly #publicKey: Uint8Array;
  readonly #trust: ReceiptTrust;
  /** Entries checked so far, by the stored object (Y.Array hands out the same one each time). */
  readonly #checked = new WeakMap<object, Intent | null>();
  /** The author's entries seen in the log without a receipt, by signature. */
  readonly #unanswered = new Map<string, Intent>();
  /**
   * Trusted receipts found so far, by intent id. The validator answers an id once, and a GM's
   * signature on it holds for good: each is read and checked once, not on every change of the log.
   */
  readonly #trustedReceipts = new Map<string, Receipt>();

  constructor(doc: Y.Doc, author: string, publicKey: Uint8Array, trust: ReceiptTrust) {
    this.log = doc.getArray<unknown>(intentLogName(author));
    this.receipts = doc.getMap<unknown>(TABLE_MAPS.receipts);
    this.#author = author;
    this.#publicKey = publicKey;
    this.#trust = trust;
  }

  /**
   * The seq to sign next: one past the highest seq of the author's entries, then past every id
   * that is already taken here, by a receipt (its entry may not have arrived yet) or by an entry
   * that claims it without the author's signature (the validator may answer that one first).
   * Such an entry does not raise the count, so a forged huge id cannot use up the seqs.
   */
  nextSeq(): number {
    let highest = 0;
    const claimed = new Set<string>();
    for (const stored of this.log.toArray()) {
      const intent = this.#check(stored);
      if (intent !== null) highest = Math.max(highest, intent.seq);
      else {
        const id = idOf(stored);
        if (typeof id === 'string') claimed.add(id);
      }
    }
    let seq = highest + 1;
    while (
      claimed.has(intentId(this.#author, seq)) ||
      this.receipts.has(intentId(this.#author, seq))
    )
      seq++;
    return seq;
  }

  /**
   * The author's entries (signed by their key), in log order. A log is written to only by its
   * author (the GM's audit reverts anyone else), but checking costs little and keeps a forged
   * entry out of the pending list and the preview.
   */
  #entries(): PendingIntent[] {
    const entries: PendingIntent[] = [];
    this.log.forEach((stored, index) => {
      const intent = this.#check(stored);
      if (intent !== null) entries.push({ intent, index });
    });
    return entries;
  }

  /**
   * The receipt filed under `id`, checked and trusted; null when there is none yet (or only one
   * that is malformed or not signed by a trusted GM). Once trusted, it stays the answer even if
   * someone deletes it from the map (the GM's audit puts it back).
   */
  receiptFor(id: string): Receipt | null {
    const known = this.#trustedReceipts.get(id);
    if (known !== undefined) return known;
    if (!this.receipts.has(id)) return null;
    const result = receiptSchema.safeParse(fromYValue(this.receipts.get(id)));
    if (!result.success) {
      this.#trust.onInvalid(
        `receipt ${id} is malformed: ${result.error.issues[0]?.message ?? 'invalid'}`,
      );
      return null;
    }
    if (result.data.intentId !== id) {
      this.#trust.onInvalid(`receipt ${id} names intent ${result.data.intentId}`);
      return null;
    }
    if (!this.#trust.trusted(result.data)) return null;
    this.#trustedReceipts.set(id, result.data);
    return result.data;
  }

  /**
   * Whether an entry that the Yjs client `client` appended (and that is still there) has a
   * trusted receipt that answers it, signature and all, and no other client's copy of it is in
   * the log. The GM's peer has then seen that entry, and its audit credits the client whose copy
   * it met first (audit/memberDevices.ts): with another copy about, that may not be `client`.
   */
  answeredFrom(client: number): boolean {
    const mine = new Set<string>();
    const others = new Set<string>();
    for (let item = this.log._start; item !== null; item = item.right as Y.Item | null) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue;
      for (const stored of item.content.getContent()) {
        const intent = this.#check(stored);
        if (intent === null) continue;
        if (item.id.client !== client) others.add(intent.sig);
        else if (this.receiptFor(intent.id)?.sig === intent.sig) mine.add(intent.sig);
      }
    }
    return [...mine].some((sig) => !others.has(sig));
  }

  /** The author's entries whose id has no trusted receipt yet, in log order. */
  pending(): PendingIntent[] {
    return this.#entries().filter(({ intent }) => this.receiptFor(intent.id) === null);
  }

  /** The author's entries whose id has a trusted receipt that answers another entry, in log order. */
  collisions(): SeqCollision[] {
    const collisions: SeqCollision[] = [];
    for (const { intent, index } of this.#entries()) {
      const receipt = this.receiptFor(intent.id);
      if (receipt !== null && receipt.sig !== intent.sig)
        collisions.push({ intent, index, takenBy: receipt.sig });
    }
    return collisions;
  }

  /**
   * The author's entries that were in the log without a receipt and are gone now: someone
   * deleted them, maybe before the GM's peer saw them (its audit can put back only what it
   * knew). Appending the very same entry again is safe: the validator answers an id once.
   */
  lost(): Intent[] {
    const present = new Set<string>();
    for (const { intent } of this.#entries()) {
      present.add(intent.sig);
      if (!this.#unanswered.has(intent.sig) && this.receiptFor(intent.id) === null)
        this.#unanswered.set(intent.sig, intent);
    }
    const lost: Intent[] = [];
    for (const [sig, intent] of this.#unanswered) {
      if (this.receiptFor(intent.id) !== null) this.#unanswered.delete(sig);
      else if (!present.has(sig)) lost.push(intent);
    }
    return lost;
  }

  /** The entry if it is an intent signed by this author's key, else null. */
  #check(stored: unknown): Intent | null {
    if (typeof stored !== 'object' || stored === null) return null;
    const known = this.#checked.get(stored);
    if (known !== undefined) return known;
    const verdict = verifyIntent(fromYValue(stored), this.#publicKey);
    const intent = verdict.ok && verdict.intent.author === this.#author ? verdict.intent : null;
    this.#checked.set(stored, intent);
    return intent;
  }
}

/** The id a stored entry claims (a plain object, or a Y.Map someone wrote), if any. */
function idOf(stored: unknown): unknown {
  const fields = fromYValue(stored);
  return typeof fields === 'object' && fields !== null
    ? (fields as { id?: unknown }).id
    : undefined;
}
