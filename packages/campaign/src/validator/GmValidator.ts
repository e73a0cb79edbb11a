/**
 * The GM validator (DESIGN.md §3): on a GM's peer, it watches every member's intent log, checks
 * each intent (its id and its log, its signature, the campaign it was signed for, who sent
 * it), asks the game system's rules (the module's `validate` and `apply` in the sandbox, or the
 * core rules when the module lacks the hook), and commits the resulting changes together with the
 * intent's receipt in one transaction. Every intent gets exactly one receipt, `applied` or
 * `rejected` with a reason; a receipt is never rewritten.
 *
 * Intents are taken one at a time, each log in order: a ruling is a function of the table, the
 * intents ruled before it and the ruling's time, so the rulings can be replayed: the receipts say
 * in which order they were made (`n`, since the order intents arrive in is the network's, and a
 * Y.Map keeps none), when (`at`, read once per ruling), and which entry was ruled on where two
 * devices of one person used the same id (`sig`). Each receipt is signed by the validating GM
 * (`gmSig`, receiptSignature.ts), so a client can tell it from one written by anyone else.
 *
 * A kind whose policy is `ask` (intentPolicies.ts) is held until a GM decides: it and every later
 * entry of its log wait (the log's order is kept), while other logs go on. The validator marks
 * it in the table doc's `held` map, and watches the gm doc too, where GMs' decisions arrive.
 */
