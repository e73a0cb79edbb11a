// @ts-check
/**
 * token.move: a creature moves at most its speed. The core moves the token; this only says
 * whether the rules allow the move.
 */

/**
 * @import { Intent, TableState, Token, ValidateResult } from '@meshtable/module-sdk'
 * @import { Obj } from '../read.js'
 */

const { IMMOBILIZING } = require('../constants.js');
const { creature } = require('../creature.js');
const { gridOf, moveFeet } = require('../geometry.js');
const { obj } = require('../read.js');
const { OK, refuse } = require('../refusals.js');
const { actorById, isGm } = require('../table.js');

/**
 * A move: at most the creature's speed, in feet, measured on the scene's grid (SRD 5.1
 * "Movement and Position"; diagonals count 5 feet each). GMs move anything anywhere.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, payload, state) {
  if (isGm(state, intent.author)) return OK;
  const tokens = obj(state.tokens);
  if (typeof payload.tokenId !== 'string' || !Object.hasOwn(tokens, payload.tokenId)) return OK;
  const token = /** @type {Token} */ (tokens[payload.tokenId]);
  const actor = token.actorId === null ? undefined : actorById(state, token.actorId);
  if (actor === undefined) return OK;
  const c = creature(actor);
  if (c.dead) return refuse(`${c.name} is dead and cannot move`);
  if (c.speed.best <= 0) {
    const why =
      c.conditions.find((condition) => IMMOBILIZING.includes(condition)) ??
      (c.exhaustion >= 5 ? `exhausted (level ${c.exhaustion})` : 'without a speed');
    return refuse(`${c.name} is ${why}: speed 0, so it cannot move`);
  }
  const grid = gridOf(state, token.sceneId);
  if (grid === null || typeof payload.x !== 'number' || typeof payload.y !== 'number') return OK;
  const feet = moveFeet(grid, token, { x: payload.x, y: payload.y });
  if (feet > c.speed.best) {
    return refuse(
      `${c.name} moves at most ${c.speed.best} ft (${c.speed.bestMode} speed); that move is ${feet} ft`,
    );
  }
  return OK;
}

module.exports = Object.freeze({
  validateMove,
});
