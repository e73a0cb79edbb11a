// @ts-check
/**
 * sheet.edit: what a sheet may hold. Derived values are not stored; fields the rules keep (hit
 * points, conditions, death saves) change through intents, except by a GM's hand; and the
 * fields the rules read must hold values of their kind. The core applies the edit.
 */

/**
 * @import { Intent, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Obj } from '../read.js'
 */

const {
  ABILITIES,
  CONDITIONS,
  DAMAGE_DICE,
  DAMAGE_TYPES,
  SIZES,
  SKILL_LEVELS,
} = require('../constants.js');
const { abilityOf, obj, skillOf } = require('../read.js');
const { OK, refuse } = require('../refusals.js');
const { isGm } = require('../table.js');
const { listText } = require('../text.js');

/** Values derive computes, that a sheet edit cannot set (they live in no field). */
const DERIVED_NAMES = Object.freeze({
  ac: 'AC comes from armor, shield, Dexterity and acBonus',
  armorClass: 'AC comes from armor, shield, Dexterity and acBonus',
  proficiency: 'the proficiency bonus comes from the level (or the challenge rating)',
  modifiers: 'ability modifiers come from the ability scores',
  initiative: 'initiative comes from Dexterity and initiativeBonus',
  passivePerception: 'passive Perception comes from the Perception bonus',
  maxHp: 'maximum hit points come from the classes and Constitution; set maxHpOverride instead',
  spellSaveDc: 'the spell save DC comes from the spellcasting ability and proficiency',
  spellAttack: 'the spell attack bonus comes from the spellcasting ability and proficiency',
});

/** Fields the rules keep: players change them through intents, GMs may fix them by hand. */
const RULED_FIELDS = Object.freeze({
  hp: 'hit points change through damage and healing (damage.apply), so temporary hit points, unconsciousness and death saves follow the rules',
  deathSaves: 'death saves are rolled with /deathsave',
  stable: 'a creature becomes stable through its death saves or a GM',
  dead: 'only a GM can say a creature is dead or alive',
  conditions: 'conditions change through srd5e:condition (players may drop prone and stand up)',
  exhaustion: 'exhaustion is the GM’s to give and take (a long rest removes one level)',
});

