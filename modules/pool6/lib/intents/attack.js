// @ts-check
/**
 * pool6:attack (reference/combat.md "Attacking"): who may attack whom with what, and the three
 * tests it rolls (attack, defense, soak) with the damage that gets through.
 */

/**
 * @import { Actor, Change, Intent, JsonObject, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Weapon } from '../stats.js'
 */

const { checkPayload, refuse } = require('../checks.js');
const { KINDS } = require('../constants.js');
const { addDamage, damageChanges } = require('../damage.js');
const { luckChange } = require('../luck.js');
const { poolCard, poolText, rollPool } = require('../pool.js');
const { asObject, keyOf } = require('../read.js');
const { gapBetween, sceneScale } = require('../scene.js');
const { stats } = require('../stats.js');
const { actorOf, controls, tokensOf } = require('../table.js');
const { plural, round1 } = require('../text.js');

/**
 * An attack: the attacker is the author's (or the GM's) and able to act; the target is someone
 * else, not dead, in range when both stand on a scene; the weapon is on the attacker's sheet.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.attack, payload, {
    attackerId: { type: 'id', required: true },
    targetId: { type: 'id', required: true },
    weapon: { type: 'weapon' },
    luck: { type: 'boolean' },
    modifier: { type: 'integer', min: -20, max: 20 },
    defenseModifier: { type: 'integer', min: -20, max: 20 },
  });
  if (shape !== null) return refuse(shape);
  const attacker = actorOf(state, payload.attackerId);
  if (attacker === undefined)
    return refuse(`there is no character "${String(payload.attackerId)}"`);
  if (!controls(state, attacker, intent.author))
    return refuse(`you do not control ${attacker.name}`);
  const target = actorOf(state, payload.targetId);
  if (target === undefined) return refuse(`there is no "${String(payload.targetId)}" to attack`);
  if (target.id === attacker.id) return refuse(`${attacker.name} cannot attack themselves`);
  const a = stats(attacker);
  if (!a.canAct) return refuse(`${attacker.name} is ${a.condition} and cannot attack`);
  if (stats(target).condition === 'dead') return refuse(`${target.name} is already dead`);
  const weapon = pickWeapon(a.weapons, payload.weapon);
  if (weapon === undefined) {
    return refuse(
      `${attacker.name} has no weapon "${String(payload.weapon)}" (${a.weapons.map((w) => w.name).join(', ')})`,
    );
  }
  if (payload.luck === true && a.luck.points < 1)
    return refuse(`${attacker.name} has no luck left`);
  const from = tokensOf(state, attacker.id)[0];
  const to = tokensOf(state, target.id)[0];
  if (from !== undefined && to !== undefined) {
    if (from.sceneId !== to.sceneId)
      return refuse(`${attacker.name} and ${target.name} are not on the same scene`);
    const scale = sceneScale(state, from.sceneId);
    if (scale !== null) {
      const gap = gapBetween(from, to, scale);
      if (gap > weapon.range + 1e-6) {
        return refuse(
          `${target.name} is ${round1(gap)} m away, beyond the ${weapon.range} m of ${attacker.name}'s ${weapon.name}`,
        );
      }
    }
  }
  return { ok: true };
}

/**
 * An attack, as reference/combat.md "Attacking" tells it: attack test (limited by accuracy)
 * against the defense test; net hits add to the damage value; the defender soaks with Body +
 * armor (AP taken off the armor); what is left fills boxes. Draw order: attack pool, luck dice
 * and explosions, defense pool, then (on a hit) soak pool. The result is the roll card of the
 * three tests.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyAttack(payload, state, ctx) {
  const attacker = /** @type {Actor} */ (actorOf(state, payload.attackerId));
  const target = /** @type {Actor} */ (actorOf(state, payload.targetId));
  const a = stats(attacker);
  const t = stats(target);
  const weapon = /** @type {Weapon} */ (pickWeapon(a.weapons, payload.weapon));
  const luck = payload.luck === true;
  const modifier = /** @type {number} */ (payload.modifier ?? 0);
  const attack = rollPool(ctx, {
    dice: Math.max(0, weapon.pool + modifier),
    luckDice: luck ? a.attributes.luck : 0,
    luck,
    limit: weapon.limit,
  });
  // Someone who is out cold cannot dodge: they defend with no dice at all.
  const defenseModifier = /** @type {number} */ (payload.defenseModifier ?? 0);
  const defense = rollPool(ctx, { dice: t.canAct ? Math.max(0, t.defense + defenseModifier) : 0 });
  const net = attack.hits - defense.hits;
  /** @type {JsonObject} */
  const record = {
    kind: 'attack',
    label: `${attacker.name} attacks ${target.name} with ${weapon.name}`,
    targetId: target.id,
    weapon: weapon.name,
    attack: poolCard(attack),
    defense: poolCard(defense),
    net,
    hit: net > 0,
  };
  let text = `${record.label}: ${poolText(attack)} against ${poolText(defense)}`;
  /** @type {Change[]} */
  const changes = [];
  if (net <= 0) {
    text += ': miss';
  } else {
    const damageValue = weapon.damage + net;
    const armor = Math.max(0, t.armor + weapon.ap);
    // Armor that outweighs the blow stops the wound: physical damage lands as bruising (stun).
    const type = weapon.type === 'physical' && damageValue < armor ? 'stun' : weapon.type;
    const soak = rollPool(ctx, { dice: t.attributes.body + armor });
    const boxes = Math.max(0, damageValue - soak.hits);
    const damage = addDamage(t, type, boxes);
    const after = stats({ ...target, data: { ...asObject(target.data), damage } });
    Object.assign(record, {
      damageValue,
      armor,
      type,
      soak: poolCard(soak),
      boxes,
      condition: after.condition,
    });
    text += `: ${plural(net, 'net hit')}, ${damageValue}${type === 'stun' ? 'S' : 'P'} against armor ${armor}; soak ${poolText(soak)}; ${target.name} takes ${boxes} ${type}`;
    if (after.condition !== t.condition) text += ` and is ${after.condition}`;
    changes.push(...damageChanges(state, target, damage));
  }
  record.text = text;
  ctx.log(text);
  if (luck) changes.push(luckChange(attacker, a.luck.points - 1));
  return { changes, result: record };
}

/**
 * A weapon of the sheet by name (any case) or position; the first when none is named.
 * @param {Weapon[]} weapons
 * @param {unknown} wanted
 */
function pickWeapon(weapons, wanted) {
  if (wanted === undefined) return weapons[0];
  if (typeof wanted === 'number') return weapons[wanted];
  const key = keyOf(String(wanted));
  return weapons.find((weapon) => keyOf(weapon.name) === key);
}

module.exports = Object.freeze({
  validateAttack,
  applyAttack,
});
