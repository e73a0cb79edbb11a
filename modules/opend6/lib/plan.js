// @ts-check
/**
 * Plans: each `opend6:` intent is checked by a function that returns what applying it does.
 * validate builds the plan and drops it; apply builds it again and runs it, so apply never acts
 * on what validate did not see. The planners live in intents/, one file a kind.
 */

/**
 * @import { Change, Intent, JsonObject, ModuleContext } from '@meshtable/module-sdk'
 * @import { Refuse } from './refusal.js'
 * @import { State } from './table.js'
 *
 * @typedef {{ changes: Change[], result: JsonObject }} Ruling
 *   What apply returns: the changes, and the result the receipt shows the table (the roll card).
 * @typedef {{ run: (ctx: ModuleContext) => Ruling }} Plan
 *   What applying a checked intent does: validate builds it and drops it, apply runs it.
 */

const { planAttack } = require('./intents/attack.js');
const { planDefend } = require('./intents/defend.js');
const { planHeal } = require('./intents/heal.js');
const { planResist } = require('./intents/resist.js');
const { planSpendCp } = require('./intents/spendCp.js');
const { planSpendFp } = require('./intents/spendFp.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * Checks a module intent and returns what applying it does. validate calls it and drops the
 * plan; apply calls it and runs it.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planIntent(intent, state) {
  switch (intent.kind) {
    case 'opend6:attack':
      return planAttack(intent, state);
    case 'opend6:resist':
      return planResist(intent, state);
    case 'opend6:defend':
      return planDefend(intent, state);
    case 'opend6:spend-cp':
      return planSpendCp(intent, state);
    case 'opend6:spend-fp':
      return planSpendFp(intent, state);
    case 'opend6:heal':
      return planHeal(intent, state);
    default:
      return refuse(`OpenD6 knows no "${intent.kind}" intent`);
  }
}

module.exports = Object.freeze({
  planIntent,
});
