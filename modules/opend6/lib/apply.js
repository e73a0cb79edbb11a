// @ts-check
/**
 * The `apply` hook: what a validated intent changes, and the roll card the receipt shows.
 * damage.apply has its own rule; every `opend6:` kind runs its plan.
 */

/**
 * @import { ApplyHook } from '@meshtable/module-sdk'
 * @import { State } from './table.js'
 */

const { applyDamage, readDamageApply } = require('./intents/damageApply.js');
const { planIntent } = require('./plan.js');

/**
 * `apply(intent, state, ctx)`: damage (`damage.apply`) and the module's own kinds (the core
 * applies moves, sheet edits, rolls and commands). Each kind is planned by the same function
 * validate used, so apply never acts on what validate did not see; dice are rolled here, from
 * the ruling's seed. The result is what the receipt shows the table: the roll card with every
 * die, and what it did.
 * @type {ApplyHook}
 */
const apply = (intent, rawState, ctx) => {
  const state = /** @type {State} */ (/** @type {unknown} */ (rawState));
  if (intent.kind === 'damage.apply') {
    return applyDamage(readDamageApply(intent, state), state, ctx);
  }
  return planIntent(intent, state).run(ctx);
};

module.exports = Object.freeze({
  apply,
});
