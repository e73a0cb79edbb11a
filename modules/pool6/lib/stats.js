// @ts-check
/**
 * Reading an actor: everything pool6 computes from a character's data, one place for each
 * formula (reference/dice-pools.md and damage.md): attributes, limits, condition monitors and
 * the wound modifier, armor, luck points, initiative, skills and weapons with their pools. Every
 * hook reads an actor through `stats`, so a sheet and a ruling never disagree on a number.
 */

/**
 * @import { Actor } from '@meshtable/module-sdk'
 * @import { Attribute, Condition, Damage, LimitKind, Track } from './constants.js'
 * @typedef {{ name: string, key: string, attribute: Attribute, rating: number, limit: LimitKind | null, pool: number }} Skill
 * @typedef {{
 *   name: string, skill: string, attribute: Attribute, pool: number, limit: number | null,
 *   damage: number, type: Track, ap: number, range: number, text: string,
 * }} Weapon
 * @typedef {ReturnType<typeof stats>} Stats what `stats` reads from an actor
 */

const { ATTRIBUTES, LIMIT_OF, UNARMED } = require('./constants.js');
const { asArray, asObject, isAttribute, keyOf, whole } = require('./read.js');
const { signed } = require('./text.js');

/**
 * Everything pool6 computes about an actor from its data. Missing or malformed fields fall back
 * to safe defaults (attribute 1, no skills, no damage), so a half-filled sheet still derives.
 * @param {Actor} actor
 */
function stats(actor) {
  const data = asObject(actor.data);
  const npc = actor.type === 'npc';
  const professionalRating = npc ? whole(data.professionalRating, 0, 0, 12) : null;
  const given = asObject(data.attributes);
  /** @type {Record<Attribute, number>} */
  const attributes = {
    body: 1,
    agility: 1,
    reaction: 1,
    strength: 1,
    willpower: 1,
    logic: 1,
    intuition: 1,
    charisma: 1,
    luck: 1,
    magic: 0,
  };
  for (const name of ATTRIBUTES) attributes[name] = whole(given[name], attributes[name], 0, 99);
  // A grunt's luck is its professional rating: training and numbers stand in for fortune.
  if (professionalRating !== null) attributes.luck = professionalRating;

  const limits = limitsOf(attributes);
  const physicalMax = 8 + Math.ceil(attributes.body / 2);
  const stunMax = 8 + Math.ceil(attributes.willpower / 2);
  const overflowMax = attributes.body;
  const stored = asObject(data.damage);
  /** @type {Damage} */
  const damage = {
    physical: whole(stored.physical, 0, 0, physicalMax),
    stun: whole(stored.stun, 0, 0, stunMax),
    overflow: whole(stored.overflow, 0, 0, overflowMax + 1),
  };
  const woundModifier = woundModifierOf(damage);
  const condition = conditionOf(damage, { physicalMax, stunMax, overflowMax });
  const armor = armorOf(data.armor);
  const luckPoints = whole(data.luckPoints, attributes.luck, 0, attributes.luck);
  /** @param {number} dice */
  const wounded = (dice) => Math.max(0, dice + woundModifier);

  const skills = skillsOf(data.skills, attributes, wounded);
  /** @type {Record<string, number>} */
  const pools = {};
  for (const skill of skills) pools[skill.key] = skill.pool;

  return {
    npc,
    professionalRating,
    attributes,
    limits,
    monitors: {
      physical: { max: physicalMax, damage: damage.physical },
      stun: { max: stunMax, damage: damage.stun },
      overflow: { max: overflowMax, damage: damage.overflow },
    },
    damage,
    woundModifier,
    condition,
    canAct: condition === 'ok' || condition === 'wounded',
    armor,
    luck: { max: attributes.luck, points: luckPoints },
    initiative: {
      score: attributes.reaction + attributes.intuition,
      dice: whole(data.initiativeDice, 1, 1, 5),
    },
    defense: wounded(attributes.reaction + attributes.intuition),
    soak: attributes.body + armor,
    movement: { walk: attributes.agility * 2, run: attributes.agility * 4 },
    skills,
    pools,
    weapons: weaponsOf(data.weapons, attributes, limits, skills, wounded),
    wounded,
  };
}

/**
 * The three limits: twice the leading attribute plus two supporting ones, divided by 3 and
 * rounded up (reference/dice-pools.md "Limits").
 * @param {Record<Attribute, number>} a
 * @returns {Record<LimitKind, number>}
 */
function limitsOf(a) {
  return {
    physical: Math.ceil((2 * a.strength + a.body + a.reaction) / 3),
    mental: Math.ceil((2 * a.logic + a.intuition + a.willpower) / 3),
    social: Math.ceil((2 * a.charisma + a.willpower + a.intuition) / 3),
  };
}

