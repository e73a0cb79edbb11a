// @ts-check
/**
 * What every validator of this module shares: the shape of a refusal, the check of a payload's
 * fields, the actor an intent acts as, and what keeps a creature from acting at all. A refusal
 * says why in words a player can act on.
 */

/**
 * @import { Actor, Intent, TableState } from '@meshtable/module-sdk'
 * @import { Creature } from './creature.js'
 * @import { Obj } from './read.js'
 */

const { INCAPACITATING } = require('./constants.js');
const { creature } = require('./creature.js');
const { actorById, controls } = require('./table.js');
const { listText } = require('./text.js');

/**
 * A refusal with its reason, cut to the 1,000 characters a validate result may carry.
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason: reason.length > 1000 ? `${reason.slice(0, 997)}…` : reason };
}

/**
 * Yes: the one answer every rule gives when the intent may happen.
 * @type {{ ok: true }}
 */
const OK = Object.freeze({ ok: true });

/**
 * The payload's unknown or missing fields, as a refusal, or null.
 * @param {string} kind
 * @param {Obj} payload
 * @param {readonly string[]} required
 * @param {readonly string[]} optional
 */
function shapeProblem(kind, payload, required, optional) {
  const unknown = Object.keys(payload).filter(
    (key) => !required.includes(key) && !optional.includes(key),
  );
  if (unknown.length > 0) {
    return `${kind} has no field ${listText(
      unknown.map((key) => `"${key}"`),
      'and',
    )} (it takes ${listText([...required, ...optional], 'and')})`;
  }
  const missing = required.filter((key) => payload[key] === undefined);
  if (missing.length > 0) return `${kind} needs ${listText(missing, 'and')}`;
  const mode = payload.mode;
  if (mode !== undefined && !['normal', 'advantage', 'disadvantage'].includes(mode)) {
    return `mode must be "normal", "advantage" or "disadvantage", not ${JSON.stringify(mode)}`;
  }
  for (const flag of ['advantage', 'disadvantage', 'twoHanded', 'pact', 'ritual']) {
    if (payload[flag] !== undefined && typeof payload[flag] !== 'boolean') {
      return `${flag} must be true or false`;
    }
  }
  if (
    payload.dc !== undefined &&
    (!Number.isInteger(payload.dc) || payload.dc < 1 || payload.dc > 40)
  ) {
    return 'dc must be a whole number from 1 to 40';
  }
  return null;
}

/**
 * The actor an intent acts as: it must exist and the author must control it.
 * @param {Intent} intent
 * @param {TableState} state
 * @param {unknown} actorId
 * @returns {{ actor: Actor, c: Creature } | { problem: string }}
 */
function actingAs(intent, state, actorId) {
  const actor = actorById(state, actorId);
  if (actor === undefined) return { problem: `there is no character "${String(actorId)}"` };
  if (!controls(state, intent.author, actor)) {
    return { problem: `you do not control ${actor.name}` };
  }
  return { actor, c: creature(actor) };
}

/**
 * What keeps a creature from acting at all, or null: death, or a condition that incapacitates
 * it ("Appendix PH-A: Conditions": an incapacitated creature can't take actions).
 * @param {Creature} c
 */
function cannotAct(c) {
  if (c.dead) return `${c.name} is dead`;
  const why = c.conditions.find((condition) => INCAPACITATING.includes(condition));
  if (why !== undefined) return `${c.name} is ${why} and can't take actions`;
  if (c.hp <= 0) return `${c.name} is at 0 hit points`;
  return null;
}

module.exports = Object.freeze({
  refuse,
  OK,
  shapeProblem,
  actingAs,
  cannotAct,
});
