// @ts-check
/**
 * damage.apply: damage through resistances, temporary hit points and the rules of dropping to
 * 0; a negative amount heals. The same path as an attack's damage (vitals.js).
 */

/**
 * @import { ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { DAMAGE_TYPES } = require('../constants.js');
const { creature } = require('../creature.js');
const { int, str } = require('../read.js');
const { OK, refuse } = require('../refusals.js');
const { actorById, mustFind } = require('../table.js');
const { listText } = require('../text.js');
const { heal, modifyDamage, takeDamage, vitalChanges, vitalsOf } = require('../vitals.js');

/**
 * damage.apply: a whole amount, of an SRD damage type if it names one, on a creature that is
 * not dead.
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDamage(payload, state) {
  const actor = actorById(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (typeof payload.amount !== 'number' || !Number.isInteger(payload.amount)) {
    return refuse('damage is a whole number of hit points (negative to heal)');
  }
  if (Math.abs(payload.amount) > 1e6) return refuse('that is more damage than any creature has');
  if (payload.type !== undefined) {
    const type = str(payload.type).toLowerCase();
    if (!DAMAGE_TYPES.includes(type) && !(payload.amount < 0 && type === 'healing')) {
      return refuse(`"${String(payload.type)}" is not a damage type: ${listText(DAMAGE_TYPES)}`);
    }
  }
  const c = creature(actor);
  if (c.dead) {
    return refuse(`${c.name} is dead: only magic that raises the dead brings hit points back`);
  }
  return OK;
}

/**
 * damage.apply `{ actorId, amount, type? }`: positive damage through resistances, temporary hit
 * points and the rules of dropping to 0; negative amounts heal.
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyDamage(payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const amount = int(payload.amount, 0);
  if (amount < 0) {
    const { after, events } = heal(c, before, -amount);
    const text = [`${c.name} heals ${-amount}: ${before.hp} → ${after.hp} hp`, ...events].join(
      '; ',
    );
    ctx.log(text);
    return {
      changes: vitalChanges(state, c, before, after),
      result: { kind: 'healing', actorId: c.id, healed: after.hp - before.hp, hp: after.hp, text },
    };
  }
  const type = str(payload.type).toLowerCase();
  const { total, notes } = modifyDamage(c, [{ amount, type }]);
  const { after, events } = takeDamage(c, before, total, false);
  const taken = `${c.name} takes ${total}${type === '' ? '' : ` ${type}`} (${notes.join(', ') || 'no resistance'})`;
  const text = [`${taken}: ${before.hp} → ${after.hp} hp`, ...events].join('; ');
  ctx.log(text);
  return {
    changes: vitalChanges(state, c, before, after),
    result: {
      kind: 'damage',
      actorId: c.id,
      dealt: total,
      hp: after.hp,
      tempHp: after.tempHp,
      dead: after.dead,
      text,
    },
  };
}

module.exports = Object.freeze({
  validateDamage,
  applyDamage,
});
