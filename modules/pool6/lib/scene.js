// @ts-check
/**
 * Measuring a scene (reference/combat.md "Moving" and "Range"): metres per grid cell from the
 * scene's grid and units, and the gap between two tokens.
 */

/**
 * @import { TableState, Token } from '@meshtable/module-sdk'
 */

const { METRES_PER_UNIT } = require('./constants.js');
const { asObject } = require('./read.js');

/**
 * The metres one cell of a scene measures, or null when the scene or its grid is missing.
 * @param {TableState} state
 * @param {string} sceneId
 */
function sceneScale(state, sceneId) {
  const scene = asObject(state.scenes?.[sceneId]);
  const grid = asObject(scene.grid);
  if (typeof grid.size !== 'number' || grid.size <= 0 || typeof grid.distance !== 'number') {
    return null;
  }
  const unit = typeof grid.units === 'string' ? grid.units.trim().toLowerCase() : 'm';
  const perUnit = Object.hasOwn(METRES_PER_UNIT, unit)
    ? METRES_PER_UNIT[/** @type {keyof typeof METRES_PER_UNIT} */ (unit)]
    : 1;
  return { pixelsPerCell: grid.size, metresPerCell: grid.distance * perUnit };
}

/**
 * The gap in metres between two tokens' edges (0 when they touch or overlap), measured
 * between their centres, less half of each token's size.
 * @param {Token} a
 * @param {Token} b
 * @param {{ pixelsPerCell: number, metresPerCell: number }} scale
 */
function gapBetween(a, b, scale) {
  const sizeA = tokenSize(a);
  const sizeB = tokenSize(b);
  const half = scale.pixelsPerCell / 2;
  const dx = a.x + sizeA * half - (b.x + sizeB * half);
  const dy = a.y + sizeA * half - (b.y + sizeB * half);
  const cells = Math.hypot(dx, dy) / scale.pixelsPerCell - (sizeA + sizeB) / 2;
  return Math.max(0, cells) * scale.metresPerCell;
}

/** @param {Token} token */
function tokenSize(token) {
  const size = /** @type {{ size?: unknown }} */ (token).size;
  return typeof size === 'number' && size > 0 ? size : 1;
}

module.exports = Object.freeze({
  sceneScale,
  gapBetween,
});
