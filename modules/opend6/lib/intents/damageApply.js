// @ts-check
/**
 * damage.apply: damage over resistance, wound levels, stun damage, or (for the GM) healing,
 * turned into a wound level ("Damage", "Wound Levels", "Stun Damage").
 */

/**
 * @import { Intent, ModuleContext } from '@meshtable/module-sdk'
 * @import { Ruling } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { Sheet } from '../sheet.js'
 * @import { ActorRecord, State } from '../table.js'
 *
 * @typedef {{ actor: ActorRecord, sheet: Sheet, kind: 'difference' | 'levels' | 'stun' | 'heal', amount: number, type: string | null }} DamageOrder
 */

const { DEAD, INCAPACITATED, MORTALLY_WOUNDED, WOUND_LEVELS } = require('../constants.js');
const { isObject } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { readSheet } = require('../sheet.js');
const { isGm } = require('../table.js');
const { injure, injuryLevel, woundChanges } = require('../wounds.js');

/**
 * Reads `damage.apply` `{ actorId, amount, type? }`. `amount` is the damage total less the
 * resistance total, turned into a wound level by the table; with `type: "levels"` it is a
 * number of wound levels; with `type: "stun"` it is stun damage (two levels less, at least
 * Stunned, and out cold). A negative amount heals that many levels, which only the GM may do
 * this way (players heal with `opend6:heal`).
 * @param {Intent} intent
 * @param {State} state
 * @returns {DamageOrder}
 */
function readDamageApply(intent, state) {
  const payload = isObject(intent.payload) ? intent.payload : {};
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  if (actor === undefined) refuse(`there is no character "${String(payload.actorId)}"`);
  const sheet = readSheet(actor.data);
  if (!isObject(actor.data) || !isObject(actor.data.attributes)) {
    refuse(`${actor.name} has no OpenD6 attributes to take damage with`);
  }
  const amount = payload.amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    refuse('damage is a whole number: the damage total less the resistance total, or levels');
  }
  const type = typeof payload.type === 'string' ? payload.type.trim().toLowerCase() : null;
  if (amount < 0) {
    if (!isGm(state, intent.author)) {
      refuse('healing takes a medicine roll or rest: use /heal (opend6:heal)');
    }
    return { actor, sheet, kind: 'heal', amount: -amount, type };
  }
  if (sheet.wounds === DEAD && amount > 0) refuse(`${actor.name} is already dead`);
  if (type === 'levels' || type === 'level' || type === 'wounds') {
    return { actor, sheet, kind: 'levels', amount, type };
  }
  return { actor, sheet, kind: type === 'stun' ? 'stun' : 'difference', amount, type };
}

/**
 * Applies a checked damage order: healing, wound levels, or damage over resistance (stun or
 * not) turned into a wound level, with the injury as the receipt's result.
 * @param {DamageOrder} order
 * @param {State} state
 * @param {ModuleContext} ctx
 * @returns {Ruling}
 */
function applyDamage(order, state, ctx) {
  const { actor, sheet } = order;
  if (order.kind === 'heal') {
    const level = Math.max(0, sheet.wounds - order.amount);
    const text = `${actor.name} healed ${order.amount} level(s): ${WOUND_LEVELS[sheet.wounds]} → ${WOUND_LEVELS[level]}`;
    ctx.log(text);
    const unconscious = level >= MORTALLY_WOUNDED || (level >= INCAPACITATED && sheet.unconscious);
    return {
      changes: woundChanges(state, actor, level, unconscious),
      result: {
        kind: 'healing',
        actorId: actor.id,
        level,
        levelName: /** @type {string} */ (WOUND_LEVELS[level]),
        text,
      },
    };
  }
  if (order.kind === 'levels') {
    let level = sheet.wounds;
    for (let step = 0; step < order.amount; step++) level = Math.min(DEAD, level + 1);
    const { changes, injury } = injure(
      state,
      actor,
      sheet,
      level,
      null,
      ctx,
      `+${order.amount} wound level(s)`,
    );
    return { changes, result: injury };
  }
  const { changes, injury } = injure(
    state,
    actor,
    sheet,
    injuryLevel(sheet, order.amount, order.kind === 'stun'),
    order.kind === 'stun' ? order.amount : null,
    ctx,
    `damage exceeds resistance by ${order.amount}${order.kind === 'stun' ? ' (stun)' : ''}`,
  );
  return { changes, result: injury };
}

module.exports = Object.freeze({
  readDamageApply,
  applyDamage,
});
