// @ts-check
/**
 * Reading a creature: everything the rules know about an actor, computed in one place from its
 * sheet data (SRD 5.1 "Using Ability Scores", "Character Advancement", "Monsters"). derive,
 * validate and apply all read creatures through `creature`, so a formula cannot differ between
 * what the sheet shows and what a ruling uses. The longer formulas live beside it: stats.js
 * (armor class, hit points, Hit Dice, speed), spellcasting.js and attacks.js.
 */

/**
 * @import { Actor } from '@meshtable/module-sdk'
 * @import { Ability } from './constants.js'
 * @import { AttackStats } from './attacks.js'
 * @import { Obj } from './read.js'
 *
 * @typedef {ReturnType<typeof creature>} Creature
 * @typedef {ReturnType<typeof readClasses>} ClassLevels a character's classes and their levels
 */

const { attackStats } = require('./attacks.js');
const {
  ABILITIES,
  CASTER_KINDS,
  CLASSES,
  CONDITIONS,
  DAMAGE_TYPES,
  IMMOBILIZING,
  INCAPACITATING,
  SIZES,
  SKILLS,
  SKILL_LEVELS,
} = require('./constants.js');
const { abilityOf, clamp, int, obj, str, words } = require('./read.js');
const { spellcasting } = require('./spellcasting.js');
const { armorClass, hitDicePool, maxHitPoints, speeds } = require('./stats.js');

/**
 * The modifier of an ability score (SRD 5.1 "Ability Scores and Modifiers"): subtract 10,
 * halve, round down. 10–11 give +0, 15 gives +2, 7 gives −2.
 * @param {number} score
 */
const modifier = (score) => Math.floor((score - 10) / 2);

/**
 * The proficiency bonus of a character level ("Character Advancement"): +2 at 1st–4th, then +1
 * every four levels, +6 at 17th–20th.
 * @param {number} level
 */
const proficiencyForLevel = (level) => 2 + Math.floor((clamp(level, 1, 20) - 1) / 4);

/**
 * The proficiency bonus of a monster by challenge rating ("Monsters: Challenge"): +2 up to CR 4,
 * +3 at 5–8, … +9 at 29–30. The same steps as levels, with CRs below 1 counted as 1.
 * @param {number} cr
 */
const proficiencyForCr = (cr) => 2 + Math.floor((Math.max(1, Math.min(30, cr)) - 1) / 4);

/**
 * Everything the rules know about an actor, from its sheet data: the one place where each
 * formula lives, used by derive, validate and apply alike. Missing or mistyped fields read as
 * their defaults, so a half-filled sheet still works.
 * @param {Actor} actor
 */
function creature(actor) {
  const data = obj(actor.data);
  const isNpc = actor.type === 'npc';
  /** @type {Record<Ability, number>} */
  const scores = { str: 10, dex: 10, con: 10, int: 10, wis: 10, cha: 10 };
  /** @type {Record<Ability, number>} */
  const mods = { str: 0, dex: 0, con: 0, int: 0, wis: 0, cha: 0 };
  const rawScores = obj(data.abilities);
  for (const ability of ABILITIES) {
    scores[ability] = int(rawScores[ability], 10, 1, 30);
    mods[ability] = modifier(scores[ability]);
  }

  const classes = isNpc ? [] : readClasses(data);
  const level = classes.reduce((sum, entry) => sum + entry.level, 0) || 1;
  const cr = isNpc ? readCr(data.cr) : 0;
  const prof = isNpc ? proficiencyForCr(cr) : proficiencyForLevel(level);
  const sizeKey = Object.hasOwn(SIZES, str(data.size).toLowerCase())
    ? /** @type {keyof typeof SIZES} */ (str(data.size).toLowerCase())
    : 'medium';

  const conditions = words(data.conditions).filter((c) => CONDITIONS.includes(c));
  const exhaustion = int(data.exhaustion, 0, 0, 6);
  const dead = data.dead === true;
  /** @param {string} condition */
  const has = (condition) =>
    conditions.includes(condition) ||
    (condition === 'incapacitated' && conditions.some((c) => INCAPACITATING.includes(c)));

  // Saving throws: the proficiencies the sheet ticks (`saves: { con: true }`, or a list), else
  // those of the first class ("Multiclassing": only the first class grants its saving throws).
  const ticked = Array.isArray(data.saves)
    ? words(data.saves).map(abilityOf)
    : ABILITIES.filter((ability) => obj(data.saves)[ability] === true);
  const saveList = ticked.length > 0 ? ticked : (classes[0]?.saves ?? []);
  const saveBonus = int(data.saveBonus, 0, -20, 20);
  /** @type {Record<Ability, { bonus: number, proficient: boolean }>} */
  const saves = /** @type {any} */ ({});
  for (const ability of ABILITIES) {
    const proficient = saveList.includes(ability);
    saves[ability] = { bonus: mods[ability] + (proficient ? prof : 0) + saveBonus, proficient };
  }

  // Skills: none, half (Jack of All Trades), proficient or expertise (double).
  const rawSkills = obj(data.skills);
  const jack = data.jackOfAllTrades === true;
  /** @type {Record<string, { ability: Ability, bonus: number, proficiency: string }>} */
  const skills = {};
  for (const [skill, { ability }] of Object.entries(SKILLS)) {
    let proficiency = skillLevel(rawSkills[skill]);
    if (proficiency === 'none' && jack) proficiency = 'half';
    const added = Math.floor(
      prof * SKILL_LEVELS[/** @type {keyof typeof SKILL_LEVELS} */ (proficiency)],
    );
    skills[skill] = { ability, bonus: mods[ability] + added, proficiency };
  }
  // Jack of All Trades adds half the bonus to any check without proficiency, initiative too.
  const jackBonus = jack ? Math.floor(prof / 2) : 0;

  const armor = armorClass(data, mods, scores.str);
  const spell = spellcasting(data, classes, mods, prof, isNpc);
  const maxHp = maxHitPoints(data, classes, mods.con, isNpc, sizeKey, exhaustion);
  const hp = int(data.hp, maxHp.value, 0, 1e6);

  const speed = speeds(data, armor.slowed, exhaustion, dead || IMMOBILIZING.some(has));
  const inventory = Array.isArray(data.inventory) ? data.inventory : [];
  const carried = inventory.reduce(
    (sum, item) => sum + Math.max(0, int(obj(item).quantity, 1, 0)) * weightOf(obj(item).weight),
    0,
  );
  const capacity = scores.str * 15 * SIZES[sizeKey].carry;

  const view = {
    id: actor.id,
    name: actor.name,
    type: isNpc ? 'npc' : 'character',
    owners: actor.owners,
    data,
    isNpc,
    scores,
    mods,
    classes,
    level,
    cr,
    prof,
    size: sizeKey,
    saves,
    skills,
    jackBonus,
    passivePerception: 10 + (skills.perception?.bonus ?? 0),
    ac: armor.ac,
    acText: armor.text,
    armorProblem: armor.problem,
    stealthDisadvantage: armor.stealthDisadvantage,
    maxHp: maxHp.value,
    maxHpText: maxHp.text,
    hp: Math.min(hp, 1e6),
    tempHp: int(data.tempHp, 0, 0, 1e6),
    initiative: mods.dex + jackBonus + int(data.initiativeBonus, 0, -20, 20),
    speed,
    spell,
    hitDice: hitDicePool(data, classes, isNpc, sizeKey),
    conditions,
    exhaustion,
    dead,
    stable: data.stable === true,
    deathSaves: {
      successes: int(obj(data.deathSaves).successes, 0, 0, 3),
      failures: int(obj(data.deathSaves).failures, 0, 0, 3),
    },
    // A monster dies at 0 hit points unless the GM marks it as one that makes death saves
    // ("Dropping to 0 Hit Points: Monsters and Death").
    usesDeathSaves: !isNpc || data.usesDeathSaves === true,
    resistances: words(data.resistances).filter((t) => DAMAGE_TYPES.includes(t)),
    vulnerabilities: words(data.vulnerabilities).filter((t) => DAMAGE_TYPES.includes(t)),
    immunities: words(data.immunities).filter((t) => DAMAGE_TYPES.includes(t)),
    conditionImmunities: words(data.conditionImmunities),
    carrying: { capacity, pushDragLift: capacity * 2, carried, encumbered: carried > capacity },
    has,
    /** @type {AttackStats[]} */
    attacks: [],
  };
  const attacks = Array.isArray(data.attacks) ? data.attacks : [];
  view.attacks = attacks.map((entry) => attackStats(obj(entry), view));
  return view;
}

