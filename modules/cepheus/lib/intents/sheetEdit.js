// @ts-check
/**
 * sheet.edit: what a sheet edit may write. Values stay playable (a UPP digit, a current value not
 * above its score, a weapon whose damage rolls) and the rules' own fields stay out of players'
 * hands.
 */

/**
 * @import { Intent, JsonValue, TableState as State, ValidateResult } from '@meshtable/module-sdk'
 * @import { Characteristic } from '../characteristics.js'
 */

const { readScores } = require('../character.js');
const { CHARACTERISTICS, MAX_SCORE, NAMES } = require('../characteristics.js');
const { readArmor, readWeapon } = require('../equipment.js');
const { asObject, isPlainObject, isWholeNumber, setIn } = require('../read.js');
const { OK, refuse } = require('../refusals.js');
const { isGm } = require('../table.js');

/** What derive computes: never stored, so never edited. */
const DERIVED_KEYS = Object.freeze([
  'upp',
  'currentUpp',
  'dms',
  'damage',
  'condition',
  'wounded',
  'seriouslyWounded',
  'unconscious',
  'dead',
  'initiativeDm',
  'movement',
  'skillTotal',
  'psiDm',
]);

/**
 * What a sheet edit may write. The core already checked that the author owns the actor; this
 * keeps the values playable (a UPP digit, a current value not above its score, a weapon whose
 * damage rolls) and the rules' own fields out of players' hands.
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateSheetEdit(intent, state) {
  const edit = asObject(intent.payload);
  const actor = typeof edit.actorId === 'string' ? state.actors?.[edit.actorId] : undefined;
  const path = Array.isArray(edit.path) ? /** @type {string[]} */ (edit.path) : [];
  if (actor === undefined || path.length === 0) return OK;
  if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) {
    return refuse(`a sheet has no field "${path.join('.')}"`);
  }
  const top = /** @type {string} */ (path[0]);
  if (DERIVED_KEYS.includes(top)) {
    return refuse(
      top === 'upp' || top === 'currentUpp'
        ? 'the UPP is computed from the characteristics: edit those, or type /upp 786A9A'
        : `"${top}" is computed by the rules from the rest of the sheet`,
    );
  }
  if (top === 'speed' && !isGm(state, intent.author)) {
    return refuse('only the referee changes how fast a character moves');
  }
  const data = asObject(actor.data);
  const next = setIn(data[top], path.slice(1), edit.value ?? null);
  const problem = checkSheetValue(top, next, data);
  return problem === null ? OK : refuse(problem);
}

/**
 * Checks the whole value a top-level field of the sheet would hold after an edit.
 * @param {string} key
 * @param {unknown} value
 * @param {Record<string, JsonValue | undefined>} data the sheet before the edit
 * @returns {string | null}
 */
function checkSheetValue(key, value, data) {
  switch (key) {
    case 'characteristics':
      return checkScores(value, () => MAX_SCORE, 'characteristic');
    case 'current': {
      const { scores } = readScores(data);
      return checkScores(value, (k) => scores[k], 'current');
    }
    case 'psi':
      return value === null || isWholeNumber(value, 0, MAX_SCORE)
        ? null
        : `Psionic Strength is a whole number from 0 to ${MAX_SCORE}, or empty`;
    case 'skills':
      return checkRows(value, 'skills', (row) => {
        const skill = asObject(row);
        if (typeof skill.name !== 'string' || skill.name.trim() === '' || skill.name.length > 64) {
          return 'a skill needs a name (at most 64 characters)';
        }
        return isWholeNumber(skill.level, 0, 15)
          ? null
          : `the level of ${skill.name} must be a whole number from 0 to 15`;
      });
    case 'weapons':
      return checkRows(value, 'weapons', (row) => {
        const weapon = readWeapon(row);
        if (typeof weapon === 'string') return weapon;
        // The sheet's damage button hands the code to the dice roller, which reads only `d`.
        return /D/.test(String(asObject(row).damage))
          ? `write the damage of ${weapon.name} with a small d (${weapon.damage}): the dice roller reads only that`
          : null;
      });
    case 'armor':
      return checkRows(value, 'armor', (row) => {
        const armor = readArmor(row);
        return typeof armor === 'string' ? armor : null;
      });
    case 'credits':
      return isWholeNumber(value, 0, 1e15) ? null : 'credits are a whole number, at least 0';
    case 'damageTo':
      return value === 'str' || value === 'dex' || value === 'auto' || value === null
        ? null
        : 'damage past Endurance goes to "str", "dex" or "auto" (the higher)';
    case 'speed':
      return typeof value === 'number' && value >= 0 && value <= 120
        ? null
        : 'speed is the metres moved with one minor action, from 0 to 120';
    default:
      return null;
  }
}

/**
 * @param {unknown} value
 * @param {(key: Characteristic) => number} max
 * @param {string} what
 */
function checkScores(value, max, what) {
  if (!isPlainObject(value))
    return `the ${what} values are an object of STR, DEX, END, INT, EDU and SOC`;
  for (const [key, score] of Object.entries(value)) {
    const characteristic = CHARACTERISTICS.find((name) => name === key);
    if (characteristic === undefined) return `there is no characteristic "${key.slice(0, 30)}"`;
    const top = max(characteristic);
    if (!isWholeNumber(score, 0, top)) {
      return what === 'current'
        ? `current ${NAMES[characteristic]} is a whole number from 0 to its score, ${top}`
        : `${NAMES[characteristic]} is a whole number from 0 to ${top} (Z in pseudo-hexadecimal)`;
    }
  }
  return null;
}

/**
 * Checks the rows of a list. A row whose name is still blank is one the player has just added
 * and is filling in: the rules ignore it until it has a name, so it is let through.
 * @param {unknown} value
 * @param {string} what
 * @param {(row: unknown) => string | null} check
 */
function checkRows(value, what, check) {
  if (!Array.isArray(value)) return `${what} are a list`;
  if (value.length > 200) return `a sheet holds at most 200 ${what}`;
  for (const row of value) {
    if (isPlainObject(row) && row.name === '') continue;
    const problem = check(row);
    if (problem !== null) return problem;
  }
  return null;
}

module.exports = Object.freeze({
  validateSheetEdit,
});
