/**
 * The GM's intent queue in the engine (docs/gm-queue.md): a policy per intent kind, `auto` (the
 * rules decide at once, the default) or `ask` (the validator holds the intent until a GM
 * approves or rejects it), and the GMs' decisions on held intents.
 *
 * Both live in the gm doc, which only GM devices (and the relay) hold: a player cannot turn a
 * policy off, nor approve their own intent, since they cannot write (or read) that doc. Any GM
 * device writes them; the validating device reads them at each ruling, so an approval made on a
 * GM's phone reaches the validator through the gm doc's sync.
 *
 * An approval does not force anything: the intent is then ruled by the rules like any other
 * (validate, apply), and may still be rejected by them. A rejection by hand becomes a signed
 * rejected receipt whose reason starts with {@link GM_REJECTION_PREFIX}.
 */
import {
  GM_MAPS,
  type GmDecision,
  gmDecisionSchema,
  type HeldIntent,
  heldIntentSchema,
  type IntentPolicy,
  intentKindKeySchema,
  intentPolicySchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import { IntentPolicyError } from './IntentPolicyError';

/** The transaction origin of policy changes and decisions written to the gm doc. */
export const INTENT_POLICY_ORIGIN = Symbol('meshtable intent policy');

/** How the receipt of an intent a GM rejected by hand begins; the GM's reason follows. */
export const GM_REJECTION_PREFIX = 'Rejected by the GM: ';

/** The kind that is never held: a joiner is admitted by the GM through the members list. */
const NEVER_HELD = 'join';

/** Every policy set in the gm doc, by kind (kinds without one are `auto`; bad entries ignored). */
export function readIntentPolicies(gm: Y.Doc): Map<string, IntentPolicy> {
  const policies = new Map<string, IntentPolicy>();
  for (const [kind, stored] of gm.getMap(GM_MAPS.intentPolicies)) {
    const policy = intentPolicySchema.safeParse(stored);
    if (policy.success && intentKindKeySchema.safeParse(kind).success)
      policies.set(kind, policy.data);
  }
  return policies;
}

/** The policy of one kind: `auto` unless a GM set `ask` (and never `ask` for `join`). */
export function intentPolicyOf(gm: Y.Doc, kind: string): IntentPolicy {
  if (kind === NEVER_HELD) return 'auto';
  const policy = intentPolicySchema.safeParse(gm.getMap(GM_MAPS.intentPolicies).get(kind));
  return policy.success ? policy.data : 'auto';
}

/**
 * Sets the policy of an intent kind (core or a module's), on any GM device.
 * @throws IntentPolicyError `INTENT_POLICY_INVALID` for a bad kind or policy, or `ask` for `join`
 * @example
 * ```ts
 * setIntentPolicy(session.gm, 'roll', 'ask');
 * ```
 */
export function setIntentPolicy(gm: Y.Doc, kind: string, policy: IntentPolicy): void {
  const checkedKind = intentKindKeySchema.safeParse(kind);
  if (!checkedKind.success)
    throw new IntentPolicyError(
      'INTENT_POLICY_INVALID',
      `"${kind}" is not an intent kind: ${checkedKind.error.issues[0]?.message ?? ''}`,
    );
  if (!intentPolicySchema.safeParse(policy).success)
    throw new IntentPolicyError(
      'INTENT_POLICY_INVALID',
      `A policy is "auto" or "ask", not "${String(policy)}".`,
    );
  if (kind === NEVER_HELD && policy === 'ask')
    throw new IntentPolicyError(
      'INTENT_POLICY_INVALID',
      'Joins are never held: the GM admits a joiner in the members list.',
    );
  gm.transact(() => gm.getMap(GM_MAPS.intentPolicies).set(kind, policy), INTENT_POLICY_ORIGIN);
}

/** What a GM decides on a held intent: approve it, or reject it with a reason. */
export type GmVerdict =
  | { readonly verdict: 'approve' }
  | { readonly verdict: 'reject'; readonly reason: string };

/**
 * Records a GM's decision on a held intent in the gm doc; the validating device acts on it. The
 * decision names the entry by its signature, so it cannot be taken for another entry with the
 * same id. A later decision on the same intent replaces an earlier one not yet acted on.
 * @param entry the held intent's id and signature (from its log entry or its held marker)
 * @param by the deciding GM's userId
 * @throws IntentPolicyError `GM_DECISION_INVALID` for a rejection without a reason, a bad id
 */
export function decideHeldIntent(
  gm: Y.Doc,
  entry: { readonly intentId: string; readonly sig: string },
  verdict: GmVerdict,
  by: string,
  at: number = Date.now(),
): GmDecision {
  const checked = gmDecisionSchema.safeParse({
    intentId: entry.intentId,
    sig: entry.sig,
    ...verdict,
    by,
    at,
  });
  if (!checked.success) {
    const problems = checked.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'decision'}: ${issue.message}`,
    );
    throw new IntentPolicyError(
      'GM_DECISION_INVALID',
      `Cannot record that decision: ${problems.join('; ')}.`,
    );
  }
  gm.transact(
    () => gm.getMap(GM_MAPS.intentDecisions).set(entry.intentId, checked.data),
    INTENT_POLICY_ORIGIN,
  );
  return checked.data;
}

/** A GM's decision on this very entry (same id and signature), or null. */
export function readGmDecision(gm: Y.Doc, intentId: string, sig: string): GmDecision | null {
  const checked = gmDecisionSchema.safeParse(
    fromYValue(gm.getMap(GM_MAPS.intentDecisions).get(intentId)),
  );
  return checked.success && checked.data.sig === sig && checked.data.intentId === intentId
    ? checked.data
    : null;
}

/** The intents the validator holds for a GM now, by id (markers that break their schema left out). */
export function readHeldIntents(table: Y.Doc): Map<string, HeldIntent> {
  const held = new Map<string, HeldIntent>();
  for (const [id, stored] of table.getMap(TABLE_MAPS.held)) {
    const checked = heldIntentSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.intentId === id) held.set(id, checked.data);
  }
  return held;
}

/** What the validator does with a verified intent of a member, before the rules see it. */
export type HoldOutcome =
  /** Rule it now (policy `auto`, a GM's own intent, a join, or approved). */
  | { readonly step: 'rule' }
  /** Keep it, and the author's later intents, until a GM decides. */
  | { readonly step: 'hold' }
  /** A GM rejected it by hand: the receipt's reason. */
  | { readonly step: 'reject'; readonly reason: string };

/**
 * Whether the validator rules an intent now. A GM's own intents are never held (the GM would be
 * asking themself), nor are joins.
 */
export function holdOutcome(
  gm: Y.Doc,
  intent: { readonly id: string; readonly kind: string; readonly sig: string },
  byGm: boolean,
): HoldOutcome {
  if (byGm || intent.kind === NEVER_HELD) return { step: 'rule' };
  // A decision stands even if the policy went back to `auto` before the validator saw it: a GM
  // who rejected an intent by hand meant it.
  const decision = readGmDecision(gm, intent.id, intent.sig);
  if (decision?.verdict === 'reject')
    return { step: 'reject', reason: `${GM_REJECTION_PREFIX}${decision.reason}` };
  if (decision !== null || intentPolicyOf(gm, intent.kind) === 'auto') return { step: 'rule' };
  return { step: 'hold' };
}
