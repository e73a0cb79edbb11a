// @ts-check
/**
 * roll: a dice request's pool6 options must make sense before the roll hook rolls it, and it
 * may not ask for luck. The core applies the roll through the roll hook (roll.js). The
 * validator asks this about every roll: a sheet's button, `/r 8d6 luck3`, and the roll a chat
 * command asks for alike, so no path to the dice skips the price of luck.
 */

/**
 * @import { JsonValue, ValidateResult } from '@meshtable/module-sdk'
 */

const { refuse } = require('../checks.js');
const { asksForLuck, LUCK_COSTS_A_POINT } = require('../luck.js');
const { parsePoolNotation, poolRequest } = require('../notation.js');
const { asObject } = require('../read.js');

/**
 * A roll: no luck, by option or in the notation (luck costs a point, which a roll does not
 * spend: `/test … luck` and `/attack … luck` do); a pool notation's options must make sense (a
 * limit of at least 1, at most 100 dice). Other notations are the dice language's to judge.
 * @param {JsonValue} payload
 * @returns {ValidateResult}
 */
function validateRoll(payload) {
  const request = asObject(payload);
  if (typeof request.notation !== 'string') return refuse('a roll needs a notation');
  if (asksForLuck(request)) return refuse(LUCK_COSTS_A_POINT);
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
