/**
 * Stable codes of {@link IntentPolicyError} (docs/errors.md). Never renamed.
 */
export type IntentPolicyErrorCode =
  /** A policy that is not `auto` or `ask`, a kind that is not one, or `ask` for `join`. */
  | 'INTENT_POLICY_INVALID'
  /** A decision on a held intent that breaks its schema: no reason for a rejection, a bad id. */
  | 'GM_DECISION_INVALID';

/** What setting a policy or deciding on a held intent refuses, with a stable code. */
export class IntentPolicyError extends Error {
  override readonly name = 'IntentPolicyError';
  readonly code: IntentPolicyErrorCode;

  constructor(code: IntentPolicyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
