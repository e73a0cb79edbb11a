// @ts-check
/**
 * Reading what people typed: sheet fields and intent payloads are JSON of any shape, so every
 * read is forgiving (a number typed as text is a number, a missing field its default) and
 * bounded (no sheet can hand the rules a score of a million). Names typed in chat ("dex",
 * "Sleight of Hand") are matched case and punctuation aside.
 */

/**
 * @import { Ability } from './constants.js'
 * @typedef {Record<string, any>} Obj a JSON object whose shape the code checks as it reads
 */

const { ABILITIES, ABILITY_NAMES, SKILLS } = require('./constants.js');

/**
 * The value, kept in [min, max].
 * @param {number} value
 * @param {number} min
 * @param {number} max
 */
function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}

/**
 * A whole number read from sheet data: anything else (text, NaN, missing) is the fallback, and
 * the result is kept in [min, max]. Sheets are typed by people, so every read is forgiving.
 * @param {unknown} value
 * @param {number} fallback
 * @param {number} [min]
 * @param {number} [max]
 */
function int(value, fallback, min = -1e6, max = 1e6) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return clamp(Math.trunc(n), min, max);
}

/**
 * A string, trimmed, or the fallback.
 * @param {unknown} value
 * @param {string} [fallback]
 */
function str(value, fallback = '') {
  return typeof value === 'string' ? value.trim() : fallback;
}

/**
 * A list of lower-case words from an array or a comma-separated string ("finesse, light").
 * @param {unknown} value
 * @returns {string[]}
 */
function words(value) {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items
    .filter((item) => typeof item === 'string')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

/**
 * A plain object, or an empty one.
 * @param {unknown} value
 * @returns {Obj}
 */
function obj(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/**
 * A key for matching names typed in chat: lower case, letters and digits only
 * ("Sleight of Hand" and "sleight-of-hand" both give "sleightofhand").
 * @param {string} text
 */
function squash(text) {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Reads an ability name typed by a person ("dex", "Dexterity", "DEX").
 * @param {unknown} value
 * @returns {Ability | null}
 */
function abilityOf(value) {
  if (typeof value !== 'string') return null;
  const key = squash(value);
  for (const ability of ABILITIES) {
    if (key === ability || key === squash(ABILITY_NAMES[ability])) return ability;
  }
  return null;
}

/**
 * Reads a skill name typed by a person ("sleight of hand", "sleightOfHand", "Perception").
 * @param {unknown} value
 * @returns {string | null}
 */
function skillOf(value) {
  if (typeof value !== 'string') return null;
  const key = squash(value);
  for (const [skill, { name }] of Object.entries(SKILLS)) {
    if (key === squash(skill) || key === squash(name)) return skill;
  }
  return null;
}

module.exports = Object.freeze({
  clamp,
  int,
  str,
  words,
  obj,
  squash,
  abilityOf,
  skillOf,
});
