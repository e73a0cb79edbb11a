/**
 * The audit on the validating GM's peer (DESIGN.md §3): any change to a GM-owned part of the
 * table doc that did not come from this peer is undone and reported.
 *
 * Who wrote a Yjs change cannot be known: a client's id is its own choice, and a deletion names
 * nobody. So the audit does not ask who; it relies on a rule instead: GM-owned records (meta,
 * members, scenes, tokens, handouts, combat, receipts, the shared asset index, fog of war, kept
 * templates, annotations, the ambient audio, and every field of an actor but its sheet `data`) have exactly one writer, the peer that runs the validator.
 * Everyone else, co-GMs' other devices included, changes them through intents. Whatever else
 * changes them is an intruder's edit and is put back as the validator last knew it. The same
 * holds for the logs: an entry once in `intents/…` or `posts/…` stays; deleting or rewriting one
 * is undone.
 *
 * Actors' `name` and `data` are the exception: their owners write the fields the module's sheet
 * marks player-editable directly; ownerWrites.ts keeps those and puts back the rest, knowing
 * who wrote a field from the client ids their signed intents tie to them (memberDevices.ts).
 *
 * What the audit cannot stop (docs/sheets.md): a peer that sees a reverted change briefly
 * before the revert reaches it, and Yjs items forged under another member's client id.
 */
