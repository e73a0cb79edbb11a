// @ts-check
/**
 * srd5e:condition: conditions and exhaustion on and off (SRD 5.1 "Appendix PH-A: Conditions").
 * The GM gives and takes any of them; a player may drop their own character prone or stand it up.
 */

/**
 * @import { Intent, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { CONDITIONS, SELF_CONDITIONS } = require('../constants.js');
const { creature } = require('../creature.js');
const { clamp, str } = require('../read.js');
const { OK, refuse, shapeProblem } = require('../refusals.js');
const { actorById, controls, isGm, mustFind } = require('../table.js');
const { addCondition, removeCondition, vitalChanges, vitalsOf } = require('../vitals.js');

/**
 * srd5e:condition `{ actorId, condition, op: "add" | "remove", level? }`: GMs put on and take off
 * any SRD condition and exhaustion levels; a player may only drop their own character prone
 * or stand it up. A creature immune to a condition cannot be given it.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateCondition(intent, payload, state) {
  const shape = shapeProblem('srd5e:condition', payload, ['actorId', 'condition'], ['op', 'level']);
  if (shape !== null) return refuse(shape);
  const condition = str(payload.condition).toLowerCase();
  if (condition !== 'exhaustion' && !CONDITIONS.includes(condition)) {
    return refuse(
      `"${String(payload.condition)}" is not an SRD condition: ${CONDITIONS.join(', ')} or exhaustion`,
    );
  }
  const op = payload.op ?? 'add';
  if (op !== 'add' && op !== 'remove') return refuse('op is "add" or "remove"');
  if (payload.level !== undefined) {
    if (condition !== 'exhaustion') return refuse('only exhaustion has levels');
    if (!Number.isInteger(payload.level) || payload.level < 0 || payload.level > 6) {
      return refuse('an exhaustion level is a whole number from 0 to 6');
    }
  }
  const actor = actorById(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  const gm = isGm(state, intent.author);
  if (!gm) {
    if (!controls(state, intent.author, actor)) return refuse(`you do not control ${actor.name}`);
    if (!SELF_CONDITIONS.includes(condition)) {
      return refuse(
        `only the GM puts on or takes off ${condition}; you may drop prone or stand up`,
      );
    }
  }
  const c = creature(actor);
  if (c.dead && !gm) return refuse(`${c.name} is dead`);
  if (condition === 'exhaustion') {
    if (op === 'remove' && c.exhaustion === 0 && payload.level === undefined) {
      return refuse(`${c.name} has no exhaustion to remove`);
    }
    return OK;
  }
  const present = c.conditions.includes(condition);
  if (op === 'add' && present) return refuse(`${c.name} is already ${condition}`);
  if (op === 'remove' && !present) return refuse(`${c.name} is not ${condition}`);
  if (op === 'add' && c.conditionImmunities.includes(condition)) {
    return refuse(`${c.name} cannot be ${condition}`);
  }
  if (!gm && condition === 'prone' && op === 'remove' && c.speed.best <= 0) {
    return refuse(`${c.name} cannot stand up with a speed of 0`);
  }
  return OK;
}

/**
 * srd5e:condition: on or off; falling unconscious also drops a creature prone, and a sixth
 * level of exhaustion is death ("Appendix PH-A: Conditions").
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyCondition(payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  const condition = str(payload.condition).toLowerCase();
  const op = payload.op ?? 'add';
  let text;
  if (condition === 'exhaustion') {
    after.exhaustion =
      typeof payload.level === 'number'
        ? payload.level
        : clamp(before.exhaustion + (op === 'add' ? 1 : -1), 0, 6);
    if (after.exhaustion >= 6) after.dead = true;
    text = `${c.name}: exhaustion ${before.exhaustion} → ${after.exhaustion}${after.dead && !before.dead ? ' (death)' : ''}`;
  } else if (op === 'add') {
    addCondition(after, condition);
    if (condition === 'unconscious') addCondition(after, 'prone');
    text = `${c.name} is ${condition}${condition === 'unconscious' ? ' and prone' : ''}`;
  } else {
    removeCondition(after, condition);
    text = `${c.name} is no longer ${condition}`;
  }
  ctx.log(text);
  return {
    changes: vitalChanges(state, c, before, after),
    result: {
      kind: 'condition',
      actorId: c.id,
      condition,
      op,
      conditions: after.conditions,
      exhaustion: after.exhaustion,
      text,
    },
  };
}

module.exports = Object.freeze({
  validateCondition,
  applyCondition,
});
