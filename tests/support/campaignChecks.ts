/**
 * What must hold of a campaign once every peer has everything: the docs are equal, every signed
 * intent has its one receipt, every request was ruled on once, the GM-owned records are what
 * the validator wrote, and every receipt's dice check out. Each check returns the problems it
 * found (empty when all is well), so a failure lists them all.
 */
import {
  fromYValue,
  type Identity,
  type Intent,
  verifyIntent,
  verifyReceiptDice,
} from '@meshtable/campaign';
import {
  type DiceCommitment,
  INTENT_LOG_PREFIX,
  intentLogName,
  POST_LOG_PREFIX,
  type Receipt,
  receiptSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { type Device, DIRECT_FIELD, type TrackedRequest } from './campaignWorld';

/** The parts of the table doc only the validator writes, with sheets' direct field left out. */
const GUARDED = [
  TABLE_MAPS.meta,
  TABLE_MAPS.members,
  TABLE_MAPS.scenes,
  TABLE_MAPS.tokens,
  TABLE_MAPS.actors,
  TABLE_MAPS.handouts,
  TABLE_MAPS.combat,
  TABLE_MAPS.receipts,
] as const;

/** JSON with every object's keys sorted: two equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? Object.fromEntries(
          Object.entries(field as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : field,
  );
}

/** Every top-level type of a table doc that holds something, as JSON. */
export function docJson(doc: Y.Doc): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const isLog = name.startsWith(INTENT_LOG_PREFIX) || name.startsWith(POST_LOG_PREFIX);
    const value = isLog ? doc.getArray(name).toJSON() : doc.getMap(name).toJSON();
    if (Object.keys(value).length > 0) json[name] = value;
  }
  return json;
}

/**
 * The GM-owned maps as JSON: what the validator writes. Actors' sheet `data` is in it but for
 * the field owners write directly, which the validator never does.
 */
export function guardedJson(doc: Y.Doc): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const name of GUARDED) json[name] = doc.getMap(name).toJSON();
  const actors = json[TABLE_MAPS.actors] as Record<string, { data?: Record<string, unknown> }>;
  for (const actor of Object.values(actors)) {
    if (actor.data !== undefined) delete actor.data[DIRECT_FIELD];
  }
  return json;
}

/** Every device's doc is the same, with nothing left waiting for a missing update. */
export function convergenceProblems(devices: readonly Device[]): string[] {
  const problems: string[] = [];
  const [first, ...rest] = devices;
  if (first === undefined) return problems;
  const expected = stableJson(docJson(first.doc));
  for (const device of devices) {
    const { pendingStructs, pendingDs } = device.doc.store;
    if (pendingStructs !== null || pendingDs !== null)
      problems.push(`${device.name} still waits for updates it is missing`);
  }
  for (const device of rest) {
    const actual = stableJson(docJson(device.doc));
    if (actual !== expected)
      problems.push(
        `${device.name} differs from ${first.name}: ${firstDifference(expected, actual)}`,
      );
  }
  return problems;
}

/**
 * Every entry signed by its log's owner has a receipt for its id, which names an entry of that
 * log with that id and that signature, signed by the owner: itself, or another device's entry
 * that took the id. (An entry nobody can check the signature of gets no receipt.) Every
 * receipt is the GM's, well formed, names an entry of its author's log, and has its own place
 * `n` in the order of rulings: 1, 2, 3, … with none missing.
 */
