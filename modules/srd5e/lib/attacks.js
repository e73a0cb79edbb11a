// @ts-check
/**
 * The attacks on a sheet, read and worked out (SRD 5.1 "Combat: Making an Attack", "Equipment:
 * Weapons", "Spellcasting: Cantrips"): the bonus to hit, the damage dice and type, reach and
 * range, saves an effect calls for, and what is wrong with an attack a person typed. Also how a
 * stat block prints an attack, and whether one reaches a target so many feet away.
 */

/**
 * @import { Ability } from './constants.js'
 * @import { Creature } from './creature.js'
 * @import { Obj } from './read.js'
 *
 * @typedef {{
 *   name: string, kind: string, ability: Ability | null, proficient: boolean, magic: number,
 *   toHit: number | null, damageDice: string, damageBonus: number, damageType: string,
 *   versatile: string, properties: string[], reach: number, range: number, longRange: number,
 *   extra: { damage: string, damageType: string, save: SaveSpec | null }[],
 *   save: SaveSpec | null, onHit: { condition: string, save: SaveSpec | null } | null,
 *   cantrip: boolean, problem: string | null,
 * }} AttackStats
 * @typedef {{ ability: Ability, dc: number, effect: 'half' | 'none' }} SaveSpec
 */

const { ABILITY_NAMES, CONDITIONS, DAMAGE_DICE, DAMAGE_TYPES } = require('./constants.js');
const { scaleDice } = require('./dice.js');
const { abilityOf, int, obj, squash, str, words } = require('./read.js');
const { listText, plus, signed } = require('./text.js');

/**
 * One attack of the sheet's `attacks` list, with its numbers worked out ("Combat: Making an
 * Attack", "Equipment: Weapons"): a melee weapon uses Strength, a ranged weapon Dexterity, a
 * finesse weapon the better of the two; a spell attack uses the spellcasting ability and adds
 * no modifier to damage. The attack bonus adds proficiency when proficient (monsters always
 * are) and a magic bonus; damage adds the same modifier and magic bonus. A stat block's printed
 * `attackBonus` or `damageBonus` wins over the formula. Cantrips' dice grow at character levels
 * 5, 11 and 17 ("Spellcasting: Cantrips").
 * @param {Obj} entry
 * @param {{ mods: Record<Ability, number>, prof: number, isNpc: boolean, level: number,
 *   spell: { ability: Ability | null, dc: number } }} who
 * @returns {AttackStats}
 */
