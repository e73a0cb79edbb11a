// @ts-check
/**
 * token.move: a character moves at most its Move in metres a round ("Move").
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Refuse } from '../refusal.js'
 * @import { State } from '../table.js'
 */

const { canAct, whyDown } = require('../character.js');
const { isObject, round1 } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { readSheet } = require('../sheet.js');
const { isGm, metresBetween } = require('../table.js');

/**
 * A move of a character's token: at most its Move in metres ("Move"; "Movement": "Running"
 * needs a roll beyond it, which the GM rules on). The GM moves anything anywhere.
 * @param {Intent} intent
 * @param {State} state
 */
function validateMove(intent, state) {
  if (isGm(state, intent.author)) return;
  const payload = isObject(intent.payload) ? intent.payload : {};
  const token = typeof payload.tokenId === 'string' ? state.tokens?.[payload.tokenId] : undefined;
  if (token === undefined || token.actorId === null) return;
  const actor = state.actors?.[token.actorId];
  if (actor === undefined) return;
  const sheet = readSheet(actor.data);
  if (!canAct(sheet)) refuse(`${whyDown(actor, sheet)} and cannot move`);
  if (typeof payload.x !== 'number' || typeof payload.y !== 'number') return;
  const metres = metresBetween(state, token, { x: payload.x, y: payload.y });
  if (metres === null) return;
  if (metres > sheet.move + 1e-9) {
    refuse(
      `${actor.name} moves at most ${sheet.move} m a round; that move is ${round1(metres)} m (running farther takes a running roll the GM calls for)`,
    );
  }
}

module.exports = Object.freeze({
  validateMove,
});