export function receiptProblems(table: Y.Doc, people: readonly Identity[], gm: Identity): string[] {
  const problems: string[] = [];
  const receipts = receiptsOf(table);
  const keys = new Map(people.map((person) => [person.userId, person.publicKey]));
  const signed = signedBy();
  const answers = (receipt: Receipt, entry: Record<string, unknown>, key: Uint8Array) =>
    entry.id === receipt.intentId && entry.sig === receipt.sig && signed(entry, key);
  for (const person of people) {
    const entries = entriesOf(table, person.userId);
    for (const entry of entries) {
      if (!signed(entry, person.publicKey)) continue;
      const receipt = receipts.get(entry.id as string);
      if (receipt === undefined) problems.push(`${entry.id} (${entry.kind}) has no receipt`);
      else if (!entries.some((each) => answers(receipt, each, person.publicKey)))
        problems.push(`the receipt of ${entry.id} names no entry it may answer`);
    }
  }
  const order: number[] = [];
  for (const [id, stored] of receipts) {
    const checked = receiptSchema.safeParse(stored);
    if (!checked.success) {
      problems.push(`receipt ${id} is malformed: ${checked.error.issues[0]?.message}`);
      continue;
    }
    const receipt = checked.data;
    if (receipt.intentId !== id) problems.push(`receipt ${id} is for ${receipt.intentId}`);
    if (receipt.by !== gm.userId) problems.push(`receipt ${id} is by ${receipt.by}`);
    order.push(receipt.n ?? 0);
    const author = id.slice(0, id.lastIndexOf('.'));
    const key = keys.get(author);
    const entries = entriesOf(table, author);
    if (key === undefined || !entries.some((entry) => answers(receipt, entry, key)))
      problems.push(`receipt ${id} names no entry of its author's log it may answer`);
  }
  order.sort((a, b) => a - b);
  if (order.some((n, index) => n !== index + 1))
    problems.push(`the receipts' order is ${order.join(',')}, not 1 to ${order.length}`);
  return problems;
}

/**
 * Every request was ruled on exactly once: one of the entries it appended (the first, or one it
 * was sent again as after losing its id) has the receipt of its id, and the request's ticket
 * ended with that receipt; a request that gave up after losing its id every time was never
 * ruled on.
 */
export function requestProblems(table: Y.Doc, requests: readonly TrackedRequest[]): string[] {
  const problems: string[] = [];
  const receipts = receiptsOf(table);
  const ruled = new Map<string, { entry: Record<string, unknown>; receipt: Receipt }[]>();
  for (const name of [...table.share.keys()].filter((each) => each.startsWith(INTENT_LOG_PREFIX))) {
    const seen = new Set<string>();
    for (const entry of table.getArray(name).toJSON() as Record<string, unknown>[]) {
      const receipt = receipts.get(entry.id as string);
      const marker = markerOf(entry);
      // The same entry twice (a copy the audit put back) is one ruling.
      const copy = stableJson(entry);
      if (marker === null || receipt === undefined || receipt.sig !== entry.sig || seen.has(copy))
        continue;
      seen.add(copy);
      ruled.set(marker, [...(ruled.get(marker) ?? []), { entry, receipt }]);
    }
  }
  for (const request of requests) {
    const rulings = ruled.get(request.marker) ?? [];
    const what = `request ${request.marker} from ${request.device} (ticket ${request.ticket.id})`;
    const { outcome } = request;
    if (outcome === null) {
      problems.push(`${what} has no answer (${rulings.length} rulings)`);
    } else if ('error' in outcome) {
      if (rulings.length > 0)
        problems.push(`${what} failed (${outcome.error.message}) but was ruled on`);
    } else if (rulings.length !== 1) {
      problems.push(`${what} was ruled on ${rulings.length} times`);
    } else if (stableJson(rulings[0]?.receipt) !== stableJson(outcome.receipt)) {
      problems.push(
        `${what} ended with ${stableJson(outcome.receipt)}, but its ruling is ${stableJson(rulings[0]?.receipt)}`,
      );
    }
  }
  return problems;
}

/**
 * Every receipt's dice check out against the chain committed in meta, and the chain's seeds were
 * revealed one after another, in the order of the rulings.
 */
