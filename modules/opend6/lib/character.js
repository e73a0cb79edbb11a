// @ts-check
/**
 * What a character can do, from its sheet: the code of a skill, specialization or attribute
 * ("Skills", "Untrained Skill Use"), the armor worn, Strength Damage, and whether the character
 * can act at all.
 */

/**
 * @import { Code } from './codes.js'
 * @import { Refuse } from './refusal.js'
 * @import { AttributeSheet, Sheet, SkillRow } from './sheet.js'
 * @import { ActorRecord } from './table.js'
 */

const { addCodes, parseModifier, strengthDamageOf } = require('./codes.js');
const { ATTRIBUTE_NAMES, ATTRIBUTES, DEAD, MORTALLY_WOUNDED, SKILLS } = require('./constants.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * The code of a skill, specialization or attribute by name: "dodge", "firearms: energy
 * pistols" (or "firearms (energy pistols)"), "perception". A skill's code is its attribute
 * plus its added dice; a specialization adds its own dice to the skill's ("Skills"). A skill
 * the character has no dice in falls back to its attribute ("Untrained Skill Use").
 * @param {Sheet} sheet
 * @param {string} wanted
 * @returns {{ name: string, attribute: string, code: Code, trained: boolean }}
 */
function skillCode(sheet, wanted) {
  const text = wanted.trim().toLowerCase();
  const parts = /^(.+?)\s*(?::\s*(.+)|\((.+)\))$/.exec(text);
  const skill = (parts?.[1] ?? text).trim();
  const specialization = (parts?.[2] ?? parts?.[3] ?? '').trim();
  if (ATTRIBUTES.includes(skill) && specialization === '') {
    const attribute = /** @type {AttributeSheet} */ (sheet.attributes[skill]);
    return {
      name: ATTRIBUTE_NAMES[skill] ?? skill,
      attribute: skill,
      code: attribute.code,
      trained: true,
    };
  }
  for (const key of ATTRIBUTES) {
    const attribute = /** @type {AttributeSheet} */ (sheet.attributes[key]);
    const rows = attribute.skills.filter((row) => row.name.toLowerCase() === skill);
    if (rows.length === 0) continue;
    const base = addCodes(attribute.code, /** @type {SkillRow} */ (rows[0]).adds);
    if (specialization === '') return { name: skill, attribute: key, code: base, trained: true };
    const row = rows.find((candidate) => candidate.specialization.toLowerCase() === specialization);
    if (row !== undefined) {
      return {
        name: `${skill}: ${specialization}`,
        attribute: key,
        code: addCodes(addCodes(attribute.code, row.adds), row.bonus),
        trained: true,
      };
    }
    return { name: skill, attribute: key, code: base, trained: true };
  }
  const home = ATTRIBUTES.find((key) => (SKILLS[key] ?? []).includes(skill));
  if (home === undefined) {
    refuse(`"${wanted}" is neither a skill of this character nor an OpenD6 skill or attribute`);
  }
  const attribute = /** @type {AttributeSheet} */ (sheet.attributes[home]);
  return { name: skill, attribute: home, code: attribute.code, trained: false };
}

/**
 * The dice of armor worn: every equipped armor's bonus to damage resistance.
 * @param {Sheet} sheet
 * @returns {Code}
 */
function armorOf(sheet) {
  const armor = { dice: 0, pips: 0 };
  for (const item of sheet.equipment) {
    if (item.kind !== 'armor' || !item.equipped || item.armor === '') continue;
    const bonus = parseModifier(item.armor, `${item.name}'s armor`);
    armor.dice += bonus.dice;
    armor.pips += bonus.pips;
  }
  return armor;
}

/**
 * Strength Damage from the better of Strength and lift ("Strength Damage").
 * @param {Sheet} sheet
 */
function strengthDamage(sheet) {
  const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
  const lift = skillCode(sheet, 'lift').code;
  return strengthDamageOf(lift.dice > strength.dice ? lift : strength);
}

/**
 * Whether a character can act: not knocked out, not Mortally Wounded, not dead.
 * @param {Sheet} sheet
 * @returns {boolean} whether the character can act at all (not out cold, not dying, not dead)
 */
function canAct(sheet) {
  return !sheet.unconscious && sheet.wounds < MORTALLY_WOUNDED;
}

/**
 * Why a character cannot act, for a refusal.
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 */
function whyDown(actor, sheet) {
  if (sheet.wounds === DEAD) return `${actor.name} is dead`;
  if (sheet.wounds === MORTALLY_WOUNDED) return `${actor.name} is Mortally Wounded and unconscious`;
  return `${actor.name} is unconscious`;
}

module.exports = Object.freeze({
  skillCode,
  armorOf,
  strengthDamage,
  canAct,
  whyDown,
});
