// @ts-check
/**
 * roll: a dice request's pool6 options must make sense before the roll hook rolls it. The core
 * applies the roll through the roll hook (roll.js).
 */

/**
 * @import { JsonValue, ValidateResult } from '@meshtable/module-sdk'
 */

const { refuse } = require('../checks.js');
const { parsePoolNotation, poolRequest } = require('../notation.js');
const { asObject } = require('../read.js');

/**
 * A roll: a pool notation's options must make sense (a limit of at least 1, at most 100 dice).
 * Other notations are the dice language's to judge.
 * @param {JsonValue} payload
 * @returns {ValidateResult}
 */
function validateRoll(payload) {
  const request = asObject(payload);
  if (typeof request.notation !== 'string') return refuse('a roll needs a notation');
  if (request.mode !== undefined && request.mode !== 'pool' && request.mode !== 'sum') {
    return refuse('a roll\'s mode is "pool" (a test) or "sum" (dice added up)');
  }
  const parsed = request.mode === 'sum' ? null : parsePoolNotation(request.notation);
  if (parsed === null) {
    return request.mode === 'pool'
      ? refuse(`"${request.notation}" is not a dice pool (write "8d6" or "8d6 th2 lim4")`)
      : { ok: true };
  }
  const asked = poolRequest(request, parsed);
  return asked.ok ? { ok: true } : refuse(asked.reason);
}

module.exports = Object.freeze({
  validateRoll,
});
