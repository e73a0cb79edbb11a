// @ts-check
/**
 * Reading what players typed: sheet fields and payloads are JSON of any shape, so every read
 * falls back to a safe value (a missing number its default, a list that is not one empty) and
 * stays in bounds. Skill and weapon names are matched by key, case and punctuation aside.
 */

/**
 * @import { JsonObject, JsonValue } from '@meshtable/module-sdk'
 * @import { Attribute } from './constants.js'
 */

const { ATTRIBUTES } = require('./constants.js');

/**
 * A stored number as a whole number within bounds, or the fallback when it is not a number.
 * @param {unknown} value
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function whole(value, fallback, min, max) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/**
 * The value if it is a JSON object (not an array), else an empty one.
 * @param {unknown} value
 * @returns {JsonObject}
 */
function asObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {JsonObject} */ (value)
    : {};
}

/**
 * The value if it is an array, else an empty one.
 * @param {unknown} value
 * @returns {readonly JsonValue[]}
 */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * Whether the value is a finite number.
 * @param {unknown} value
 * @returns {value is number}
 */
function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Whether the value names one of pool6's attributes.
 * @param {unknown} value
 * @returns {value is Attribute}
 */
function isAttribute(value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (ATTRIBUTES).includes(value);
}

/**
 * The key of a skill or weapon name: its words in camelCase (`Close Combat` → `closeCombat`), as
 * sheets and `/test` refer to it.
 * @param {string} name
 */
function keyOf(name) {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words
    .map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1)))
    .join('');
}

module.exports = Object.freeze({
  whole,
  asObject,
  asArray,
  isNumber,
  isAttribute,
  keyOf,
});
