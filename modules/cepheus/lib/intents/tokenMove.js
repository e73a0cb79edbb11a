// @ts-check
/**
 * token.move: in a fight, a character moves at most what a combat round allows (SRD Chapter 5,
 * Movement; Injury and Recovery); the unconscious and the dead do not move.
 */

/**
 * @import { Intent, TableState as State, ValidateResult } from '@meshtable/module-sdk'
 */

const { healthOf, movementPerRound, readCharacter } = require('../character.js');
const { metresBetweenCorners } = require('../geometry.js');
const { asObject, metresText } = require('../read.js');
const { OK, refuse } = require('../refusals.js');
const { inCombat, isGm } = require('../table.js');

/**
 * A player's move in a fight is limited to what a combat round allows; outside a fight tokens
 * move freely, as a table exploring a map expects. A GM moves anything anywhere. Characters who
 * are unconscious or dead do not move at all.
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateMove(intent, state) {
  const move = asObject(intent.payload);
  const token = typeof move.tokenId === 'string' ? state.tokens?.[move.tokenId] : undefined;
  if (token === undefined || token.actorId === null || isGm(state, intent.author)) return OK;
  const actor = state.actors?.[token.actorId];
  if (actor === undefined) return OK;
  const character = readCharacter(actor);
  const health = healthOf(character);
  if (health.dead || health.unconscious) {
    return refuse(`${character.name} is ${health.condition} and cannot move`);
  }
  if (!inCombat(state, token)) return OK;
  const scene = state.scenes?.[token.sceneId];
  const metres = metresBetweenCorners(token, asObject(move), scene);
  if (metres === null) return OK;
  const limit = movementPerRound(character);
  if (metres <= limit + 1e-9) return OK;
  const why = health.seriouslyWounded
    ? `is seriously wounded and can only hobble ${metresText(limit)} in a combat round`
    : `moves at most ${metresText(limit)} in a combat round (three minor actions of ${metresText(character.speed)})`;
  return refuse(`${character.name} ${why}; that move is ${metresText(metres)}`);
}

module.exports = Object.freeze({
  validateMove,
});
