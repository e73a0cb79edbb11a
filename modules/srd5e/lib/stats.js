// @ts-check
/**
 * A creature's armor class, hit point maximum, Hit Dice and speeds: the formulas of SRD 5.1
 * that read several sheet fields at once, and the conditions and exhaustion that change them.
 * creature.js calls them; nothing else needs them.
 */

/**
 * @import { Ability } from './constants.js'
 * @import { ClassLevels } from './creature.js'
 * @import { Obj } from './read.js'
 */

const { SIZES } = require('./constants.js');
const { abilityOf, clamp, int, obj, str } = require('./read.js');
const { plus } = require('./text.js');

/**
 * Armor Class (SRD 5.1 "Equipment: Armor and Shields"): unarmored 10 + Dex; light armor base +
 * Dex; medium base + Dex (at most +2); heavy base alone; natural armor as the stat block prints
 * it. A shield adds 2; `acBonus` adds magic or other bonuses. Unarmored Defense adds Con
 * (barbarian) or Wis (monk, who loses it behind a shield). Heavy armor worn without its Strength
 * score slows the wearer by 10 feet.
 * @param {Obj} data
 * @param {Record<Ability, number>} mods
 * @param {number} strength
 */
function armorClass(data, mods, strength) {
  const armor = obj(data.armor);
  const type = str(armor.type, 'none').toLowerCase();
  const base = int(armor.base, 10, 0, 30);
  const magic = int(armor.magic, 0, -5, 10);
  const shield = data.shield === true;
  const name = str(armor.name);
  let ac;
  let source;
  let problem = null;
  switch (type) {
    case 'light':
      ac = base + mods.dex;
      source = name || 'light armor';
      break;
    case 'medium':
      ac = base + Math.min(mods.dex, 2);
      source = name || 'medium armor';
      break;
    case 'heavy':
      ac = base;
      source = name || 'heavy armor';
      break;
    case 'natural':
      ac = base;
      source = 'natural armor';
      break;
    default: {
      if (type !== 'none' && type !== '') problem = `unknown armor type "${type}"`;
      ac = 10 + mods.dex;
      source = '';
      const unarmored = abilityOf(data.unarmoredDefense);
      if (unarmored !== null && !(unarmored === 'wis' && shield)) {
        ac += mods[unarmored];
        source = 'Unarmored Defense';
      }
    }
  }
  ac += magic + (shield ? 2 : 0) + int(data.acBonus, 0, -10, 10);
  const parts = [source, shield ? 'shield' : ''].filter((part) => part !== '');
  const needed = int(armor.strength, 0, 0, 30);
  return {
    ac,
    text: parts.length === 0 ? String(ac) : `${ac} (${parts.join(', ')})`,
    slowed: type === 'heavy' && needed > 0 && strength < needed,
    stealthDisadvantage: armor.stealthDisadvantage === true,
    problem,
  };
}

/**
 * Hit point maximum. A character: the first class's hit die plus Con at 1st level, then the
 * die's fixed value (half the die + 1) plus Con for every later level ("Classes: Hit Points"),
 * at least 1 per level. A monster: the average of its Hit Dice plus Con per die ("Monsters: Hit
 * Points"). `maxHpOverride` replaces either (rolled hit points). Exhaustion 4 halves it.
 * @param {Obj} data
 * @param {ClassLevels} classes
 * @param {number} con
 * @param {boolean} isNpc
 * @param {keyof typeof SIZES} size
 * @param {number} exhaustion
 */
function maxHitPoints(data, classes, con, isNpc, size, exhaustion) {
  /** @type {number} */
  let value;
  /** @type {string} */
  let text;
  const override = int(data.maxHpOverride, 0, 0, 1e6);
  if (override > 0) {
    value = override;
    text = String(override);
  } else if (isNpc) {
    const { count, die } = npcHitDice(data, size);
    value = Math.max(1, Math.floor((count * (die + 1)) / 2) + count * con);
    text = `${value} (${count}d${die}${plus(count * con)
      .replace('-', ' − ')
      .replace('+', ' + ')})`;
  } else {
    const perLevelBonus = int(data.hpPerLevelBonus, 0, 0, 10);
    value = 0;
    classes.forEach((entry, index) => {
      for (let n = 0; n < entry.level; n++) {
        const first = index === 0 && n === 0;
        value += Math.max(1, (first ? entry.hitDie : entry.hitDie / 2 + 1) + con + perLevelBonus);
      }
    });
    value = Math.max(1, value);
    text = String(value);
  }
  // "Exhaustion": at level 4 the hit point maximum is halved.
  if (exhaustion >= 4) value = Math.max(1, Math.floor(value / 2));
  return { value, text };
}

