// @ts-check
/**
 * What every validator shares: the shape of a refusal, and the checks of a payload's fields
 * that name the first bad field and every unknown one, so a refusal says what to fix.
 */

/**
 * @import { JsonObject, JsonValue } from '@meshtable/module-sdk'
 */

const { ATTRIBUTES, MAX_VALUE } = require('./constants.js');
const { isAttribute } = require('./read.js');

/**
 * A refusal with its reason, which the table shows the player who asked.
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason };
}

/**
 * Checks a payload against a small spec, naming the first bad field and every unknown one.
 * @param {string} kind
 * @param {JsonObject} payload
 * @param {Record<string, { type: string, required?: boolean, min?: number, max?: number }>} spec
 * @returns {string | null}
 */
function checkPayload(kind, payload, spec) {
  const unknown = Object.keys(payload).filter((key) => !Object.hasOwn(spec, key));
  if (unknown.length > 0) {
    return `${kind} has no field ${unknown.map((key) => `"${key}"`).join(', ')} (it takes ${Object.keys(spec).join(', ')})`;
  }
  for (const [key, rule] of Object.entries(spec)) {
    const value = payload[key];
    if (value === undefined) {
      if (rule.required === true) return `${kind} needs "${key}"`;
      continue;
    }
    const problem = checkField(value, rule);
    if (problem !== null) return `${kind}: "${key}" ${problem}`;
  }
  return null;
}

/**
 * @param {JsonValue} value
 * @param {{ type: string, min?: number, max?: number }} rule
 * @returns {string | null} what is wrong, or null
 */
function checkField(value, rule) {
  switch (rule.type) {
    case 'id':
      return typeof value === 'string' && value.length > 0 && value.length <= 200
        ? null
        : 'must be an id';
    case 'name':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 200
        ? null
        : 'must be a text of 1 to 200 characters';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
      return Number.isInteger(value) &&
        /** @type {number} */ (value) >= (rule.min ?? 0) &&
        /** @type {number} */ (value) <= (rule.max ?? MAX_VALUE)
        ? null
        : `must be a whole number from ${rule.min} to ${rule.max}`;
    case 'weapon':
      return (typeof value === 'string' && value.trim() !== '' && value.length <= 200) ||
        (Number.isInteger(value) && /** @type {number} */ (value) >= 0)
        ? null
        : "must be the weapon's name or its position in the list (from 0)";
    case 'attribute':
      return isAttribute(value) ? null : `must be one of ${ATTRIBUTES.join(', ')}`;
    case 'attributes':
      return Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 2 &&
        value.every(isAttribute)
        ? null
        : 'must list one or two attributes';
    case 'limit':
      return value === 'physical' ||
        value === 'mental' ||
        value === 'social' ||
        value === 'none' ||
        (Number.isInteger(value) &&
          /** @type {number} */ (value) >= 1 &&
          /** @type {number} */ (value) <= MAX_VALUE)
        ? null
        : `must be "physical", "mental", "social", "none" or a whole number from 1 to ${MAX_VALUE}`;
    case 'amount':
      return value === 'all' ||
        (Number.isInteger(value) &&
          /** @type {number} */ (value) >= 0 &&
          /** @type {number} */ (value) <= MAX_VALUE)
        ? null
        : `must be "all" or a whole number from 0 to ${MAX_VALUE}`;
    default:
      return `has an unknown rule type "${rule.type}"`;
  }
}

/**
 * A whole number in a range (`null` allowed when `nullable`), or a reason naming the field.
 * @param {string} name
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 * @param {boolean} nullable
 * @param {string} [what]
 * @returns {string | null}
 */
function checkWhole(name, value, min, max, nullable, what) {
  if (value === null && nullable) return null;
  if (
    Number.isInteger(value) &&
    /** @type {number} */ (value) >= min &&
    /** @type {number} */ (value) <= max
  ) {
    return null;
  }
  return `${name}${what === undefined ? '' : ` (${what})`} must be a whole number from ${min} to ${max}`;
}

module.exports = Object.freeze({
  refuse,
  checkPayload,
  checkWhole,
});