import type { DieDraw, JsonObject, JsonValue, SandboxModule } from '@meshtable/sandbox';
import {
  GM_MAPS,
  type HeldIntent,
  heldIntentSchema,
  INTENT_LOG_PREFIX,
  type Member,
  memberSchema,
  type Receipt,
  receiptSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { ChangeError, commitChanges, type TouchedRecord } from '../doc/changes';
import { fromYValue, toYValue } from '../doc/yRecords';
import type { Identity } from '../identity/identity';
import { CanonicalJsonError } from '../intents/CanonicalJsonError';
import type { Intent } from '../intents/intent';
import { verifyIntent } from '../intents/verifyIntent';
import {
  type AnnotationEdit,
  annotationEditOf,
  applyAnnotationEdit,
  ruleAnnotationEdit,
} from './annotationRules';
import type { Asker, Ruling } from './coreRules';
import { holdOutcome } from './intentPolicies';
import { signReceipt, type UnsignedReceipt } from './receiptSignature';
import {
  nextRollSeed,
  type PendingSeed,
  playerNonceOf,
  readSeedChain,
  writeSeedChain,
} from './rollSeeds';
import { ruleIntent } from './ruleIntent';
import { planTableEdit } from './tableEdit';
import { snapshotTable } from './tableSnapshot';
import { TableSnapshots } from './tableSnapshots';

/** The part of a loaded module the validator uses (a `SandboxModule` is one). */
export type RulesHost = Pick<SandboxModule, 'hooks' | 'commands' | 'call'>;

/** An Ed25519 signature as intents carry it: 64 bytes, unpadded base64url. */
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** How many problems the validator remembers having told, before it starts over. */
const MAX_TOLD = 10_000;

/** The transaction origin of the validator's commits, so observers can tell them apart. */
export const VALIDATOR_ORIGIN = Symbol('meshtable validator');

/** Options of {@link GmValidator}. */
export interface GmValidatorOptions {
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** The GM this peer acts for: receipts name them. */
  readonly identity: Identity;
  /** The campaign's game system, loaded in a sandbox; null runs the core rules only. */
  readonly rules: RulesHost | null;
  /** The clock receipts are stamped with (informational). */
  readonly now?: () => number;
  /** Hears of what the validator could not even receipt (a log entry without an id, …). */
  readonly onProblem?: (problem: string) => void;
}

/** A ruling decided, before it is written. */
type Decision =
  | {
      readonly status: 'applied';
      readonly ruling: Ruling;
      /** A player who joins (or asks to). */
      readonly member?: Member;
      /** An annotation drawn, changed or erased (annotationRules.ts). */
      readonly annotation?: AnnotationEdit;
      /** The chain seed the ruling revealed, with every die it drew. */
      readonly dice?: RevealedDice;
    }
  | { readonly status: 'rejected'; readonly reason: string; readonly dice?: RevealedDice }
  /** Not the log owner's own entry: no receipt, since a receipt would take the id. */
  | { readonly status: 'unanswerable'; readonly problem: string }
  /**
   * Not answerable yet: its sender is not a member (no key to check it with). It is looked at
   * again once rulings have changed the table, since a join ruled after it may admit them.
   */
  | { readonly status: 'waiting'; readonly problem: string }
  /** Its kind asks for a GM (intentPolicies.ts), and no GM has decided yet. */
  | { readonly status: 'held'; readonly kind: string };

/** A revealed seed of the chain and the dice drawn from the seed derived from it. */
interface RevealedDice {
  readonly seed: PendingSeed;
  readonly draws: DieDraw[];
}

/** Watches the intent logs of a campaign and commits a receipt for each intent. */
export class GmValidator {
  readonly #options: GmValidatorOptions;
  readonly #campaignId: string;
  readonly #now: () => number;
  #running: Promise<void> | null = null;
  /** Entries left unanswered (`<log> <the entry as JSON>`, or `<log>[index]` without a signature). */
  readonly #ignored = new Set<string>();
  /** Per intent log, how many of its first entries are answered or never will be. */
  readonly #cursors = new Map<string, number>();
  /** The logs whose changes move their cursor back, and how to stop watching each. */
  readonly #watched = new Map<string, () => void>();
  /** The table's records for the rules, kept current while started (read afresh otherwise). */
  #snapshots: TableSnapshots | null = null;
  /** Entries the GM was told about, so that each is told once (those waiting come round again). */
  readonly #told = new Set<string>();
  #again = false;
  /** The `n` of the last receipt written; null until first needed. */
  #order: number | null = null;
  #stopped = true;
  readonly #onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== VALIDATOR_ORIGIN) this.#schedule();
  };

  constructor(options: GmValidatorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const campaign = this.#meta('campaign') as { id?: unknown } | undefined;
    if (typeof campaign?.id !== 'string') throw new Error('the table doc has no campaign in meta');
    this.#campaignId = campaign.id;
  }

  /** Starts watching: pending intents are processed now and whenever the table changes. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#snapshots = new TableSnapshots(this.#options.table);
    this.#options.table.on('update', this.#onUpdate);
    // GMs' decisions and policy changes arrive in the gm doc.
    this.#options.gm.on('update', this.#onUpdate);
    this.#schedule();
  }

  /** Stops watching; a ruling in progress still completes. */
  stop(): void {
    this.#stopped = true;
    this.#snapshots?.dispose();
    this.#snapshots = null;
    this.#options.table.off('update', this.#onUpdate);
    this.#options.gm.off('update', this.#onUpdate);
    for (const unwatch of this.#watched.values()) unwatch();
    this.#watched.clear();
    this.#cursors.clear();
  }

  /** Resolves once every intent present now has its receipt (for tests and for shutdown). */
  async settled(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  /**
   * Processes every intent that has no receipt yet, in log order.
   * @returns how many receipts were written
   */
  async processPending(): Promise<number> {
    let written = 0;
    for (;;) {
      // Entries that wait for their sender to become a member: skipped in this round, and
      // looked at again in the next if this one wrote anything (a join among them, perhaps).
      const waiting = new Set<string>();
      // Logs whose next intent waits for a GM: nothing later in them is ruled before it.
      const held = new Set<string>();
      let round = 0;
      for (;;) {
        const next = this.#nextPending(waiting, held);
        if (next === null) break;
        // One reading of the clock per ruling: a replay that gives the validator the receipt's
        // `at` as its clock then writes what the ruling wrote (a joining member's `since`).
        const at = this.#now();
        const decision = await this.#decide(next.owner, next.entry, at);
        const key = entryKey(next.name, next.entry);
        if (decision.status === 'held') {
          held.add(next.name);
          this.#markHeld(next.id, next.entry.sig as string, decision.kind, at);
          continue;
        }
        if (decision.status === 'unanswerable' || decision.status === 'waiting') {
          // A forgery must not take the id it names: its author's own intent may still come.
          if (decision.status === 'waiting') waiting.add(key);
          this.#unanswerable(
            key,
            `${next.id} in ${next.name}: ${decision.problem}`,
            decision.status === 'unanswerable',
          );
          continue;
        }
        this.#commit(next.id, next.entry.sig as string, decision, at);
        round++;
      }
      written += round;
      if (round === 0 || waiting.size === 0) return written;
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#again = true;
    if (this.#running === null) this.#running = this.#drain();
  }

  /**
   * Processes until no change came in meanwhile. `#running` is cleared in the same turn as the
   * last check of `#again`: a change that arrives between the two (a `.finally` one microtask
   * later would leave that gap) would find the loop still running and be left until the next.
   */
  async #drain(): Promise<void> {
    try {
      // Always awaits once, so this never finishes before #schedule has stored its promise.
      do {
        this.#again = false;
        await this.processPending();
      } while (this.#again && !this.#stopped);
    } catch (error) {
      this.#options.onProblem?.(`the validator stopped: ${(error as Error).message}`);
    } finally {
      this.#running = null;
    }
  }

  /**
   * The first log entry, over all logs, whose id has no receipt yet.
   *
   * Receipts are keyed by the entry's id, `<author>.<seq>`, and an entry counts only in its
   * author's own log, so nobody can claim (and so block) another member's ids. One person's two
   * devices may append entries with the same id at once: the first ruled on gets the receipt,
   * which names it by its signature, and the other is never applied (its device sends it again).
   * Entries without a usable id or signature cannot be answered: they are reported once.
   */
  #nextPending(
    skip: ReadonlySet<string>,
    heldLogs: ReadonlySet<string>,
  ): {
    owner: string;
    name: string;
    id: string;
    entry: Record<string, unknown>;
  } | null {
    const { table } = this.#options;
    const receipts = table.getMap(TABLE_MAPS.receipts);
    const logNames = [...table.share.keys()]
      .filter((name) => name.startsWith(INTENT_LOG_PREFIX))
      .sort();
    for (const name of logNames) {
      if (heldLogs.has(name)) continue;
      const owner = name.slice(INTENT_LOG_PREFIX.length);
      const log = this.#watch(name);
      // Entries before the cursor are all answered (or never will be): a long campaign's
      // history is not read again for every ruling.
      let settled = true;
      for (let index = this.#cursors.get(name) ?? 0; index < log.length; index++) {
        const entry = fromYValue(log.get(index));
        const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
          string,
          unknown
        >;
        const { id, sig } = fields;
        if (
          typeof id !== 'string' ||
          !id.startsWith(`${owner}.`) ||
          typeof sig !== 'string' ||
          !SIGNATURE.test(sig)
        ) {
          this.#unanswerable(
            `${name}[${index}]`,
            `${name}[${index}] has no id of its author's or no signature: it cannot be answered`,
          );
          if (settled) this.#cursors.set(name, index + 1);
          continue;
        }
        const key = entryKey(name, fields);
        if (receipts.has(id) || this.#ignored.has(key)) {
          if (settled) this.#cursors.set(name, index + 1);
          continue;
        }
        settled = false;
        if (!skip.has(key)) return { owner, name, id, entry: fields };
      }
    }
    return null;
  }

  /**
   * An intent log, watched so that its cursor goes back to where it changed: another device's
   * concurrent append can land before entries already answered (audit/TableAudit.ts).
   */
  #watch(name: string): Y.Array<unknown> {
    const log = this.#options.table.getArray<unknown>(name);
    if (!this.#watched.has(name)) {
      const observer = (event: Y.YArrayEvent<unknown>) => {
        const first = event.changes.delta[0];
        const at = first?.retain ?? 0;
        if (at < (this.#cursors.get(name) ?? 0)) this.#cursors.set(name, at);
      };
      log.observe(observer);
      this.#watched.set(name, () => log.unobserve(observer));
    }
    return log;
  }

  /**
   * Leaves an entry unanswered, and tells the GM once.
   * @param forGood whether it is never to be looked at again (else it waits for a later round)
   */
  #unanswerable(key: string, problem: string, forGood = true): void {
    if (forGood) this.#ignored.add(key);
    if (this.#told.has(key)) return;
    if (this.#told.size >= MAX_TOLD) this.#told.clear();
    this.#told.add(key);
    this.#options.onProblem?.(problem);
  }

  async #decide(owner: string, entry: Record<string, unknown>, at: number): Promise<Decision> {
    const reject = (reason: string): Decision => ({ status: 'rejected', reason });
    const { table } = this.#options;
    const fields = entry;

    const members = table.getMap(TABLE_MAPS.members);
    const stored = memberSchema.safeParse(fromYValue(members.get(owner)));
    const member = stored.success ? stored.data : undefined;
    const isJoin = fields.kind === 'join';
    let key: unknown = member?.publicKey;
    if (isJoin && member === undefined)
      key = (fields.payload as { publicKey?: unknown } | undefined)?.publicKey;
    // Nothing to check the signature with: answering would let anyone take a joiner's id
    // (`<userId>.1`) with an entry they made up, and keep the real join from its receipt.
    if (typeof key !== 'string') {
      return {
        status: 'waiting',
        problem: 'its sender is not a member, and it carries no key to check it with',
      };
    }
    const verified = verifyIntent(entry, key);
    if (!verified.ok) {
      return { status: 'unanswerable', problem: `it does not verify: ${verified.message}` };
    }
    const intent = verified.intent;
    // A join is verified with the key it carries: it must be the log owner's own.
    if (intent.author !== owner) {
      return { status: 'unanswerable', problem: 'it is not by the owner of its log' };
    }
    if (intent.campaign !== this.#campaignId)
      return reject('the intent was signed for another campaign');

    if (isJoin) return this.#decideJoin(intent, member, at);
    if (member === undefined || member.status !== 'member')
      return reject('the sender is not a member of this table');
    const asker: Asker = { userId: member.userId, isGm: member.role === 'gm' };
    const hold = holdOutcome(this.#options.gm, intent, asker.isGm);
    if (hold.step === 'hold') return { status: 'held', kind: intent.kind };
    if (hold.step === 'reject') {
      // The GM's device knows the next chain seed, so it could foresee the dice of a held
      // intent and veto the outcomes it dislikes. The rules rule it anyway, nothing of it is
      // applied, and the seed they used is revealed in the rejection: every peer can see what
      // the GM turned down (docs/gm-queue.md).
      const foreseen = await this.#rule(intent, asker);
      const dice = 'dice' in foreseen ? foreseen.dice : undefined;
      return { status: 'rejected', reason: hold.reason, ...optional('dice', dice) };
    }
    // Annotations are the table's rule alone (only their author or a GM may change one).
    const annotation = annotationEditOf(intent.kind, intent.payload);
    if (annotation !== null) {
      const verdict = ruleAnnotationEdit(table, asker, annotation);
      if (!verdict.ok) return reject(verdict.reason);
      return { status: 'applied', ruling: { changes: [] }, annotation: verdict.edit };
    }
    return await this.#rule(intent, asker);
  }

  #decideJoin(intent: Intent, member: Member | undefined, at: number): Decision {
    if (member !== undefined && member.status === 'member')
      return { status: 'rejected', reason: 'already a member' };
    if (member?.status === 'kicked')
      return { status: 'rejected', reason: 'the GM removed this member from the table' };
    const payload = intent.payload as { name?: unknown; color?: unknown; publicKey?: unknown };
    const settings = (this.#meta('campaign') as { settings?: { autoAdmit?: unknown } } | undefined)
      ?.settings;
    const candidate = memberSchema.safeParse({
      userId: intent.author,
      publicKey: payload.publicKey,
      name: payload.name,
      color: payload.color,
      role: 'player',
      status: settings?.autoAdmit === true ? 'member' : 'pending',
      since: at,
    });
    if (!candidate.success) {
      return {
        status: 'rejected',
        reason: `a join needs a name and a colour: ${candidate.error.issues[0]?.message ?? ''}`,
      };
    }
    return {
      status: 'applied',
      ruling: { changes: [], result: { status: candidate.data.status } },
      member: candidate.data,
    };
  }

  /**
   * Asks the rules (ruleIntent.ts says which, in which order). Every call of one ruling gets the
   * same seed; the chain seed behind it is revealed (in the receipt) only when some rule drew
   * dice, and otherwise stays unused for the next ruling.
   */
  async #rule(intent: Intent, asker: Asker): Promise<Decision> {
    const { rules } = this.#options;
    const snapshot = this.#snapshots?.snapshot() ?? snapshotTable(this.#options.table);
    // JSON all the way down (intentSchema checked it): the module sees it as its own JsonValue.
    const payload = intent.payload as JsonValue;
    const chain = readSeedChain(this.#options.gm.getMap(GM_MAPS.validator));
    const pending =
      chain === null ? null : nextRollSeed(chain, intent.id, playerNonceOf(payload, intent.sig));
    const outcome = await ruleIntent(
      { id: intent.id, kind: intent.kind, payload, author: intent.author, seq: intent.seq },
      {
        rules,
        asker,
        snapshot,
        state: { ...snapshot, members: this.#memberSummary() },
        seed: pending?.seed ?? null,
      },
    );
    // The core roll draws through the dice package, not ctx: a roll without a module's hook
    // reveals its seed though no draw was recorded.
    const coreRolled = intent.kind === 'roll' && outcome.ok && !rules?.hooks.includes('roll');
    const dice =
      pending !== null && (outcome.draws.length > 0 || coreRolled)
        ? { dice: { seed: pending, draws: outcome.draws } }
        : {};
    if (!outcome.ok) return { status: 'rejected', reason: outcome.reason, ...dice };
    return { status: 'applied', ruling: outcome.ruling, ...dice };
  }

  #memberSummary(): Record<string, JsonObject> {
    const summary: Record<string, JsonObject> = {};
    for (const [userId, stored] of this.#options.table.getMap(TABLE_MAPS.members)) {
      const checked = memberSchema.safeParse(fromYValue(stored));
      if (checked.success)
        summary[userId] = {
          name: checked.data.name,
          role: checked.data.role,
          status: checked.data.status,
        };
    }
    return summary;
  }

  /**
   * Writes the changes, the receipt and the dice bookkeeping in one transaction; a ruling whose
   * changes would break a record becomes a rejection instead.
   */
  #commit(
    intentId: string,
    sig: string,
    decision: Exclude<Decision, { status: 'unanswerable' | 'waiting' | 'held' }>,
    at: number,
  ): void {
    const { table, gm } = this.#options;
    const n = this.#nextOrder();
    const base = { intentId, sig, n, by: this.#options.identity.userId, at };
    const roll =
      decision.dice === undefined
        ? {}
        : {
            roll: {
              index: decision.dice.seed.index,
              seed: decision.dice.seed.chainSeed,
              draws: decision.dice.draws,
            },
          };
    let unsigned: UnsignedReceipt;
    let planned: TouchedRecord[] = [];
    const rejected = (reason: string): UnsignedReceipt => ({
      ...base,
      status: 'rejected',
      reason: reason.slice(0, 1000),
      ...roll,
    });
    if (decision.status === 'applied') {
      try {
        planned = planTableEdit(decision.ruling.changes, { table, gm });
        unsigned = {
          ...base,
          status: 'applied',
          ...optional('result', decision.ruling.result),
          ...roll,
        };
      } catch (error) {
        if (!(error instanceof ChangeError)) throw error;
        unsigned = rejected(`the ruling would break the table: ${error.message}`);
      }
    } else {
      unsigned = rejected(decision.reason);
    }
    let receipt: Receipt;
    try {
      receipt = signReceipt(unsigned, this.#options.identity);
    } catch (error) {
      // A module's result the signature cannot cover (-0, a lone surrogate): nothing is applied.
      if (!(error instanceof CanonicalJsonError)) throw error;
      planned = [];
      receipt = signReceipt(
        rejected(`the ruling's result is not canonical JSON: ${error.message}`),
        this.#options.identity,
      );
    }
    const checked = receiptSchema.parse(receipt);
    const member =
      decision.status === 'applied' && checked.status === 'applied' ? decision.member : undefined;
    const annotation =
      decision.status === 'applied' && checked.status === 'applied'
        ? decision.annotation
        : undefined;

    table.transact(() => {
      if (checked.status === 'applied')
        commitChanges(planned, (collection) => table.getMap(TABLE_MAPS[collection]));
      if (member !== undefined)
        table.getMap(TABLE_MAPS.members).set(member.userId, toYValue(member));
      if (annotation !== undefined) applyAnnotationEdit(table, annotation);
      if (decision.dice !== undefined) {
        const commitment = this.#meta('dice') as JsonObject | undefined;
        if (commitment !== undefined)
          table
            .getMap(TABLE_MAPS.meta)
            .set('dice', { ...commitment, revealed: decision.dice.seed.index });
      }
      table.getMap(TABLE_MAPS.receipts).set(intentId, toYValue(checked as JsonObject));
      const held = table.getMap(TABLE_MAPS.held);
      if (held.has(intentId)) held.delete(intentId);
    }, VALIDATOR_ORIGIN);
    this.#order = n;
    const decisions = gm.getMap(GM_MAPS.intentDecisions);
    if (decision.dice !== undefined || decisions.has(intentId)) {
      const chain = decision.dice?.seed.chain;
      gm.transact(() => {
        if (chain !== undefined) writeSeedChain(gm.getMap(GM_MAPS.validator), chain);
        // A GM's decision has done its work once the receipt is written.
        decisions.delete(intentId);
      }, VALIDATOR_ORIGIN);
    }
  }

  /** Tells the intent's author (and every GM) that it waits for a GM: the table's `held` map. */
  #markHeld(intentId: string, sig: string, kind: string, at: number): void {
    const held = this.#options.table.getMap(TABLE_MAPS.held);
    const marked = fromYValue(held.get(intentId)) as { sig?: unknown } | undefined;
    if (marked?.sig === sig) return;
    const marker: HeldIntent = { intentId, sig, kind, since: at };
    this.#options.table.transact(
      () => held.set(intentId, toYValue(heldIntentSchema.parse(marker) as JsonObject)),
      VALIDATOR_ORIGIN,
    );
  }

  /**
   * The `n` of the next receipt: one more than the highest so far. Rulings depend on the ones
   * before them, and the receipts map does not keep the order they were written in.
   */
  #nextOrder(): number {
    if (this.#order === null) {
      this.#order = 0;
      for (const stored of this.#options.table.getMap(TABLE_MAPS.receipts).values()) {
        const { n } = (fromYValue(stored) ?? {}) as { n?: unknown };
        if (typeof n === 'number' && Number.isSafeInteger(n) && n > this.#order) this.#order = n;
      }
    }
    return this.#order + 1;
  }

  /**
   * An entry of meta as JSON. Meta's entries are plain JSON, but read through fromYValue all
   * the same: the audit's repairs write them back as Y.Maps.
   */
  #meta(key: string): unknown {
    return fromYValue(this.#options.table.getMap(TABLE_MAPS.meta).get(key));
  }
}

/**
 * What an unanswerable entry is remembered by: all of it, not its signature alone, so that a
 * tampered copy of an entry (same id, same signature, another payload) put in front of it is
 * not taken for it, and the entry itself is still answered.
 */
function entryKey(logName: string, entry: Record<string, unknown>): string {
  try {
    return `${logName} ${JSON.stringify(entry)}`;
  } catch {
    // Not JSON (a BigInt in it): such an entry never verifies, and its signature will do.
    return `${logName} ${String(entry.sig)} (not JSON)`;
  }
}

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes-friendly). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
