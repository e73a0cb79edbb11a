// @ts-check
/**
 * The table as the rules see it: actors and tokens by id or by the name a player types, who
 * is a GM and who controls what, and the shape of a ruling's changes.
 */

/**
 * @import { Actor, Change, TableState, Token } from '@meshtable/module-sdk'
 * @import { Obj } from './read.js'
 *
 * @typedef {{ changes: Change[], result: Obj }} Applied a ruling: its changes, and its roll card
 *   for the receipt
 */

const { creature } = require('./creature.js');
const { obj, squash, str } = require('./read.js');

/**
 * Whether a member is one of the table's GMs (the validator passes `members` in the state).
 * @param {TableState} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = obj(/** @type {Obj} */ (state).members);
  return Object.hasOwn(members, userId) && obj(members[userId]).role === 'gm';
}

/**
 * The actor with this id, if any.
 * @param {TableState} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorById(state, id) {
  const actors = obj(state.actors);
  return typeof id === 'string' && Object.hasOwn(actors, id) ? actors[id] : undefined;
}

/**
 * The creature an applied intent names; validate made sure it exists.
 * @param {TableState} state
 * @param {unknown} id
 */
function mustFind(state, id) {
  const actor = actorById(state, id);
  if (actor === undefined) throw new RangeError(`there is no character "${String(id)}"`);
  return creature(actor);
}

/**
 * A creature named in an intent: an actor id, a token id (its actor), or a name that only one
 * actor has (case and punctuation aside), as a player types it in chat.
 * @param {TableState} state
 * @param {unknown} ref
 * @returns {{ actor: Actor, token: Token | null } | { problem: string }}
 */
function findCreature(state, ref) {
  if (typeof ref !== 'string' || ref.trim() === '') return { problem: 'no creature was named' };
  const actor = actorById(state, ref);
  if (actor !== undefined) return { actor, token: null };
  const tokens = obj(state.tokens);
  if (Object.hasOwn(tokens, ref)) {
    const token = /** @type {Token} */ (tokens[ref]);
    const owner = token.actorId === null ? undefined : actorById(state, token.actorId);
    if (owner === undefined) return { problem: `the token "${ref}" stands for no character` };
    return { actor: owner, token };
  }
  const key = squash(ref);
  const named = Object.values(obj(state.actors)).filter(
    (candidate) => squash(str(candidate.name)) === key,
  );
  if (named.length === 1) return { actor: named[0], token: null };
  if (named.length > 1) {
    return { problem: `${named.length} creatures are called "${ref}": name one by its id` };
  }
  return { problem: `there is no creature "${ref}"` };
}

/**
 * The tokens that stand for an actor.
 * @param {TableState} state
 * @param {string} actorId
 * @returns {Token[]}
 */
function tokensOf(state, actorId) {
  return Object.values(obj(state.tokens)).filter((token) => obj(token).actorId === actorId);
}

/**
 * Whether the author of an intent may act for this actor: one of its owners, or a GM.
 * @param {TableState} state
 * @param {string} userId
 * @param {Actor} actor
 */
function controls(state, userId, actor) {
  return isGm(state, userId) || (Array.isArray(actor.owners) && actor.owners.includes(userId));
}

/**
 * One field of an actor's data, set.
 * @param {string} actorId
 * @param {string} key
 * @param {unknown} value
 * @returns {Change}
 */
function setData(actorId, key, value) {
  return {
    op: 'set',
    collection: 'actors',
    id: actorId,
    path: ['data', key],
    value: /** @type {any} */ (value),
  };
}

module.exports = Object.freeze({
  isGm,
  actorById,
  mustFind,
  findCreature,
  tokensOf,
  controls,
  setData,
});
