// @ts-check
/**
 * The table: the records of the state the rules read (actors, tokens, scenes, combats, members),
 * who is a GM, the tokens of an actor, the active combat, distances in metres on a scene's grid,
 * and the `set` change every ruling writes with.
 */

/**
 * @import { Change, JsonValue } from '@meshtable/module-sdk'
 * @import { Refuse } from './refusal.js'
 *
 * @typedef {{ id: string, type: string, name: string, owners: readonly string[], data: Record<string, unknown> }} ActorRecord
 * @typedef {{
 *   id: string, sceneId: string, actorId: string | null, x: number, y: number,
 *   conditions?: readonly string[],
 * }} TokenRecord
 * @typedef {{ type?: string, size?: number, distance?: number, units?: string }} Grid
 * @typedef {{
 *   actors?: Record<string, ActorRecord>, tokens?: Record<string, TokenRecord>,
 *   scenes?: Record<string, { grid?: Grid }>,
 *   combat?: Record<string, { id: string, sceneId: string, active: boolean, round: number }>,
 *   members?: Record<string, { role?: string }>,
 * }} State
 */

const { METRES_PER_UNIT } = require('./constants.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * Whether the user is a GM of the table (state.members says so).
 * @param {State} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = state.members;
  return members !== undefined && Object.hasOwn(members, userId) && members[userId]?.role === 'gm';
}

/**
 * A `set` change.
 * @param {'actors' | 'tokens'} collection
 * @param {string} id
 * @param {string[]} path
 * @param {JsonValue} value
 * @returns {Change}
 */
function set(collection, id, path, value) {
  return { op: 'set', collection, id, path, value };
}

/**
 * The tokens that stand for an actor, in id order (so every peer picks the same first one).
 * @param {State} state
 * @param {string} actorId
 * @returns {TokenRecord[]}
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The active combat on the scene of the actor's token, if any.
 * @param {State} state
 * @param {ActorRecord} actor
 */
function activeCombat(state, actor) {
  const scenes = new Set(tokensOf(state, actor.id).map((token) => token.sceneId));
  return (
    Object.values(state.combat ?? {}).find(
      (combat) => combat.active && scenes.has(combat.sceneId),
    ) ?? null
  );
}

/**
 * Metres between a token and a point of its scene: the pixel distance over the grid's cell
 * size, times the grid's distance per cell, in metres. OpenD6 measures in metres, not squares,
 * so a diagonal is as long as it is. Null when the scene has no grid to measure with.
 * @param {State} state
 * @param {TokenRecord} token
 * @param {{ x: number, y: number }} to
 * @returns {number | null}
 * @throws {Refusal} when the grid's units are not a length the rules know
 */
function metresBetween(state, token, to) {
  const grid = state.scenes?.[token.sceneId]?.grid;
  if (grid === undefined || typeof grid.size !== 'number' || !(grid.size > 0)) return null;
  const distance = typeof grid.distance === 'number' && grid.distance > 0 ? grid.distance : 1;
  const units = typeof grid.units === 'string' ? grid.units.trim().toLowerCase() : 'm';
  const perUnit = Object.hasOwn(METRES_PER_UNIT, units)
    ? METRES_PER_UNIT[/** @type {keyof typeof METRES_PER_UNIT} */ (units)]
    : undefined;
  if (perUnit === undefined) {
    refuse(
      `this scene's grid measures in "${grid.units}"; OpenD6 moves in metres: set the grid's units to m or ft`,
    );
  }
  const cells = Math.hypot(to.x - token.x, to.y - token.y) / grid.size;
  return cells * distance * perUnit;
}

module.exports = Object.freeze({
  isGm,
  set,
  tokensOf,
  activeCombat,
  metresBetween,
});