import type { JsonObject } from '@meshtable/sandbox';
import { INTENT_LOG_PREFIX, POST_LOG_PREFIX, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { changedTopLevelKeys } from '../doc/changedKeys';
import { fromYValue, jsonEqual, patchYMap, toYValue } from '../doc/yRecords';
import { MemberDevices } from './memberDevices';
import { OwnerWrites, rememberDeferred } from './ownerWrites';

/** The transaction origin of the audit's own repairs. */
export const AUDIT_ORIGIN = Symbol('meshtable audit');

/** One undone change. */
export interface AuditReport {
  /** `tokens/t1`, `meta/campaign`, `posts/<userId>`. */
  readonly where: string;
  readonly what: 'added' | 'changed' | 'deleted';
  /** The Yjs client ids whose content the intruding transaction brought (not proof of who). */
  readonly clients: readonly number[];
  readonly at: number;
}

/** A guarded value as last accepted: its JSON, and whether it was stored as a Yjs type. */
interface Remembered {
  readonly json: unknown;
  readonly shared: boolean;
}

/** The maps only the validating peer writes, whole. */
const GUARDED_MAPS: readonly string[] = [
  TABLE_MAPS.meta,
  TABLE_MAPS.members,
  TABLE_MAPS.scenes,
  TABLE_MAPS.tokens,
  TABLE_MAPS.handouts,
  TABLE_MAPS.combat,
  TABLE_MAPS.receipts,
  // Intents held for a GM (intentPolicies.ts): the validator's markers, like receipts.
  TABLE_MAPS.held,
  TABLE_MAPS.assets,
  // Fog of war and the templates a GM keeps on a scene (packages/schema fogRecords.ts and
  // templateRecords.ts): GM-owned, written by the validating GM's device like scenes.
  TABLE_MAPS.fog,
  TABLE_MAPS.templates,
  // Annotations (annotationRecords.ts): players' go through intents, so that only their author
  // or a GM can change one; the validator writes them.
  TABLE_MAPS.annotations,
  // The table's ambient audio (audioRecords.ts): what plays for everyone is the GM's call.
  TABLE_MAPS.audio,
  // Journal pages sealed to chosen members (sealedHandoutRecords.ts), like handouts.
  TABLE_MAPS.sealedHandouts,
];
/** Actors: guarded but for the fields owners may edit directly (ownerWrites.ts). */
const ACTORS = TABLE_MAPS.actors;

/** Options of {@link TableAudit}. */
export interface TableAuditOptions {
  readonly table: Y.Doc;
  /** Hears of each undone change (the GM's audit log). */
  readonly onReport: (report: AuditReport) => void;
  /** Transaction origins that count as this peer's own writes, besides local transactions. */
  readonly trusted?: ReadonlySet<unknown>;
  readonly now?: () => number;
}

/** Watches the table doc and undoes changes to what only the validating peer may write. */
export class TableAudit {
  readonly #table: Y.Doc;
  readonly #options: TableAuditOptions;
  /** The guarded maps as this peer last wrote or accepted them: name → key → JSON. */
  readonly #shadow = new Map<string, Map<string, Remembered>>();
  /** The logs as last seen: name → entries. */
  readonly #logs = new Map<string, unknown[]>();
  #listening = false;
  /** Who writes for whom (from signed intents), and what owners may write of an actor. */
  readonly #devices: MemberDevices;
  readonly #ownerWrites: OwnerWrites;
  readonly #onTransaction = (transaction: Y.Transaction) => this.#afterTransaction(transaction);

  constructor(options: TableAuditOptions) {
    this.#table = options.table;
    this.#options = options;
    this.#devices = new MemberDevices(options.table);
    this.#ownerWrites = new OwnerWrites(this.#devices);
  }

  /**
   * The game system's sheets by actor type, once its module is loaded: from then on an owner's
   * direct edit is kept only for the fields its sheet marks `"editable": "owner"`.
   */
  setSheets(sheets: Parameters<OwnerWrites['setSheets']>[0]): void {
    this.#ownerWrites.setSheets(sheets);
  }

  /**
   * Starts auditing. The state now is taken as legitimate: start it on the GM's own copy
   * (loaded from the device), before the peer connects to anyone.
   */
  start(): void {
    if (this.#listening) return;
    this.#listening = true;
    for (const name of [...GUARDED_MAPS, ACTORS]) this.#remember(name);
    for (const name of this.#logNames())
      this.#logs.set(name, this.#table.getArray(name).toArray().map(fromYValue));
    this.#devices.learnAll();
    this.#table.on('afterTransaction', this.#onTransaction);
  }

  stop(): void {
    this.#listening = false;
    this.#table.off('afterTransaction', this.#onTransaction);
  }

  #afterTransaction(transaction: Y.Transaction): void {
    const keys = changedTopLevelKeys(transaction);
    const changed = this.#namesOf(keys);
    if (changed.size === 0) return;
    // Before the actors are judged: an intent in the same update may name the writer.
    if (changed.has(TABLE_MAPS.members)) this.#devices.learnAll();
    else for (const name of changed) if (this.#isIntentLog(name)) this.#devices.learn(name);
    const own =
      transaction.local ||
      transaction.origin === AUDIT_ORIGIN ||
      this.#options.trusted?.has(transaction.origin) === true;
    if (own) {
      // Read again only the entries this transaction changed: the validator's every commit is
      // one, and reading whole maps (every receipt so far) made each cost grow with the campaign.
      for (const name of changed) {
        if (this.#isLog(name))
          this.#logs.set(name, this.#table.getArray(name).toArray().map(fromYValue));
        else this.#rememberKeys(name, keys.get(this.#table.getMap(name)));
      }
      return;
    }
    const clients = [...transaction.afterState.keys()].filter(
      (client) =>
        (transaction.beforeState.get(client) ?? 0) < (transaction.afterState.get(client) ?? 0),
    );
    const reports: AuditReport[] = [];
    const at = (this.#options.now ?? Date.now)();
    this.#table.transact(() => {
      for (const name of changed) {
        if (this.#isLog(name)) this.#repairLog(name, transaction, reports, clients, at);
        else if (name === ACTORS || GUARDED_MAPS.includes(name))
          this.#repairMap(name, reports, clients, at);
      }
    }, AUDIT_ORIGIN);
    for (const report of reports) this.#options.onReport(report);
  }

  /** Puts back every key of a guarded map that differs from the shadow. */
  #repairMap(name: string, reports: AuditReport[], clients: number[], at: number): void {
    const map = this.#table.getMap(name);
    const shadow = this.#shadow.get(name) ?? new Map<string, Remembered>();
    const keys = new Set([...shadow.keys(), ...map.keys()]);
    const deferred = new Map<string, { expected: JsonObject; paths: readonly string[][] }>();
    for (const key of keys) {
      const remembered = shadow.get(key);
      const expected = remembered?.json;
      const current = map.has(key) ? fromYValue(map.get(key)) : undefined;
      if (name === ACTORS) {
        if (jsonEqual(expected as never, current as never)) continue;
        // An actor added or deleted is the GM's alone; a changed one keeps its owners' edits.
        const review =
          isObject(expected) && isObject(current)
            ? this.#ownerWrites.review(expected, current, map.get(key))
            : undefined;
        const allowed = review === undefined ? expected : review.actor;
        if (review !== undefined && review.deferred.length > 0 && isObject(expected)) {
          deferred.set(key, { expected, paths: review.deferred });
        }
        if (!jsonEqual(allowed as never, current as never)) {
          const restored =
            remembered === undefined || allowed === undefined
              ? undefined
              : { json: allowed, shared: remembered.shared };
          this.#restore(map, key, restored, current);
          reports.push({ where: `${name}/${key}`, what: kindOf(expected, current), clients, at });
        }
        continue;
      }
      if (!jsonEqual(expected as never, current as never)) {
        this.#restore(map, key, remembered, current);
        reports.push({ where: `${name}/${key}`, what: kindOf(expected, current), clients, at });
      }
    }
    this.#remember(name);
    const shadowed = this.#shadow.get(name);
    for (const [key, { expected, paths }] of deferred) {
      const entry = shadowed?.get(key);
      if (entry === undefined || !isObject(entry.json)) continue;
      shadowed?.set(key, {
        json: rememberDeferred(entry.json, expected, paths),
        shared: entry.shared,
      });
    }
  }

  /**
   * Puts a value back in the form it was stored in: a record as a Y.Map (patched field by field
   * where it still is one), a plain entry (meta's) as plain JSON, as its readers expect.
   */
  #restore(
    map: Y.Map<unknown>,
    key: string,
    expected: Remembered | undefined,
    current: unknown,
  ): void {
    if (expected === undefined) {
      map.delete(key);
      return;
    }
    const stored = map.get(key);
    if (!expected.shared) map.set(key, structuredClone(expected.json));
    else if (stored instanceof Y.Map && isObject(expected.json) && isObject(current))
      patchYMap(stored, current, expected.json);
    else map.set(key, toYValue(expected.json as never));
  }

  /**
   * A log may only grow: entries deleted or rewritten are put back, new entries are kept after
   * the known ones. New entries need not come last: when one person's two devices append at
   * the same moment, Yjs places the other device's entry after the last entry that device had
   * seen, which may be before entries this peer has. So the known entries must all still be
   * there, in their order, but anything may stand between them. (Anyone may add entries to any
   * log; the validator answers only those signed by the log's owner.)
   */
  #repairLog(
    name: string,
    transaction: Y.Transaction,
    reports: AuditReport[],
    clients: number[],
    at: number,
  ): void {
    const log = this.#table.getArray<unknown>(name);
    const seen = this.#logs.get(name) ?? [];
    // The common case, an entry appended: nothing to put back, and the known entries' JSON is
    // kept rather than read again (a long log made each intent cost more than the last).
    const grown = appendedOnly(log, seen, transaction);
    if (grown !== null) {
      this.#logs.set(name, grown);
      return;
    }
    const now = log.toArray().map(fromYValue);
    if (!keptInOrder(seen, now)) {
      const added = now.filter(
        (entry) => !seen.some((known) => jsonEqual(known as never, entry as never)),
      );
      log.delete(0, log.length);
      // As the plain JSON they were stored as (the validator and clients read them so).
      log.insert(
        0,
        [...seen, ...added].map((entry) => structuredClone(entry)),
      );
      reports.push({
        where: name,
        what: now.length < seen.length ? 'deleted' : 'changed',
        clients,
        at,
      });
    }
    this.#logs.set(name, log.toArray().map(fromYValue));
  }

  #remember(name: string): void {
    const entries = new Map<string, Remembered>();
    for (const [key, value] of this.#table.getMap(name)) entries.set(key, remembered(value));
    this.#shadow.set(name, entries);
  }

  /**
   * Remembers again the entries of `name` at `keys`, the rest as remembered already. A deferred
   * field (ownerWrites.ts) of another entry stays remembered with its old value: what is written
   * there next is judged against that, whatever the GM wrote elsewhere meanwhile.
   */
  #rememberKeys(name: string, keys: ReadonlySet<string | null> | undefined): void {
    const shadow = this.#shadow.get(name);
    if (shadow === undefined || keys === undefined || keys.has(null)) {
      this.#remember(name);
      return;
    }
    const map = this.#table.getMap(name);
    for (const key of keys) {
      if (key === null) continue;
      if (map.has(key)) shadow.set(key, remembered(map.get(key)));
      else shadow.delete(key);
    }
  }

  /** The names of the top-level types in `keys` (changedKeys.ts: a field counts for its map). */
  #namesOf(keys: ReadonlyMap<unknown, unknown>): Set<string> {
    const names = new Set<string>();
    for (const [name, type] of this.#table.share) if (keys.has(type)) names.add(name);
    return names;
  }

  #logNames(): string[] {
    return [...this.#table.share.keys()].filter((name) => this.#isLog(name));
  }

  #isIntentLog(name: string): boolean {
    return name.startsWith(INTENT_LOG_PREFIX);
  }

  #isLog(name: string): boolean {
    return name.startsWith(INTENT_LOG_PREFIX) || name.startsWith(POST_LOG_PREFIX);
  }
}

