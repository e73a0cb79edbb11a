// @ts-check
/**
 * token.move: a character moves at most its run rate, and not at all while down. The core moves
 * the token; this only says whether the rules allow the move.
 */

/**
 * @import { Intent, TableState, ValidateResult } from '@meshtable/module-sdk'
 */

const { refuse } = require('../checks.js');
const { asObject, isNumber } = require('../read.js');
const { sceneScale } = require('../scene.js');
const { stats } = require('../stats.js');
const { isGm } = require('../table.js');
const { round1 } = require('../text.js');

/**
 * A move: players go at most their run rate (Agility × 4 m) per move, and not at all while
 * unconscious. The GM moves anything anywhere. A token that stands for no actor moves freely.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, state) {
  const move = asObject(intent.payload);
  const token = typeof move.tokenId === 'string' ? state.tokens?.[move.tokenId] : undefined;
  if (token === undefined) return refuse(`there is no token "${String(move.tokenId)}"`);
  if (!isNumber(move.x) || !isNumber(move.y))
    return refuse('a move needs a position: x and y in pixels');
  if (isGm(state, intent.author)) return { ok: true };
  const actor = token.actorId === null ? undefined : state.actors?.[token.actorId];
  if (actor === undefined) return { ok: true };
  const s = stats(actor);
  if (!s.canAct) return refuse(`${actor.name} is ${s.condition} and cannot move`);
  const scale = sceneScale(state, token.sceneId);
  if (scale === null)
    return refuse(`the scene "${token.sceneId}" has no grid to measure the move on`);
  const metres =
    (Math.hypot(move.x - token.x, move.y - token.y) / scale.pixelsPerCell) * scale.metresPerCell;
  // A hair of slack for the binary rounding of pixel positions.
  if (metres > s.movement.run + 1e-6) {
    return refuse(
      `${actor.name} runs at most ${s.movement.run} m (walks ${s.movement.walk} m); that move is ${round1(metres)} m`,
    );
  }
  return { ok: true };
}

module.exports = Object.freeze({
  validateMove,
});