function attackStats(entry, who) {
  const kind = ['melee', 'ranged', 'spell', 'save'].includes(str(entry.kind).toLowerCase())
    ? str(entry.kind).toLowerCase()
    : 'melee';
  const properties = words(entry.properties);
  const isSpell = kind === 'spell' || entry.spell === true;
  /** @type {Ability | null} */
  let ability = abilityOf(entry.ability);
  if (ability === null) {
    if (isSpell || (kind === 'save' && str(entry.ability).toLowerCase() === 'spell')) {
      ability = who.spell.ability;
    } else if (kind === 'save') {
      ability = null;
    } else if (properties.includes('finesse')) {
      ability = who.mods.dex > who.mods.str ? 'dex' : 'str';
    } else {
      ability = kind === 'ranged' ? 'dex' : 'str';
    }
  }
  const mod = ability === null ? 0 : who.mods[ability];
  const magic = int(entry.magic, 0, -5, 10);
  const proficient = who.isNpc || entry.proficient !== false;
  let toHit = null;
  if (kind !== 'save') {
    toHit =
      typeof entry.attackBonus === 'number' && Number.isFinite(entry.attackBonus)
        ? Math.trunc(entry.attackBonus)
        : mod + (proficient ? who.prof : 0) + magic;
  }
  let damageDice = str(entry.damage);
  if (entry.cantrip === true && !who.isNpc && damageDice !== '') {
    const tier = who.level >= 17 ? 4 : who.level >= 11 ? 3 : who.level >= 5 ? 2 : 1;
    damageDice = scaleDice(damageDice, tier);
  }
  const damageBonus =
    typeof entry.damageBonus === 'number' && Number.isFinite(entry.damageBonus)
      ? Math.trunc(entry.damageBonus)
      : (isSpell || kind === 'save' ? 0 : mod) + magic;
  const versatile = str(entry.versatile);
  /** @type {string | null} */
  let problem = null;
  if (damageDice !== '' && !DAMAGE_DICE.test(damageDice)) {
    problem = `its damage "${damageDice}" is not dice such as 1d8 or 2d6+1d4`;
  } else if (versatile !== '' && !DAMAGE_DICE.test(versatile)) {
    problem = `its two-handed damage "${versatile}" is not dice such as 1d10`;
  }
  const damageType = str(entry.damageType).toLowerCase();
  if (problem === null && damageDice !== '' && !DAMAGE_TYPES.includes(damageType)) {
    problem = `its damage type "${damageType}" is not one of ${listText(DAMAGE_TYPES)}`;
  }
  const save = saveSpec(entry.saveAbility, entry.saveDc, entry.saveEffect, who.spell.dc);
  if (kind === 'save' && save === null && problem === null) {
    problem = 'a saving-throw action needs saveAbility (and saveDc, else the spell save DC)';
  }
  const extra = (Array.isArray(entry.extraDamage) ? entry.extraDamage : [])
    .map(obj)
    .map((part) => ({
      damage: str(part.damage),
      damageType: str(part.damageType).toLowerCase(),
      save: saveSpec(part.saveAbility, part.saveDc, part.saveEffect, who.spell.dc),
    }))
    .slice(0, 4);
  for (const part of extra) {
    if (problem !== null) break;
    if (!DAMAGE_DICE.test(part.damage)) problem = `its extra damage "${part.damage}" is not dice`;
    else if (!DAMAGE_TYPES.includes(part.damageType)) {
      problem = `its extra damage type "${part.damageType}" is not a damage type`;
    }
  }
  const onHitCondition = str(entry.onHitCondition).toLowerCase();
  if (problem === null && onHitCondition !== '' && !CONDITIONS.includes(onHitCondition)) {
    problem = `"${onHitCondition}" is not a condition it could inflict`;
  }
  const reach = int(entry.reach, properties.includes('reach') ? 10 : 5, 0, 1000);
  return {
    name: str(entry.name, 'Attack') || 'Attack',
    kind,
    ability,
    proficient,
    magic,
    toHit,
    damageDice,
    damageBonus,
    damageType,
    versatile,
    properties,
    reach,
    range: int(entry.range, 0, 0, 10000),
    longRange: Math.max(int(entry.longRange, 0, 0, 10000), int(entry.range, 0, 0, 10000)),
    extra,
    save: kind === 'save' ? save : null,
    onHit:
      onHitCondition === ''
        ? null
        : {
            condition: onHitCondition,
            save: saveSpec(entry.onHitSaveAbility, entry.onHitSaveDc, 'none', who.spell.dc),
          },
    cantrip: entry.cantrip === true,
    problem,
  };
}

/**
 * A saving throw an effect calls for: which ability, the DC (a number, or the caster's spell
 * save DC when absent), and what a success does (half damage, or none).
 * @param {unknown} ability
 * @param {unknown} dc
 * @param {unknown} effect
 * @param {number} spellDc
 * @returns {SaveSpec | null}
 */
function saveSpec(ability, dc, effect, spellDc) {
  const which = abilityOf(ability);
  if (which === null) return null;
  // A DC of 0 (or none) is the caster's spell save DC.
  const given = int(dc, 0, 0, 40);
  return {
    ability: which,
    dc: given > 0 ? given : spellDc,
    effect: str(effect).toLowerCase() === 'half' ? 'half' : 'none',
  };
}

/**
 * The attack's damage as a sheet prints it: "1d8+3 slashing plus 1d6 fire".
 * @param {AttackStats} attack
 * @param {boolean} [twoHanded]
 */
function damageText(attack, twoHanded = false) {
  const dice = twoHanded && attack.versatile !== '' ? attack.versatile : attack.damageDice;
  if (dice === '') return 'no damage';
  const main = `${dice.replace(/\s+/g, '')}${plus(attack.damageBonus)} ${attack.damageType}`;
  return [main, ...attack.extra.map((part) => `${part.damage} ${part.damageType}`)].join(' plus ');
}

