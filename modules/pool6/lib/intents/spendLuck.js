// @ts-check
/**
 * pool6:spend-luck (reference/dice-pools.md "Luck"): a luck point spent outside a test, for
 * whatever the GM agrees luck can buy (`/luck`).
 */

/**
 * @import { Actor, Change, Intent, JsonObject, TableState, ValidateResult } from '@meshtable/module-sdk'
 */

const { checkPayload, refuse } = require('../checks.js');
const { KINDS } = require('../constants.js');
const { luckChange } = require('../luck.js');
const { asObject } = require('../read.js');
const { stats } = require('../stats.js');
const { actorOf, controls } = require('../table.js');
const { plural } = require('../text.js');

/**
 * A luck point spent by whoever controls the character, while one is left.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSpendLuck(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.spendLuck, payload, {
    actorId: { type: 'id', required: true },
    reason: { type: 'name' },
  });
  if (shape !== null) return refuse(shape);
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (!controls(state, actor, intent.author)) return refuse(`you do not control ${actor.name}`);
  if (stats(actor).luck.points < 1) return refuse(`${actor.name} has no luck left`);
  return { ok: true };
}

/**
 * Spends one luck point, for whatever the GM agrees it buys; the result says how many are left.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applySpendLuck(payload, state) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const left = stats(actor).luck.points - 1;
  const why = typeof payload.reason === 'string' ? ` (${payload.reason})` : '';
  return {
    changes: [luckChange(actor, left)],
    result: {
      kind: 'luck',
      actorId: actor.id,
      luckPoints: left,
      text: `${actor.name} spends a luck point${why}: ${plural(left, 'point')} left`,
    },
  };
}

module.exports = Object.freeze({
  validateSpendLuck,
  applySpendLuck,
});
