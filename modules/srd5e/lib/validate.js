// @ts-check
/**
 * The `validate` hook: may this intent happen? It hands each kind to its rule in intents/
 * and answers for the core kinds it has no rule on.
 */

/**
 * @import { ValidateHook } from '@meshtable/module-sdk'
 */

const { KINDS } = require('./constants.js');
const { validateAttack } = require('./intents/attack.js');
const { validateCast } = require('./intents/cast.js');
const { validateCheck, validateSave } = require('./intents/checks.js');
const { validateCondition } = require('./intents/condition.js');
const { validateDamage } = require('./intents/damageApply.js');
const { validateDeathSave } = require('./intents/deathSave.js');
const { validateRest } = require('./intents/rest.js');
const { validateSheetEdit } = require('./intents/sheetEdit.js');
const { validateMove } = require('./intents/tokenMove.js');
const { obj } = require('./read.js');
const { OK, refuse } = require('./refusals.js');
const { rollProblem } = require('./roll.js');
const { listText } = require('./text.js');

/**
 * `validate(intent, state)`: the game's reasons to refuse. The core has already checked, for
 * its own kinds, that the author owns what they touch (or is a GM); this adds the rules of the
 * game: speed, reach and range, spell slots, who is dying, what a sheet may hold. Core kinds
 * this module has no rule on pass; kinds it does not know are refused.
 * @type {ValidateHook}
 */
const validate = (intent, state) => {
  const payload = obj(intent.payload);
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, payload, state);
    case 'roll': {
      // Only the 5e options of the request (mode, kind, dc…): the notation and the verifiable
      // roll's own fields are the core's. A sound request passes, whoever sends it.
      const problem = rollProblem(payload);
      return problem === null ? OK : refuse(problem);
    }
    case 'damage.apply':
      return validateDamage(payload, state);
    case 'sheet.edit':
      return validateSheetEdit(intent, payload, state);
    case 'chat.command':
      // Nothing to add: the command's own intent is ruled like any other.
      return OK;
    case 'srd5e:attack':
      return validateAttack(intent, payload, state);
    case 'srd5e:save':
      return validateSave(intent, payload, state);
    case 'srd5e:check':
      return validateCheck(intent, payload, state);
    case 'srd5e:cast':
      return validateCast(intent, payload, state);
    case 'srd5e:death-save':
      return validateDeathSave(intent, payload, state);
    case 'srd5e:condition':
      return validateCondition(intent, payload, state);
    case 'srd5e:rest':
      return validateRest(intent, payload, state);
    default:
      return refuse(
        `the srd5e rules know no "${intent.kind}" intent (they know ${listText(KINDS)})`,
      );
  }
};

module.exports = Object.freeze({
  validate,
});
