// @ts-check
/**
 * Distances on a scene (SRD Chapter 5, Movement; Personal Combat Range Bands): metres per grid
 * cell, how far a token moves, and the range band between two characters' tokens.
 */

/**
 * @import { JsonValue, Scene, TableState as State } from '@meshtable/module-sdk'
 *
 * @typedef {'personal' | 'close' | 'short' | 'medium' | 'long' | 'very long' | 'distant'} RangeBand
 */

const { tokensOf } = require('./table.js');

/** The range bands, nearest first (SRD Chapter 5, Personal Combat Range Bands). */
const RANGE_BANDS = /** @type {readonly RangeBand[]} */ (
  Object.freeze(['personal', 'close', 'short', 'medium', 'long', 'very long', 'distant'])
);

/** A grid square is 1.5 m (SRD Chapter 5, Movement); a scene in metres or feet says its own. */
const SQUARE_METRES = 1.5;

/**
 * Metres per cell of a scene's grid: its own distance when it counts in metres or feet, else the
 * SRD's 1.5 m square.
 * @param {Scene | undefined} scene
 */
function metresPerCell(scene) {
  const distance = scene?.grid?.distance;
  const units = (scene?.grid?.units ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (typeof distance !== 'number' || !(distance > 0)) return SQUARE_METRES;
  if (['m', 'meter', 'meters', 'metre', 'metres'].includes(units)) return distance;
  if (['ft', 'foot', 'feet'].includes(units)) return distance * 0.3048;
  return SQUARE_METRES;
}

/**
 * How far a token's top-left corner moves, in metres, or null when the scene has no grid to
 * measure by. Straight-line distance: the SRD counts metres, not squares.
 * @param {{ x: number, y: number }} from
 * @param {Record<string, JsonValue | undefined>} to
 * @param {Scene | undefined} scene
 */
function metresBetweenCorners(from, to, scene) {
  const size = scene?.grid?.size;
  if (typeof size !== 'number' || !(size > 0)) return null;
  if (typeof to.x !== 'number' || typeof to.y !== 'number') return null;
  return (Math.hypot(to.x - from.x, to.y - from.y) / size) * metresPerCell(scene);
}

/**
 * The range band between two actors' tokens on one scene, or null when they share none. The
 * distance runs from edge to edge for tokens larger than a square, and is read in squares of
 * 1.5 m against the Squares to Target column (SRD Chapter 5, Personal Combat Range Bands):
 * less than one square is Personal, up to 2 Close, 8 Short, 34 Medium, 166 Long, 334 Very Long.
 * @param {State} state
 * @param {string} fromId
 * @param {string} toId
 * @returns {RangeBand | null}
 */
function rangeBetween(state, fromId, toId) {
  for (const from of tokensOf(state, fromId)) {
    for (const to of tokensOf(state, toId)) {
      if (from.sceneId !== to.sceneId) continue;
      const scene = state.scenes?.[from.sceneId];
      const cell = scene?.grid?.size;
      if (typeof cell !== 'number' || !(cell > 0)) continue;
      const sizeFrom = typeof from.size === 'number' ? from.size : 1;
      const sizeTo = typeof to.size === 'number' ? to.size : 1;
      const centres = Math.hypot(
        to.x + (sizeTo * cell) / 2 - (from.x + (sizeFrom * cell) / 2),
        to.y + (sizeTo * cell) / 2 - (from.y + (sizeFrom * cell) / 2),
      );
      const cells = Math.max(0, centres / cell - (sizeFrom - 1) / 2 - (sizeTo - 1) / 2);
      return bandOfSquares((cells * metresPerCell(scene)) / SQUARE_METRES);
    }
  }
  return null;
}

/** The most squares of each band but Distant, nearest first (Personal is under one). */
const BAND_LIMITS = Object.freeze([
  ['close', 2],
  ['short', 8],
  ['medium', 34],
  ['long', 166],
  ['very long', 334],
]);

/**
 * The band of a distance in squares. Distances come from pixel arithmetic, so a hair's breadth
 * either side of a whole square counts as that square.
 * @param {number} squares
 * @returns {RangeBand}
 */
function bandOfSquares(squares) {
  const EPSILON = 1e-9;
  if (squares < 1 - EPSILON) return 'personal';
  for (const [band, most] of BAND_LIMITS) {
    if (squares <= /** @type {number} */ (most) + EPSILON) return /** @type {RangeBand} */ (band);
  }
  return 'distant';
}

module.exports = Object.freeze({
  RANGE_BANDS,
  metresBetweenCorners,
  rangeBetween,
});
