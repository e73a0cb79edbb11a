// @ts-check
/**
 * Reading JSON of any shape, and writing numbers for messages. Sheet data and payloads arrive as
 * whatever a player typed: these helpers read an object, a list or a whole number without
 * trusting the shape, copy data with one field changed (to check an edit before it is made), and
 * write a DM (`+1`, `-2`) or a distance. Also a fixed hash, the same on every peer.
 */

/**
 * @import { JsonValue } from '@meshtable/module-sdk'
 */

/**
 * The value if it is a JSON object, else an empty one.
 * @param {unknown} value
 * @returns {Record<string, JsonValue | undefined>}
 */
function asObject(value) {
  return isPlainObject(value) ? /** @type {Record<string, JsonValue | undefined>} */ (value) : {};
}

/**
 * The value if it is a list, else an empty one.
 * @param {unknown} value
 * @returns {readonly unknown[]}
 */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * Whether a value is a JSON object (not null, not an array).
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is a whole number in [min, max].
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 * @returns {value is number}
 */
function isWholeNumber(value, min, max) {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * A number truncated to a whole one and kept in [min, max].
 * @param {number} value
 * @param {number} min
 * @param {number} max
 */
function clampInt(value, min, max) {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/**
 * A copy of `base` with `value` at `path` (arrays stay arrays); `base` itself is frozen.
 * @param {unknown} base
 * @param {readonly string[]} path
 * @param {unknown} value
 * @returns {unknown}
 */
function setIn(base, path, value) {
  if (path.length === 0) return value;
  const [head, ...rest] = /** @type {[string, ...string[]]} */ (path);
  if (Array.isArray(base) && /^\d+$/.test(head)) {
    const copy = base.slice();
    copy[Number(head)] = setIn(base[Number(head)], rest, value);
    return copy;
  }
  /** @type {Record<string, unknown>} */
  const copy = isPlainObject(base) ? { ...base } : {};
  copy[head] = setIn(copy[head], rest, value);
  return copy;
}

/**
 * An id as a message may quote it: text, at most 60 characters.
 * @param {unknown} id
 */
function idText(id) {
  return String(id).slice(0, 60);
}

/**
 * A DM as the SRD writes it: `+1`, `-2`, `+0`.
 * @param {number} value
 */
function signed(value) {
  return value < 0 ? `${value}` : `+${value}`;
}

/**
 * A distance for messages, to a tenth of a metre: `4.5 m`.
 * @param {number} metres
 */
function metresText(metres) {
  return `${Math.round(metres * 10) / 10} m`;
}

/**
 * FNV-1a, 32 bits: a fixed number from a string, the same on every peer.
 * @param {string} text
 */
function hashOf(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

module.exports = Object.freeze({
  asObject,
  asArray,
  isPlainObject,
  isWholeNumber,
  clampInt,
  setIn,
  idText,
  signed,
  metresText,
  hashOf,
});
