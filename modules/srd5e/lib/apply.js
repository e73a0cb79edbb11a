// @ts-check
/**
 * The `apply` hook: what a validated intent changes, and the roll card the receipt shows. It
 * hands each kind to its rule in intents/.
 */

/**
 * @import { ApplyHook } from '@meshtable/module-sdk'
 */

const { applyAttack } = require('./intents/attack.js');
const { applyCast } = require('./intents/cast.js');
const { applyCheck, applySave } = require('./intents/checks.js');
const { applyCondition } = require('./intents/condition.js');
const { applyDamage } = require('./intents/damageApply.js');
const { applyDeathSave } = require('./intents/deathSave.js');
const { applyRest } = require('./intents/rest.js');
const { obj } = require('./read.js');

/**
 * `apply(intent, state, ctx)`: the changes of a validated intent, and its roll card as the
 * receipt's `result` (`{ kind, text, … }`, every die included). damage.apply and every srd5e
 * kind land here. The card lives in the receipt only: every peer sees it there, in the order
 * the rulings were made, so no sheet field repeats it (and a roll that changes nothing, a save
 * without consequence, writes nothing to the table).
 * @type {ApplyHook}
 */
const apply = (intent, state, ctx) => {
  const payload = obj(intent.payload);
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(payload, state, ctx);
    case 'srd5e:attack':
      return applyAttack(intent, payload, state, ctx);
    case 'srd5e:save':
      return applySave(intent, payload, state, ctx);
    case 'srd5e:check':
      return applyCheck(intent, payload, state, ctx);
    case 'srd5e:cast':
      return applyCast(intent, payload, state, ctx);
    case 'srd5e:death-save':
      return applyDeathSave(intent, payload, state, ctx);
    case 'srd5e:condition':
      return applyCondition(payload, state, ctx);
    case 'srd5e:rest':
      return applyRest(intent, payload, state, ctx);
    default:
      // The core applies moves, sheet edits, rolls and commands; validate refuses the rest.
      throw new TypeError(`srd5e has no rule to apply "${intent.kind}"`);
  }
};

module.exports = Object.freeze({
  apply,
});
