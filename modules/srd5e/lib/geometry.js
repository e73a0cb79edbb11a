// @ts-check
/**
 * Distances on a scene's grid, in feet (SRD 5.1 "Combat: Movement and Position"): how far a
 * token moves, and how far apart two creatures stand, edge to edge, on squares, on hexes
 * (either way up) and on gridless scenes. A scene's grid is in pixels; the rules count feet.
 */

/**
 * @import { TableState } from '@meshtable/module-sdk'
 * @import { Obj } from './read.js'
 *
 * @typedef {{ type: string, size: number, offsetX: number, offsetY: number, feet: number }} Grid
 */

const { FEET_PER_CELL } = require('./constants.js');
const { obj, str } = require('./read.js');

/**
 * The grid of a scene, or null when the table has no such scene (then nothing can be measured).
 * A cell is `grid.distance` feet when the scene counts in feet, 5 feet when it counts in
 * metres (1.5 m), and the SRD's 5 feet otherwise.
 * @param {TableState} state
 * @param {string} sceneId
 * @returns {Grid | null}
 */
function gridOf(state, sceneId) {
  const scenes = obj(state.scenes);
  if (!Object.hasOwn(scenes, sceneId)) return null;
  const grid = obj(obj(scenes[sceneId]).grid);
  const size = typeof grid.size === 'number' && grid.size > 0 ? grid.size : 0;
  if (size === 0) return null;
  const units = str(grid.units).toLowerCase();
  const distance = typeof grid.distance === 'number' && grid.distance > 0 ? grid.distance : 0;
  let feet = FEET_PER_CELL;
  if (distance > 0 && ['ft', 'ft.', 'feet', 'foot'].includes(units)) feet = distance;
  else if (distance > 0 && ['m', 'm.', 'meter', 'meters', 'metre', 'metres'].includes(units)) {
    feet = Math.round((distance / 1.5) * FEET_PER_CELL * 100) / 100;
  }
  return {
    type: str(grid.type, 'square'),
    size,
    offsetX: typeof grid.offsetX === 'number' ? grid.offsetX : 0,
    offsetY: typeof grid.offsetY === 'number' ? grid.offsetY : 0,
    feet,
  };
}

/**
 * Cells between two points `dx`, `dy` pixels apart. On squares every diagonal step counts as
 * one cell, 5 feet, as SRD 5.1 counts by default; on hexes the count of hexes (rows: pointy
 * top; columns: flat top); without a grid, the straight line.
 * @param {Grid} grid
 * @param {number} dxPx
 * @param {number} dyPx
 */
function cellsBetween(grid, dxPx, dyPx) {
  const dx = dxPx / grid.size;
  const dy = dyPx / grid.size;
  if (grid.type === 'square') return Math.max(Math.abs(dx), Math.abs(dy));
  if (grid.type === 'hexRows' || grid.type === 'hexColumns') {
    // Axial coordinates of the offset, rounded through cube coordinates to a whole hex.
    const along = grid.type === 'hexRows' ? dy : dx;
    const across = grid.type === 'hexRows' ? dx : dy;
    const r = along / (Math.sqrt(3) / 2);
    const q = across - r / 2;
    let [x, z] = [Math.round(q), Math.round(r)];
    const y = Math.round(-q - r);
    const [ex, ey, ez] = [Math.abs(x - q), Math.abs(y + q + r), Math.abs(z - r)];
    if (ex > ey && ex > ez) x = -y - z;
    else if (!(ey > ez)) z = -x - y;
    return (Math.abs(x) + Math.abs(z) + Math.abs(x + z)) / 2;
  }
  return Math.hypot(dx, dy);
}

/**
 * Feet a token travels from where it stands to (x, y). A part of a cell counts as a whole one.
 * @param {Grid} grid
 * @param {{ x: number, y: number }} from
 * @param {{ x: number, y: number }} to
 */
function moveFeet(grid, from, to) {
  const cells = cellsBetween(grid, to.x - from.x, to.y - from.y);
  const whole = grid.type === 'none' ? cells : Math.ceil(Math.round(cells * 1e6) / 1e6);
  return Math.round(whole * grid.feet);
}

/**
 * Feet between two creatures, edge to edge: 5 ft for creatures in adjacent cells, 0 in the same
 * cell. Tokens larger than one cell (`size` in cells) count from their nearest cell.
 * @param {Grid} grid
 * @param {Obj} a a token
 * @param {Obj} b a token
 */
function feetBetween(grid, a, b) {
  const span = (/** @type {Obj} */ token) =>
    Math.max(1, Math.round(typeof token.size === 'number' ? token.size : 1));
  if (grid.type === 'square') {
    const cell = (/** @type {number} */ px, /** @type {number} */ offset) =>
      Math.round((px - offset) / grid.size);
    const gap = (
      /** @type {number} */ a0,
      /** @type {number} */ sa,
      /** @type {number} */ b0,
      /** @type {number} */ sb,
    ) => Math.max(0, b0 - (a0 + sa - 1), a0 - (b0 + sb - 1));
    const gx = gap(cell(a.x, grid.offsetX), span(a), cell(b.x, grid.offsetX), span(b));
    const gy = gap(cell(a.y, grid.offsetY), span(a), cell(b.y, grid.offsetY), span(b));
    return Math.max(gx, gy) * grid.feet;
  }
  // Hexes and gridless scenes: centre to centre, less the extra half-cells of large tokens.
  const centre = (/** @type {Obj} */ token) => ({
    x: token.x + (span(token) * grid.size) / 2,
    y: token.y + (span(token) * grid.size) / 2,
  });
  const [ca, cb] = [centre(a), centre(b)];
  const cells =
    cellsBetween(grid, cb.x - ca.x, cb.y - ca.y) - (span(a) - 1) / 2 - (span(b) - 1) / 2;
  return Math.max(0, Math.round(cells)) * grid.feet;
}

module.exports = Object.freeze({
  gridOf,
  moveFeet,
  feetBetween,
});
