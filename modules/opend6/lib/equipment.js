// @ts-check
/**
 * Equipment on a sheet: weapons (skill, damage code, range listing, stun), armor (its bonus to
 * damage resistance) and gear, read forgivingly like the rest of the sheet, with weapon damage
 * ("Step 3: Determining Damage") and range listings as the books write them.
 */

/**
 * @import { Code } from './codes.js'
 * @import { Problem } from './sheet.js'
 *
 * @typedef {{
 *   name: string, kind: string, skill: string, damage: string, ranges: string,
 *   armor: string, stun: boolean, equipped: boolean,
 * }} Equipment
 */

const { parseCode, parseModifier } = require('./codes.js');
const { EQUIPMENT_FIELDS, EQUIPMENT_KINDS } = require('./constants.js');
const { isObject } = require('./read.js');
const { Refusal } = require('./refusal.js');

/**
 * The sheet's equipment list: each row read with its defaults (kind gear, equipped), and a
 * problem for each field that does not fit.
 * @param {unknown} raw
 * @param {Problem[]} problems
 * @returns {Equipment[]}
 */
function readEquipment(raw, problems) {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path: ['equipment'], message: 'equipment must be a list' });
    return [];
  }
  /** @type {Equipment[]} */
  const items = [];
  for (const [index, row] of raw.entries()) {
    const at = ['equipment', String(index)];
    if (!isObject(row)) {
      problems.push({ path: at, message: `equipment ${index + 1} must be an object` });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!EQUIPMENT_FIELDS.includes(key)) {
        problems.push({ path: [...at, key], message: `"${key}" is not a field of equipment` });
      }
    }
    const text = (/** @type {string} */ key) => {
      const value = row[key];
      if (value === undefined) return '';
      if (typeof value !== 'string') {
        problems.push({ path: [...at, key], message: `${key} must be text` });
        return '';
      }
      return value.trim();
    };
    const name = text('name');
    const kind = text('kind') || 'gear';
    if (!EQUIPMENT_KINDS.includes(kind)) {
      problems.push({
        path: [...at, 'kind'],
        message: `kind is one of ${EQUIPMENT_KINDS.join(', ')}`,
      });
    }
    const damage = text('damage');
    if (damage !== '') {
      try {
        readDamage(damage, { dice: 0, pips: 0 });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        problems.push({ path: [...at, 'damage'], message: error.message });
      }
    }
    const ranges = text('ranges');
    if (ranges !== '' && parseRanges(ranges) === null) {
      problems.push({
        path: [...at, 'ranges'],
        message: `ranges "${ranges}" must read short/medium/long in metres, like "3-10/30/120"`,
      });
    }
    const armor = text('armor');
    if (armor !== '') {
      try {
        parseModifier(armor, `${name || 'armor'}'s armor`);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        problems.push({ path: [...at, 'armor'], message: error.message });
      }
    }
    for (const key of ['stun', 'equipped']) {
      if (row[key] !== undefined && typeof row[key] !== 'boolean') {
        problems.push({ path: [...at, key], message: `${key} must be true or false` });
      }
    }
    if (row.notes !== undefined && typeof row.notes !== 'string') {
      problems.push({ path: [...at, 'notes'], message: 'notes must be text' });
    }
    items.push({
      name,
      kind,
      skill: text('skill'),
      damage,
      ranges,
      armor,
      stun: row.stun === true,
      equipped: row.equipped !== false,
    });
  }
  return items;
}

/**
 * A weapon's damage: a code ("4D"), or a bonus to Strength Damage ("+1D": "Step 3: Determining
 * Damage").
 * @param {string} text
 * @param {Code} strengthDamage
 * @returns {Code}
 */
function readDamage(text, strengthDamage) {
  const trimmed = text.trim();
  if (trimmed.startsWith('+')) {
    const bonus = parseModifier(trimmed, 'the damage');
    return { dice: strengthDamage.dice + bonus.dice, pips: strengthDamage.pips + bonus.pips };
  }
  return parseCode(trimmed, 'the damage');
}

/**
 * A weapon's range listing as the books write it, "3-10/30/120" or "10/30/120": the upper
 * bounds of Short, Medium and Long in metres.
 * @param {string} text
 * @returns {[number, number, number] | null}
 */
function parseRanges(text) {
  const match = /^(?:\d+\s*[-–]\s*)?(\d+)\s*\/\s*(\d+)\s*\/\s*(\d+)$/.exec(text.trim());
  if (match === null) return null;
  const ranges = /** @type {[number, number, number]} */ ([
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ]);
  return ranges[0] <= ranges[1] && ranges[1] <= ranges[2] ? ranges : null;
}

module.exports = Object.freeze({
  readEquipment,
  readDamage,
  parseRanges,
});
