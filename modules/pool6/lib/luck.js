// @ts-check
/**
 * Luck points (reference/dice-pools.md "Luck"): the change that stores how many a character has
 * left, after an attack, a test or `/luck` spends one or the GM restores them.
 */

/**
 * @import { Actor, Change } from '@meshtable/module-sdk'
 */

/**
 * The change that leaves the actor `points` luck points.
 * @param {Actor} actor
 * @param {number} points
 * @returns {Change}
 */
function luckChange(actor, points) {
  return {
    op: 'set',
    collection: 'actors',
    id: actor.id,
    path: ['data', 'luckPoints'],
    value: points,
  };
}

module.exports = Object.freeze({
  luckChange,
});
