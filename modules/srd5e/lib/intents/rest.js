// @ts-check
/**
 * srd5e:rest: a short rest spends Hit Dice, a long rest restores hit points, slots, Hit Dice
 * and a level of exhaustion (SRD 5.1 "Adventuring: Resting").
 */

/**
 * @import { Actor, Change, Intent, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Creature } from '../creature.js'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { NO_SLOTS_USED } = require('../constants.js');
const { creature } = require('../creature.js');
const { flattenDice } = require('../dice.js');
const { obj } = require('../read.js');
const { OK, actingAs, refuse, shapeProblem } = require('../refusals.js');
const { actorById, setData } = require('../table.js');
const { plus } = require('../text.js');
const { heal, vitalChanges, vitalsOf } = require('../vitals.js');

/**
 * srd5e:rest `{ actorId, type: "short" | "long", hitDice? }` ("Adventuring: Resting"). A short
 * rest may spend Hit Dice (a number, largest dice first, or by size: `{ "d10": 1 }`); a long
 * rest needs at least 1 hit point at its start.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateRest(intent, payload, state) {
  const shape = shapeProblem('srd5e:rest', payload, ['actorId', 'type'], ['hitDice']);
  if (shape !== null) return refuse(shape);
  if (payload.type !== 'short' && payload.type !== 'long') {
    return refuse('a rest is "short" or "long"');
  }
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  if (c.dead) return refuse(`${c.name} is dead`);
  if (payload.type === 'long') {
    if (payload.hitDice !== undefined) return refuse('Hit Dice are spent on a short rest');
    if (c.hp <= 0)
      return refuse(`${c.name} needs at least 1 hit point to benefit from a long rest`);
    return OK;
  }
  const spend = hitDiceToSpend(c, payload.hitDice);
  return typeof spend === 'string' ? refuse(spend) : OK;
}

/**
 * The Hit Dice a short rest spends, by die, or why it cannot.
 * @param {Creature} c
 * @param {unknown} asked
 * @returns {{ die: number, count: number }[] | string}
 */
function hitDiceToSpend(c, asked) {
  if (asked === undefined || asked === 0) return [];
  const left = Object.entries(c.hitDice).map(([die, pool]) => ({
    die: Number(die.slice(1)),
    left: pool.left,
  }));
  const total = left.reduce((sum, pool) => sum + pool.left, 0);
  if (typeof asked === 'number') {
    if (!Number.isInteger(asked) || asked < 0) return 'hitDice is a whole number of dice to spend';
    if (asked > total) return `${c.name} has ${total} Hit Dice left, not ${asked}`;
    const out = [];
    let wanted = asked;
    for (const pool of left) {
      const count = Math.min(pool.left, wanted);
      if (count > 0) out.push({ die: pool.die, count });
      wanted -= count;
    }
    return out;
  }
  if (typeof asked === 'object' && asked !== null && !Array.isArray(asked)) {
    const out = [];
    for (const [key, count] of Object.entries(asked)) {
      const pool = Object.hasOwn(c.hitDice, key) ? c.hitDice[key] : undefined;
      if (pool === undefined) return `${c.name} has no ${key} Hit Dice`;
      if (!Number.isInteger(count) || count < 0) return `spend a whole number of ${key}`;
      if (count > pool.left) return `${c.name} has ${pool.left} ${key} left, not ${count}`;
      if (count > 0) out.push({ die: Number(key.slice(1)), count });
    }
    return out;
  }
  return 'hitDice is a number of dice, or dice by size such as { "d8": 2 }';
}

/**
 * srd5e:rest ("Adventuring: Resting"). Short: each Hit Die spent rolls its die plus the
 * Constitution modifier (at least 0) in hit points, and Pact Magic slots come back. Long: all
 * hit points, all spell slots, spent Hit Dice up to half the total (at least one), one level of
 * exhaustion less, and temporary hit points end.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyRest(intent, payload, state, ctx) {
  const actor = /** @type {Actor} */ (actorById(state, payload.actorId));
  const c = creature(actor);
  const before = vitalsOf(c);
  /** @type {Change[]} */
  const changes = [];
  /** @type {string[]} */
  const lines = [];
  /** @type {Obj[]} */
  const rolls = [];
  let after = before;
  if (payload.type === 'short') {
    const spend = /** @type {{ die: number, count: number }[]} */ (
      hitDiceToSpend(c, payload.hitDice)
    );
    let regained = 0;
    const used = { ...obj(c.data.hitDiceUsed) };
    for (const { die, count } of spend) {
      for (let n = 0; n < count; n++) {
        const roll = ctx.dice.roll(`1d${die}${plus(c.mods.con)}`);
        regained += Math.max(0, roll.total);
        rolls.push({
          die: `d${die}`,
          total: Math.max(0, roll.total),
          text: roll.text,
          dice: flattenDice(roll),
        });
      }
      const key = `d${die}`;
      used[key] = (c.hitDice[key]?.used ?? 0) + count;
    }
    if (spend.length > 0) changes.push(setData(c.id, 'hitDiceUsed', used));
    after = heal(c, before, regained).after;
    const spent = spend.reduce((sum, s) => sum + s.count, 0);
    lines.push(
      spent === 0
        ? `${c.name} takes a short rest`
        : `${c.name} takes a short rest and spends ${spent} Hit ${spent === 1 ? 'Die' : 'Dice'} (${rolls.map((r) => r.text).join('; ')}): regains ${after.hp - before.hp} hit points, ${before.hp} → ${after.hp}`,
    );
  } else {
    after = {
      ...before,
      conditions: [...before.conditions],
      deathSaves: { successes: 0, failures: 0 },
    };
    after.exhaustion = Math.max(0, before.exhaustion - 1);
    const rested = creature({ ...actor, data: { ...c.data, exhaustion: after.exhaustion } });
    after.hp = Math.max(before.hp, rested.maxHp);
    after.tempHp = 0;
    const pools = Object.entries(c.hitDice);
    const total = pools.reduce((sum, [, pool]) => sum + pool.max, 0);
    let back = Math.max(1, Math.floor(total / 2));
    /** @type {Record<string, number>} */
    const used = {};
    for (const [die, pool] of pools) {
      const regained = Math.min(pool.used, back);
      back -= regained;
      used[die] = pool.used - regained;
    }
    changes.push(setData(c.id, 'hitDiceUsed', used));
    if (Object.values(c.spell.slots).some((slot) => slot.used > 0))
      changes.push(setData(c.id, 'slotsUsed', { ...NO_SLOTS_USED }));
    lines.push(
      `${c.name} finishes a long rest: ${after.hp}/${rested.maxHp} hit points, spell slots restored, Hit Dice ${Object.entries(
        used,
      )
        .map(([die, n]) => `${(c.hitDice[die]?.max ?? 0) - n}/${c.hitDice[die]?.max ?? 0} ${die}`)
        .join(
          ', ',
        )}${before.exhaustion > 0 ? `, exhaustion ${before.exhaustion} → ${after.exhaustion}` : ''}`,
    );
  }
  if (c.spell.pact.used > 0) {
    changes.push(setData(c.id, 'pactSlotsUsed', 0));
    lines.push('Pact Magic slots restored');
  }
  for (const line of lines) ctx.log(line);
  const card = {
    kind: 'rest',
    intent: intent.id,
    type: payload.type,
    rolls,
    hp: after.hp,
    text: lines.join('\n'),
  };
  return { changes: [...vitalChanges(state, c, before, after), ...changes], result: card };
}

module.exports = Object.freeze({
  validateRest,
  applyRest,
});
