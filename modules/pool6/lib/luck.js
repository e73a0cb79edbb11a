// @ts-check
/**
 * Luck points (reference/dice-pools.md "Luck"): what a point buys is paid for. A test or an
 * attack that spends one (pool6:test, pool6:attack, as `/test … luck` and `/attack … luck`
 * ask for them) rolls its luck dice inside the intent that takes the point, so the dice stand
 * only if the point does. A plain roll (a sheet's button, `/r`) takes no luck: `asksForLuck`
 * says whether one asks, and validate and the roll hook refuse it with
 * `LUCK_COSTS_A_POINT`. Here too is the change that stores the points a character has left.
 */

/**
 * @import { Actor, Change, JsonObject } from '@meshtable/module-sdk'
 */

const { parsePoolNotation } = require('./notation.js');

/**
 * Why a plain roll may not ask for luck, and how a player spends it instead. The validator
 * shows it as it is (prefixed with the command, `/r: …`, for a chat roll).
 */
const LUCK_COSTS_A_POINT =
  'luck costs a point: use /test <dice or skill> … luck or /attack … luck, which spend one; a plain roll cannot ask for luck dice';

/**
 * Whether a roll request asks for luck: a `luck` option that is not "none" (absent, 0, false
 * or null), or luck dice in its notation (`8d6 luck3`, any case, spaces free). `luck0` asks
 * for nothing. The notation is read whatever the request's mode, so "sum" cannot smuggle it.
 * @param {JsonObject} request
 * @returns {boolean}
 */
function asksForLuck(request) {
  const option = request.luck;
  if (option !== undefined && option !== null && option !== 0 && option !== false) return true;
  if (typeof request.notation !== 'string') return false;
  const parsed = parsePoolNotation(request.notation);
  return parsed !== null && parsed.luck !== undefined && parsed.luck > 0;
}

/**
 * The change that leaves the actor `points` luck points.
 * @param {Actor} actor
 * @param {number} points
 * @returns {Change}
 */
function luckChange(actor, points) {
  return {
    op: 'set',
    collection: 'actors',
    id: actor.id,
    path: ['data', 'luckPoints'],
    value: points,
  };
}

module.exports = Object.freeze({
  LUCK_COSTS_A_POINT,
  asksForLuck,
  luckChange,
});
