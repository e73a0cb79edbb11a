/**
 * A GM device's share of running the table (DESIGN.md §3, docs/campaign.md): of the GM peers
 * online, the one the election picks (`ValidatorLeadership`, claims signed into the table sync's
 * awareness) rules on intents (`GmValidator`), undoes what others write to GM-owned records
 * (`TableAudit`) and finishes the moves of hidden records (`watchHidden`). Exactly while this
 * device is that one, the three run here; when another GM peer wins, they stop.
 *
 * The audit takes the table as it stands when it starts as legitimate, so it must start on the
 * GM's own copy before the peer connects (`startAudit`, called by openCampaignSession between the
 * IndexedDB load and the connection). The election runs the moment the connection is opened
 * (`elect`): no message can arrive before then, so at that instant the only claim in the fresh
 * awareness is this device's own, and a GM device whose copy already names its GMs wins it and
 * keeps the audit running. Once another GM device's better claim arrives, this one stops; until
 * it arrives, both validate, the case of a partition that validator/leadership.ts describes. A
 * device whose copy does not yet name a GM it trusts (an empty doc: a new device, a new room
 * after a kick) cannot win, so its audit stops at once, and starts again, on the synced table,
 * if it wins later.
 */
import {
  type AuditReport,
  type AwarenessLike,
  GmValidator,
  type Identity,
  type RulesHost,
  TableAudit,
  ValidatorLeadership,
  watchHidden,
} from '@meshtable/campaign';
import type { Sheet } from '@meshtable/schema';
import type * as Y from 'yjs';

/** The transaction origin of a GM's direct edits on the validating device (`writeAsGm`). */
export const GM_WRITE_ORIGIN = Symbol('meshtable gm write');

/** Options of {@link GmDuties}. */
export interface GmDutiesOptions {
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  readonly identity: Identity;
  readonly campaignId: string;
  /** The GMs this device pinned (the stored invite's ids). */
  readonly gmIds: readonly string[];
  /** Called when this device starts or stops validating. */
  readonly onValidatingChange: (validating: boolean) => void;
  /** Hears of what the validator or the hidden-record watch could not do. */
  readonly onProblem: (problem: string) => void;
  /** Hears of each change the audit undid. */
  readonly onAudit: (report: AuditReport) => void;
}

/** Starts and stops the validator, the audit and the hidden-record watch with the election. */
export class GmDuties {
  readonly #options: GmDutiesOptions;
  readonly #audit: TableAudit;
  #leadership: ValidatorLeadership | null = null;
  #validator: GmValidator | null = null;
  #stopHidden: (() => void) | null = null;
  /** The campaign's rules once loaded; the validator waits for them (see setRules). */
  #rules: RulesHost | null = null;
  #leading = false;
  #closed = false;

  constructor(options: GmDutiesOptions) {
    this.#options = options;
    this.#audit = new TableAudit({
      table: options.table,
      onReport: options.onAudit,
      trusted: new Set([GM_WRITE_ORIGIN]),
    });
  }

  /** Whether this device is the validating GM peer now. */
  get validating(): boolean {
    return this.#leading;
  }

  /** Starts the audit on the device's own copy: call before the table connects to anyone. */
  startAudit(): void {
    if (!this.#closed) this.#audit.start();
  }

  /**
   * Joins the election in the table sync's awareness. Call in the same task that opened the
   * connection, before anything can arrive on it (see the file's comment).
   */
  elect(awareness: AwarenessLike): void {
    if (this.#closed || this.#leadership !== null) return;
    const { table, identity, campaignId, gmIds } = this.#options;
    this.#leadership = new ValidatorLeadership({
      table,
      awareness,
      identity,
      campaign: campaignId,
      gmIds,
      onChange: (leading) => this.#lead(leading),
    });
    this.#leadership.start();
    if (!this.#leadership.isLeader) this.#audit.stop();
  }

  /**
   * The campaign's rules, loaded in the sandbox. The validator starts only with them: ruling
   * with the core rules alone would let through what the game forbids (a move beyond a
   * character's speed). Until then, requests wait in their logs, as with no GM online.
   */
  setRules(rules: RulesHost): void {
    this.#rules = rules;
    if (this.#leading) this.#startValidator();
  }

  /**
   * The game system's sheets by actor type: the audit keeps an owner's direct edit of an actor
   * only where its sheet marks the field player-editable (packages/campaign ownerWrites.ts).
   */
  setSheets(sheets: Readonly<Record<string, Sheet>>): void {
    this.#audit.setSheets(sheets);
  }

  /**
   * Runs `write` in one transaction as this validating device's own edit; false, writing
   * nothing, on any other device.
   */
  writeAsGm(write: (table: Y.Doc) => void): boolean {
    if (!this.#leading || this.#closed) return false;
    this.#options.table.transact(() => write(this.#options.table), GM_WRITE_ORIGIN);
    return true;
  }

  /** Withdraws the claim and stops everything; the other GM peers elect another validator. */
  close(): void {
    if (this.#closed) return;
    this.#leadership?.stop();
    this.#lead(false);
    this.#audit.stop();
    this.#closed = true;
  }

  #lead(leading: boolean): void {
    if (this.#closed || leading === this.#leading) return;
    this.#leading = leading;
    const { table, gm, onProblem } = this.#options;
    if (leading) {
      this.#audit.start();
      this.#stopHidden = watchHidden({
        table,
        gm,
        onReport: (report) => {
          for (const problem of report.problems) onProblem(`hidden records: ${problem}`);
        },
      });
      this.#startValidator();
    } else {
      this.#validator?.stop();
      this.#stopHidden?.();
      this.#stopHidden = null;
      this.#audit.stop();
    }
    this.#options.onValidatingChange(leading);
  }

  #startValidator(): void {
    if (this.#rules === null) return;
    if (this.#validator === null) {
      const { table, gm, identity, onProblem } = this.#options;
      try {
        this.#validator = new GmValidator({ table, gm, identity, rules: this.#rules, onProblem });
      } catch (error) {
        // No campaign in meta yet: cannot happen on a device that won the election, which
        // needs meta's GMs; said rather than thrown all the same.
        onProblem(`the validator cannot start: ${(error as Error).message}`);
        return;
      }
    }
    this.#validator.start();
  }
}
