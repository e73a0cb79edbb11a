/**
 * The intent queue as the GM's panel shows it (docs/gm-queue.md): intents that wait for a GM
 * first, then those not ruled yet (the validator is offline, or they wait behind a held one in
 * their author's log), then recent rulings with their outcome. Read from the table doc (logs,
 * receipts, the validator's `held` markers) and, on a GM's device, the gm doc (policies and
 * decisions). A player's device, without the gm doc, sees its own intents the same way, from the
 * held markers. Pure reading: nothing here writes.
 */
import {
  fromYValue,
  INTENT_KINDS,
  intentPolicyOf,
  readGmDecision,
  readHeldIntents,
  readIntentPolicies,
  verifyIntent,
} from '@meshtable/campaign';
import {
  INTENT_LOG_PREFIX,
  type IntentPolicy,
  memberSchema,
  receiptSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { summarizeIntent, summarizeResult } from './summarizeIntent';

/** Where an intent stands. */
export type QueueState =
  /** Its kind asks for a GM, and no GM has decided. */
  | 'asking'
  /** A GM decided (approve or reject); the validating device has not acted on it yet. */
  | 'decided'
  /** Not ruled yet: the validator is offline, busy, or the intent waits behind a held one. */
  | 'pending'
  | 'applied'
  | 'rejected';

/** One intent in the queue. */
export interface QueueItem {
  readonly id: string;
  readonly sig: string;
  readonly author: string;
  /** The author's name from the members list (their id if they have none). */
  readonly authorName: string;
  readonly kind: string;
  /** The payload in a line (summarizeIntent.ts). */
  readonly summary: string;
  readonly state: QueueState;
  /** A rejection's reason, or the GM's decision waiting to be acted on. */
  readonly reason?: string;
  readonly decision?: 'approve' | 'reject';
  /** An applied receipt's result in a line (a roll's dice and total). */
  readonly result?: string;
  /** The receipt's ruling order, for recent ones. */
  readonly order?: number;
}

/** The queue, in the order the panel shows it. */
export interface IntentQueue {
  readonly asking: readonly QueueItem[];
  readonly pending: readonly QueueItem[];
  /** Ruled intents, the latest first. */
  readonly recent: readonly QueueItem[];
  /** Every kind a policy can be set for (core kinds but `join`, kinds seen, kinds with a policy). */
  readonly kinds: readonly string[];
  /** The policy of each of {@link IntentQueue.kinds}; empty on a player's device. */
  readonly policies: ReadonlyMap<string, IntentPolicy>;
}

/** Options of {@link readIntentQueue}. */
export interface IntentQueueOptions {
  /** Only this author's intents (a player's own view). */
  readonly author?: string;
  /** How many recent rulings to keep (20). */
  readonly recent?: number;
}

const DEFAULT_RECENT = 20;

/**
 * Reads the queue.
 * @param gm the gm doc on a GM's device, or null on a player's
 */
export function readIntentQueue(
  table: Y.Doc,
  gm: Y.Doc | null,
  options: IntentQueueOptions = {},
): IntentQueue {
  const members = readMemberInfo(table);
  const receipts = table.getMap(TABLE_MAPS.receipts);
  const held = readHeldIntents(table);
  const asking: QueueItem[] = [];
  const pending: QueueItem[] = [];
  const recent: QueueItem[] = [];
  const seenKinds = new Set<string>();
  const logNames = [...table.share.keys()]
    .filter((name) => name.startsWith(INTENT_LOG_PREFIX))
    .sort();
  for (const name of logNames) {
    const owner = name.slice(INTENT_LOG_PREFIX.length);
    if (options.author !== undefined && owner !== options.author) continue;
    const member = members.get(owner);
    for (const stored of table.getArray<unknown>(name).toArray()) {
      const entry = fromYValue(stored) as Record<string, unknown> | null;
      if (typeof entry !== 'object' || entry === null) continue;
      const { id, sig, kind, payload } = entry;
      if (typeof id !== 'string' || !id.startsWith(`${owner}.`)) continue;
      if (typeof sig !== 'string' || typeof kind !== 'string') continue;
      const base = {
        id,
        sig,
        author: owner,
        authorName: member?.name ?? (kind === 'join' ? joinName(payload) : null) ?? owner,
        kind,
      };
      const checked = receiptSchema.safeParse(fromYValue(receipts.get(id)));
      if (checked.success) {
        // Another device's entry with the same id got the receipt: this one is never ruled.
        if (checked.data.sig !== sig) continue;
        seenKinds.add(kind);
        const receipt = checked.data;
        const result = receipt.status === 'applied' ? summarizeResult(kind, receipt.result) : null;
        recent.push({
          ...base,
          summary: summarizeIntent(table, kind, payload),
          state: receipt.status,
          ...(receipt.status === 'rejected' ? { reason: receipt.reason } : {}),
          ...(result === null ? {} : { result }),
          order: receipt.n ?? 0,
        });
        continue;
      }
      // Not ruled: show it only if it is the author's own, signed (a forgery is never ruled).
      const key = member?.publicKey ?? (kind === 'join' ? joinKey(payload) : null);
      if (key === null || !verifyIntent(entry, key).ok) continue;
      seenKinds.add(kind);
      const item = {
        ...base,
        summary: summarizeIntent(table, kind, payload),
      };
      const marker = held.get(id);
      const heldNow = marker !== undefined && marker.sig === sig;
      if (gm === null) {
        (heldNow ? asking : pending).push({ ...item, state: heldNow ? 'asking' : 'pending' });
        continue;
      }
      const asksGm =
        kind !== INTENT_KINDS.join &&
        member?.role !== 'gm' &&
        (heldNow || intentPolicyOf(gm, kind) === 'ask');
      const decision = asksGm ? readGmDecision(gm, id, sig) : null;
      if (decision !== null)
        pending.push({
          ...item,
          state: 'decided',
          decision: decision.verdict,
          ...(decision.verdict === 'reject' ? { reason: decision.reason } : {}),
        });
      else if (asksGm) asking.push({ ...item, state: 'asking' });
      else pending.push({ ...item, state: 'pending' });
    }
  }
  recent.sort((a, b) => (b.order ?? 0) - (a.order ?? 0));
  const policies = gm === null ? new Map<string, IntentPolicy>() : readIntentPolicies(gm);
  const kinds = new Set<string>(
    Object.values(INTENT_KINDS).filter((kind) => kind !== INTENT_KINDS.join),
  );
  for (const kind of [...seenKinds, ...policies.keys()])
    if (kind !== INTENT_KINDS.join) kinds.add(kind);
  const sortedKinds = [...kinds].sort();
  return {
    asking,
    pending,
    recent: recent.slice(0, options.recent ?? DEFAULT_RECENT),
    kinds: sortedKinds,
    policies: new Map(
      gm === null ? [] : sortedKinds.map((kind) => [kind, intentPolicyOf(gm, kind)] as const),
    ),
  };
}

interface MemberInfo {
  readonly name: string;
  readonly publicKey: string;
  readonly role: 'gm' | 'player';
}

function readMemberInfo(table: Y.Doc): Map<string, MemberInfo> {
  const members = new Map<string, MemberInfo>();
  for (const [userId, stored] of table.getMap(TABLE_MAPS.members)) {
    const checked = memberSchema.safeParse(fromYValue(stored));
    if (checked.success) members.set(userId, checked.data);
  }
  return members;
}

function joinName(payload: unknown): string | null {
  const name = (payload as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : null;
}

function joinKey(payload: unknown): string | null {
  const key = (payload as { publicKey?: unknown } | null)?.publicKey;
  return typeof key === 'string' ? key : null;
}
