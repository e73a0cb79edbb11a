/**
 * The player's side of intents (DESIGN.md §3): sign a request, append it to one's own log
 * (`intents/<userId>`), show it optimistically, and hear the GM validator's receipt.
 *
 * A receipt is filed under the intent's id, `<author>.<seq>`, and names the entry it answers by
 * its signature. One identity may be open on several devices (two tabs, a laptop and a phone),
 * each with its own copy of the table doc; two that append at once can sign the same id
 * (OwnIntentLog.ts). The validator rules on the first of them it meets and never on the other.
 * So a request is answered only by a receipt for its id that carries its signature; a receipt
 * for its id with another signature means it was not applied and never will be, and the client
 * signs it again under a fresh seq. The ticket's receipt is then the re-issued intent's.
 *
 * Anyone in the room can write the receipts map (the GM's audit undoes it, but not before every
 * peer has seen it), and `meta.gms` too. So a receipt counts only when it is signed by a GM the
 * client trusts (lifecycle/gmTrust.ts): one the invite names by id (`gmIds`), or given as
 * `trustedGms`, or in `meta.gms` as the client first saw it, or one whose signed grant chains to
 * those. Any other receipt is reported and ignored: it never ends a ticket and never causes a
 * re-issue.
 *
 * A log entry this client appended that disappears before it has a receipt (someone deleted it,
 * maybe before the GM's peer saw it) is appended again, the very same signed entry, by this
 * client only: the device that wrote an entry is the one the GM's audit should credit with it.
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
  combatInitiativePayloadSchema,
  damageApplyPayloadSchema,
  INTENT_KINDS,
  joinPayloadSchema,
  rollLabelSchema,
  rollOptionsSchema,
  tokenMovePayloadSchema,
} from './intentKinds';
import { OwnIntentLog, type PendingIntent, type SeqCollision } from './OwnIntentLog';
import { overlayMoves, pendingMove, previewOf, readTokens } from './optimisticTokens';
import { PinnedGmKeys } from './PinnedGmKeys';

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
  /**
   * The GMs' user ids from the invite (`invite.gmIds`): receipts count when signed by one of them,
   * once their key appears (it must hash to the id), or by a GM whose grant chains to them.
   * Empty or absent (an invite made before links named their GMs): `meta.gms` as first read.
   */
  readonly gmIds?: readonly string[];
  /**
   * The GMs' public keys by user id, whose signed receipts count (with the GMs their grants
   * add). Wins over `gmIds`. Without either, `meta.gms` as the client first reads it (at once, or
   * when meta arrives); later changes to `meta.gms` are not followed, since anyone in the room
   * can write there for a moment.
   */
  readonly trustedGms?: GmKeys;
  /**
   * Hears of what the client ignores: a malformed receipt, a receipt not by a trusted GM or not
   * signed by them.
   */
  readonly onProblem?: (problem: string) => void;
}

