// @ts-check
/**
 * roll: a roll request must parse, spends points only through the spend intents, and leaves the
 * Critical Failure rule to the GM. The roll itself is the `roll` hook's (../roll.js).
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Refuse } from '../refusal.js'
 * @import { State } from '../table.js'
 */

const { fateApplies } = require('../points.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { readRollRequest, rolledCode } = require('../roll.js');
const { readSheet } = require('../sheet.js');
const { isGm } = require('../table.js');

/**
 * A roll intent: the request must parse. Points change the sheet, which a roll cannot, so
 * Character Points and Fate Points go through `opend6:spend-cp` and `opend6:spend-fp` (a Fate
 * Point spent climactically lets the character's rolls double for the round). The Critical
 * Failure rule is the GM's choice.
 * @param {Intent} intent
 * @param {State} state
 */
function validateRoll(intent, state) {
  const spec = readRollRequest(intent.payload);
  rolledCode(spec);
  const actor = spec.actorId === null ? undefined : state.actors?.[spec.actorId];
  if (spec.actorId !== null && actor === undefined)
    refuse(`there is no character "${spec.actorId}"`);
  const sheet = actor === undefined ? null : readSheet(actor.data);
  if (spec.characterPoints > 0) {
    refuse('spend Character Points with /cp (opend6:spend-cp), which takes them off the sheet');
  }
  if (spec.fatePoint && !(actor !== undefined && sheet !== null && fateApplies(sheet, state))) {
    refuse('spend a Fate Point with /fp (opend6:spend-fp), which takes it off the sheet');
  }
  if (spec.criticalFailureSet && !isGm(state, intent.author)) {
    const rule = sheet?.criticalFailure ?? 'remove';
    if (spec.criticalFailure !== rule) {
      refuse(`the GM chooses what a Critical Failure does (here: ${rule})`);
    }
  }
}

module.exports = Object.freeze({
  validateRoll,
});
