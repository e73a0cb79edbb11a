// @ts-check
/**
 * Refusals: a rule that says no throws a {@link Refusal} with a reason the player can act on.
 * validate turns it into `{ ok: false, reason }`, a command into a usage message, and a hook that
 * lets it through (roll, for a bad request) fails with "RangeError: <reason>".
 */

/**
 * @typedef {(reason: string) => never} Refuse
 *   The type of {@link refuse}. A file that requires it declares it with this type
 *   (`@type {Refuse}`): TypeScript ends a branch at a call that never returns only when the
 *   function was declared with its type, so `if (!actor) refuse(…)` leaves `actor` defined.
 */

/**
 * A refusal: a reason the player can act on. It is a RangeError so that a hook which throws it
 * (roll, for a bad request) fails with "RangeError: <reason>"; validate turns it into
 * `{ ok: false, reason }`.
 */
class Refusal extends RangeError {}

/**
 * Refuses: throws the reason as a {@link Refusal}.
 * @param {string} reason
 * @returns {never}
 */
function refuse(reason) {
  throw new Refusal(reason);
}

module.exports = Object.freeze({
  Refusal,
  refuse,
});
