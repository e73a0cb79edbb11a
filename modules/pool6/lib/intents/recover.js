// @ts-check
/**
 * pool6:recover (reference/damage.md "Recovery"): the GM's ruling on rest, first aid and
 * doctors: stun and physical boxes healed, luck points restored.
 */

/**
 * @import { Actor, Change, Intent, JsonObject, TableState, ValidateResult } from '@meshtable/module-sdk'
 */

const { checkPayload, refuse } = require('../checks.js');
const { KINDS } = require('../constants.js');
const { addDamage, damageChanges } = require('../damage.js');
const { luckChange } = require('../luck.js');
const { asObject } = require('../read.js');
const { stats } = require('../stats.js');
const { actorOf, isGm } = require('../table.js');
const { plural } = require('../text.js');

/**
 * Recovery is the GM's ruling (rest, first aid, a medkit, a doctor): boxes of stun or physical
 * healed and luck points restored, each a whole number or "all".
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateRecover(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.recover, payload, {
    actorId: { type: 'id', required: true },
    stun: { type: 'amount' },
    physical: { type: 'amount' },
    luck: { type: 'amount' },
  });
  if (shape !== null) return refuse(shape);
  if (payload.stun === undefined && payload.physical === undefined && payload.luck === undefined) {
    return refuse(
      `${KINDS.recover} heals "stun" or "physical" boxes or restores "luck" points: name at least one`,
    );
  }
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (!isGm(state, intent.author)) return refuse('only the GM rules on recovery');
  return { ok: true };
}

/**
 * Heals the boxes and restores the luck points the GM names ("all" clears a track or fills
 * the luck points); the result says what the monitors and luck hold after.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyRecover(payload, state) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const s = stats(actor);
  /** @param {unknown} amount @param {number} all */
  const boxes = (amount, all) => (amount === 'all' ? all : /** @type {number} */ (amount ?? 0));
  let damage = addDamage(s, 'stun', -boxes(payload.stun, s.damage.stun));
  damage = addDamage(
    { ...s, damage },
    'physical',
    -boxes(payload.physical, s.damage.physical + s.damage.overflow),
  );
  /** @type {Change[]} */
  const changes =
    payload.stun === undefined && payload.physical === undefined
      ? []
      : damageChanges(state, actor, damage);
  const luckPoints =
    payload.luck === undefined
      ? s.luck.points
      : Math.min(s.luck.max, s.luck.points + boxes(payload.luck, s.luck.max));
  if (payload.luck !== undefined) changes.push(luckChange(actor, luckPoints));
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  return {
    changes,
    result: {
      kind: 'recovery',
      actorId: actor.id,
      damage,
      luckPoints,
      condition: after.condition,
      text: `${actor.name} recovers: ${damage.stun} stun, ${damage.physical} physical, ${plural(luckPoints, 'luck point')}; ${after.condition}`,
    },
  };
}

module.exports = Object.freeze({
  validateRecover,
  applyRecover,
});
