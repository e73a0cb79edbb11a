// @ts-check
/**
 * The `validate` hook: may this intent happen? It hands the core kinds it has a rule on to
 * intents/, every `opend6:` kind to its plan, and refuses kinds it does not know.
 */

/**
 * @import { ValidateHook } from '@meshtable/module-sdk'
 * @import { Refuse } from './refusal.js'
 * @import { State } from './table.js'
 */

const { MODULE_KINDS } = require('./constants.js');
const { readDamageApply } = require('./intents/damageApply.js');
const { validateRoll } = require('./intents/roll.js');
const { validateSheetEdit } = require('./intents/sheetEdit.js');
const { validateMove } = require('./intents/tokenMove.js');
const { planIntent } = require('./plan.js');
const { Refusal } = require('./refusal.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * `validate(intent, state)`: the core has checked who may do a core intent; this checks the
 * game: a move within the character's Move, a sheet edit that keeps the codes readable and
 * leaves the rules' own fields to the GM, damage on an OpenD6 character, and every `opend6:`
 * intent's payload and situation (who acts, whether they can, whether the points are there).
 * @type {ValidateHook}
 */
const validate = (intent, rawState) => {
  const state = /** @type {State} */ (/** @type {unknown} */ (rawState));
  try {
    switch (intent.kind) {
      case 'token.move':
        validateMove(intent, state);
        break;
      case 'sheet.edit':
        validateSheetEdit(intent, state);
        break;
      case 'roll':
        validateRoll(intent, state);
        break;
      case 'damage.apply':
        readDamageApply(intent, state);
        break;
      case 'chat.command':
        break;
      default:
        if (!MODULE_KINDS.includes(intent.kind)) {
          refuse(
            `OpenD6 knows no "${intent.kind}" intent (its own are ${MODULE_KINDS.join(', ')})`,
          );
        }
        planIntent(intent, state);
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
};

module.exports = Object.freeze({
  validate,
});
