// @ts-check
/**
 * Answers of validate: `OK`, a refusal with its reason, and the plans of the module's own kinds.
 * Each `cepheus:` kind is worked out by a plan function that returns the plan or why it cannot
 * happen (a string); validate turns that into its verdict (`checked`), apply into the plan it
 * runs (`planned`).
 */

/**
 * @import { ValidateResult } from '@meshtable/module-sdk'
 */

/** validate's yes. */
const OK = Object.freeze({ ok: /** @type {const} */ (true) });

/**
 * validate's no, with a reason the player can act on (at most 1,000 characters, as the core
 * allows).
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason: reason.slice(0, 1000) };
}

/**
 * A plan's verdict for validate.
 * @param {object | string} plan
 * @returns {ValidateResult}
 */
function checked(plan) {
  return typeof plan === 'string' ? refuse(plan) : OK;
}

/**
 * A plan for apply: validate refused the intent already if it has none, so this only throws when
 * apply is called without validate.
 * @template T
 * @param {T | string} plan
 * @returns {T}
 */
function planned(plan) {
  if (typeof plan === 'string') throw new RangeError(plan);
  return plan;
}

module.exports = Object.freeze({
  OK,
  refuse,
  checked,
  planned,
});