/**
 * "Longsword: +5 to hit, reach 5 ft., 1d8+3 slashing" — an attack as a stat block prints it.
 * @param {AttackStats} attack
 */
function attackLine(attack) {
  const where =
    attack.kind === 'ranged' || (attack.kind === 'spell' && attack.range > 0)
      ? `range ${attack.range}${attack.longRange > attack.range ? `/${attack.longRange}` : ''} ft.`
      : attack.kind === 'save'
        ? `${ABILITY_NAMES[/** @type {SaveSpec} */ (attack.save ?? { ability: 'dex' }).ability]} save DC ${attack.save?.dc ?? '?'}${attack.save?.effect === 'half' ? ', half on a success' : ''}`
        : `reach ${attack.reach} ft.${attack.range > 0 ? ` or range ${attack.range}/${attack.longRange} ft.` : ''}`;
  const hit = attack.toHit === null ? '' : `${signed(attack.toHit)} to hit, `;
  return `${attack.name}: ${hit}${where}, ${damageText(attack)}${attack.problem === null ? '' : ` (${attack.problem})`}`;
}

/**
 * The attack a payload names: an index into the sheet's attacks (0 is the first), or a name
 * (case and punctuation aside). Absent, the first attack.
 * @param {Creature} c
 * @param {unknown} weapon
 * @returns {AttackStats | string} the attack, or the reason there is none
 */
function pickAttack(c, weapon) {
  if (c.attacks.length === 0) return `${c.name} has no attacks on their sheet`;
  if (weapon === undefined) return /** @type {AttackStats} */ (c.attacks[0]);
  if (typeof weapon === 'number') {
    const found = Number.isInteger(weapon) ? c.attacks[weapon] : undefined;
    if (found === undefined) {
      return `${c.name} has ${c.attacks.length} attack${c.attacks.length > 1 ? 's' : ''} (0 to ${c.attacks.length - 1}), no attack ${weapon}`;
    }
    return found;
  }
  if (typeof weapon === 'string') {
    const key = squash(weapon);
    const found =
      c.attacks.find((attack) => squash(attack.name) === key) ??
      c.attacks.find((attack) => squash(attack.name).startsWith(key) && key !== '');
    if (found !== undefined) return found;
    return `${c.name} has no attack called "${weapon}" (${listText(c.attacks.map((a) => a.name))})`;
  }
  return 'weapon is the index or the name of an attack on the sheet';
}

/**
 * Whether an attack reaches a target this many feet away ("Combat: Ranged Attacks", "Melee
 * Attacks"): a melee attack within reach (a thrown weapon further, as a ranged attack); a ranged
 * attack up to its long range. Null when it does.
 * @param {AttackStats} attack
 * @param {number} feet
 * @param {string} targetName
 */
function rangeProblem(attack, feet, targetName) {
  if (attack.kind === 'melee') {
    if (feet <= attack.reach) return null;
    if (attack.properties.includes('thrown') && attack.longRange > 0) {
      return feet <= attack.longRange
        ? null
        : `${targetName} is ${feet} ft away, beyond the ${attack.longRange} ft a thrown ${attack.name} can reach`;
    }
    return `${targetName} is ${feet} ft away, out of reach of ${attack.name} (${attack.reach} ft)`;
  }
  const longest = attack.longRange || attack.range;
  if (longest > 0 && feet > longest) {
    return `${targetName} is ${feet} ft away, out of range of ${attack.name} (${attack.range}${attack.longRange > attack.range ? `/${attack.longRange}` : ''} ft)`;
  }
  return null;
}

/**
 * Whether this use of an attack is a ranged attack: ranged weapons, spells with a range, and a
 * thrown weapon used beyond its reach.
 * @param {AttackStats} attack
 * @param {number | null} feet
 */
function isRangedUse(attack, feet) {
  if (attack.kind === 'ranged') return true;
  if (attack.kind === 'spell') return attack.range > 5;
  return feet !== null && feet > attack.reach && attack.properties.includes('thrown');
}

module.exports = Object.freeze({
  attackStats,
  damageText,
  attackLine,
  pickAttack,
  rangeProblem,
  isRangedUse,
});
