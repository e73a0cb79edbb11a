// @ts-check
/**
 * The table: who is a GM, who controls an actor, an actor by id, and the tokens that stand for
 * an actor (in id order, the same on every peer).
 */

/**
 * @import { Actor, TableState } from '@meshtable/module-sdk'
 */

const { asObject } = require('./read.js');

/**
 * Whether a member is a GM of the table (from the members summary the validator passes).
 * @param {TableState} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = asObject(/** @type {{ members?: unknown }} */ (state).members);
  return asObject(members[userId]).role === 'gm';
}

/**
 * Whether a member controls an actor: they own it, or they are a GM.
 * @param {TableState} state
 * @param {Actor} actor
 * @param {string} userId
 */
function controls(state, actor, userId) {
  return isGm(state, userId) || actor.owners.includes(userId);
}

/**
 * The actor with this id, or undefined when there is none (or the id is not a string).
 * @param {TableState} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorOf(state, id) {
  if (typeof id !== 'string' || state.actors === undefined || !Object.hasOwn(state.actors, id)) {
    return undefined;
  }
  return state.actors[id];
}

/**
 * The tokens that stand for an actor, in id order (the same on every peer).
 * @param {TableState} state
 * @param {string} actorId
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

module.exports = Object.freeze({
  isGm,
  controls,
  actorOf,
  tokensOf,
});
