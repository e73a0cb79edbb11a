// @ts-check
/**
 * sheet.edit: what a sheet may hold. The core checks who may edit and writes the value; this
 * keeps derived values, damage and luck points out of players' hands and attributes in range.
 */

/**
 * @import { Intent, TableState, ValidateResult } from '@meshtable/module-sdk'
 */

const { refuse } = require('../checks.js');
const { DERIVED_KEYS, GM_KEYS } = require('../constants.js');
const { asArray, asObject, isAttribute } = require('../read.js');
const { isGm } = require('../table.js');

/**
 * A sheet edit: nobody stores what derive computes; players leave damage and luck points to the
 * intents that keep them honest; attributes are whole numbers.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSheetEdit(intent, state) {
  const edit = asObject(intent.payload);
  const path = asArray(edit.path);
  const [first, second] = path;
  if (typeof first !== 'string') return refuse('a sheet edit needs a field path');
  if (DERIVED_KEYS.includes(first)) {
    return refuse(`"${first}" is computed from the other fields of the sheet; edit those instead`);
  }
  if (GM_KEYS.includes(first) && !isGm(state, intent.author)) {
    const how = {
      damage: 'damage goes through damage.apply, /attack or the GM',
      luckPoints: 'luck is spent with /luck and restored by the GM',
      professionalRating: "the professional rating is the GM's to set",
    };
    return refuse(`only the GM edits "${first}": ${how[/** @type {keyof typeof how} */ (first)]}`);
  }
  if (first === 'attributes' && path.length === 2) {
    if (!isAttribute(second)) return refuse(`pool6 has no attribute "${String(second)}"`);
    const low = second === 'magic' ? 0 : 1;
    if (
      !Number.isInteger(edit.value) ||
      /** @type {number} */ (edit.value) < low ||
      /** @type {number} */ (edit.value) > 12
    ) {
      return refuse(`${second} is a whole number from ${low} to 12`);
    }
  }
  if (first === 'initiativeDice' && path.length === 1) {
    if (
      !Number.isInteger(edit.value) ||
      /** @type {number} */ (edit.value) < 1 ||
      /** @type {number} */ (edit.value) > 5
    ) {
      return refuse('initiative dice are a whole number from 1 to 5');
    }
  }
  return { ok: true };
}

module.exports = Object.freeze({
  validateSheetEdit,
});
