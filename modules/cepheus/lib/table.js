// @ts-check
/**
 * The table: who is a GM, who may act for an actor, an actor by id, the tokens that stand for it,
 * whether a token is in a fight, and the `set` change every ruling writes with.
 */

/**
 * @import { Actor, Change, JsonValue, TableState as State, Token } from '@meshtable/module-sdk'
 */

const { asArray, asObject } = require('./read.js');

/**
 * A `set` change.
 * @param {'actors' | 'tokens'} collection
 * @param {string} id
 * @param {string[]} path
 * @param {unknown} value
 * @returns {Change}
 */
function set(collection, id, path, value) {
  return { op: 'set', collection, id, path, value: /** @type {JsonValue} */ (value) };
}

/**
 * Is this member a GM of the table? (`state.members` as the validator summarises them.)
 * @param {State} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const member = state.members?.[userId];
  return member?.role === 'gm' && (member.status === undefined || member.status === 'member');
}

/**
 * May this member act for this actor? Its owners and GMs may.
 * @param {State} state
 * @param {string} userId
 * @param {Actor} actor
 */
function controls(state, userId, actor) {
  return actor.owners.includes(userId) || isGm(state, userId);
}

/**
 * The actor of an id a payload names, if there is one (an own property: no `__proto__`).
 * @param {State} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorNamed(state, id) {
  if (typeof id !== 'string' || state.actors === undefined) return undefined;
  return Object.hasOwn(state.actors, id) ? state.actors[id] : undefined;
}

/**
 * The tokens that stand for an actor, in id order (so every peer picks the same one first).
 * @param {State} state
 * @param {string} actorId
 * @returns {Token[]}
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether the token is in an active fight on its scene.
 * @param {State} state
 * @param {Token} token
 */
function inCombat(state, token) {
  return Object.values(state.combat ?? {}).some((combat) => {
    if (combat.active !== true || combat.sceneId !== token.sceneId) return false;
    return asArray(combat.combatants).some((entry) => {
      const combatant = asObject(entry);
      return (
        combatant.tokenId === token.id ||
        (token.actorId !== null && combatant.actorId === token.actorId)
      );
    });
  });
}

module.exports = Object.freeze({
  set,
  isGm,
  controls,
  actorNamed,
  tokensOf,
  inCombat,
});
