// @ts-check
/**
 * Weapons and armour on a sheet (SRD Chapter 4, Weapons and Armor): a row read and checked (a
 * string says why it is not a weapon, which validate shows the player), the range categories of
 * the weapon tables, the unarmed strike everyone has, and the armour a character wears.
 */

/**
 * @import { Character } from './character.js'
 *
 * @typedef {'close quarters' | 'extended reach' | 'thrown' | 'pistol' | 'rifle' | 'shotgun' | 'assault weapon' | 'rocket'} WeaponRange
 * @typedef {{ name: string, damage: string, range: WeaponRange, skill: string | null, laser: boolean, thrown: boolean }} Weapon
 * @typedef {{ name: string, protection: number, laser: number, worn: boolean }} Armor
 */

const { asObject, isWholeNumber } = require('./read.js');

/** The weapon everyone has (SRD Chapter 4, Common Melee Personal Weapons: Unarmed Strike). */
const UNARMED = Object.freeze(
  /** @type {Weapon} */ ({
    name: 'Unarmed Strike',
    damage: '1d6',
    range: 'close quarters',
    skill: 'Natural Weapons',
    laser: false,
    thrown: false,
  }),
);
/** The weapon range categories of the SRD's weapon tables, as the sheet stores them. */
const WEAPON_RANGES = /** @type {readonly WeaponRange[]} */ (
  Object.freeze([
    'close quarters',
    'extended reach',
    'thrown',
    'pistol',
    'rifle',
    'shotgun',
    'assault weapon',
    'rocket',
  ])
);

/**
 * A weapon row, or why it is not one. Damage is a number of six-sided dice, maybe with a
 * modifier (SRD Chapter 4, Weapons: the Damage column); the SRD writes it `3D6`.
 * @param {unknown} value
 * @returns {Weapon | string}
 */
function readWeapon(value) {
  const row = asObject(value);
  if (typeof row.name !== 'string' || row.name.trim() === '' || row.name.length > 100) {
    return 'a weapon needs a name (at most 100 characters)';
  }
  const name = row.name.trim();
  const damage = typeof row.damage === 'string' ? row.damage.replace(/\s+/g, '') : '';
  if (!/^[1-9]\d?[dD]6([+-]\d{1,2})?$/.test(damage)) {
    return `the damage of ${name} must be a number of six-sided dice such as 3D6 or 2D6+2`;
  }
  const range = normalizeWeaponRange(row.range);
  if (range === null) {
    return `the range of ${name} must be one of: ${WEAPON_RANGES.join(', ')}`;
  }
  if (row.skill !== undefined && row.skill !== null && typeof row.skill !== 'string') {
    return `the skill of ${name} must be a skill's name`;
  }
  return {
    name,
    damage: damage.toLowerCase(),
    range,
    skill: typeof row.skill === 'string' && row.skill.trim() !== '' ? row.skill.trim() : null,
    laser: row.laser === true,
    thrown: row.thrown === true || range === 'thrown',
  };
}

/**
 * An armour row, or why it is not one (SRD Chapter 4, Armor: a rating, and a second one against
 * lasers when the table gives two, as `3/8` for ablat).
 * @param {unknown} value
 * @returns {Armor | string}
 */
function readArmor(value) {
  const row = asObject(value);
  if (typeof row.name !== 'string' || row.name.trim() === '' || row.name.length > 100) {
    return 'armour needs a name (at most 100 characters)';
  }
  const name = row.name.trim();
  if (!isWholeNumber(row.protection, 0, 50)) {
    return `the protection of ${name} must be a whole number from 0 to 50`;
  }
  if (row.laser !== undefined && !isWholeNumber(row.laser, 0, 50)) {
    return `the protection of ${name} against lasers must be a whole number from 0 to 50`;
  }
  if (row.worn !== undefined && typeof row.worn !== 'boolean') {
    return `whether ${name} is worn must be true or false`;
  }
  const protection = /** @type {number} */ (row.protection);
  // The SRD gives a second figure only where lasers meet more armour (ablat 3/8, reflec 0/14),
  // so a laser figure below the protection (a new row's 0) is read as "the same".
  return {
    name,
    protection,
    laser: Math.max(protection, typeof row.laser === 'number' ? row.laser : 0),
    worn: row.worn !== false,
  };
}

/**
 * `melee (close quarters)`, `Pistol`, `ranged (assault weapon)` → the category.
 * @param {unknown} value
 * @returns {WeaponRange | null}
 */
function normalizeWeaponRange(value) {
  if (typeof value !== 'string') return null;
  const plain = value
    .toLowerCase()
    .replace(/^\s*(melee|ranged)\s*\(\s*/, '')
    .replace(/\s*\)\s*$/, '')
    .trim();
  return WEAPON_RANGES.find((range) => range === plain) ?? null;
}

/**
 * The total armour rating of what the character wears; armour worn in layers is resolved from
 * the outside in (SRD Chapter 4, Armor), which takes off the same points as their sum.
 * @param {Character} character
 * @param {boolean} laser against a laser (the second rating of ablat and reflec)
 */
function armorRating(character, laser) {
  return character.armor
    .filter((armor) => armor.worn)
    .reduce((sum, armor) => sum + (laser ? armor.laser : armor.protection), 0);
}

module.exports = Object.freeze({
  UNARMED,
  readWeapon,
  readArmor,
  armorRating,
});
