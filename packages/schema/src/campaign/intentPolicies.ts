/**
 * The GM's intent queue (docs/gm-queue.md): a policy per intent kind, the GMs' approvals and
 * rejections of intents held for them, and the marker the validator shows players while it holds
 * one. Policies and decisions live in the gm doc (`GM_MAPS.intentPolicies`,
 * `GM_MAPS.intentDecisions`): players cannot even read that doc, let alone write it, so nobody but
 * a GM can turn a policy off or approve their own intent. The held marker lives in the table doc
 * (`TABLE_MAPS.held`), written by the validating GM alone and guarded by the audit like receipts.
 *
 * The policy's values are records.ts's intentPolicySchema: `auto` rules an intent at once by the
 * rules (the default for a kind without a policy), `ask` holds it until a GM decides. (The older
 * `meta.campaign.settings.intentPolicy` in the table doc is not what the validator reads: a
 * player could write there until the audit undid it, and only the validating GM may write meta.)
 */
import '../zodWithoutEval';
import { z } from 'zod';
import { timestampSchema, userIdSchema } from './fields';
import type { intentPolicySchema } from './records';

/** An intent kind as a key of the policies map (packages/campaign INTENT_KIND_PATTERN). */
export const intentKindKeySchema = z
  .string()
  .regex(/^[a-z0-9.:-]{1,64}$/, 'must be an intent kind (1 to 64 of a–z, 0–9, ., : and -)');

/** The GM's reason for rejecting an intent by hand: what the player reads in the receipt. */
export const gmReasonSchema = z.string().trim().min(1, 'a rejection needs a reason').max(500);

/** An intent's id as receipts key it (`<author>.<seq>`). */
const intentIdSchema = z.string().min(1).max(100);

/** An intent entry's signature: which of two entries with one id a decision is about. */
const entrySignatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'must be an Ed25519 signature (86 base64url characters)');

/**
 * A GM's decision on an intent held for them: `intentDecisions[intentId]` in the gm doc. An
 * approval lets the validator rule the intent by the rules (it can still be rejected by them); a
 * rejection becomes a rejected receipt with the reason.
 */
export const gmDecisionSchema = z.discriminatedUnion('verdict', [
  z.strictObject({
    intentId: intentIdSchema,
    sig: entrySignatureSchema,
    verdict: z.literal('approve'),
    by: userIdSchema,
    at: timestampSchema,
  }),
  z.strictObject({
    intentId: intentIdSchema,
    sig: entrySignatureSchema,
    verdict: z.literal('reject'),
    reason: gmReasonSchema,
    by: userIdSchema,
    at: timestampSchema,
  }),
]);

/**
 * An intent the validator holds for a GM: `held[intentId]` in the table doc, deleted in the same
 * transaction as the intent's receipt. It tells the author why nothing happens yet.
 */
export const heldIntentSchema = z.strictObject({
  intentId: intentIdSchema,
  sig: entrySignatureSchema,
  kind: intentKindKeySchema,
  since: timestampSchema,
});

export type IntentPolicy = z.infer<typeof intentPolicySchema>;
export type GmDecision = z.infer<typeof gmDecisionSchema>;
export type HeldIntent = z.infer<typeof heldIntentSchema>;