export function diceProblems(table: Y.Doc, people: readonly Identity[]): string[] {
  const problems: string[] = [];
  const keys = new Map(people.map((person) => [person.userId, person.publicKey]));
  const signed = signedBy();
  const commitment = fromYValue(table.getMap(TABLE_MAPS.meta).get('dice')) as
    | DiceCommitment
    | undefined;
  const indexes: number[] = [];
  const ordered = [...receiptsOf(table).values()].sort((a, b) => (a.n ?? 0) - (b.n ?? 0));
  for (const receipt of ordered) {
    if (receipt.roll === undefined) continue;
    const author = receipt.intentId.slice(0, receipt.intentId.lastIndexOf('.'));
    const key = keys.get(author);
    // The entry it answers, not a tampered copy that carries its id and signature.
    const entry = entriesOf(table, author).find(
      (each) =>
        each.id === receipt.intentId &&
        each.sig === receipt.sig &&
        key !== undefined &&
        signed(each, key),
    );
    if (entry === undefined) continue; // receiptProblems says so
    // It verified, so it is an Intent.
    const verdict = verifyReceiptDice(receipt, entry as unknown as Intent, commitment);
    if (!verdict.ok) problems.push(`the dice of ${receipt.intentId} fail: ${verdict.reason}`);
    indexes.push(receipt.roll.index);
  }
  const expected = indexes.map((_, index) => index + 1);
  if (stableJson(indexes) !== stableJson(expected))
    problems.push(`seeds revealed in the order ${indexes.join(',')}`);
  if ((commitment?.revealed ?? 0) !== indexes.length)
    problems.push(
      `meta says ${commitment?.revealed} seeds are revealed, receipts ${indexes.length}`,
    );
  return problems;
}

/** Whether an entry is signed by a key, remembered: verifying is the slow part of the checks. */
function signedBy(): (entry: Record<string, unknown>, key: Uint8Array) => boolean {
  const known = new Map<string, boolean>();
  return (entry, key) => {
    const cacheKey = `${Buffer.from(key).toString('hex')} ${stableJson(entry)}`;
    let verdict = known.get(cacheKey);
    if (verdict === undefined) {
      verdict = verifyIntent(entry, key).ok;
      known.set(cacheKey, verdict);
    }
    return verdict;
  };
}

/** The request a log entry belongs to, read from its payload (see the run's request makers). */
export function markerOf(entry: Record<string, unknown>): string | null {
  const payload = entry.payload as Record<string, unknown> | null | undefined;
  if (typeof payload !== 'object' || payload === null) return null;
  switch (entry.kind) {
    case 'token.move':
      return typeof payload.x === 'number' ? `move:${markerOfPosition(payload.x)}` : null;
    case 'roll':
      return typeof payload.label === 'string' ? `roll:${payload.label}` : null;
    case 'sheet.edit':
      return typeof payload.value === 'number' ? `edit:${payload.value}` : null;
    case 'damage.apply':
      return typeof payload.amount === 'number' ? `damage:${payload.amount}` : null;
    case 'join':
      return typeof payload.name === 'string' ? `join:${payload.name}` : null;
    default:
      return null;
  }
}

/** Positions carry their request's number in the fraction: `70 * squares + n / 1024`. */
export function markedPosition(squares: number, n: number): number {
  return 70 * squares + n / 1024;
}

function markerOfPosition(x: number): number {
  return Math.round((x - 70 * Math.floor(x / 70)) * 1024);
}

export function receiptsOf(table: Y.Doc): Map<string, Receipt> {
  return new Map(
    Object.entries(table.getMap(TABLE_MAPS.receipts).toJSON() as Record<string, Receipt>),
  );
}

export function entriesOf(table: Y.Doc, author: string): Record<string, unknown>[] {
  return table.getArray(intentLogName(author)).toJSON() as Record<string, unknown>[];
}

/** Where two JSON texts first differ, with some context. */
export function firstDifference(expected: string, actual: string): string {
  let index = 0;
  while (index < expected.length && expected[index] === actual[index]) index++;
  const from = Math.max(0, index - 120);
  return `…${expected.slice(from, index + 120)}… vs …${actual.slice(from, index + 120)}…`;
}
