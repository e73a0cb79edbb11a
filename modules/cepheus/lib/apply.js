// @ts-check
/**
 * The `apply` hook: what a validated intent changes, and the `result` the receipt shows. It hands
 * damage.apply and each `cepheus:` kind to its rule in intents/.
 */

/**
 * @import { ApplyHook } from '@meshtable/module-sdk'
 */

const { applyAttack, attackPlan } = require('./intents/attack.js');
const { applyDamage } = require('./intents/damageApply.js');
const { applyHeal, healPlan } = require('./intents/heal.js');
const { applySetUpp, uppPlan } = require('./intents/setUpp.js');
const { applyTask, taskPlan } = require('./intents/task.js');
const { planned } = require('./refusals.js');

/**
 * `apply(intent, state, ctx)`: what a validated intent changes, and the `result` the receipt
 * shows the table (an attack's, task's or treatment's roll card; what damage did). Each plan is
 * worked out again from the state (validate's answer is not kept between calls), so a bad
 * payload still fails here with its reason.
 * @type {ApplyHook}
 */
const apply = (intent, state, ctx) => {
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(intent, state);
    case 'cepheus:attack':
      return applyAttack(planned(attackPlan(intent, state)), state, ctx);
    case 'cepheus:task':
      return applyTask(planned(taskPlan(intent, state)), ctx);
    case 'cepheus:heal':
      return applyHeal(planned(healPlan(intent, state)), state, ctx);
    case 'cepheus:set-upp':
      return applySetUpp(planned(uppPlan(intent, state)));
    default:
      throw new TypeError(`apply: the Cepheus Engine rules do not apply "${intent.kind}"`);
  }
};

module.exports = Object.freeze({
  apply,
});