/**
 * sheet.edit: no derived values, no rule-kept fields for players, and values of the right kind
 * for the fields the rules read (an ability score is a whole number from 1 to 30).
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSheetEdit(intent, payload, state) {
  const path = Array.isArray(payload.path) ? payload.path.map(String) : [];
  const head = path[0] ?? '';
  if (Object.hasOwn(DERIVED_NAMES, head)) {
    return refuse(
      `${head} is computed, not stored: ${DERIVED_NAMES[/** @type {keyof typeof DERIVED_NAMES} */ (head)]}`,
    );
  }
  if (!isGm(state, intent.author) && Object.hasOwn(RULED_FIELDS, head)) {
    return refuse(
      `${head} is kept by the rules: ${RULED_FIELDS[/** @type {keyof typeof RULED_FIELDS} */ (head)]}`,
    );
  }
  const problem = fieldProblem(path, payload.value);
  return problem === null ? OK : refuse(problem);
}

/**
 * What is wrong with a value for a field the rules read, or null.
 * @param {string[]} path
 * @param {unknown} value
 * @returns {string | null}
 */
function fieldProblem(path, value) {
  const [head, second] = path;
  const whole = (/** @type {unknown} */ v, /** @type {number} */ min, /** @type {number} */ max) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (head === 'abilities') {
    const entries = second === undefined ? Object.entries(obj(value)) : [[second, value]];
    for (const [key, score] of entries) {
      if (abilityOf(key) === null) return `"${key}" is not an ability (${ABILITIES.join(', ')})`;
      if (!whole(score, 1, 30)) return `an ability score is a whole number from 1 to 30`;
    }
    if (second === undefined && (typeof value !== 'object' || value === null)) {
      return 'abilities is an object of six scores';
    }
    return null;
  }
  if (path.length === 1 && ['hp', 'tempHp', 'maxHpOverride'].includes(head ?? '')) {
    return whole(value, 0, 1e6) ? null : `${head} is a whole number, 0 or more`;
  }
  if (path.length === 1 && head === 'exhaustion') {
    return whole(value, 0, 6) ? null : 'exhaustion is a level from 0 to 6';
  }
  if (head === 'classes' && path[path.length - 1] === 'level') {
    return whole(value, 1, 20) ? null : 'a class level is a whole number from 1 to 20';
  }
  if (path.length === 1 && head === 'level') {
    return whole(value, 1, 20) ? null : 'a level is a whole number from 1 to 20';
  }
  if (head === 'skills' && second !== undefined) {
    if (skillOf(second) === null) return `"${second}" is not one of the 18 skills`;
    if (typeof value !== 'string' || !Object.hasOwn(SKILL_LEVELS, value)) {
      return `a skill is "none", "half", "proficient" or "expertise"`;
    }
    return null;
  }
  if (head === 'saves' && second !== undefined) {
    if (abilityOf(second) === null)
      return `"${second}" is not an ability (${ABILITIES.join(', ')})`;
    return typeof value === 'boolean' ? null : 'a saving throw proficiency is true or false';
  }
  if (path.length === 1 && head === 'saves') {
    const list = Array.isArray(value) ? value : null;
    const ticks = list === null ? Object.entries(obj(value)) : [];
    if (
      (list === null && (typeof value !== 'object' || value === null)) ||
      list?.some((item) => abilityOf(item) === null) ||
      ticks.some(([key, tick]) => abilityOf(key) === null || typeof tick !== 'boolean')
    ) {
      return 'saves ticks the abilities the creature is proficient in, such as { "str": true, "con": true }';
    }
    return null;
  }
  if (path.length === 1 && head === 'conditions') {
    const list = Array.isArray(value) ? value : null;
    const bad = list?.find((item) => typeof item !== 'string' || !CONDITIONS.includes(item));
    if (list === null || bad !== undefined) {
      return `conditions lists SRD conditions (${CONDITIONS.join(', ')})${bad === undefined ? '' : `; "${String(bad)}" is not one`}`;
    }
    return null;
  }
  if (head === 'attacks' && path.length === 3) {
    const key = path[2];
    if (
      (key === 'damage' || key === 'versatile') &&
      value !== '' &&
      !DAMAGE_DICE.test(String(value))
    ) {
      return `an attack's ${key === 'damage' ? 'damage' : 'two-handed damage'} is dice such as 1d8 or 2d6+1d4, not "${String(value)}"`;
    }
    if (key === 'damageType' && !DAMAGE_TYPES.includes(String(value))) {
      return `a damage type is one of ${listText(DAMAGE_TYPES)}`;
    }
    return null;
  }
  if (head === 'slotsUsed' && second !== undefined) {
    return whole(value, 0, 9) ? null : 'used spell slots are a whole number from 0 to 9';
  }
  if (path.length === 1 && head === 'size') {
    return typeof value === 'string' && Object.hasOwn(SIZES, value.toLowerCase())
      ? null
      : `size is one of ${Object.keys(SIZES).join(', ')}`;
  }
  if (path.length === 1 && head === 'cr') {
    const ok =
      (typeof value === 'number' && [0, 0.125, 0.25, 0.5].includes(value)) ||
      whole(value, 1, 30) ||
      (typeof value === 'string' && /^(0|1\/8|1\/4|1\/2|[1-9]|[12][0-9]|30)$/.test(value.trim()));
    return ok ? null : 'a challenge rating is 0, 1/8, 1/4, 1/2 or a whole number from 1 to 30';
  }
  return null;
}

module.exports = Object.freeze({
  validateSheetEdit,
});
