// @ts-check
/**
 * damage.apply: boxes of damage (or, negative, healing) on a character's physical or stun
 * monitor (reference/damage.md); what may be applied and what it changes, side by side.
 */

/**
 * @import { Actor, Change, Intent, JsonObject, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Track } from '../constants.js'
 */

const { refuse } = require('../checks.js');
const { MAX_VALUE } = require('../constants.js');
const { addDamage, damageChanges, trackOf } = require('../damage.js');
const { asObject } = require('../read.js');
const { stats } = require('../stats.js');
const { actorOf, isGm } = require('../table.js');
const { plural, signed } = require('../text.js');

/**
 * Damage or healing in whole boxes on a named track. Only the GM raises the dead.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (
    !Number.isInteger(payload.amount) ||
    Math.abs(/** @type {number} */ (payload.amount)) > MAX_VALUE
  ) {
    return refuse(
      `damage is a whole number of boxes from −${MAX_VALUE} to ${MAX_VALUE} (negative heals)`,
    );
  }
  if (trackOf(payload.type) === null) {
    return refuse(`pool6 damage is "physical" or "stun", not "${String(payload.type)}"`);
  }
  if (
    /** @type {number} */ (payload.amount) < 0 &&
    stats(actor).condition === 'dead' &&
    !isGm(state, intent.author)
  ) {
    return refuse(`${actor.name} is dead; only the GM can undo that`);
  }
  return { ok: true };
}

/**
 * Boxes of damage on a track, or healed with a negative amount; the result says what the
 * monitors hold after, and the condition.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyDamage(payload, state, ctx) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const track = /** @type {Track} */ (trackOf(payload.type));
  const amount = /** @type {number} */ (payload.amount);
  const before = stats(actor);
  const damage = addDamage(before, track, amount);
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  ctx.log(`${actor.name}: ${signed(amount)} ${track}`, damage);
  let text = `${actor.name} ${amount >= 0 ? `takes ${plural(amount, 'box', 'boxes')} of` : `heals ${plural(-amount, 'box', 'boxes')} of`} ${track}`;
  if (after.condition !== before.condition) text += ` and is ${after.condition}`;
  return {
    changes: damageChanges(state, actor, damage),
    result: {
      kind: 'damage',
      actorId: actor.id,
      track,
      amount,
      damage,
      condition: after.condition,
      text,
    },
  };
}

module.exports = Object.freeze({
  validateDamage,
  applyDamage,
});
