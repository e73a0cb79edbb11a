// @ts-check
/**
 * The `roll` hook: pool6's dice semantics for every roll the table makes (a sheet's button, `/r`,
 * a command's roll). A pool notation is a test; anything else is rolled as written and summed.
 * A plain roll takes no luck: luck costs a point, which only a test or an attack spends.
 */

/**
 * @import { JsonObject, JsonValue, RollHook } from '@meshtable/module-sdk'
 */

const { asksForLuck, LUCK_COSTS_A_POINT } = require('./luck.js');
const { parsePoolNotation, poolRequest } = require('./notation.js');
const { againstThreshold, poolCard, poolText, rollPool } = require('./pool.js');
const { plural } = require('./text.js');

/**
 * `roll(request)`: a pool notation is a test (hits, glitches, limit, threshold, an opposing
 * pool); anything else (`2d8`, `1d100`) is rolled as written and summed. `total` is the hits
 * (after the limit) of a test, the sum otherwise. A request that asks for luck is refused, as
 * validate refuses it: the table asks validate first, and this keeps the hook from rolling free
 * luck for a caller that did not.
 * @type {RollHook}
 */
const roll = (request, ctx) => {
  if (asksForLuck(request)) throw new RangeError(LUCK_COSTS_A_POINT);
  const label = typeof request.label === 'string' ? request.label.trim() : '';
  const prefix = label === '' ? '' : `${label}: `;
  const parsed = request.mode === 'sum' ? null : parsePoolNotation(request.notation);
  if (parsed === null) {
    if (request.mode === 'pool') {
      throw new RangeError(
        `"${request.notation}" is not a dice pool (write "8d6" or "8d6 th2 lim4")`,
      );
    }
    const result = ctx.dice.roll(request.notation);
    return {
      kind: 'sum',
      notation: result.notation,
      total: result.total,
      rolls: /** @type {JsonValue} */ (/** @type {unknown} */ (result.rolls)),
      text: `${prefix}${result.text}`,
    };
  }
  const asked = poolRequest(request, parsed);
  if (!asked.ok) throw new RangeError(asked.reason);
  const { dice, threshold, limit, vs } = asked.value;
  const roll = rollPool(ctx, { dice, limit });
  /** @type {JsonObject} */
  const card = { kind: 'pool', notation: request.notation, ...poolCard(roll), total: roll.hits };
  if (label !== '') card.label = label;
  let text = `${prefix}${poolText(roll)}`;
  if (threshold !== null) {
    const outcome = againstThreshold(roll.hits, threshold);
    Object.assign(card, outcome);
    text += `; threshold ${threshold}: ${outcome.success ? `success, ${plural(outcome.netHits, 'net hit')}` : 'failure'}`;
  }
  if (vs !== null) {
    const opposed = rollPool(ctx, { dice: vs });
    const net = roll.hits - opposed.hits;
    Object.assign(card, {
      opposed: poolCard(opposed),
      net,
      success: net > 0,
      netHits: Math.max(0, net),
    });
    text += `; against ${poolText(opposed)}: ${net > 0 ? `success, ${plural(net, 'net hit')}` : 'failure (ties go to the defender)'}`;
  }
  card.text = text;
  return card;
};

module.exports = Object.freeze({
  roll,
});
