// @ts-check
/**
 * The `validate` hook: may this intent happen? It hands each kind to its rule in intents/, checks
 * a roll's options, and refuses kinds it does not know.
 */

/**
 * @import { ValidateHook } from '@meshtable/module-sdk'
 */

const { attackPlan } = require('./intents/attack.js');
const { validateDamage } = require('./intents/damageApply.js');
const { healPlan } = require('./intents/heal.js');
const { uppPlan } = require('./intents/setUpp.js');
const { validateSheetEdit } = require('./intents/sheetEdit.js');
const { taskPlan } = require('./intents/task.js');
const { validateMove } = require('./intents/tokenMove.js');
const { asObject } = require('./read.js');
const { checked, OK, refuse } = require('./refusals.js');
const { checkRollOptions } = require('./roll.js');

/** The module's own intent kinds. */
const KINDS = Object.freeze(['cepheus:attack', 'cepheus:task', 'cepheus:heal', 'cepheus:set-upp']);

/**
 * `validate(intent, state)`: may this happen? Asked for every intent after the core's own checks
 * (an owner or a GM, a payload of the right shape for core kinds); answers with a reason the
 * player can act on.
 * @type {ValidateHook}
 */
const validate = (intent, state) => {
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, state);
    case 'sheet.edit':
      return validateSheetEdit(intent, state);
    case 'damage.apply':
      return validateDamage(intent, state);
    case 'roll': {
      const problem = checkRollOptions(asObject(intent.payload));
      return problem === null ? OK : refuse(problem);
    }
    case 'chat.command':
      return OK;
    case 'cepheus:attack':
      return checked(attackPlan(intent, state));
    case 'cepheus:task':
      return checked(taskPlan(intent, state));
    case 'cepheus:heal':
      return checked(healPlan(intent, state));
    case 'cepheus:set-upp':
      return checked(uppPlan(intent, state));
    default:
      return refuse(
        `the Cepheus Engine rules know no "${String(intent.kind).slice(0, 60)}" intent (they know ${KINDS.join(', ')})`,
      );
  }
};

module.exports = Object.freeze({
  validate,
});
