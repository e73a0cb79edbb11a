// @ts-check
/**
 * The character sheet as the rules read it. Forgiving, since derive must show a sheet even while
 * a player is halfway through typing a code: a value that does not fit is reported as a problem
 * (with its path) and read as its default (0D, no skill, healthy). validate reads the same
 * problems to refuse a sheet edit that would store one.
 */

/**
 * @import { Code } from './codes.js'
 * @import { Equipment } from './equipment.js'
 * @import { CriticalFailureRule } from './pool.js'
 *
 * @typedef {{ path: string[], message: string }} Problem
 * @typedef {{ name: string, adds: Code, specialization: string, bonus: Code }} SkillRow
 * @typedef {{ code: Code, skills: SkillRow[] }} AttributeSheet
 * @typedef {{
 *   attributes: Record<string, AttributeSheet>,
 *   move: number, wounds: number, unconscious: boolean,
 *   characterPoints: number, fatePoints: number, cpLimit: number,
 *   criticalFailure: CriticalFailureRule, fateActive: boolean,
 *   fateRound: { combatId: string, round: number } | null,
 *   equipment: Equipment[],
 *   defense: { skill: string, total: number, value: number, full: boolean, combatId: string, round: number } | null,
 *   problems: Problem[],
 * }} Sheet
 */

const { normalize, parseCode } = require('./codes.js');
const {
  ATTRIBUTE_NAMES,
  ATTRIBUTES,
  DATA_FIELDS,
  DEAD,
  DEFAULT_CP_LIMIT,
  DEFAULT_MOVE,
  MAX_DICE,
  TEXT_FIELDS,
} = require('./constants.js');
const { readEquipment } = require('./equipment.js');
const { isObject } = require('./read.js');
const { Refusal } = require('./refusal.js');

/**
 * Reads an actor's data. Forgiving, since derive must show a sheet even while a player is
 * halfway through typing a code: a value that does not fit is reported in `problems` (with its
 * path) and read as its default (0D, no skill, healthy).
 * @param {unknown} data
 * @returns {Sheet}
 */
function readSheet(data) {
  /** @type {Problem[]} */
  const problems = [];
  const record = isObject(data) ? data : {};
  if (!isObject(data)) problems.push({ path: [], message: 'the sheet data must be an object' });
  for (const key of Object.keys(record)) {
    if (!DATA_FIELDS.includes(key)) {
      problems.push({ path: [key], message: `"${key}" is not a field of an OpenD6 sheet` });
    }
  }

  /** @type {Record<string, AttributeSheet>} */
  const attributes = {};
  const rawAttributes = record.attributes === undefined ? {} : record.attributes;
  if (!isObject(rawAttributes)) {
    problems.push({ path: ['attributes'], message: 'attributes must be an object by attribute' });
  }
  const attributeRecord = isObject(rawAttributes) ? rawAttributes : {};
  for (const key of Object.keys(attributeRecord)) {
    if (!ATTRIBUTES.includes(key)) {
      problems.push({
        path: ['attributes', key],
        message: `"${key}" is not an attribute (they are ${ATTRIBUTES.join(', ')})`,
      });
    }
  }
  for (const key of ATTRIBUTES) {
    attributes[key] = readAttribute(attributeRecord[key], key, problems);
  }

  const number = (
    /** @type {string} */ key,
    /** @type {number} */ fallback,
    /** @type {number} */ min,
    /** @type {number} */ max,
  ) => {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({
        path: [key],
        message: `${key} must be a whole number from ${min} to ${max}`,
      });
      return fallback;
    }
    return value;
  };
  const flag = (/** @type {string} */ key) => {
    const value = record[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') {
      problems.push({ path: [key], message: `${key} must be true or false` });
      return false;
    }
    return value;
  };
  /** @type {number} */
  let move = DEFAULT_MOVE;
  if (record.move !== undefined) {
    if (typeof record.move !== 'number' || !(record.move >= 0) || record.move > 10_000) {
      problems.push({
        path: ['move'],
        message: 'move is metres per round: a number from 0 to 10000',
      });
    } else {
      move = record.move;
    }
  }
  let criticalFailure = /** @type {CriticalFailureRule} */ ('remove');
  if (record.criticalFailure !== undefined) {
    if (record.criticalFailure === 'remove' || record.criticalFailure === 'flag') {
      criticalFailure = record.criticalFailure;
    } else {
      problems.push({
        path: ['criticalFailure'],
        message: 'criticalFailure is "remove" or "flag"',
      });
    }
  }
  for (const key of TEXT_FIELDS) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      problems.push({ path: [key], message: `${key} must be text` });
    }
  }
  return {
    attributes,
    move,
    wounds: number('wounds', 0, 0, DEAD),
    unconscious: flag('unconscious'),
    characterPoints: number('characterPoints', 0, 0, 1_000_000),
    fatePoints: number('fatePoints', 0, 0, 1_000_000),
    cpLimit: number('cpLimit', DEFAULT_CP_LIMIT, 0, 1_000_000),
    criticalFailure,
    fateActive: flag('fateActive'),
    fateRound: readFateRound(record.fateRound),
    equipment: readEquipment(record.equipment, problems),
    defense: readDefense(record.defense),
    problems,
  };
}

