// @ts-check
/**
 * Who acts for an intent: the character must exist, be controlled by its author (or the author be
 * a GM) and be able to act; and the Critical Failure rule of its roll, which only the GM chooses.
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { CriticalFailureRule } from './pool.js'
 * @import { Refuse } from './refusal.js'
 * @import { Sheet } from './sheet.js'
 * @import { ActorRecord, State } from './table.js'
 */

const { canAct, whyDown } = require('./character.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;
const { readSheet } = require('./sheet.js');
const { isGm } = require('./table.js');

/**
 * The actor an intent acts for: it must exist, be controlled by the author (or the author be a
 * GM) and be able to act.
 * @param {Intent} intent
 * @param {State} state
 * @param {unknown} id
 * @param {string} what "attack with", for the messages
 * @param {boolean} [evenDown] the actor may be out of action (resisting damage)
 * @returns {{ actor: ActorRecord, sheet: Sheet }}
 */
function actorFor(intent, state, id, what, evenDown = false) {
  if (typeof id !== 'string') refuse(`name the character to ${what}`);
  const actor = state.actors?.[id];
  if (actor === undefined) refuse(`there is no character "${id}"`);
  if (!isGm(state, intent.author) && !actor.owners.includes(intent.author)) {
    refuse(`you do not control ${actor.name}`);
  }
  const sheet = readSheet(actor.data);
  if (!evenDown && !canAct(sheet)) refuse(`${whyDown(actor, sheet)} and cannot act`);
  return { actor, sheet };
}

/**
 * The Critical Failure rule of a roll: the character's (the GM's setting), or the one the GM
 * names in the payload; a player may not name another.
 * @param {Intent} intent
 * @param {State} state
 * @param {Record<string, unknown>} payload
 * @param {Sheet} sheet
 * @returns {CriticalFailureRule}
 */
function gmRule(intent, state, payload, sheet) {
  const named = payload.criticalFailure;
  if (named === undefined) return sheet.criticalFailure;
  if (named !== 'remove' && named !== 'flag') refuse('criticalFailure is "remove" or "flag"');
  if (named !== sheet.criticalFailure && !isGm(state, intent.author)) {
    refuse(`the GM chooses what a Critical Failure does (here: ${sheet.criticalFailure})`);
  }
  return named;
}

module.exports = Object.freeze({
  actorFor,
  gmRule,
});
