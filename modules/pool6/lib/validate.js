// @ts-check
/**
 * The `validate` hook: may this intent happen? It hands each kind to its rule in intents/ and
 * answers for the core kinds it has no rule on.
 */

/**
 * @import { Intent, TableState, ValidateHook, ValidateResult } from '@meshtable/module-sdk'
 */

const { refuse } = require('./checks.js');
const { CORE_KINDS, KINDS } = require('./constants.js');
const { validateAttack } = require('./intents/attack.js');
const { validateDamage } = require('./intents/damageApply.js');
const { validateRecover } = require('./intents/recover.js');
const { validateRoll } = require('./intents/roll.js');
const { validateSheetEdit } = require('./intents/sheetEdit.js');
const { validateSpendLuck } = require('./intents/spendLuck.js');
const { validateTest } = require('./intents/test.js');
const { validateMove } = require('./intents/tokenMove.js');

/**
 * `validate(intent, state)`: the game's rules on every intent. The core has already checked who
 * may touch what for its own kinds; pool6 refuses for game reasons (a move past the run rate, a
 * test by an unconscious character, luck that is spent, luck asked of a plain roll, which pays
 * no point for it) and checks its own kinds' payloads.
 * @type {ValidateHook}
 */
const validate = (intent, state) => validateIntent(intent, state);

/**
 * The ruling on one intent, by kind; apply asks it again before it changes anything.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateIntent(intent, state) {
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, state);
    case 'roll':
      return validateRoll(intent.payload);
    case 'sheet.edit':
      return validateSheetEdit(intent, state);
    case 'damage.apply':
      return validateDamage(intent, state);
    case KINDS.attack:
      return validateAttack(intent, state);
    case KINDS.test:
      return validateTest(intent, state);
    case KINDS.spendLuck:
      return validateSpendLuck(intent, state);
    case KINDS.recover:
      return validateRecover(intent, state);
    default:
      if (CORE_KINDS.includes(intent.kind)) return { ok: true };
      return refuse(
        `pool6 knows no "${intent.kind}" intent (its own are ${Object.values(KINDS).join(', ')})`,
      );
  }
}

module.exports = Object.freeze({
  validate,
  validateIntent,
});
