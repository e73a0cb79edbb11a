/**
 * The player's side of intents (DESIGN.md §3): sign a request, append it to one's own log
 * (`intents/<userId>`), show it optimistically, and hear the GM validator's receipt.
 *
 * One identity may be open on several devices (two tabs, a laptop and a phone), each with its
 * own copy of the table doc. Each appends with `seq = its log length + 1`, so two that append at
 * once both write seq n; after sync one of the two is displaced (OwnIntentLog.ts) and the
 * validator rejects it without applying it. The client that wrote it sees that and re-issues
 * the request with a fresh seq; the ticket's receipt is then the re-issued intent's.
 *
 * Known limit (seqCollisions.test.ts shows both cases): receipts are filed by place and do not
 * name the entry they answer, so when the GM has already ruled on an entry and a concurrent one
 * it had not seen sorts ahead of it, the client cannot tell whose the receipt is: one request
 * can be reported applied though it was not, or re-issued though it was. Receipts that carry the
 * signature of the entry they answer would close this.
 */
import { makeRollRequest } from '@meshtable/dice';
import {
  type GmKeys,
  type Receipt,
  recordIdSchema,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { encodePublicKey, type Identity } from '../identity/identity';
import type { JsonValue } from '../intents/canonicalJson';
import { type Intent, intentId } from '../intents/intent';
import { signIntent } from '../intents/signIntent';
import { readMeta } from '../lifecycle/readCampaign';
import { IntentClientError } from './IntentClientError';
import {
  checkPayload,
  damageApplyPayloadSchema,
  INTENT_KINDS,
  joinPayloadSchema,
  rollLabelSchema,
  tokenMovePayloadSchema,
} from './intentKinds';
import { OwnIntentLog, type PendingIntent, type SeqCollision } from './OwnIntentLog';
import { overlayMoves, pendingMove, previewOf, readTokens } from './optimisticTokens';

/** The transaction origin of the client's appends, so observers can tell them apart. */
export const INTENT_CLIENT_ORIGIN = Symbol('meshtable intent client');

/** How often a request is re-issued after seq collisions before its ticket fails. */
export const DEFAULT_MAX_REISSUES = 5;

/** Options of {@link IntentClient}. */
export interface IntentClientOptions {
  /** The table doc. */
  readonly doc: Y.Doc;
  /** Who signs: the intents go to `intents/<identity.userId>`. */
  readonly identity: Identity;
  /** The campaign id the intents are signed for (`meta.campaign.id`). */
  readonly campaignId: string;
  /** The clock intents are stamped with (informational); defaults to Date.now. */
  readonly now?: () => number;
  /** Re-issues per request after seq collisions; defaults to {@link DEFAULT_MAX_REISSUES}. */
  readonly maxReissues?: number;
  /** Hears of what the client ignores: a malformed receipt, a receipt not written by a GM. */
  readonly onProblem?: (problem: string) => void;
}

/** A request on its way: its id and the receipt it will get. */
export interface IntentTicket {
  /**
   * The intent's id as first issued. After a seq collision the request is re-issued under a new
   * id; `pending()` lists the current one, and the receipt's `intentId` names the one ruled on.
   */
  readonly id: string;
  /**
   * Resolves with the receipt, `applied` or `rejected` (a rejection is an answer, not an error).
   * Rejects with IntentClientError `CLIENT_SEQ_COLLISION` or `CLIENT_CLOSED`.
   */
  readonly receipt: Promise<Receipt>;
}

/** Why the last move of a token that this client asked for was refused. */
export interface MoveRejection {
  readonly intentId: string;
  readonly reason: string;
}

/** A token as the player sees it: the GM's record with the player's pending moves. */
export interface TokenPreview {
  readonly token: Token;
  /** Ids of this author's pending moves of the token, oldest first. */
  readonly pending: readonly string[];
  /** Why this client's last move of it was refused, until another move is asked for. */
  readonly rejection: MoveRejection | null;
}

/** A request this client issued and has no receipt for yet. */
interface Tracked {
  readonly kind: string;
  /** Makes the payload for an intent id (a roll's request names its intent). */
  readonly build: (id: string) => JsonValue;
  intent: Intent;
  /** Places of the log whose receipt was filed before this entry was appended. */
  earlier: ReadonlySet<number>;
  reissues: number;
  readonly resolve: (receipt: Receipt) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Sends a member's (or a would-be member's) intents and follows their receipts.
 * @example
 * ```ts
 * const client = new IntentClient({ doc: table, identity: me, campaignId });
 * const { receipt } = client.requestMoveToken('t1', 140, 70);
 * render(client.optimisticTokens()); // the token is at (140, 70) at once
 * const answer = await receipt;
 * if (answer.status === 'rejected') toast(answer.reason);
 * ```
 */
export class IntentClient {
  /** The author's userId. */
  readonly userId: string;
  /** The campaign the intents are signed for. */
  readonly campaignId: string;
  readonly #doc: Y.Doc;
  readonly #identity: Identity;
  readonly #own: OwnIntentLog;
  readonly #now: () => number;
  readonly #maxReissues: number;
  readonly #onProblem: (problem: string) => void;
  /** Requests in flight, by their intent's signature (unique, unlike an id after a collision). */
  readonly #tracked = new Map<string, Tracked>();
  readonly #rejections = new Map<string, MoveRejection>();
  readonly #listeners = new Set<() => void>();
  readonly #reported = new Set<string>();
  #closed = false;
  #settling = false;
  #again = false;
  readonly #onChange = () => this.#settle();
  readonly #onTokens = () => this.#notify();

  constructor(options: IntentClientOptions) {
    if (!recordIdSchema.safeParse(options.campaignId).success) {
      throw new IntentClientError('CLIENT_INVALID_REQUEST', 'campaignId is not a campaign id.');
    }
    this.#doc = options.doc;
    this.#identity = options.identity;
    this.userId = options.identity.userId;
    this.campaignId = options.campaignId;
    this.#own = new OwnIntentLog(options.doc, this.userId, options.identity.publicKey);
    this.#now = options.now ?? Date.now;
    this.#maxReissues = options.maxReissues ?? DEFAULT_MAX_REISSUES;
    this.#onProblem = options.onProblem ?? (() => {});
    this.#own.log.observe(this.#onChange);
    this.#own.receipts.observe(this.#onChange);
    this.#doc.getMap(TABLE_MAPS.meta).observe(this.#onChange);
    this.#doc.getMap(TABLE_MAPS.tokens).observeDeep(this.#onTokens);
  }

  /**
   * Signs an intent of any kind and appends it to the author's log.
   * @throws IntentError `INTENT_INVALID` for a bad kind or payload (not JSON, over 64 KiB)
   * @throws IntentClientError `CLIENT_CLOSED`
   */
  request(kind: string, payload: JsonValue): IntentTicket {
    return this.#issue(kind, () => payload);
  }

  /** Asks to move a token to (x, y), its top-left corner in scene pixels. */
  requestMoveToken(tokenId: string, x: number, y: number): IntentTicket {
    const payload = checkPayload(tokenMovePayloadSchema, { tokenId, x, y }, 'token.move');
    // A new move replaces the refusal of the last one in the preview.
    this.#rejections.delete(tokenId);
    return this.#issue(INTENT_KINDS.tokenMove, () => payload);
  }

  /**
   * Asks for a verifiable roll: the payload is makeRollRequest's (a fresh 32-byte player nonce,
   * the intent id as rollId, the dice head in meta), with the label.
   * @throws IntentClientError `CLIENT_NO_DICE_CHAIN` when meta has no dice commitment
   * @throws CampaignError `CAMPAIGN_INVALID_META` when meta is malformed
   */
  requestRoll(notation: string, options: { readonly label?: string } = {}): IntentTicket {
    const label =
      options.label === undefined ? null : checkPayload(rollLabelSchema, options.label, 'label');
    this.#diceHead(); // fails now, not inside the issue, when the table cannot roll
    return this.#issue(INTENT_KINDS.roll, (id) => {
      const request = makeRollRequest(notation, id, this.#diceHead());
      return label === null ? { ...request } : { ...request, label };
    });
  }

  /** Asks to apply damage (negative: healing) of an optional type to an actor. */
  requestApplyDamage(actorId: string, amount: number, type?: string): IntentTicket {
    const payload = checkPayload(
      damageApplyPayloadSchema,
      type === undefined ? { actorId, amount } : { actorId, amount, type },
      'damage.apply',
    );
    return this.#issue(INTENT_KINDS.damageApply, () => ({ ...payload }) as JsonValue);
  }

  /**
   * Asks to join the table as `name` in `color`. The payload carries the public key, so the GM
   * can check the signature of someone who is not a member yet.
   */
  requestJoin(name: string, color: string): IntentTicket {
    const payload = checkPayload(
      joinPayloadSchema,
      { publicKey: encodePublicKey(this.#identity.publicKey), name, color },
      'join',
    );
    return this.#issue(INTENT_KINDS.join, () => payload);
  }

  /**
   * The author's intents that have no receipt yet and can still be applied, oldest first: this
   * client's and those of the author's other devices (the log is shared).
   */
  pending(): PendingIntent[] {
    return this.#own.pending();
  }

  /** The author's displaced intents still waiting for their rejection (see OwnIntentLog.ts). */
  collisions(): SeqCollision[] {
    return this.#own.collisions();
  }

  /** Every valid token, with the author's pending moves laid over it. */
  optimisticTokens(): Map<string, Token> {
    return overlayMoves(readTokens(this.#doc), this.#own.pending());
  }

  /** One token as the player sees it, or undefined when the table has no such (valid) token. */
  previewToken(tokenId: string): TokenPreview | undefined {
    const preview = previewOf(this.#doc, tokenId, this.#own.pending());
    return preview === undefined
      ? undefined
      : { ...preview, rejection: this.#rejections.get(tokenId) ?? null };
  }

  /** Why this client's last move of each token was refused, by token id. */
  rejections(): ReadonlyMap<string, MoveRejection> {
    return new Map(this.#rejections);
  }

  /** Forgets the refusal shown for a token (the player has seen it). */
  dismissRejection(tokenId: string): void {
    if (this.#rejections.delete(tokenId)) this.#notify();
  }

  /**
   * Calls `listener` whenever what pending(), optimisticTokens(), previewToken() or rejections()
   * return may have changed.
   * @returns a function that unsubscribes
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stops following the doc. Tickets without a receipt reject with `CLIENT_CLOSED`; their
   * intents stay in the log and will still be ruled on.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#own.log.unobserve(this.#onChange);
    this.#own.receipts.unobserve(this.#onChange);
    this.#doc.getMap(TABLE_MAPS.meta).unobserve(this.#onChange);
    this.#doc.getMap(TABLE_MAPS.tokens).unobserveDeep(this.#onTokens);
    for (const tracked of this.#tracked.values()) {
      tracked.reject(
        new IntentClientError(
          'CLIENT_CLOSED',
          `Closed before intent ${tracked.intent.id} was ruled on.`,
        ),
      );
    }
    this.#tracked.clear();
    this.#listeners.clear();
  }

  #issue(kind: string, build: (id: string) => JsonValue): IntentTicket {
    if (this.#closed) throw new IntentClientError('CLIENT_CLOSED', 'This intent client is closed.');
    const { intent, earlier } = this.#append(kind, build);
    let resolve!: (receipt: Receipt) => void;
    let reject!: (error: Error) => void;
    const receipt = new Promise<Receipt>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    this.#tracked.set(intent.sig, { kind, build, intent, earlier, reissues: 0, resolve, reject });
    this.#settle();
    return { id: intent.id, receipt };
  }

  /** Signs and appends one intent at the end of the author's log. */
  #append(
    kind: string,
    build: (id: string) => JsonValue,
  ): { intent: Intent; earlier: ReadonlySet<number> } {
    const seq = this.#own.nextSeq();
    const intent = signIntent(this.#identity, {
      campaign: this.campaignId,
      kind,
      payload: build(intentId(this.userId, seq)),
      seq,
      at: this.#now(),
    });
    // Receipts can arrive before the entries they answer (another device's, not synced yet):
    // a place already ruled on is never ruled on again, so such a receipt is not this entry's.
    const earlier = new Set<number>();
    for (let index = seq - 1; this.#own.hasReceiptAt(index); index++) earlier.add(index);
    this.#doc.transact(() => this.#own.log.push([intent]), INTENT_CLIENT_ORIGIN);
    return { intent, earlier };
  }

  /** Matches receipts to the requests in flight, and re-issues those that lost their place. */
  #settle(): void {
    if (this.#closed) return;
    // Re-issuing appends, and the append calls back in here: run again instead of nesting.
    if (this.#settling) {
      this.#again = true;
      return;
    }
    this.#settling = true;
    try {
      do {
        this.#again = false;
        let gms: GmKeys | null | undefined;
        for (const tracked of [...this.#tracked.values()]) {
          const index = this.#own.indexOf(tracked.intent.sig, tracked.intent.seq - 1);
          if (index === -1) continue;
          if (index === tracked.intent.seq - 1 && !tracked.earlier.has(index)) {
            const receipt = this.#own.receiptAt(index, (problem) => this.#problem(problem));
            if (receipt === null) continue;
            // Until meta is here, nobody is known to be a GM: the receipt waits for it.
            gms ??= this.#gmKeys();
            if (gms === null) continue;
            if (Object.hasOwn(gms, receipt.by)) this.#finish(tracked, receipt);
            else this.#problem(`receipt ${receipt.intentId} is by ${receipt.by}, not by a GM`);
            continue;
          }
          // Displaced, or written where a receipt already was: never applied. Re-issue, but
          // only once this device has the entries those earlier receipts answer (else the new
          // entry would lose its place to them in turn) and no receipt is ahead of the log.
          const { length } = this.#own.log;
          if (
            length >= tracked.intent.seq + tracked.earlier.size &&
            !this.#own.hasReceiptAt(length)
          ) {
            this.#reissue(tracked);
          }
        }
      } while (this.#again);
    } finally {
      this.#settling = false;
    }
    this.#notify();
  }

  #reissue(tracked: Tracked): void {
    this.#tracked.delete(tracked.intent.sig);
    if (tracked.reissues >= this.#maxReissues) {
      tracked.reject(
        new IntentClientError(
          'CLIENT_SEQ_COLLISION',
          `Intent ${tracked.intent.id} lost its place in the log to another device ${tracked.reissues + 1} times; it was not applied.`,
        ),
      );
      return;
    }
    try {
      const { intent, earlier } = this.#append(tracked.kind, tracked.build);
      tracked.intent = intent;
      tracked.earlier = earlier;
      tracked.reissues++;
      this.#tracked.set(intent.sig, tracked);
    } catch (error) {
      tracked.reject(error as Error);
    }
  }

  #finish(tracked: Tracked, receipt: Receipt): void {
    this.#tracked.delete(tracked.intent.sig);
    const move = pendingMove(tracked.kind, tracked.intent.payload);
    if (move !== null) {
      if (receipt.status === 'rejected') {
        this.#rejections.set(move.tokenId, { intentId: receipt.intentId, reason: receipt.reason });
      } else {
        this.#rejections.delete(move.tokenId);
      }
    }
    tracked.resolve(receipt);
  }

  #diceHead(): string {
    const head = readMeta(this.#doc)?.dice?.head;
    if (head === undefined) {
      throw new IntentClientError(
        'CLIENT_NO_DICE_CHAIN',
        'This table has no dice commitment in its meta yet: it cannot take verifiable rolls.',
      );
    }
    return head;
  }

  #gmKeys(): GmKeys | null {
    try {
      return readMeta(this.#doc)?.gms ?? null;
    } catch {
      return null;
    }
  }

  #problem(problem: string): void {
    if (this.#reported.has(problem)) return;
    this.#reported.add(problem);
    this.#onProblem(problem);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
