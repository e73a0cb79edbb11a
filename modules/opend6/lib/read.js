// @ts-check
/**
 * Reading JSON of any shape: intent payloads and request options are checked field by field, and
 * a field that does not fit is refused with its name and what it should be. Also the small
 * helpers every file needs (a sum, a rounding for messages, a copy of data with one field set).
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Refuse } from './refusal.js'
 */

/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * Whether a value is a JSON object (not null, not an array).
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The sum of the values.
 * @param {readonly number[]} values
 */
function sum(values) {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * A value rounded to a tenth, for distances in messages.
 * @param {number} value
 */
function round1(value) {
  return Math.round(value * 10) / 10;
}

/**
 * A module intent's payload: an object with no field the kind does not take.
 * @param {Intent} intent
 * @param {readonly string[]} fields
 */
function readPayload(intent, fields) {
  if (!isObject(intent.payload)) refuse(`${intent.kind} needs a payload object`);
  for (const key of Object.keys(intent.payload)) {
    if (!fields.includes(key)) {
      refuse(`${intent.kind} has no field "${key}" (it takes ${fields.join(', ')})`);
    }
  }
  return intent.payload;
}

/**
 * An optional whole number of a payload, refused outside [min, max].
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} min
 * @param {number} max
 * @param {string} what
 * @returns {number | undefined}
 */
function optionalInt(object, key, min, max, what) {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * A whole number a payload must hold, refused when missing or outside [min, max].
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} min
 * @param {number} max
 * @param {string} what
 * @returns {number}
 */
function requiredInt(object, key, min, max, what) {
  const value = optionalInt(object, key, min, max, what);
  if (value === undefined) refuse(`${what} is required (${key})`);
  return value;
}

/**
 * An optional true or false of a payload.
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @returns {boolean | undefined}
 */
function optionalBool(object, key) {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') refuse(`${key} must be true or false`);
  return value;
}

/**
 * Text a payload must hold, 1 to `max` characters, trimmed.
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} max
 */
function readString(object, key, max) {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    refuse(`${key} must be text of 1 to ${max} characters`);
  }
  return value.trim();
}

/**
 * A copy of `data` with the value at `path` replaced (arrays copied as arrays), to check an
 * edit before it is made.
 * @param {unknown} data
 * @param {readonly string[]} path
 * @param {unknown} value
 * @returns {unknown}
 */
function setAt(data, path, value) {
  if (path.length === 0) return value;
  const [key, ...rest] = /** @type {[string, ...string[]]} */ (path);
  if (Array.isArray(data) && /^\d+$/.test(key)) {
    const copy = [...data];
    copy[Number(key)] = setAt(data[Number(key)], rest, value);
    return copy;
  }
  const record = isObject(data) ? data : {};
  return { ...record, [key]: setAt(record[key], rest, value) };
}

module.exports = Object.freeze({
  isObject,
  sum,
  round1,
  readPayload,
  optionalInt,
  requiredInt,
  optionalBool,
  readString,
  setAt,
});