/**
 * A monster's Hit Dice, from `hitDice: "2d6"` (the die defaults to its size's).
 * @param {Obj} data
 * @param {keyof typeof SIZES} size
 */
function npcHitDice(data, size) {
  const match = /^\s*(\d{1,3})\s*(?:d\s*(\d{1,2}))?\s*$/.exec(str(data.hitDice));
  const count = match ? clamp(Number(match[1]), 1, 100) : 1;
  const die = match?.[2] ? clamp(Number(match[2]), 1, 20) : SIZES[size].hitDie;
  return { count, die };
}

/**
 * The Hit Dice a creature can spend on a short rest: one per class level, pooled by die size,
 * less those spent (`hitDiceUsed: { d10: 1 }`).
 * @param {Obj} data
 * @param {ClassLevels} classes
 * @param {boolean} isNpc
 * @param {keyof typeof SIZES} size
 */
function hitDicePool(data, classes, isNpc, size) {
  /** @type {Record<string, number>} */
  const max = {};
  if (isNpc) {
    const { count, die } = npcHitDice(data, size);
    max[`d${die}`] = count;
  } else {
    for (const entry of classes)
      max[`d${entry.hitDie}`] = (max[`d${entry.hitDie}`] ?? 0) + entry.level;
  }
  const used = obj(data.hitDiceUsed);
  /** @type {Record<string, { max: number, used: number, left: number }>} */
  const pool = {};
  // Largest dice first: that is the order a short rest spends them in by default.
  for (const key of Object.keys(max).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)))) {
    const most = max[key] ?? 0;
    const spent = int(used[key], 0, 0, most);
    pool[key] = { max: most, used: spent, left: most - spent };
  }
  return pool;
}

/**
 * Speeds in feet: `speed: { walk, climb, fly, swim, burrow }` (a plain number is a walking
 * speed). Heavy armor without the Strength it needs costs 10 feet ("Armor: Heavy Armor");
 * exhaustion 2 halves speed and 5 makes it 0; grappled, restrained, paralyzed, petrified,
 * stunned and unconscious creatures cannot move at all.
 * @param {Obj} data
 * @param {boolean} slowed
 * @param {number} exhaustion
 * @param {boolean} immobile
 */
function speeds(data, slowed, exhaustion, immobile) {
  const raw = typeof data.speed === 'number' ? { walk: data.speed } : obj(data.speed);
  /** @param {string} mode */
  const feetFor = (mode) => {
    let feet = int(raw[mode], mode === 'walk' ? 30 : 0, 0, 1000);
    if (slowed) feet = Math.max(0, feet - 10);
    if (exhaustion >= 2) feet = Math.floor(feet / 2);
    if (exhaustion >= 5 || immobile) feet = 0;
    return feet;
  };
  const speed = {
    walk: feetFor('walk'),
    burrow: feetFor('burrow'),
    climb: feetFor('climb'),
    fly: feetFor('fly'),
    swim: feetFor('swim'),
  };
  const listed = Object.entries(speed)
    .filter(([mode, feet]) => feet > 0 && mode !== 'walk')
    .map(([mode, feet]) => `${mode} ${feet} ft.`);
  const best = Object.entries(speed).reduce(
    (top, [mode, feet]) => (feet > top.feet ? { mode, feet } : top),
    { mode: 'walk', feet: speed.walk },
  );
  return {
    ...speed,
    best: best.feet,
    bestMode: best.mode,
    text: [`${speed.walk} ft.`, ...listed].join(', '),
  };
}

module.exports = Object.freeze({
  armorClass,
  maxHitPoints,
  hitDicePool,
  speeds,
});