/**
 * A skill's proficiency as a sheet may say it: true or 1 (proficient), 2 (expertise), 0.5
 * (half), or one of the words of SKILL_LEVELS.
 * @param {unknown} value
 * @returns {string}
 */
function skillLevel(value) {
  if (value === true || value === 1) return 'proficient';
  if (value === 2) return 'expertise';
  if (value === 0.5) return 'half';
  const key = str(value).toLowerCase();
  return Object.hasOwn(SKILL_LEVELS, key) ? key : 'none';
}

/**
 * The character's classes, from `classes: [{ name, level, … }]` (a class outside the SRD states
 * its `hitDie`, `caster` and `spellAbility`), or a single `class` and `level`.
 * @param {Obj} data
 */
function readClasses(data) {
  const raw = Array.isArray(data.classes)
    ? data.classes.map(obj)
    : [{ name: data.class, level: data.level }];
  const classes = raw
    .map((entry) => {
      const name = str(entry.name, '').toLowerCase();
      const known = Object.hasOwn(CLASSES, name) ? CLASSES[name] : null;
      const caster = str(entry.caster).toLowerCase();
      return {
        name: str(entry.name, 'Adventurer') || 'Adventurer',
        level: int(entry.level, 1, 1, 20),
        hitDie: [6, 8, 10, 12].includes(int(entry.hitDie, 0))
          ? int(entry.hitDie, 8)
          : (known?.hitDie ?? 8),
        saves: known?.saves ?? [],
        caster: CASTER_KINDS.includes(caster) ? caster : (known?.caster ?? 'none'),
        spellAbility: abilityOf(entry.spellAbility) ?? known?.spellAbility ?? null,
      };
    })
    .slice(0, 12);
  // Twenty levels at most, counted from the first class on.
  let left = 20;
  return classes
    .map((entry) => {
      const level = Math.min(entry.level, left);
      left -= level;
      return { ...entry, level };
    })
    .filter((entry) => entry.level > 0);
}

/**
 * A challenge rating from the sheet: 2, "1/4", 0.5.
 * @param {unknown} value
 */
function readCr(value) {
  if (typeof value === 'string' && /^\s*1\s*\/\s*(2|4|8)\s*$/.test(value)) {
    return 1 / Number(value.split('/')[1]);
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return 0;
  if (n >= 1) return Math.min(30, Math.floor(n));
  return n >= 0.5 ? 0.5 : n >= 0.25 ? 0.25 : n >= 0.125 ? 0.125 : 0;
}

/**
 * A weight in pounds from the sheet (a number, or "3 lb.").
 * @param {unknown} value
 */
function weightOf(value) {
  const n = typeof value === 'number' ? value : Number.parseFloat(str(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1e6) : 0;
}

module.exports = Object.freeze({ creature });
