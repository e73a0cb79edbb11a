/**
 * Which member a Yjs client id writes for, as the audit learns it from the intent logs: a
 * client that appended an intent signed by a member to that member's log (`intents/<userId>`)
 * is one of that member's devices. A Yjs update names no person, only the client id that made
 * each item; a signed intent ties a client id to a key. The audit uses it to tell an owner's
 * direct sheet edit from anyone else's (ownerWrites.ts).
 *
 * What it cannot stop (docs/sheets.md "What the audit checks"): a member who forges Yjs items
 * under another member's client id. That needs a hand-made update (no client of ours writes
 * one) and the victim's client id, and it collides with the victim's own items. A copy of
 * someone's signed intent, appended by another client, earns nothing: the entry was credited
 * to the client that appended it first.
 *
 * A signature settles an entry only once it verifies. A tampered copy (the genuine signature,
 * another payload) is refused by its item, not by its signature: otherwise a member who copies
 * the signature of someone's entry before it reaches the GM would keep that device from ever
 * being credited, and its owner's own sheet edits would be undone.
 */
import { INTENT_LOG_PREFIX, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { verifyIntent } from '../intents/verifyIntent';

/** Learns client id → userId from verified intents, and answers who a client writes for. */
export class MemberDevices {
  readonly #table: Y.Doc;
  /** Client id → userId; null when a client appended for two members (it counts for none). */
  readonly #owners = new Map<number, string | null>();
  /**
   * Entries already credited to a client, by signature: never looked at again. By signature,
   * not id: two devices of one person may sign two entries with one id.
   */
  readonly #settled = new Set<string>();
  /**
   * Entries found forged, by the Yjs id of their slot (`client:clock`, which stays put when
   * Yjs splits an item): not verified again on the next read.
   */
  readonly #forged = new Set<string>();

  constructor(table: Y.Doc) {
    this.#table = table;
  }

  /** The member a client id writes for, or null when it is not known (or ambiguous). */
  userOf(client: number): string | null {
    return this.#owners.get(client) ?? null;
  }

  /** Reads every intent log (at start, and when members change: a join makes keys known). */
  learnAll(): void {
    for (const name of this.#table.share.keys()) {
      if (name.startsWith(INTENT_LOG_PREFIX)) this.learn(name);
    }
  }

  /** Reads one intent log for entries not yet credited. */
  learn(logName: string): void {
    const userId = logName.slice(INTENT_LOG_PREFIX.length);
    const member = fromYValue(this.#table.getMap(TABLE_MAPS.members).get(userId)) as
      | { publicKey?: unknown }
      | undefined;
    // Without the member's key nothing can be checked yet; learnAll runs again once it is known.
    if (typeof member?.publicKey !== 'string') return;
    const publicKey = member.publicKey;
    let item = this.#table.getArray(logName)._start;
    while (item !== null) {
      if (!item.deleted && item.content instanceof Y.ContentAny) {
        for (const [index, entry] of item.content.getContent().entries()) {
          this.#credit(entry, item.id, index, userId, publicKey);
        }
      }
      item = item.right as Y.Item | null;
    }
  }

  #credit(entry: unknown, id: Y.ID, index: number, userId: string, publicKey: string): void {
    const sig = (entry as { sig?: unknown } | null)?.sig;
    if (typeof sig !== 'string' || this.#settled.has(sig)) return;
    const at = `${id.client}:${id.clock + index}`;
    if (this.#forged.has(at)) return;
    const verdict = verifyIntent(entry, publicKey);
    if (!verdict.ok || verdict.intent.author !== userId) {
      this.#forged.add(at);
      return;
    }
    this.#settled.add(sig);
    const client = id.client;
    const known = this.#owners.get(client);
    if (known === undefined) this.#owners.set(client, userId);
    else if (known !== userId) this.#owners.set(client, null);
  }
}