/** A request on its way: its id and the receipt it will get. */
export interface IntentTicket {
  /**
   * The intent's id as first issued. When another device's entry takes that id, the request is
   * re-issued under a new one; `pending()` lists the current one, and the receipt's `intentId`
   * names the one ruled on.
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
  /**
   * The signatures of the entries this client appended. Only these does it append again when they
   * are lost: the GM's audit credits an entry to the client that appended it first, and a copy
   * appended by another device of the same person could be the one it meets first.
   */
  readonly #appended = new Set<string>();
  /** Requests in flight, by their intent's signature (unique, unlike an id after a collision). */
  readonly #tracked = new Map<string, Tracked>();
  readonly #rejections = new Map<string, MoveRejection>();
  readonly #listeners = new Set<() => void>();
  readonly #reported = new Set<string>();
  #closed = false;
  #settling = false;
  #again = false;
  /**
   * Whether the author's log changed since its entries were last looked over for lost ones: only
   * a change of the log can lose an entry, and looking over the whole log on every receipt (for
   * anyone's intent) made each receipt cost more as the campaign went on.
   */
  #logChanged = true;
  readonly #onChange = () => this.#settle();
  readonly #onLogChange = () => {
    this.#logChanged = true;
    this.#settle();
  };
  readonly #onTokens = () => this.#notify();

  constructor(options: IntentClientOptions) {
    if (!recordIdSchema.safeParse(options.campaignId).success) {
      throw new IntentClientError('CLIENT_INVALID_REQUEST', 'campaignId is not a campaign id.');
    }
    this.#doc = options.doc;
    this.#identity = options.identity;
    this.userId = options.identity.userId;
    this.campaignId = options.campaignId;
    const { campaignId, gmIds, trustedGms } = options;
    const gms = new PinnedGmKeys(options.doc, { campaignId, gmIds, trustedGms }, (problem) =>
      this.#problem(problem),
    );
    this.#own = new OwnIntentLog(options.doc, this.userId, options.identity.publicKey, {
      trusted: (receipt) => gms.trusts(receipt),
      onInvalid: (problem) => this.#problem(problem),
    });
    this.#now = options.now ?? Date.now;
    this.#maxReissues = options.maxReissues ?? DEFAULT_MAX_REISSUES;
    this.#onProblem = options.onProblem ?? (() => {});
    this.#own.log.observe(this.#onLogChange);
    // Deep: a rewritten receipt and its repair change fields inside the receipt's Y.Map.
    this.#own.receipts.observeDeep(this.#onChange);
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
   * the intent id as rollId, the dice head in meta), with the label. A roll re-issued after a
   * seq collision is a new request: its rollId is its new intent id, its nonce is fresh.
   * @throws IntentClientError `CLIENT_NO_DICE_CHAIN` when meta has no dice commitment
   * @throws CampaignError `CAMPAIGN_INVALID_META` when meta is malformed
   */
  requestRoll(
    notation: string,
    options: {
      readonly label?: string;
      /**
       * What the game system's `roll` hook reads besides the notation (a sheet button's options
       * and answers: `{ mode: 'advantage', dc: 15 }`); never the protocol's own keys or the label.
       */
      readonly request?: Readonly<Record<string, string | number | boolean>>;
    } = {},
  ): IntentTicket {
    const label =
      options.label === undefined ? null : checkPayload(rollLabelSchema, options.label, 'label');
    const extra =
      options.request === undefined
        ? {}
        : checkPayload(rollOptionsSchema, options.request, 'roll options');
    this.#diceHead(); // fails now, not inside the issue, when the table cannot roll
    return this.#issue(INTENT_KINDS.roll, (id) => {
      const request = makeRollRequest(notation, id, this.#diceHead());
      return label === null ? { ...extra, ...request } : { ...extra, ...request, label };
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
   * Asks to roll initiative for combatants of an encounter (`combat.initiative`): the GM's
   * validator rolls each through the game system's `initiative` hook with the ruling's
   * verifiable seed, and writes the results into the encounter with the receipt.
   * @throws IntentClientError `CLIENT_INVALID_REQUEST` for no combatants, a repeated one or a
   *   malformed id
   */
  requestInitiative(combatId: string, combatantIds: readonly string[]): IntentTicket {
    const payload = checkPayload(
      combatInitiativePayloadSchema,
      { combatId, combatantIds: [...combatantIds] },
      'combat.initiative',
    );
    return this.#issue(INTENT_KINDS.combatInitiative, () => ({
      combatId: payload.combatId,
      combatantIds: [...payload.combatantIds],
    }));
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
   * The author's intents that have no trusted receipt for their id yet, in log order: this client's and
   * those of the author's other devices (the log is shared). Two of them may share an id until
   * the GM rules; the one it does not rule on then becomes a collision.
   */
  pending(): PendingIntent[] {
    return this.#own.pending();
  }

  /**
   * The author's intents, in log order, whose id a GM's receipt gave to another entry of theirs:
   * none of them was or will be applied. The device that wrote one re-issues its request (while
   * its client is open); the entry stays in the log, so the list only grows. Empty until meta
   * names the GMs.
   */
  collisions(): SeqCollision[] {
    return this.#own.collisions();
  }

  /**
   * Whether the GM's peer knows whom this device writes for: an entry this Yjs client appended
   * has a trusted receipt, and no other client's copy of it is in the log (the audit credits the
   * client whose copy of a signed entry it met first: audit/memberDevices.ts). Until then an owner's direct edit of their sheet
   * would be undone; it goes as an intent, which also introduces the device. A fresh page has a
   * fresh client id, and so starts unknown.
   */
  introduced(): boolean {
    return this.#own.answeredFrom(this.#doc.clientID);
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
   * Calls `listener` whenever what pending(), optimisticTokens(), previewToken(), rejections()
   * or introduced() return may have changed.
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
    this.#own.log.unobserve(this.#onLogChange);
    this.#own.receipts.unobserveDeep(this.#onChange);
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
    const intent = this.#append(kind, build);
    let resolve!: (receipt: Receipt) => void;
    let reject!: (error: Error) => void;
    const receipt = new Promise<Receipt>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    this.#tracked.set(intent.sig, { kind, build, intent, reissues: 0, resolve, reject });
    this.#settle();
    return { id: intent.id, receipt };
  }

  /** Signs one intent under the next free seq and appends it to the author's log. */
  #append(kind: string, build: (id: string) => JsonValue): Intent {
    const seq = this.#own.nextSeq();
    const intent = signIntent(this.#identity, {
      campaign: this.campaignId,
      kind,
      payload: build(intentId(this.userId, seq)),
      seq,
      at: this.#now(),
    });
    this.#appended.add(intent.sig);
    this.#doc.transact(() => this.#own.log.push([intent]), INTENT_CLIENT_ORIGIN);
    return intent;
  }

  /** Matches receipts to the requests in flight, and re-issues those whose id was taken. */
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
        if (this.#logChanged) {
          this.#logChanged = false;
          this.#restoreLost();
        }
        for (const tracked of [...this.#tracked.values()]) {
          const { id, sig } = tracked.intent;
          // Null also for a receipt not signed by a trusted GM, and until meta names the GMs.
          const receipt = this.#own.receiptFor(id);
          if (receipt === null) continue;
          if (receipt.sig === sig) {
            this.#finish(tracked, receipt);
          } else {
            // Another entry with this id was ruled on: this one never will be.
            this.#reissue(tracked);
          }
        }
      } while (this.#again);
    } finally {
      this.#settling = false;
    }
    this.#notify();
  }

  /** Appends again, unchanged, this client's entries that were deleted before they were answered. */
  #restoreLost(): void {
    const lost = this.#own.lost().filter((intent) => this.#appended.has(intent.sig));
    if (lost.length === 0) return;
    this.#doc.transact(() => this.#own.log.push(lost), INTENT_CLIENT_ORIGIN);
  }

  #reissue(tracked: Tracked): void {
    this.#tracked.delete(tracked.intent.sig);
    if (tracked.reissues >= this.#maxReissues) {
      tracked.reject(
        new IntentClientError(
          'CLIENT_SEQ_COLLISION',
          `Intent ${tracked.intent.id} lost its id to another device's intent ${tracked.reissues + 1} times; it was not applied.`,
        ),
      );
      return;
    }
    try {
      tracked.intent = this.#append(tracked.kind, tracked.build);
      tracked.reissues++;
      this.#tracked.set(tracked.intent.sig, tracked);
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

  #problem(problem: string): void {
    if (this.#reported.has(problem)) return;
    this.#reported.add(problem);
    this.#onProblem(problem);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