/** A map's entry as the audit remembers it. */
function remembered(value: unknown): Remembered {
  return { json: fromYValue(value), shared: value instanceof Y.AbstractType };
}

/**
 * The log's entries after `transaction`, when all it did to the log was insert entries: `seen`
 * (the entries before it, as JSON) with the inserted ones read where they stand. Null when it
 * deleted from the log or changed a shared type inside an entry: the caller checks it whole.
 * Walks the log's items, but reads only the new entries.
 */
function appendedOnly(
  log: Y.Array<unknown>,
  seen: readonly unknown[],
  transaction: Y.Transaction,
): unknown[] | null {
  for (const type of transaction.changed.keys()) {
    let item = type._item;
    while (item !== null) {
      if (item.parent === log) return null;
      item = item.parent instanceof Y.AbstractType ? item.parent._item : null;
    }
  }
  const entries: unknown[] = [];
  let known = 0;
  for (let item = log._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) {
      for (const value of item.content.getContent()) entries.push(fromYValue(value));
    } else {
      for (let i = 0; i < item.length; i++) entries.push(seen[known++]);
    }
  }
  // Every known entry still there: an entry, once inserted, can only be deleted, so fewer (or
  // more) mean the transaction deleted some, or the copy was not the log's; checked whole then.
  return known === seen.length ? entries : null;
}

/** Whether every entry of `seen` is in `now`, in the same order (others may stand between). */
function keptInOrder(seen: readonly unknown[], now: readonly unknown[]): boolean {
  let next = 0;
  for (const entry of now) {
    if (next === seen.length) break;
    if (jsonEqual(seen[next] as never, entry as never)) next++;
  }
  return next === seen.length;
}

function kindOf(expected: unknown, current: unknown): AuditReport['what'] {
  if (expected === undefined) return 'added';
  if (current === undefined) return 'deleted';
  return 'changed';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
