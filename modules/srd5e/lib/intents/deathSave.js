// @ts-check
/**
 * srd5e:death-save: a dying creature's death saving throw (SRD 5.1 "Death Saving Throws").
 */

/**
 * @import { Intent, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Creature } from '../creature.js'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 * @import { Vitals } from '../vitals.js'
 */

const { askedSources, d20Test, modeNote } = require('../dice.js');
const { OK, actingAs, refuse, shapeProblem } = require('../refusals.js');
const { mustFind } = require('../table.js');
const { vitalChanges, vitalsOf, wakeUp } = require('../vitals.js');

/**
 * A death saving throw's result on the creature (SRD 5.1 "Death Saving Throws"): 10 or more is
 * a success, less a failure, a natural 1 two failures, a natural 20 regains 1 hit point. Three
 * successes make it stable, three failures kill it; both counts then reset.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} natural
 * @param {number} total
 */
function deathSave(c, before, natural, total) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (natural === 20) {
    after.hp = 1;
    wakeUp(after, events, c.name);
    events.unshift('natural 20: regains 1 hit point');
    return { after, events };
  }
  if (natural === 1) after.deathSaves.failures += 2;
  else if (total >= 10) after.deathSaves.successes += 1;
  else after.deathSaves.failures += 1;
  events.push(natural === 1 ? 'natural 1: two failures' : total >= 10 ? 'success' : 'failure');
  if (after.deathSaves.failures >= 3) {
    after.deathSaves.failures = 3;
    after.dead = true;
    events.push(`${c.name} dies`);
  } else if (after.deathSaves.successes >= 3) {
    after.deathSaves = { successes: 0, failures: 0 };
    after.stable = true;
    events.push(`${c.name} is stable`);
  }
  return { after, events };
}

/**
 * srd5e:death-save `{ actorId, mode? }`: only a creature at 0 hit points that is dying (not
 * stable, not dead) rolls one.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDeathSave(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:death-save',
    payload,
    ['actorId'],
    ['mode', 'advantage', 'disadvantage'],
  );
  if (shape !== null) return refuse(shape);
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  if (c.dead) return refuse(`${c.name} is dead`);
  if (!c.usesDeathSaves) return refuse(`${c.name} is a monster that makes no death saves`);
  if (c.hp > 0) return refuse(`${c.name} has ${c.hp} hit points: death saves are for 0`);
  if (c.stable) return refuse(`${c.name} is stable and makes no more death saves`);
  return OK;
}

/**
 * srd5e:death-save: a d20 with no modifier.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyDeathSave(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const roll = d20Test(ctx, 0, askedSources(payload));
  const { after, events } = deathSave(c, before, roll.natural, roll.total);
  const text = `${c.name}: death saving throw${modeNote(roll)} ${roll.text} — ${events.join('; ')} (${after.deathSaves.successes} successes, ${after.deathSaves.failures} failures)`;
  ctx.log(text);
  const card = {
    kind: 'death-save',
    intent: intent.id,
    natural: roll.natural,
    total: roll.total,
    roll,
    successes: after.deathSaves.successes,
    failures: after.deathSaves.failures,
    stable: after.stable,
    dead: after.dead,
    text,
  };
  return { changes: vitalChanges(state, c, before, after), result: card };
}

module.exports = Object.freeze({
  validateDeathSave,
  applyDeathSave,
});