/**
 * Dice lost to wounds: one per full 3 boxes on each track, the two tracks added (a negative
 * number, or 0). Overflow boxes add nothing: a character in overflow is down anyway.
 * @param {Damage} damage
 */
function woundModifierOf(damage) {
  return -(Math.floor(damage.physical / 3) + Math.floor(damage.stun / 3));
}

/**
 * The worst state the damage puts a character in (reference/damage.md "Condition").
 * @param {Damage} damage
 * @param {{ physicalMax: number, stunMax: number, overflowMax: number }} max
 * @returns {Condition}
 */
function conditionOf(damage, max) {
  if (damage.overflow > max.overflowMax) return 'dead';
  if (damage.physical >= max.physicalMax) return 'dying';
  if (damage.stun >= max.stunMax) return 'unconscious';
  return woundModifierOf(damage) < 0 ? 'wounded' : 'ok';
}

/**
 * The armor a character wears: the sum of the worn pieces' values.
 * @param {unknown} list
 */
function armorOf(list) {
  let total = 0;
  for (const item of asArray(list)) {
    const piece = asObject(item);
    if (piece.worn !== false) total += whole(piece.value, 0, 0, 99);
  }
  return total;
}

/**
 * The skills of the sheet, each with its pool (attribute + rating, wounds taken off). A skill
 * at rating 0 is untrained: it defaults to attribute − 1.
 * @param {unknown} list
 * @param {Record<Attribute, number>} attributes
 * @param {(dice: number) => number} wounded
 * @returns {Skill[]}
 */
function skillsOf(list, attributes, wounded) {
  /** @type {Skill[]} */
  const skills = [];
  for (const item of asArray(list)) {
    const row = asObject(item);
    if (typeof row.name !== 'string' || row.name.trim() === '') continue;
    const attribute = isAttribute(row.attribute) ? row.attribute : 'agility';
    const rating = whole(row.rating, 0, 0, 99);
    skills.push({
      name: row.name.trim(),
      key: keyOf(row.name),
      attribute,
      rating,
      limit: LIMIT_OF[attribute],
      pool: wounded(basePool(attributes[attribute], rating)),
    });
  }
  return skills;
}

/**
 * Attribute + rating, or attribute − 1 for an untrained skill (never below 0).
 * @param {number} attribute
 * @param {number} rating
 */
function basePool(attribute, rating) {
  return rating > 0 ? attribute + rating : Math.max(0, attribute - 1);
}

/**
 * The weapons of the sheet, read for an attack: the pool of their skill, their accuracy as the
 * limit (else the limit of the skill's attribute), damage value, type, AP and range.
 * @param {unknown} list
 * @param {Record<Attribute, number>} attributes
 * @param {Record<LimitKind, number>} limits
 * @param {Skill[]} skills
 * @param {(dice: number) => number} wounded
 * @returns {Weapon[]}
 */
function weaponsOf(list, attributes, limits, skills, wounded) {
  const rows = asArray(list).filter((item) => typeof asObject(item).name === 'string');
  /** @type {Weapon[]} */
  const weapons = [];
  for (const item of rows.length === 0 ? [UNARMED] : rows) {
    const row = asObject(item);
    const skillName =
      typeof row.skill === 'string' && row.skill.trim() !== '' ? row.skill : 'Unarmed Combat';
    const skill = skills.find((known) => known.key === keyOf(skillName));
    const attribute = skill?.attribute ?? (isAttribute(row.attribute) ? row.attribute : 'agility');
    const pool = skill?.pool ?? wounded(basePool(attributes[attribute], 0));
    const limitKind = LIMIT_OF[attribute];
    const accuracy = whole(row.accuracy, 0, 0, 99);
    const damage =
      whole(row.damage, 0, 0, 99) + (row.addStrength === true ? attributes.strength : 0);
    /** @type {Track} */
    const type = row.type === 'stun' ? 'stun' : 'physical';
    const ap = whole(row.ap, 0, -99, 0);
    weapons.push({
      name: String(row.name),
      skill: skill?.name ?? skillName,
      attribute,
      pool,
      limit: accuracy > 0 ? accuracy : limitKind === null ? null : limits[limitKind],
      damage,
      type,
      ap,
      range: typeof row.range === 'number' && row.range > 0 ? row.range : 1,
      text: `${damage}${type === 'stun' ? 'S' : 'P'}${ap < 0 ? ` AP ${signed(ap)}` : ''}`,
    });
  }
  return weapons;
}

module.exports = Object.freeze({
  stats,
  basePool,
});
