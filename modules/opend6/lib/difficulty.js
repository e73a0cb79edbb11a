// @ts-check
/**
 * Difficulties ("Choosing Difficulties": "Standard Difficulties"): the level a number falls in,
 * and a difficulty as written, a number or a level's name.
 */

/**
 * @import { Refuse } from './refusal.js'
 */

const { DIFFICULTIES } = require('./constants.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * The standard difficulty level of a number ("Standard Difficulties"): 0 is Automatic, above
 * 30 Legendary.
 * @param {number} value
 */
function difficultyLevel(value) {
  if (value <= 0) return 'Automatic';
  const level = DIFFICULTIES.find((entry) => value >= entry.from && value <= entry.to);
  return level === undefined ? 'Legendary' : level.name;
}

/**
 * A difficulty as written: a number, or a level's name, which stands for the top of its range
 * (Moderate is 15), as OpenD6's own examples write "Moderate (15)".
 * @param {unknown} value
 * @returns {number}
 */
function parseDifficulty(value) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 1000) {
      refuse('a difficulty is a whole number from 0 to 1000');
    }
    return value;
  }
  if (typeof value !== 'string') refuse('a difficulty is a number or a level such as "moderate"');
  const text = value
    .trim()
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ');
  if (/^\d+$/.test(text)) return parseDifficulty(Number(text));
  const level = DIFFICULTIES.find((entry) => entry.key === text);
  if (level === undefined) {
    refuse(
      `"${value}" is not a difficulty: give a number or one of ${DIFFICULTIES.map((entry) => entry.key).join(', ')}`,
    );
  }
  return level.to;
}

module.exports = Object.freeze({
  difficultyLevel,
  parseDifficulty,
});
