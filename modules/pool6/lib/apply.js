// @ts-check
/**
 * The `apply` hook: what a validated intent changes, and the roll card the receipt shows. It
 * hands each kind to its rule in intents/.
 */

/**
 * @import { ApplyHook } from '@meshtable/module-sdk'
 */

const { KINDS } = require('./constants.js');
const { applyAttack } = require('./intents/attack.js');
const { applyDamage } = require('./intents/damageApply.js');
const { applyRecover } = require('./intents/recover.js');
const { applySpendLuck } = require('./intents/spendLuck.js');
const { applyTest } = require('./intents/test.js');
const { asObject } = require('./read.js');
const { validateIntent } = require('./validate.js');

/**
 * `apply(intent, state, ctx)`: what an intent changes, and the `result` the receipt shows the
 * table (the roll card of an attack or a test: every die of every pool; what damage, luck or
 * recovery did). The validator asks only after `validate` said yes, but apply checks again and
 * throws the same reason rather than trust its caller.
 * @type {ApplyHook}
 */
const apply = (intent, state, ctx) => {
  const verdict = validateIntent(intent, state);
  if (!verdict.ok) throw new RangeError(verdict.reason);
  const payload = asObject(intent.payload);
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(payload, state, ctx);
    case KINDS.attack:
      return applyAttack(payload, state, ctx);
    case KINDS.test:
      return applyTest(payload, state, ctx);
    case KINDS.spendLuck:
      return applySpendLuck(payload, state);
    case KINDS.recover:
      return applyRecover(payload, state);
    default:
      throw new TypeError(
        `pool6 applies only damage.apply and its own kinds, not "${intent.kind}"`,
      );
  }
};

module.exports = Object.freeze({
  apply,
});
