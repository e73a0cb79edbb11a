// @ts-check
/**
 * damage.apply: damage after armour onto the characteristics, or points given back (SRD Chapter 5,
 * Damage and Armor).
 */

/**
 * @import { Actor, Change, Intent, JsonObject, TableState as State, ValidateResult } from '@meshtable/module-sdk'
 * @import { Physical } from '../characteristics.js'
 */

const { healthOf, readCharacter } = require('../character.js');
const { formatUpp, NAMES, PHYSICAL } = require('../characteristics.js');
const { afterArmor, restorePoints, takeDamage, woundChanges } = require('../damage.js');
const { armorRating } = require('../equipment.js');
const { asObject, isWholeNumber } = require('../read.js');
const { OK, refuse } = require('../refusals.js');

/** What `damage.apply`'s type may be: armour stops physical damage, its laser rating lasers. */
const DAMAGE_TYPES = Object.freeze(['physical', 'laser', 'direct']);

/**
 * `damage.apply` `{ actorId, amount, type? }`: a whole number of points (negative heals) of a
 * known type, on a character who is not dead.
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  if (actor === undefined) return refuse('there is no such character');
  if (!isWholeNumber(payload.amount, -1000, 1000)) {
    return refuse('damage is a whole number of points from -1000 to 1000 (negative heals)');
  }
  if (payload.type !== undefined && !DAMAGE_TYPES.includes(/** @type {string} */ (payload.type))) {
    return refuse(
      'the damage type is physical (armour stops it), laser (armour’s laser rating stops it) or direct (nothing stops it)',
    );
  }
  const character = readCharacter(actor);
  if (healthOf(character).dead) return refuse(`${character.name} is dead`);
  return OK;
}

/**
 * `damage.apply`: damage after armour goes onto the characteristics by the SRD's order; a
 * negative amount gives points back, divided evenly. The result says what armour stopped, which
 * characteristics took the rest, and the character's condition after.
 * @param {Intent} intent
 * @param {State} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = /** @type {Actor} */ (state.actors?.[/** @type {string} */ (payload.actorId)]);
  const character = readCharacter(actor);
  const amount = /** @type {number} */ (payload.amount);
  if (amount < 0) {
    const { current, restored } = restorePoints(character, -amount, null);
    const condition = healthOf({ ...character, current }).condition;
    return {
      changes: woundChanges(state, character, current),
      result: {
        actorId: character.id,
        restored,
        condition,
        text: `${character.name} regains ${pointsText(restored)}: ${formatUpp(current)}, ${condition}`,
      },
    };
  }
  const type = typeof payload.type === 'string' ? payload.type : 'physical';
  const armor = type === 'direct' ? 0 : armorRating(character, type === 'laser');
  const dealt = afterArmor(amount, armor, null);
  const { current, taken } = takeDamage(character, dealt);
  const condition = healthOf({ ...character, current }).condition;
  return {
    changes: woundChanges(state, character, current),
    result: {
      actorId: character.id,
      amount,
      type,
      armor,
      dealt,
      taken,
      condition,
      text: `${character.name} takes ${amount} ${type} damage, armour ${armor}: ${dealt} through (${pointsText(taken)}), ${condition}`,
    },
  };
}

/**
 * Points by characteristic, for a card's text: `END 4, STR 2`, or `no points`.
 * @param {Record<Physical, number>} points
 */
function pointsText(points) {
  const parts = PHYSICAL.filter((key) => points[key] > 0).map(
    (key) => `${NAMES[key]} ${points[key]}`,
  );
  return parts.length === 0 ? 'no points' : parts.join(', ');
}

module.exports = Object.freeze({
  validateDamage,
  applyDamage,
});