/**
 * @param {unknown} raw
 * @param {string} key
 * @param {Problem[]} problems
 * @returns {AttributeSheet}
 */
function readAttribute(raw, key, problems) {
  const name = ATTRIBUTE_NAMES[key] ?? key;
  if (raw === undefined) return { code: { dice: 0, pips: 0 }, skills: [] };
  if (!isObject(raw)) {
    problems.push({ path: ['attributes', key], message: `${name} must be { code, skills }` });
    return { code: { dice: 0, pips: 0 }, skills: [] };
  }
  const code = tryCode(raw.code, name, ['attributes', key, 'code'], problems);
  /** @type {SkillRow[]} */
  const skills = [];
  const rows = raw.skills === undefined ? [] : raw.skills;
  if (!Array.isArray(rows)) {
    problems.push({
      path: ['attributes', key, 'skills'],
      message: `${name}'s skills must be a list`,
    });
    return { code, skills };
  }
  for (const [index, row] of rows.entries()) {
    const at = ['attributes', key, 'skills', String(index)];
    if (!isObject(row) || typeof row.name !== 'string') {
      problems.push({ path: at, message: `skill ${index + 1} of ${name} needs a name` });
      continue;
    }
    const skillName = row.name.trim();
    if (skillName === '') continue; // a row the player has just added
    const specialization = typeof row.specialization === 'string' ? row.specialization.trim() : '';
    const adds = readAdds(row.adds, `${skillName}'s added dice`, [...at, 'adds'], problems);
    const bonus = readAdds(
      row.bonus,
      `${skillName}: ${specialization || 'specialization'}'s dice`,
      [...at, 'bonus'],
      problems,
    );
    skills.push({ name: skillName, adds, specialization, bonus });
  }
  return { code, skills };
}

/**
 * Dice added to an attribute or a skill: a code ("1D+2"), or a number of pips (5 is 1D+2), as
 * the sheet's skill lists keep them so that a row's roll button reads as dice.
 * @param {unknown} value
 * @param {string} what
 * @param {string[]} path
 * @param {Problem[]} problems
 * @returns {Code}
 */
function readAdds(value, what, path, problems) {
  if (value === undefined || value === '') return { dice: 0, pips: 0 };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_DICE * 3) {
      return normalize({ dice: 0, pips: value });
    }
    problems.push({
      path,
      message: `${what} must be a whole number of pips from 0 to ${MAX_DICE * 3}`,
    });
    return { dice: 0, pips: 0 };
  }
  return tryCode(value, what, path, problems);
}

/**
 * A die code of the sheet, or 0D and a problem.
 * @param {unknown} value
 * @param {string} what
 * @param {string[]} path
 * @param {Problem[]} problems
 * @returns {Code}
 */
function tryCode(value, what, path, problems) {
  try {
    return parseCode(value, what);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    problems.push({ path, message: error.message });
    return { dice: 0, pips: 0 };
  }
}

/**
 * @param {unknown} raw
 * @returns {Sheet['fateRound']}
 */
function readFateRound(raw) {
  if (!isObject(raw) || typeof raw.combatId !== 'string' || typeof raw.round !== 'number') {
    return null;
  }
  return { combatId: raw.combatId, round: raw.round };
}

/**
 * @param {unknown} raw
 * @returns {Sheet['defense']}
 */
function readDefense(raw) {
  if (
    !isObject(raw) ||
    typeof raw.skill !== 'string' ||
    typeof raw.total !== 'number' ||
    typeof raw.value !== 'number' ||
    typeof raw.combatId !== 'string' ||
    typeof raw.round !== 'number'
  ) {
    return null;
  }
  return {
    skill: raw.skill,
    total: raw.total,
    value: raw.value,
    full: raw.full === true,
    combatId: raw.combatId,
    round: raw.round,
  };
}

module.exports = Object.freeze({
  readSheet,
});
