// @ts-check
/**
 * The rules of the fifth edition of the world's most popular roleplaying game, as the System
 * Reference Document 5.1 (CC-BY-4.0, see NOTICE) states them: ability scores, proficiency,
 * checks and saving throws, armor class, attacks and damage, hit points and dying, spell slots,
 * resting and moving on a grid. reference/*.md explains them for players, and every rule here
 * names the SRD section it follows.
 *
 * One file, because the sandbox runs only the manifest's entry (no require, no import): the file
 * is split into sections instead, each with one responsibility, in this order:
 *   1. constants (the SRD's tables)          6. geometry (grids, distances)
 *   2. small helpers                         7. the table: actors, tokens, who may do what
 *   3. reading a creature (derived values)   8. damage, healing and dying (one path for all)
 *   4. derive and initiative                 9. validate (every intent kind)
 *   5. dice: d20 tests and damage, `roll`   10. apply (every intent kind)   11. chat commands
 *
 * Every hook is pure: it reads its arguments and draws dice from ctx.dice, nothing else, and
 * keeps nothing between calls (module-level values are frozen tables).
 */

/**
 * @import { ApplyHook, Change, ChatCommand, DeriveHook, InitiativeHook, Intent } from '@meshtable/module-sdk'
 * @import { ModuleContext, RollHook, RollResult, TableState, ValidateHook } from '@meshtable/module-sdk'
 * @import { Actor, Token, ValidateResult } from '@meshtable/module-sdk'
 *
 * @typedef {'str' | 'dex' | 'con' | 'int' | 'wis' | 'cha'} Ability
 * @typedef {'normal' | 'advantage' | 'disadvantage'} Mode
 * @typedef {Record<string, any>} Obj a JSON object whose shape the code checks as it reads
 * @typedef {{ changes: Change[], result: Obj }} Applied a ruling: its changes, and its roll card
 *   for the receipt
 * @typedef {{ advantage: string[], disadvantage: string[] }} ModeSources why a roll has
 *   advantage or disadvantage, in words ("prone target within 5 ft")
 */

/* ------------------------------------------------------------------------------------------ */
/* 1. Constants: the SRD's tables, frozen so no hook can change them.                          */
/* ------------------------------------------------------------------------------------------ */

/**
 * Freezes a constant table and everything in it, so that no hook can change a shared value
 * (module-level values outlive a call: a change would leak into the next ruling).
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** @type {readonly Ability[]} */
const ABILITIES = Object.freeze(['str', 'dex', 'con', 'int', 'wis', 'cha']);

const ABILITY_NAMES = Object.freeze({
  str: 'Strength',
  dex: 'Dexterity',
  con: 'Constitution',
  int: 'Intelligence',
  wis: 'Wisdom',
  cha: 'Charisma',
});

/**
 * The 18 skills and the ability each uses (SRD 5.1 "Using Ability Scores: Skills"). Keys are
 * camelCase because sheet paths allow letters, digits and `_` only.
 * @type {Readonly<Record<string, { name: string, ability: Ability }>>}
 */
const SKILLS = deepFreeze({
  acrobatics: { name: 'Acrobatics', ability: 'dex' },
  animalHandling: { name: 'Animal Handling', ability: 'wis' },
  arcana: { name: 'Arcana', ability: 'int' },
  athletics: { name: 'Athletics', ability: 'str' },
  deception: { name: 'Deception', ability: 'cha' },
  history: { name: 'History', ability: 'int' },
  insight: { name: 'Insight', ability: 'wis' },
  intimidation: { name: 'Intimidation', ability: 'cha' },
  investigation: { name: 'Investigation', ability: 'int' },
  medicine: { name: 'Medicine', ability: 'wis' },
  nature: { name: 'Nature', ability: 'int' },
  perception: { name: 'Perception', ability: 'wis' },
  performance: { name: 'Performance', ability: 'cha' },
  persuasion: { name: 'Persuasion', ability: 'cha' },
  religion: { name: 'Religion', ability: 'int' },
  sleightOfHand: { name: 'Sleight of Hand', ability: 'dex' },
  stealth: { name: 'Stealth', ability: 'dex' },
  survival: { name: 'Survival', ability: 'wis' },
});

/** How much of the proficiency bonus a skill level adds (Jack of All Trades gives half). */
const SKILL_LEVELS = Object.freeze({ none: 0, half: 0.5, proficient: 1, expertise: 2 });

/** The conditions of SRD 5.1 "Appendix PH-A: Conditions", exhaustion aside (it has levels). */
const CONDITIONS = Object.freeze([
  'blinded',
  'charmed',
  'deafened',
  'frightened',
  'grappled',
  'incapacitated',
  'invisible',
  'paralyzed',
  'petrified',
  'poisoned',
  'prone',
  'restrained',
  'stunned',
  'unconscious',
]);

/** Conditions that include being incapacitated ("Appendix PH-A: Conditions"). */
const INCAPACITATING = Object.freeze([
  'incapacitated',
  'paralyzed',
  'petrified',
  'stunned',
  'unconscious',
]);

/** Conditions under which a creature cannot move at all (speed 0 or "can't move"). */
const IMMOBILIZING = Object.freeze([
  'grappled',
  'paralyzed',
  'petrified',
  'restrained',
  'stunned',
  'unconscious',
]);

/** Conditions a player may put on or take off their own character: dropping prone, standing up. */
const SELF_CONDITIONS = Object.freeze(['prone']);

/** SRD 5.1 "Combat: Damage Types". */
const DAMAGE_TYPES = Object.freeze([
  'acid',
  'bludgeoning',
  'cold',
  'fire',
  'force',
  'lightning',
  'necrotic',
  'piercing',
  'poison',
  'psychic',
  'radiant',
  'slashing',
  'thunder',
]);

/**
 * Sizes: the carrying multiplier ("Using Each Ability: Lifting and Carrying", "Size
 * Categories") and the hit die a monster of that size has ("Monsters: Hit Points").
 */
const SIZES = deepFreeze({
  tiny: { name: 'Tiny', carry: 0.5, hitDie: 4 },
  small: { name: 'Small', carry: 1, hitDie: 6 },
  medium: { name: 'Medium', carry: 1, hitDie: 8 },
  large: { name: 'Large', carry: 2, hitDie: 10 },
  huge: { name: 'Huge', carry: 4, hitDie: 12 },
  gargantuan: { name: 'Gargantuan', carry: 8, hitDie: 20 },
});

/**
 * The SRD's twelve classes: hit die, saving throw proficiencies, how they cast spells and with
 * which ability ("Classes"). `caster` is full, half (paladin, ranger, from 2nd level), pact
 * (warlock) or none. A class not listed here can say all of this on the sheet itself.
 * @type {Readonly<Record<string, { hitDie: number, saves: Ability[], caster: string, spellAbility: Ability | null }>>}
 */
const CLASSES = deepFreeze({
  barbarian: { hitDie: 12, saves: ['str', 'con'], caster: 'none', spellAbility: null },
  bard: { hitDie: 8, saves: ['dex', 'cha'], caster: 'full', spellAbility: 'cha' },
  cleric: { hitDie: 8, saves: ['wis', 'cha'], caster: 'full', spellAbility: 'wis' },
  druid: { hitDie: 8, saves: ['int', 'wis'], caster: 'full', spellAbility: 'wis' },
  fighter: { hitDie: 10, saves: ['str', 'con'], caster: 'none', spellAbility: null },
  monk: { hitDie: 8, saves: ['str', 'dex'], caster: 'none', spellAbility: null },
  paladin: { hitDie: 10, saves: ['wis', 'cha'], caster: 'half', spellAbility: 'cha' },
  ranger: { hitDie: 10, saves: ['str', 'dex'], caster: 'half', spellAbility: 'wis' },
  rogue: { hitDie: 8, saves: ['dex', 'int'], caster: 'none', spellAbility: null },
  sorcerer: { hitDie: 6, saves: ['con', 'cha'], caster: 'full', spellAbility: 'cha' },
  warlock: { hitDie: 8, saves: ['wis', 'cha'], caster: 'pact', spellAbility: 'cha' },
  wizard: { hitDie: 6, saves: ['int', 'wis'], caster: 'full', spellAbility: 'int' },
});

const CASTER_KINDS = Object.freeze(['none', 'full', 'half', 'third', 'pact']);

/**
 * Spell slots per spell level (index 0 is 1st level) for a caster level: the wizard's table, which
 * is also the "Multiclassing: Multiclass Spellcaster" table. Index = caster level.
 */
const FULL_CASTER_SLOTS = Object.freeze(
  [
    [],
    [2],
    [3],
    [4, 2],
    [4, 3],
    [4, 3, 2],
    [4, 3, 3],
    [4, 3, 3, 1],
    [4, 3, 3, 2],
    [4, 3, 3, 3, 1],
    [4, 3, 3, 3, 2],
    [4, 3, 3, 3, 2, 1],
    [4, 3, 3, 3, 2, 1],
    [4, 3, 3, 3, 2, 1, 1],
    [4, 3, 3, 3, 2, 1, 1],
    [4, 3, 3, 3, 2, 1, 1, 1],
    [4, 3, 3, 3, 2, 1, 1, 1],
    [4, 3, 3, 3, 2, 1, 1, 1, 1],
    [4, 3, 3, 3, 3, 1, 1, 1, 1],
    [4, 3, 3, 3, 3, 2, 1, 1, 1],
    [4, 3, 3, 3, 3, 2, 2, 1, 1],
  ].map((row) => Object.freeze(row)),
);

/** The warlock's Pact Magic: slots and their level by warlock level ("Warlock: Pact Magic"). */
const PACT_SLOTS = Object.freeze(
  [
    [0, 0],
    [1, 1],
    [2, 1],
    [2, 2],
    [2, 2],
    [2, 3],
    [2, 3],
    [2, 4],
    [2, 4],
    [2, 5],
    [2, 5],
    [3, 5],
    [3, 5],
    [3, 5],
    [3, 5],
    [3, 5],
    [3, 5],
    [4, 5],
    [4, 5],
    [4, 5],
    [4, 5],
  ].map((row) => Object.freeze({ count: row[0] ?? 0, level: row[1] ?? 0 })),
);

/** Experience points by challenge rating ("Monsters: Challenge"). */
const XP_BY_CR = Object.freeze({
  0: 10,
  0.125: 25,
  0.25: 50,
  0.5: 100,
  1: 200,
  2: 450,
  3: 700,
  4: 1100,
  5: 1800,
  6: 2300,
  7: 2900,
  8: 3900,
  9: 5000,
  10: 5900,
  11: 7200,
  12: 8400,
  13: 10000,
  14: 11500,
  15: 13000,
  16: 15000,
  17: 18000,
  18: 20000,
  19: 22000,
  20: 25000,
  21: 33000,
  22: 41000,
  23: 50000,
  24: 62000,
  25: 75000,
  26: 90000,
  27: 105000,
  28: 120000,
  29: 135000,
  30: 155000,
});

/** Spell slots used, none: what a long rest leaves (every level present, as the sheet shows them). */
const NO_SLOTS_USED = Object.freeze({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 });

/** Feet in one grid cell when the scene does not say (SRD 5.1 "Combat: Movement and Position"). */
const FEET_PER_CELL = 5;

/** The kinds of intent this module defines. */
const KINDS = Object.freeze([
  'srd5e:attack',
  'srd5e:save',
  'srd5e:check',
  'srd5e:cast',
  'srd5e:death-save',
  'srd5e:condition',
  'srd5e:rest',
]);

/** Damage dice as the sheets write them: dice terms and numbers joined by + or − (`2d6+1d4+2`). */
const DAMAGE_DICE = /^\s*(\d{0,3}d\d{1,3}|\d{1,4})(\s*[+-]\s*(\d{0,3}d\d{1,3}|\d{1,4}))*\s*$/;

/* ------------------------------------------------------------------------------------------ */
/* 2. Small helpers                                                                            */
/* ------------------------------------------------------------------------------------------ */

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
 * @param {number} value
 * @param {number} min
 * @param {number} max
 */
function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}

/**
 * A whole number read from sheet data: anything else (text, NaN, missing) is the fallback, and
 * the result is kept in [min, max]. Sheets are typed by people, so every read is forgiving.
 * @param {unknown} value
 * @param {number} fallback
 * @param {number} [min]
 * @param {number} [max]
 */
function int(value, fallback, min = -1e6, max = 1e6) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return clamp(Math.trunc(n), min, max);
}

/**
 * A string, trimmed, or the fallback.
 * @param {unknown} value
 * @param {string} [fallback]
 */
function str(value, fallback = '') {
  return typeof value === 'string' ? value.trim() : fallback;
}

/**
 * A list of lower-case words from an array or a comma-separated string ("finesse, light").
 * @param {unknown} value
 * @returns {string[]}
 */
function words(value) {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items
    .filter((item) => typeof item === 'string')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

/**
 * A plain object, or an empty one.
 * @param {unknown} value
 * @returns {Obj}
 */
function obj(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/**
 * "+3", "−1", "+0": how sheets print bonuses.
 * @param {number} n
 */
function signed(n) {
  return n >= 0 ? `+${n}` : `−${-n}`;
}

/**
 * A bonus appended to a notation: "+3", "-1", or nothing for 0 (the dice language wants `-`).
 * @param {number} n
 */
function plus(n) {
  return n === 0 ? '' : n > 0 ? `+${n}` : `-${-n}`;
}

/**
 * A key for matching names typed in chat: lower case, letters and digits only
 * ("Sleight of Hand" and "sleight-of-hand" both give "sleightofhand").
 * @param {string} text
 */
function squash(text) {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * "1st", "2nd", "3rd", "4th": spell levels as the SRD writes them.
 * @param {number} n
 */
function ordinal(n) {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}

/**
 * A challenge rating as printed: 0.125 → "1/8".
 * @param {number} cr
 */
function crText(cr) {
  return cr === 0.125 ? '1/8' : cr === 0.25 ? '1/4' : cr === 0.5 ? '1/2' : String(cr);
}

/**
 * Reads an ability name typed by a person ("dex", "Dexterity", "DEX").
 * @param {unknown} value
 * @returns {Ability | null}
 */
function abilityOf(value) {
  if (typeof value !== 'string') return null;
  const key = squash(value);
  for (const ability of ABILITIES) {
    if (key === ability || key === squash(ABILITY_NAMES[ability])) return ability;
  }
  return null;
}

/**
 * Reads a skill name typed by a person ("sleight of hand", "sleightOfHand", "Perception").
 * @param {unknown} value
 * @returns {string | null}
 */
function skillOf(value) {
  if (typeof value !== 'string') return null;
  const key = squash(value);
  for (const [skill, { name }] of Object.entries(SKILLS)) {
    if (key === squash(skill) || key === squash(name)) return skill;
  }
  return null;
}

/**
 * "an Intelligence check", "a Dexterity check".
 * @param {string} text
 */
function withArticle(text) {
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * A list written out for a message: "a, b or c".
 * @param {readonly string[]} items
 * @param {string} [last]
 */
function listText(items, last = 'or') {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/* ------------------------------------------------------------------------------------------ */
/* 3. Reading a creature: every derived value, computed in one place from the sheet's data.   */
/* ------------------------------------------------------------------------------------------ */

/**
 * @typedef {{
 *   name: string, kind: string, ability: Ability | null, proficient: boolean, magic: number,
 *   toHit: number | null, damageDice: string, damageBonus: number, damageType: string,
 *   versatile: string, properties: string[], reach: number, range: number, longRange: number,
 *   extra: { damage: string, damageType: string, save: SaveSpec | null }[],
 *   save: SaveSpec | null, onHit: { condition: string, save: SaveSpec | null } | null,
 *   cantrip: boolean, problem: string | null,
 * }} AttackStats
 * @typedef {{ ability: Ability, dc: number, effect: 'half' | 'none' }} SaveSpec
 * @typedef {ReturnType<typeof creature>} Creature
 */

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
 * Spellcasting: the ability, the spell save DC (8 + proficiency + modifier) and the spell attack
 * bonus (proficiency + modifier) of SRD 5.1 "Spellcasting", and the slots. A single caster class
 * uses its own table (half casters from 2nd level, third casters from 3rd, both rounded up);
 * several use the "Multiclass Spellcaster" table with half and third levels rounded down.
 * Pact Magic slots are separate. An NPC lists its slots as its stat block does.
 * @param {Obj} data
 * @param {ReturnType<typeof readClasses>} classes
 * @param {Record<Ability, number>} mods
 * @param {number} prof
 * @param {boolean} isNpc
 */
function spellcasting(data, classes, mods, prof, isNpc) {
  const casting = obj(data.spellcasting);
  const casters = classes.filter((entry) => entry.caster !== 'none');
  const ability =
    abilityOf(casting.ability) ?? casters.find((entry) => entry.spellAbility)?.spellAbility ?? null;
  /** @type {number[]} */
  let max = [];
  let casterLevel = 0;
  if (isNpc) {
    const listed = obj(casting.slots);
    max = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => int(listed[n], 0, 0, 9));
    casterLevel = int(casting.level, 0, 0, 20);
  } else {
    const slotting = casters.filter((entry) => ['full', 'half', 'third'].includes(entry.caster));
    if (slotting.length === 1) {
      const only = /** @type {(typeof slotting)[number]} */ (slotting[0]);
      casterLevel =
        only.caster === 'full'
          ? only.level
          : only.caster === 'half'
            ? only.level >= 2
              ? Math.ceil(only.level / 2)
              : 0
            : only.level >= 3
              ? Math.ceil(only.level / 3)
              : 0;
    } else {
      for (const entry of slotting) {
        casterLevel +=
          entry.caster === 'full'
            ? entry.level
            : Math.floor(entry.level / (entry.caster === 'half' ? 2 : 3));
      }
    }
    max = [...(FULL_CASTER_SLOTS[clamp(casterLevel, 0, 20)] ?? [])];
  }
  const used = obj(data.slotsUsed);
  /** @type {Record<string, { max: number, used: number, left: number }>} */
  const slots = {};
  for (let level = 1; level <= 9; level++) {
    const most = max[level - 1] ?? 0;
    const spent = int(used[level], 0, 0, most);
    slots[level] = { max: most, used: spent, left: most - spent };
  }
  const warlockLevel = classes
    .filter((entry) => entry.caster === 'pact')
    .reduce((sum, entry) => sum + entry.level, 0);
  const pactRow = PACT_SLOTS[clamp(warlockLevel, 0, 20)] ?? { count: 0, level: 0 };
  const pactUsed = int(data.pactSlotsUsed, 0, 0, pactRow.count);
  const mod = ability === null ? 0 : mods[ability];
  return {
    caster: ability !== null,
    ability,
    dc: 8 + prof + mod,
    attack: prof + mod,
    casterLevel,
    slots,
    pact: {
      level: pactRow.level,
      max: pactRow.count,
      used: pactUsed,
      left: pactRow.count - pactUsed,
    },
  };
}

/**
 * Hit point maximum. A character: the first class's hit die plus Con at 1st level, then the
 * die's fixed value (half the die + 1) plus Con for every later level ("Classes: Hit Points"),
 * at least 1 per level. A monster: the average of its Hit Dice plus Con per die ("Monsters: Hit
 * Points"). `maxHpOverride` replaces either (rolled hit points). Exhaustion 4 halves it.
 * @param {Obj} data
 * @param {ReturnType<typeof readClasses>} classes
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
 * @param {ReturnType<typeof readClasses>} classes
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

/**
 * A weight in pounds from the sheet (a number, or "3 lb.").
 * @param {unknown} value
 */
function weightOf(value) {
  const n = typeof value === 'number' ? value : Number.parseFloat(str(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1e6) : 0;
}

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
 * Multiplies the number of each dice term: `scaleDice("1d8+2", 2)` is "2d8+2". Used for cantrips
 * and for critical hits, which roll the attack's damage dice twice ("Combat: Critical Hits").
 * @param {string} dice
 * @param {number} times
 */
function scaleDice(dice, times) {
  return dice.replace(/\s+/g, '').replace(/(\d*)d(\d+)/g, (_all, count, sides) => {
    return `${(count === '' ? 1 : Number(count)) * times}d${sides}`;
  });
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

/* ------------------------------------------------------------------------------------------ */
/* 4. derive and initiative                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * `derive(actor)`: every computed value the character and NPC sheets show, keyed so that roll
 * buttons can name them (`1d20+@skills.perception.bonus`). Pure arithmetic, no dice.
 * @type {DeriveHook}
 */
exports.derive = (actor) => {
  const c = creature(actor);
  /** @type {Record<string, number>} */
  const modifiers = {};
  /** @type {Record<string, number>} */
  const checks = {};
  /** @type {Obj} */
  const saves = {};
  for (const ability of ABILITIES) {
    modifiers[ability] = c.mods[ability];
    // An ability check adds Jack of All Trades' half proficiency too.
    checks[ability] = c.mods[ability] + c.jackBonus;
    saves[ability] = { ...c.saves[ability], name: ABILITY_NAMES[ability] };
  }
  /** @type {Obj} */
  const skills = {};
  for (const [skill, value] of Object.entries(c.skills)) {
    skills[skill] = { ...value, name: SKILLS[skill]?.name ?? skill };
  }
  const attacks = c.attacks.map((attack) => ({
    name: attack.name,
    kind: attack.kind,
    toHit: attack.toHit ?? 0,
    damage: damageText(attack),
    text: attackLine(attack),
    problem: attack.problem ?? '',
  }));
  const slots = c.spell.slots;
  const slotsText = Object.entries(slots)
    .filter(([, slot]) => slot.max > 0)
    .map(([level, slot]) => `${ordinal(Number(level))}: ${slot.left}/${slot.max}`)
    .concat(
      c.spell.pact.max > 0
        ? [`pact (${ordinal(c.spell.pact.level)}): ${c.spell.pact.left}/${c.spell.pact.max}`]
        : [],
    )
    .join(', ');
  const problems = [
    ...(c.armorProblem === null ? [] : [`Armor: ${c.armorProblem}`]),
    ...c.attacks
      .filter((attack) => attack.problem !== null)
      .map((attack) => `${attack.name}: ${attack.problem}`),
  ];
  return {
    type: c.type,
    level: c.level,
    classesText: c.classes.map((entry) => `${entry.name} ${entry.level}`).join(' / '),
    proficiency: c.prof,
    cr: c.cr,
    crText: crText(c.cr),
    xp: c.isNpc ? (XP_BY_CR[/** @type {keyof typeof XP_BY_CR} */ (c.cr)] ?? 0) : 0,
    sizeName: SIZES[c.size].name,
    modifiers,
    checks,
    saves,
    skills,
    passivePerception: c.passivePerception,
    // Stat-block lines: "Dex +4, Con +9", "Perception +8, Stealth +4".
    savesText:
      ABILITIES.filter((ability) => c.saves[ability].proficient)
        .map(
          (ability) =>
            `${ability[0]?.toUpperCase()}${ability.slice(1)} ${signed(c.saves[ability].bonus)}`,
        )
        .join(', ') || 'none',
    skillsText:
      Object.entries(c.skills)
        .filter(([, skill]) => skill.proficiency !== 'none')
        .map(([key, skill]) => `${SKILLS[key]?.name ?? key} ${signed(skill.bonus)}`)
        .join(', ') || 'none',
    sensesText: [str(c.data.senses), `passive Perception ${c.passivePerception}`]
      .filter((part) => part !== '')
      .join(', '),
    ac: c.ac,
    acText: c.acText,
    stealthDisadvantage: c.stealthDisadvantage,
    maxHp: c.maxHp,
    maxHpText: c.maxHpText,
    hp: c.hp,
    tempHp: c.tempHp,
    hpText: `${c.hp} / ${c.maxHp}${c.tempHp > 0 ? ` (+${c.tempHp} temporary)` : ''}`,
    bloodied: c.hp > 0 && c.hp <= c.maxHp / 2,
    status: statusOf(c),
    initiative: c.initiative,
    speed: c.speed.walk ?? 0,
    speeds: { ...c.speed },
    speedText: c.speed.text,
    spellcasting: {
      caster: c.spell.caster,
      ability: c.spell.ability ?? '',
      abilityName: c.spell.ability === null ? '' : ABILITY_NAMES[c.spell.ability],
      dc: c.spell.dc,
      attack: c.spell.attack,
      casterLevel: c.spell.casterLevel,
    },
    slots,
    pact: c.spell.pact,
    slotsText,
    hitDice: c.hitDice,
    hitDiceText: Object.entries(c.hitDice)
      .map(([die, pool]) => `${pool.left}/${pool.max} ${die}`)
      .join(', '),
    attacks,
    attacksText: attacks.map((attack) => attack.text).join('\n'),
    carrying: c.carrying,
    conditionsText:
      [...c.conditions, ...(c.exhaustion > 0 ? [`exhaustion ${c.exhaustion}`] : [])].join(', ') ||
      'none',
    exhaustion: c.exhaustion,
    deathSaves: c.deathSaves,
    problems: problems.join('\n'),
  };
};

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
 * @param {Creature} c
 */
function statusOf(c) {
  if (c.dead) return 'dead';
  if (c.hp <= 0) return c.stable ? 'stable' : c.usesDeathSaves ? 'dying' : 'down';
  if (c.has('unconscious')) return 'unconscious';
  return c.hp <= c.maxHp / 2 ? 'bloodied' : 'healthy';
}

/**
 * `initiative(actor, ctx)`: a Dexterity check, d20 + Dex modifier (plus Jack of All Trades and
 * any `initiativeBonus`), as SRD 5.1 "Combat: Initiative" says; disadvantage when poisoned or
 * exhausted, as for any ability check. Ties between creatures go to the higher Dexterity score,
 * added as hundredths so the order is the same on every peer without a second roll.
 * @type {InitiativeHook}
 */
exports.initiative = (actor, ctx) => {
  const c = creature(actor);
  const roll = d20Test(ctx, c.initiative, checkSources(c, emptySources()));
  return roll.total + c.scores.dex / 100;
};

/* ------------------------------------------------------------------------------------------ */
/* 5. Dice: d20 tests, damage, and the `roll` hook                                             */
/* ------------------------------------------------------------------------------------------ */

/** @returns {ModeSources} */
function emptySources() {
  return { advantage: [], disadvantage: [] };
}

/**
 * What the player asked for: `mode` ("advantage", "disadvantage", "normal"), or the booleans
 * `advantage` and `disadvantage` (both at once cancel out).
 * @param {Obj} payload
 * @returns {ModeSources}
 */
function askedSources(payload) {
  const sources = emptySources();
  if (payload.mode === 'advantage' || payload.advantage === true) sources.advantage.push('asked');
  if (payload.mode === 'disadvantage' || payload.disadvantage === true) {
    sources.disadvantage.push('asked');
  }
  return sources;
}

/**
 * SRD 5.1 "Advantage and Disadvantage": any advantage with no disadvantage rolls two d20 and
 * keeps the higher, and the reverse keeps the lower; when both apply, however many of each,
 * the roll has neither.
 * @param {ModeSources} sources
 * @returns {Mode}
 */
function modeOf(sources) {
  const up = sources.advantage.length > 0;
  const down = sources.disadvantage.length > 0;
  return up && !down ? 'advantage' : down && !up ? 'disadvantage' : 'normal';
}

/**
 * Advantage and disadvantage an ability check gets from conditions ("Appendix PH-A"):
 * poisoned or exhausted (level 1+) creatures have disadvantage; heavy armor that says so gives
 * disadvantage on Dexterity (Stealth).
 * @param {Creature} c
 * @param {ModeSources} sources
 * @param {string} [skill]
 */
function checkSources(c, sources, skill) {
  const out = { advantage: [...sources.advantage], disadvantage: [...sources.disadvantage] };
  if (c.has('poisoned')) out.disadvantage.push('poisoned');
  if (c.exhaustion >= 1) out.disadvantage.push(`exhaustion ${c.exhaustion}`);
  if (skill === 'stealth' && c.stealthDisadvantage) out.disadvantage.push('armor (Stealth)');
  return out;
}

/**
 * Advantage and disadvantage on a saving throw from conditions: exhaustion 3+, and a restrained
 * creature's Dexterity saves, have disadvantage.
 * @param {Creature} c
 * @param {Ability} ability
 * @param {ModeSources} sources
 */
function saveSources(c, ability, sources) {
  const out = { advantage: [...sources.advantage], disadvantage: [...sources.disadvantage] };
  if (c.exhaustion >= 3) out.disadvantage.push(`exhaustion ${c.exhaustion}`);
  if (ability === 'dex' && c.has('restrained')) out.disadvantage.push('restrained');
  return out;
}

/**
 * Whether a saving throw fails without a roll: paralyzed, petrified, stunned and unconscious
 * creatures fail Strength and Dexterity saves ("Appendix PH-A: Conditions").
 * @param {Creature} c
 * @param {Ability} ability
 * @returns {string | null} the condition that makes it fail
 */
function autoFailSave(c, ability) {
  if (ability !== 'str' && ability !== 'dex') return null;
  return ['paralyzed', 'petrified', 'stunned', 'unconscious'].find((x) => c.has(x)) ?? null;
}

/**
 * Every die of a roll, flat, in the order drawn, for roll cards: which term it belongs to, its
 * face, and whether it was kept, exploded or rerolled.
 * @param {RollResult} result
 */
function flattenDice(result) {
  /** @type {Obj[]} */
  const out = [];
  /** @param {readonly any[]} terms */
  const walk = (terms) => {
    for (const term of terms) {
      if (term.kind === 'dice') {
        for (const die of term.dice) {
          out.push({
            term: term.notation,
            label: term.label,
            sides: die.sides,
            value: die.value,
            kept: die.kept,
            exploded: die.exploded,
            rerolls: [...die.rerolls],
          });
        }
      } else {
        for (const entry of term.entries) walk(entry.rolls);
      }
    }
  };
  walk(result.rolls);
  return out;
}

/**
 * A d20 test ("Using Ability Scores"): d20 + bonus, with two d20 when advantage or
 * disadvantage applies. Returns the kept die as `natural` and every die drawn.
 * @param {ModuleContext} ctx
 * @param {number} bonus
 * @param {ModeSources} sources
 */
function d20Test(ctx, bonus, sources) {
  const mode = modeOf(sources);
  const d20 = mode === 'advantage' ? '2d20kh1' : mode === 'disadvantage' ? '2d20kl1' : '1d20';
  const result = ctx.dice.roll(`${d20}${plus(bonus)}`);
  const term = result.rolls[0];
  const dice = term !== undefined && term.kind === 'dice' ? term.dice : [];
  const kept = dice.find((die) => die.kept) ?? dice[0];
  return {
    notation: result.notation,
    mode,
    natural: kept?.value ?? 0,
    rolls: dice.map((die) => die.value),
    bonus,
    total: result.total,
    text: result.text,
    advantage: sources.advantage,
    disadvantage: sources.disadvantage,
    dice: flattenDice(result),
  };
}

/**
 * One part of a damage roll, of one type: the dice (twice as many on a critical hit, "Combat:
 * Critical Hits": the modifiers are added once), plus the bonus, never below 0.
 * @param {ModuleContext} ctx
 * @param {string} dice
 * @param {number} bonus
 * @param {string} type
 * @param {boolean} critical
 */
function rollDamage(ctx, dice, bonus, type, critical) {
  const rolled = dice === '' ? '' : critical ? scaleDice(dice, 2) : dice.replace(/\s+/g, '');
  const notation = rolled === '' ? String(Math.max(0, bonus)) : `${rolled}${plus(bonus)}`;
  const result = ctx.dice.roll(notation);
  return {
    type,
    notation: result.notation,
    total: Math.max(0, result.total),
    text: `${result.text} ${type}`,
    dice: flattenDice(result),
  };
}

/** Notations that start with the d20 of a test, possibly already with advantage. */
const D20_START = /^\s*(1?d20|2d20kh1|2d20kl1)(?![0-9a-z])/i;

/** The kinds of roll the `roll` hook reads. */
const ROLL_KINDS = Object.freeze(['check', 'save', 'attack', 'initiative', 'death', 'damage']);

/**
 * `roll(request, ctx)`: sheet buttons and chat rolls read the 5e way.
 * - A notation starting with a d20 (or `kind` check, save, attack, initiative, death) is a d20
 *   test: `mode` (or a notation already written `2d20kh1`/`2d20kl1`) gives advantage or
 *   disadvantage, both cancel. With `dc` (or `target`) it says whether it succeeds. An attack
 *   roll's natural 20 is a critical hit and hits, a natural 1 misses ("Combat: Attack Rolls");
 *   checks and saves have no automatic success. A death save (`kind: "death"`) reads 10+ as a
 *   success, 1 as two failures and 20 as regaining 1 hit point.
 * - Anything else is damage or a plain roll: `critical: true` doubles the dice, `damageType`
 *   (or labels such as `1d8[slashing]+1d6[fire]`) sorts the total by type.
 * Every die is in `dice`, with the d20s also in `d20` for a roll card.
 * @type {RollHook}
 */
exports.roll = (request, ctx) => {
  const problem = rollProblem(request);
  if (problem !== null) throw new RangeError(problem);
  const kind = typeof request.kind === 'string' ? request.kind : '';
  const label = typeof request.label === 'string' ? request.label : '';
  const notation = request.notation.trim();
  const start = D20_START.exec(notation);
  if (start !== null && kind !== 'damage') {
    const written = (start[1] ?? '').toLowerCase();
    const sources = askedSources(request);
    if (written === '2d20kh1') sources.advantage.push('notation');
    if (written === '2d20kl1') sources.disadvantage.push('notation');
    const mode = modeOf(sources);
    const d20 = mode === 'advantage' ? '2d20kh1' : mode === 'disadvantage' ? '2d20kl1' : '1d20';
    const result = ctx.dice.roll(`${d20}${notation.slice(start[0].length)}`);
    const term = result.rolls[0];
    const d20s = term !== undefined && term.kind === 'dice' ? term.dice : [];
    const natural = (d20s.find((die) => die.kept) ?? d20s[0])?.value ?? 0;
    /** @type {Obj} */
    const read = {
      kind: kind || 'check',
      label,
      total: result.total,
      notation: result.notation,
      mode,
      natural,
      d20: d20s.map((die) => ({ value: die.value, kept: die.kept })),
      dice: flattenDice(result),
    };
    let verdict = '';
    // A DC (or AC) of 0 is a sheet's way of saying "none".
    const dc = [request.dc, request.target].find((n) => typeof n === 'number' && n > 0);
    if (kind === 'death') {
      read.success = natural >= 10;
      read.failures = natural === 1 ? 2 : natural < 10 ? 1 : 0;
      read.regainsHp = natural === 20;
      verdict =
        natural === 20
          ? 'natural 20: regains 1 hit point'
          : natural === 1
            ? 'natural 1: two failures'
            : natural >= 10
              ? 'success'
              : 'failure';
    } else if (kind === 'attack') {
      read.critical = natural === 20;
      read.fumble = natural === 1;
      if (typeof dc === 'number') {
        read.hit = natural === 20 || (natural !== 1 && result.total >= dc);
        read.ac = dc;
        verdict = `vs AC ${dc}: ${natural === 20 ? 'critical hit' : read.hit ? 'hit' : 'miss'}`;
      } else if (natural === 20 || natural === 1) {
        verdict = natural === 20 ? 'critical hit' : 'natural 1: miss';
      }
    } else if (typeof dc === 'number') {
      read.dc = dc;
      read.success = result.total >= dc;
      verdict = `vs DC ${dc}: ${read.success ? 'success' : 'failure'}`;
    }
    read.text = [
      label === '' ? '' : `${label}${mode === 'normal' ? '' : ` (${mode})`}:`,
      result.text,
      verdict === '' ? '' : `— ${verdict}`,
    ]
      .filter((part) => part !== '')
      .join(' ');
    return read;
  }

  const critical = request.critical === true;
  const rolled = critical ? scaleDice(notation, 2) : notation;
  const result = ctx.dice.roll(rolled);
  const type = typeof request.damageType === 'string' ? request.damageType.toLowerCase() : '';
  /** @type {Record<string, number>} */
  const byType = {};
  let labelled = 0;
  for (const term of result.rolls) {
    if (term.label !== null && DAMAGE_TYPES.includes(term.label.toLowerCase())) {
      const key = term.label.toLowerCase();
      byType[key] = (byType[key] ?? 0) + term.value;
      labelled += term.value;
    }
  }
  const rest = result.total - labelled;
  if (rest !== 0 || Object.keys(byType).length === 0) {
    const key = type !== '' ? type : (Object.keys(byType)[0] ?? 'untyped');
    byType[key] = (byType[key] ?? 0) + rest;
  }
  return {
    kind: kind || (type !== '' || critical ? 'damage' : 'roll'),
    label,
    total: result.total,
    notation: result.notation,
    critical,
    byType,
    dice: flattenDice(result),
    text: [label === '' ? '' : `${label}${critical ? ' (critical)' : ''}:`, result.text, type]
      .filter((part) => part !== '')
      .join(' '),
  };
};

/**
 * What is wrong with a roll request's 5e options, or null. Checked by validate (so a player
 * hears why) and again by roll itself.
 * @param {Obj} request
 * @returns {string | null}
 */
function rollProblem(request) {
  if (typeof request.notation !== 'string' || request.notation.trim() === '') {
    return 'a roll needs a notation such as 1d20+5';
  }
  if (
    request.mode !== undefined &&
    !['normal', 'advantage', 'disadvantage'].includes(request.mode)
  ) {
    return `mode must be "normal", "advantage" or "disadvantage", not ${JSON.stringify(request.mode)}`;
  }
  for (const flag of ['advantage', 'disadvantage', 'critical']) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      return `${flag} must be true or false`;
    }
  }
  if (request.kind !== undefined && !ROLL_KINDS.includes(request.kind)) {
    return `kind must be one of ${listText(ROLL_KINDS)}, not ${JSON.stringify(request.kind)}`;
  }
  for (const key of ['dc', 'target']) {
    const value = request[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value))) {
      return `${key} must be a whole number`;
    }
  }
  if (
    request.damageType !== undefined &&
    (typeof request.damageType !== 'string' ||
      !DAMAGE_TYPES.includes(request.damageType.toLowerCase()))
  ) {
    return `damageType must be one of ${listText(DAMAGE_TYPES)}`;
  }
  if (
    request.critical === true &&
    !DAMAGE_DICE.test(request.notation.replace(/\[[a-z]+\]/gi, ''))
  ) {
    return 'a critical damage roll doubles plain dice: write it as 2d6+3 or 1d8[slashing]+1d6[fire]';
  }
  return null;
}

/* ------------------------------------------------------------------------------------------ */
/* 6. Geometry: grids and distances in feet                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * @typedef {{ type: string, size: number, offsetX: number, offsetY: number, feet: number }} Grid
 */

/**
 * The grid of a scene, or null when the table has no such scene (then nothing can be measured).
 * A cell is `grid.distance` feet when the scene counts in feet, 5 feet when it counts in
 * metres (1.5 m), and the SRD's 5 feet otherwise.
 * @param {TableState} state
 * @param {string} sceneId
 * @returns {Grid | null}
 */
function gridOf(state, sceneId) {
  const scenes = obj(state.scenes);
  if (!Object.hasOwn(scenes, sceneId)) return null;
  const grid = obj(obj(scenes[sceneId]).grid);
  const size = typeof grid.size === 'number' && grid.size > 0 ? grid.size : 0;
  if (size === 0) return null;
  const units = str(grid.units).toLowerCase();
  const distance = typeof grid.distance === 'number' && grid.distance > 0 ? grid.distance : 0;
  let feet = FEET_PER_CELL;
  if (distance > 0 && ['ft', 'ft.', 'feet', 'foot'].includes(units)) feet = distance;
  else if (distance > 0 && ['m', 'm.', 'meter', 'meters', 'metre', 'metres'].includes(units)) {
    feet = Math.round((distance / 1.5) * FEET_PER_CELL * 100) / 100;
  }
  return {
    type: str(grid.type, 'square'),
    size,
    offsetX: typeof grid.offsetX === 'number' ? grid.offsetX : 0,
    offsetY: typeof grid.offsetY === 'number' ? grid.offsetY : 0,
    feet,
  };
}

/**
 * Cells between two points `dx`, `dy` pixels apart. On squares every diagonal step counts as
 * one cell, 5 feet, as SRD 5.1 counts by default; on hexes the count of hexes (rows: pointy
 * top; columns: flat top); without a grid, the straight line.
 * @param {Grid} grid
 * @param {number} dxPx
 * @param {number} dyPx
 */
function cellsBetween(grid, dxPx, dyPx) {
  const dx = dxPx / grid.size;
  const dy = dyPx / grid.size;
  if (grid.type === 'square') return Math.max(Math.abs(dx), Math.abs(dy));
  if (grid.type === 'hexRows' || grid.type === 'hexColumns') {
    // Axial coordinates of the offset, rounded through cube coordinates to a whole hex.
    const along = grid.type === 'hexRows' ? dy : dx;
    const across = grid.type === 'hexRows' ? dx : dy;
    const r = along / (Math.sqrt(3) / 2);
    const q = across - r / 2;
    let [x, z] = [Math.round(q), Math.round(r)];
    const y = Math.round(-q - r);
    const [ex, ey, ez] = [Math.abs(x - q), Math.abs(y + q + r), Math.abs(z - r)];
    if (ex > ey && ex > ez) x = -y - z;
    else if (!(ey > ez)) z = -x - y;
    return (Math.abs(x) + Math.abs(z) + Math.abs(x + z)) / 2;
  }
  return Math.hypot(dx, dy);
}

/**
 * Feet a token travels from where it stands to (x, y). A part of a cell counts as a whole one.
 * @param {Grid} grid
 * @param {{ x: number, y: number }} from
 * @param {{ x: number, y: number }} to
 */
function moveFeet(grid, from, to) {
  const cells = cellsBetween(grid, to.x - from.x, to.y - from.y);
  const whole = grid.type === 'none' ? cells : Math.ceil(Math.round(cells * 1e6) / 1e6);
  return Math.round(whole * grid.feet);
}

/**
 * Feet between two creatures, edge to edge: 5 ft for creatures in adjacent cells, 0 in the same
 * cell. Tokens larger than one cell (`size` in cells) count from their nearest cell.
 * @param {Grid} grid
 * @param {Obj} a a token
 * @param {Obj} b a token
 */
function feetBetween(grid, a, b) {
  const span = (/** @type {Obj} */ token) =>
    Math.max(1, Math.round(typeof token.size === 'number' ? token.size : 1));
  if (grid.type === 'square') {
    const cell = (/** @type {number} */ px, /** @type {number} */ offset) =>
      Math.round((px - offset) / grid.size);
    const gap = (
      /** @type {number} */ a0,
      /** @type {number} */ sa,
      /** @type {number} */ b0,
      /** @type {number} */ sb,
    ) => Math.max(0, b0 - (a0 + sa - 1), a0 - (b0 + sb - 1));
    const gx = gap(cell(a.x, grid.offsetX), span(a), cell(b.x, grid.offsetX), span(b));
    const gy = gap(cell(a.y, grid.offsetY), span(a), cell(b.y, grid.offsetY), span(b));
    return Math.max(gx, gy) * grid.feet;
  }
  // Hexes and gridless scenes: centre to centre, less the extra half-cells of large tokens.
  const centre = (/** @type {Obj} */ token) => ({
    x: token.x + (span(token) * grid.size) / 2,
    y: token.y + (span(token) * grid.size) / 2,
  });
  const [ca, cb] = [centre(a), centre(b)];
  const cells =
    cellsBetween(grid, cb.x - ca.x, cb.y - ca.y) - (span(a) - 1) / 2 - (span(b) - 1) / 2;
  return Math.max(0, Math.round(cells)) * grid.feet;
}

/* ------------------------------------------------------------------------------------------ */
/* 7. The table: actors, tokens, and who may do what                                           */
/* ------------------------------------------------------------------------------------------ */

/**
 * Whether a member is one of the table's GMs (the validator passes `members` in the state).
 * @param {TableState} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = obj(/** @type {Obj} */ (state).members);
  return Object.hasOwn(members, userId) && obj(members[userId]).role === 'gm';
}

/**
 * The actor with this id, if any.
 * @param {TableState} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorById(state, id) {
  const actors = obj(state.actors);
  return typeof id === 'string' && Object.hasOwn(actors, id) ? actors[id] : undefined;
}

/**
 * A creature named in an intent: an actor id, a token id (its actor), or a name that only one
 * actor has (case and punctuation aside), as a player types it in chat.
 * @param {TableState} state
 * @param {unknown} ref
 * @returns {{ actor: Actor, token: Token | null } | { problem: string }}
 */
function findCreature(state, ref) {
  if (typeof ref !== 'string' || ref.trim() === '') return { problem: 'no creature was named' };
  const actor = actorById(state, ref);
  if (actor !== undefined) return { actor, token: null };
  const tokens = obj(state.tokens);
  if (Object.hasOwn(tokens, ref)) {
    const token = /** @type {Token} */ (tokens[ref]);
    const owner = token.actorId === null ? undefined : actorById(state, token.actorId);
    if (owner === undefined) return { problem: `the token "${ref}" stands for no character` };
    return { actor: owner, token };
  }
  const key = squash(ref);
  const named = Object.values(obj(state.actors)).filter(
    (candidate) => squash(str(candidate.name)) === key,
  );
  if (named.length === 1) return { actor: named[0], token: null };
  if (named.length > 1) {
    return { problem: `${named.length} creatures are called "${ref}": name one by its id` };
  }
  return { problem: `there is no creature "${ref}"` };
}

/**
 * The tokens that stand for an actor.
 * @param {TableState} state
 * @param {string} actorId
 * @returns {Token[]}
 */
function tokensOf(state, actorId) {
  return Object.values(obj(state.tokens)).filter((token) => obj(token).actorId === actorId);
}

/**
 * Whether the author of an intent may act for this actor: one of its owners, or a GM.
 * @param {TableState} state
 * @param {string} userId
 * @param {Actor} actor
 */
function controls(state, userId, actor) {
  return isGm(state, userId) || (Array.isArray(actor.owners) && actor.owners.includes(userId));
}

/**
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason: reason.length > 1000 ? `${reason.slice(0, 997)}…` : reason };
}

/** @type {{ ok: true }} */
const OK = Object.freeze({ ok: true });

/**
 * One field of an actor's data, set.
 * @param {string} actorId
 * @param {string} key
 * @param {unknown} value
 * @returns {Change}
 */
function setData(actorId, key, value) {
  return {
    op: 'set',
    collection: 'actors',
    id: actorId,
    path: ['data', key],
    value: /** @type {any} */ (value),
  };
}

/* ------------------------------------------------------------------------------------------ */
/* 8. Damage, healing and dying: one path for attacks, damage.apply, death saves and rests     */
/* ------------------------------------------------------------------------------------------ */

/**
 * @typedef {{
 *   hp: number, tempHp: number, conditions: string[], exhaustion: number,
 *   deathSaves: { successes: number, failures: number }, stable: boolean, dead: boolean,
 * }} Vitals
 */

/**
 * @param {Creature} c
 * @returns {Vitals}
 */
function vitalsOf(c) {
  return {
    hp: c.hp,
    tempHp: c.tempHp,
    conditions: [...c.conditions],
    exhaustion: c.exhaustion,
    deathSaves: { ...c.deathSaves },
    stable: c.stable,
    dead: c.dead,
  };
}

/**
 * Damage by type after immunity (none), resistance (halved, rounded down) and vulnerability
 * (doubled), applied in that order after every other modifier (SRD 5.1 "Damage Resistance and
 * Vulnerability"). Several resistances to one type count once; a petrified creature resists all
 * damage.
 * @param {Creature} c
 * @param {{ amount: number, type: string }[]} parts
 */
function modifyDamage(c, parts) {
  let total = 0;
  /** @type {string[]} */
  const notes = [];
  // "Petrified": resistance to all damage.
  const stone = c.has('petrified');
  for (const part of parts) {
    let amount = Math.max(0, Math.floor(part.amount));
    const type = part.type;
    if (amount > 0 && type !== '' && c.immunities.includes(type)) {
      notes.push(`immune to ${type}`);
      amount = 0;
    } else if (amount > 0 && (type !== '' || stone)) {
      if (c.resistances.includes(type) || stone) {
        amount = Math.floor(amount / 2);
        notes.push(
          stone && !c.resistances.includes(type)
            ? 'petrified: resists all damage'
            : `resists ${type}`,
        );
      }
      if (c.vulnerabilities.includes(type)) {
        amount *= 2;
        notes.push(`vulnerable to ${type}`);
      }
    }
    total += amount;
  }
  return { total, notes };
}

/**
 * Damage taken (SRD 5.1 "Damage and Healing"): temporary hit points are lost first, the rest
 * from hit points, never below 0. At 0 a creature that makes death saves falls unconscious (and
 * prone) unless the damage left over reaches its hit point maximum: then it dies outright
 * ("Instant Death"). A monster without death saves dies at 0. Damage at 0 hit points is a death
 * save failure, two from a critical hit, and death if it reaches the maximum.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} amount damage after resistances
 * @param {boolean} critical
 * @returns {{ after: Vitals, events: string[] }}
 */
function takeDamage(c, before, amount, critical) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (before.dead || amount <= 0) return { after, events };
  const absorbed = Math.min(after.tempHp, amount);
  after.tempHp -= absorbed;
  const rest = amount - absorbed;
  if (absorbed > 0) events.push(`${absorbed} absorbed by temporary hit points`);
  if (rest <= 0) return { after, events };
  if (before.hp > 0) {
    const left = before.hp - rest;
    after.hp = Math.max(0, left);
    if (left > 0) return { after, events };
    const overflow = -left;
    if (!c.usesDeathSaves) {
      after.dead = true;
      events.push(`${c.name} drops to 0 hit points and dies`);
    } else if (overflow >= c.maxHp) {
      after.dead = true;
      events.push(
        `${c.name} dies outright: ${overflow} damage left over at 0 hit points reaches the maximum of ${c.maxHp}`,
      );
    } else {
      addCondition(after, 'unconscious');
      addCondition(after, 'prone');
      after.deathSaves = { successes: 0, failures: 0 };
      after.stable = false;
      events.push(`${c.name} drops to 0 hit points and falls unconscious`);
    }
    return { after, events };
  }
  // Already at 0 hit points.
  if (!c.usesDeathSaves || rest >= c.maxHp) {
    after.dead = true;
    events.push(
      c.usesDeathSaves
        ? `${c.name} dies: ${rest} damage at 0 hit points reaches the maximum of ${c.maxHp}`
        : `${c.name} dies`,
    );
    return { after, events };
  }
  const failures = critical ? 2 : 1;
  after.stable = false;
  after.deathSaves.failures = Math.min(3, after.deathSaves.failures + failures);
  events.push(`damage at 0 hit points: ${failures} death save failure${failures > 1 ? 's' : ''}`);
  if (after.deathSaves.failures >= 3) {
    after.dead = true;
    events.push(`${c.name} dies (three failed death saves)`);
  }
  return { after, events };
}

/**
 * Healing (SRD 5.1 "Healing"): hit points go up, never above the maximum (and never down, for a
 * creature above a maximum that exhaustion has halved). A creature at 0 that regains any hit
 * points wakes up and its death saves reset ("Death Saving Throws"). The dead stay dead.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} amount
 */
function heal(c, before, amount) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (before.dead || amount <= 0) return { after, events };
  after.hp = Math.max(before.hp, Math.min(c.maxHp, before.hp + amount));
  if (before.hp === 0 && after.hp > 0) wakeUp(after, events, c.name);
  return { after, events };
}

/**
 * Back from 0 hit points: conscious, death saves reset, no longer merely stable.
 * @param {Vitals} vitals
 * @param {string[]} events
 * @param {string} name
 */
function wakeUp(vitals, events, name) {
  removeCondition(vitals, 'unconscious');
  vitals.deathSaves = { successes: 0, failures: 0 };
  vitals.stable = false;
  events.push(`${name} regains consciousness`);
}

/**
 * @param {Vitals} vitals
 * @param {string} condition
 */
function addCondition(vitals, condition) {
  if (!vitals.conditions.includes(condition)) vitals.conditions.push(condition);
}

/**
 * @param {Vitals} vitals
 * @param {string} condition
 */
function removeCondition(vitals, condition) {
  vitals.conditions = vitals.conditions.filter((c) => c !== condition);
}

/**
 * A death saving throw's result on the creature (SRD 5.1 "Death Saving Throws"): 10 or more is
 * a success, less a failure, a natural 1 two failures, a natural 20 regains 1 hit point. Three
 * successes make it stable, three failures kill it; both counts then reset.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} natural
 * @param {number} total
 */
function deathSave(c, before, natural, total) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (natural === 20) {
    after.hp = 1;
    wakeUp(after, events, c.name);
    events.unshift('natural 20: regains 1 hit point');
    return { after, events };
  }
  if (natural === 1) after.deathSaves.failures += 2;
  else if (total >= 10) after.deathSaves.successes += 1;
  else after.deathSaves.failures += 1;
  events.push(natural === 1 ? 'natural 1: two failures' : total >= 10 ? 'success' : 'failure');
  if (after.deathSaves.failures >= 3) {
    after.deathSaves.failures = 3;
    after.dead = true;
    events.push(`${c.name} dies`);
  } else if (after.deathSaves.successes >= 3) {
    after.deathSaves = { successes: 0, failures: 0 };
    after.stable = true;
    events.push(`${c.name} is stable`);
  }
  return { after, events };
}

/**
 * The changes that take an actor from one set of vitals to another: only the fields that
 * changed, each set on its own so that a concurrent edit of another field survives. The
 * actor's tokens show its conditions (and "dead") as markers; markers the GM set by hand that
 * are not SRD conditions stay.
 * @param {TableState} state
 * @param {Creature} c
 * @param {Vitals} before
 * @param {Vitals} after
 * @returns {Change[]}
 */
function vitalChanges(state, c, before, after) {
  /** @type {Change[]} */
  const changes = [];
  if (after.hp !== before.hp) changes.push(setData(c.id, 'hp', after.hp));
  if (after.tempHp !== before.tempHp) changes.push(setData(c.id, 'tempHp', after.tempHp));
  if (after.exhaustion !== before.exhaustion) {
    changes.push(setData(c.id, 'exhaustion', after.exhaustion));
  }
  if (
    after.deathSaves.successes !== before.deathSaves.successes ||
    after.deathSaves.failures !== before.deathSaves.failures
  ) {
    changes.push(setData(c.id, 'deathSaves', after.deathSaves));
  }
  if (after.stable !== before.stable) changes.push(setData(c.id, 'stable', after.stable));
  if (after.dead !== before.dead) changes.push(setData(c.id, 'dead', after.dead));
  const sameConditions =
    after.conditions.length === before.conditions.length &&
    after.conditions.every((condition) => before.conditions.includes(condition));
  if (!sameConditions) changes.push(setData(c.id, 'conditions', after.conditions));
  if (sameConditions && after.dead === before.dead && after.exhaustion === before.exhaustion) {
    return changes;
  }
  const markers = [
    ...after.conditions,
    ...(after.exhaustion > 0 ? [`exhaustion ${after.exhaustion}`] : []),
    ...(after.dead ? ['dead'] : []),
  ];
  for (const token of tokensOf(state, c.id)) {
    const listed = obj(token).conditions;
    /** @type {string[]} */
    const current = Array.isArray(listed) ? listed.filter((m) => typeof m === 'string') : [];
    const kept = current.filter(
      (marker) =>
        !CONDITIONS.includes(marker) && marker !== 'dead' && !marker.startsWith('exhaustion'),
    );
    const next = [...kept, ...markers].slice(0, 64);
    if (next.length !== current.length || next.some((marker, i) => marker !== current[i])) {
      changes.push({
        op: 'set',
        collection: 'tokens',
        id: token.id,
        path: ['conditions'],
        value: next,
      });
    }
  }
  return changes;
}

/* ------------------------------------------------------------------------------------------ */
/* 9. validate: may this happen? Every refusal says why, in words a player can act on.         */
/* ------------------------------------------------------------------------------------------ */

/**
 * `validate(intent, state)`: the game's reasons to refuse. The core has already checked, for
 * its own kinds, that the author owns what they touch (or is a GM); this adds the rules of the
 * game: speed, reach and range, spell slots, who is dying, what a sheet may hold. Core kinds
 * this module has no rule on pass; kinds it does not know are refused.
 * @type {ValidateHook}
 */
exports.validate = (intent, state) => {
  const payload = obj(intent.payload);
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, payload, state);
    case 'roll': {
      const problem = rollProblem(payload);
      return problem === null ? OK : refuse(problem);
    }
    case 'damage.apply':
      return validateDamage(payload, state);
    case 'sheet.edit':
      return validateSheetEdit(intent, payload, state);
    case 'chat.command':
      return OK;
    case 'srd5e:attack':
      return validateAttack(intent, payload, state);
    case 'srd5e:save':
      return validateSave(intent, payload, state);
    case 'srd5e:check':
      return validateCheck(intent, payload, state);
    case 'srd5e:cast':
      return validateCast(intent, payload, state);
    case 'srd5e:death-save':
      return validateDeathSave(intent, payload, state);
    case 'srd5e:condition':
      return validateCondition(intent, payload, state);
    case 'srd5e:rest':
      return validateRest(intent, payload, state);
    default:
      return refuse(
        `the srd5e rules know no "${intent.kind}" intent (they know ${listText(KINDS)})`,
      );
  }
};

/**
 * The payload's unknown or missing fields, as a refusal, or null.
 * @param {string} kind
 * @param {Obj} payload
 * @param {readonly string[]} required
 * @param {readonly string[]} optional
 */
function shapeProblem(kind, payload, required, optional) {
  const unknown = Object.keys(payload).filter(
    (key) => !required.includes(key) && !optional.includes(key),
  );
  if (unknown.length > 0) {
    return `${kind} has no field ${listText(
      unknown.map((key) => `"${key}"`),
      'and',
    )} (it takes ${listText([...required, ...optional], 'and')})`;
  }
  const missing = required.filter((key) => payload[key] === undefined);
  if (missing.length > 0) return `${kind} needs ${listText(missing, 'and')}`;
  const mode = payload.mode;
  if (mode !== undefined && !['normal', 'advantage', 'disadvantage'].includes(mode)) {
    return `mode must be "normal", "advantage" or "disadvantage", not ${JSON.stringify(mode)}`;
  }
  for (const flag of ['advantage', 'disadvantage', 'twoHanded', 'pact', 'ritual']) {
    if (payload[flag] !== undefined && typeof payload[flag] !== 'boolean') {
      return `${flag} must be true or false`;
    }
  }
  if (
    payload.dc !== undefined &&
    (!Number.isInteger(payload.dc) || payload.dc < 1 || payload.dc > 40)
  ) {
    return 'dc must be a whole number from 1 to 40';
  }
  return null;
}

/**
 * The actor an intent acts as: it must exist and the author must control it.
 * @param {Intent} intent
 * @param {TableState} state
 * @param {unknown} actorId
 * @returns {{ actor: Actor, c: Creature } | { problem: string }}
 */
function actingAs(intent, state, actorId) {
  const actor = actorById(state, actorId);
  if (actor === undefined) return { problem: `there is no character "${String(actorId)}"` };
  if (!controls(state, intent.author, actor)) {
    return { problem: `you do not control ${actor.name}` };
  }
  return { actor, c: creature(actor) };
}

/**
 * What keeps a creature from acting at all, or null: death, or a condition that incapacitates
 * it ("Appendix PH-A: Conditions": an incapacitated creature can't take actions).
 * @param {Creature} c
 */
function cannotAct(c) {
  if (c.dead) return `${c.name} is dead`;
  const why = c.conditions.find((condition) => INCAPACITATING.includes(condition));
  if (why !== undefined) return `${c.name} is ${why} and can't take actions`;
  if (c.hp <= 0) return `${c.name} is at 0 hit points`;
  return null;
}

/**
 * A move: at most the creature's speed, in feet, measured on the scene's grid (SRD 5.1
 * "Movement and Position"; diagonals count 5 feet each). GMs move anything anywhere.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, payload, state) {
  if (isGm(state, intent.author)) return OK;
  const tokens = obj(state.tokens);
  if (typeof payload.tokenId !== 'string' || !Object.hasOwn(tokens, payload.tokenId)) return OK;
  const token = /** @type {Token} */ (tokens[payload.tokenId]);
  const actor = token.actorId === null ? undefined : actorById(state, token.actorId);
  if (actor === undefined) return OK;
  const c = creature(actor);
  if (c.dead) return refuse(`${c.name} is dead and cannot move`);
  if (c.speed.best <= 0) {
    const why =
      c.conditions.find((condition) => IMMOBILIZING.includes(condition)) ??
      (c.exhaustion >= 5 ? `exhausted (level ${c.exhaustion})` : 'without a speed');
    return refuse(`${c.name} is ${why}: speed 0, so it cannot move`);
  }
  const grid = gridOf(state, token.sceneId);
  if (grid === null || typeof payload.x !== 'number' || typeof payload.y !== 'number') return OK;
  const feet = moveFeet(grid, token, { x: payload.x, y: payload.y });
  if (feet > c.speed.best) {
    return refuse(
      `${c.name} moves at most ${c.speed.best} ft (${c.speed.bestMode} speed); that move is ${feet} ft`,
    );
  }
  return OK;
}

/**
 * damage.apply: a whole amount, of an SRD damage type if it names one, on a creature that is
 * not dead.
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDamage(payload, state) {
  const actor = actorById(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (typeof payload.amount !== 'number' || !Number.isInteger(payload.amount)) {
    return refuse('damage is a whole number of hit points (negative to heal)');
  }
  if (Math.abs(payload.amount) > 1e6) return refuse('that is more damage than any creature has');
  if (payload.type !== undefined) {
    const type = str(payload.type).toLowerCase();
    if (!DAMAGE_TYPES.includes(type) && !(payload.amount < 0 && type === 'healing')) {
      return refuse(`"${String(payload.type)}" is not a damage type: ${listText(DAMAGE_TYPES)}`);
    }
  }
  const c = creature(actor);
  if (c.dead) {
    return refuse(`${c.name} is dead: only magic that raises the dead brings hit points back`);
  }
  return OK;
}

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
  lastRoll: 'the last roll is written by the rules',
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
 * The attacker's and the target's tokens, when both stand on one measured scene: the pair that
 * stands closest. Null when a distance cannot be known (no tokens, no grid), which leaves
 * reach and range to the table.
 * @param {TableState} state
 * @param {Actor} attacker
 * @param {{ actor: Actor, token: Token | null }} target
 * @returns {{ feet: number } | { problem: string } | null}
 */
function distanceBetween(state, attacker, target) {
  const mine = tokensOf(state, attacker.id);
  const theirs = target.token === null ? tokensOf(state, target.actor.id) : [target.token];
  if (mine.length === 0 || theirs.length === 0) return null;
  let best = null;
  for (const a of mine) {
    for (const b of theirs) {
      if (a.sceneId !== b.sceneId) continue;
      const grid = gridOf(state, a.sceneId);
      if (grid === null) return null;
      const feet = feetBetween(grid, a, b);
      if (best === null || feet < best) best = feet;
    }
  }
  if (best === null)
    return { problem: `${attacker.name} and ${target.actor.name} are not on the same scene` };
  return { feet: best };
}

/**
 * The targets of an attack payload (`targetId`, or `targetIds` for an area), resolved.
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {{ actor: Actor, token: Token | null }[] | string}
 */
function pickTargets(payload, state) {
  if (payload.targetId !== undefined && payload.targetIds !== undefined) {
    return 'name the target with targetId, or several with targetIds, not both';
  }
  const refs = payload.targetIds !== undefined ? payload.targetIds : [payload.targetId];
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 20) {
    return 'targetIds lists 1 to 20 creatures';
  }
  /** @type {{ actor: Actor, token: Token | null }[]} */
  const targets = [];
  for (const ref of refs) {
    const found = findCreature(state, ref);
    if ('problem' in found) return found.problem;
    if (targets.some((t) => t.actor.id === found.actor.id)) {
      return `${found.actor.name} is named twice`;
    }
    targets.push(found);
  }
  return targets;
}

/**
 * srd5e:attack `{ attackerId, targetId | targetIds, weapon?, mode?, twoHanded? }`: the
 * attacker can act, the attack exists and is sound, the target is alive and in reach or range.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:attack',
    payload,
    ['attackerId'],
    ['targetId', 'targetIds', 'weapon', 'mode', 'advantage', 'disadvantage', 'twoHanded'],
  );
  if (shape !== null) return refuse(shape);
  if (payload.targetId === undefined && payload.targetIds === undefined) {
    return refuse('srd5e:attack needs a target (targetId)');
  }
  const acting = actingAs(intent, state, payload.attackerId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  const unable = cannotAct(c);
  if (unable !== null) return refuse(unable);
  const attack = pickAttack(c, payload.weapon);
  if (typeof attack === 'string') return refuse(attack);
  if (attack.problem !== null)
    return refuse(`${c.name}'s ${attack.name} cannot be used: ${attack.problem}`);
  if (attack.damageDice === '' && attack.onHit === null && attack.damageBonus <= 0) {
    return refuse(`${attack.name} deals no damage and has no effect to resolve`);
  }
  if (payload.twoHanded === true && attack.versatile === '') {
    return refuse(`${attack.name} is not versatile: it has no two-handed damage`);
  }
  const targets = pickTargets(payload, state);
  if (typeof targets === 'string') return refuse(targets);
  if (attack.kind !== 'save' && targets.length > 1) {
    return refuse(
      `${attack.name} is an attack roll against one target; only saving-throw actions take several`,
    );
  }
  for (const target of targets) {
    const t = creature(target.actor);
    if (t.id === c.id) return refuse(`${c.name} cannot attack themselves`);
    if (t.dead) return refuse(`${t.name} is already dead`);
    const distance = distanceBetween(state, acting.actor, target);
    if (distance === null) continue;
    if ('problem' in distance) return refuse(distance.problem);
    const reachProblem = rangeProblem(attack, distance.feet, t.name);
    if (reachProblem !== null) return refuse(reachProblem);
  }
  return OK;
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
 * srd5e:save `{ actorId, ability, dc?, mode? }`.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSave(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:save',
    payload,
    ['actorId', 'ability'],
    ['dc', 'mode', 'advantage', 'disadvantage'],
  );
  if (shape !== null) return refuse(shape);
  if (abilityOf(payload.ability) === null) {
    return refuse(`"${String(payload.ability)}" is not an ability: ${ABILITIES.join(', ')}`);
  }
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  if (acting.c.dead) return refuse(`${acting.c.name} is dead`);
  return OK;
}

/**
 * srd5e:check `{ actorId, skill? , ability?, dc?, mode? }`: a skill (with its ability, or
 * another one the GM names) or a plain ability check.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateCheck(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:check',
    payload,
    ['actorId'],
    ['skill', 'ability', 'dc', 'mode', 'advantage', 'disadvantage'],
  );
  if (shape !== null) return refuse(shape);
  if (payload.skill === undefined && payload.ability === undefined) {
    return refuse('srd5e:check needs a skill or an ability');
  }
  if (payload.skill !== undefined && skillOf(payload.skill) === null) {
    return refuse(`"${String(payload.skill)}" is not one of the 18 skills`);
  }
  if (payload.ability !== undefined && abilityOf(payload.ability) === null) {
    return refuse(`"${String(payload.ability)}" is not an ability: ${ABILITIES.join(', ')}`);
  }
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const unable = cannotAct(acting.c);
  if (unable !== null) return refuse(unable);
  return OK;
}

/**
 * The spell a cast names, with its level: from the caster's `spells` list, else the payload's
 * `level`.
 * @param {Creature} c
 * @param {Obj} payload
 * @returns {{ name: string, level: number, ritual: boolean } | string}
 */
function spellOf(c, payload) {
  const name = str(payload.spell);
  if (name === '') return 'name the spell to cast';
  const listed = (Array.isArray(c.data.spells) ? c.data.spells : [])
    .map(obj)
    .find((spell) => squash(str(spell.name)) === squash(name));
  if (
    payload.level !== undefined &&
    (!Number.isInteger(payload.level) || payload.level < 0 || payload.level > 9)
  ) {
    return 'a spell level is a whole number from 0 (a cantrip) to 9';
  }
  if (listed !== undefined) {
    const level = int(listed.level, -1, 0, 9);
    if (level < 0) return `${str(listed.name)} has no level on ${c.name}'s sheet`;
    if (payload.level !== undefined && payload.level !== level) {
      return `${str(listed.name)} is a ${level === 0 ? 'cantrip' : `${ordinal(level)}-level spell`}, not ${payload.level === 0 ? 'a cantrip' : `${ordinal(payload.level)} level`}`;
    }
    return { name: str(listed.name), level, ritual: listed.ritual === true };
  }
  if (payload.level === undefined) {
    return `${name} is not on ${c.name}'s spell list: add it, or give its level`;
  }
  return { name, level: payload.level, ritual: payload.ritual === true };
}

/**
 * The slot a spell is cast with ("Spellcasting: Spell Slots", "Casting a Spell at a Higher
 * Level"): the slot level asked for, or the lowest level at or above the spell's with a slot
 * left; Pact Magic slots when asked for, or when no other slot is left.
 * @param {Creature} c
 * @param {{ name: string, level: number }} spell
 * @param {Obj} payload
 * @returns {{ pool: 'slots' | 'pact', level: number } | string}
 */
function chooseSlot(c, spell, payload) {
  const { slots, pact } = c.spell;
  const wanted = payload.slotLevel;
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 1 || wanted > 9)) {
    return 'slotLevel is a whole number from 1 to 9';
  }
  if (typeof wanted === 'number' && wanted < spell.level) {
    return `${spell.name} is ${ordinal(spell.level)} level: it cannot be cast with a ${ordinal(wanted)}-level slot`;
  }
  const pactFits =
    pact.left > 0 && pact.level >= spell.level && (wanted === undefined || wanted === pact.level);
  if (payload.pact === true) {
    if (pact.max === 0) return `${c.name} has no Pact Magic slots`;
    if (pact.level < spell.level)
      return `${c.name}'s pact slots are ${ordinal(pact.level)} level, below ${spell.name}'s ${ordinal(spell.level)}`;
    if (pact.left === 0)
      return `${c.name} has no Pact Magic slot left (0/${pact.max}); they come back on a short or long rest`;
    return { pool: 'pact', level: pact.level };
  }
  if (typeof wanted === 'number') {
    const slot = slots[wanted] ?? { max: 0, left: 0 };
    if (slot.left > 0) return { pool: 'slots', level: wanted };
    if (pactFits) return { pool: 'pact', level: pact.level };
    return slot.max === 0
      ? `${c.name} has no ${ordinal(wanted)}-level spell slots`
      : `${c.name} has no ${ordinal(wanted)}-level slot left (0/${slot.max})`;
  }
  for (let level = Math.max(1, spell.level); level <= 9; level++) {
    if ((slots[level]?.left ?? 0) > 0) return { pool: 'slots', level };
  }
  if (pactFits) return { pool: 'pact', level: pact.level };
  return `${c.name} has no spell slot of ${ordinal(spell.level)} level or higher left; a long rest restores them`;
}

/**
 * srd5e:cast `{ actorId, spell, level?, slotLevel?, pact?, ritual? }`: spends a slot of the
 * spell's level or higher, and refuses when none is left. Cantrips and rituals spend none.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateCast(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:cast',
    payload,
    ['actorId', 'spell'],
    ['level', 'slotLevel', 'pact', 'ritual'],
  );
  if (shape !== null) return refuse(shape);
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  const unable = cannotAct(c);
  if (unable !== null) return refuse(unable);
  const spell = spellOf(c, payload);
  if (typeof spell === 'string') return refuse(spell);
  if (spell.level === 0) return OK;
  if (payload.ritual === true) {
    return spell.ritual || !Array.isArray(c.data.spells)
      ? OK
      : refuse(`${spell.name} is not marked as a ritual on ${c.name}'s sheet`);
  }
  const slot = chooseSlot(c, spell, payload);
  return typeof slot === 'string' ? refuse(slot) : OK;
}

/**
 * srd5e:death-save `{ actorId, mode? }`: only a creature at 0 hit points that is dying (not
 * stable, not dead) rolls one.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDeathSave(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:death-save',
    payload,
    ['actorId'],
    ['mode', 'advantage', 'disadvantage'],
  );
  if (shape !== null) return refuse(shape);
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  if (c.dead) return refuse(`${c.name} is dead`);
  if (!c.usesDeathSaves) return refuse(`${c.name} is a monster that makes no death saves`);
  if (c.hp > 0) return refuse(`${c.name} has ${c.hp} hit points: death saves are for 0`);
  if (c.stable) return refuse(`${c.name} is stable and makes no more death saves`);
  return OK;
}

/**
 * srd5e:condition `{ actorId, condition, op: "add" | "remove", level? }`: GMs put on and take off
 * any SRD condition and exhaustion levels; a player may only drop their own character prone
 * or stand it up. A creature immune to a condition cannot be given it.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateCondition(intent, payload, state) {
  const shape = shapeProblem('srd5e:condition', payload, ['actorId', 'condition'], ['op', 'level']);
  if (shape !== null) return refuse(shape);
  const condition = str(payload.condition).toLowerCase();
  if (condition !== 'exhaustion' && !CONDITIONS.includes(condition)) {
    return refuse(
      `"${String(payload.condition)}" is not an SRD condition: ${CONDITIONS.join(', ')} or exhaustion`,
    );
  }
  const op = payload.op ?? 'add';
  if (op !== 'add' && op !== 'remove') return refuse('op is "add" or "remove"');
  if (payload.level !== undefined) {
    if (condition !== 'exhaustion') return refuse('only exhaustion has levels');
    if (!Number.isInteger(payload.level) || payload.level < 0 || payload.level > 6) {
      return refuse('an exhaustion level is a whole number from 0 to 6');
    }
  }
  const actor = actorById(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  const gm = isGm(state, intent.author);
  if (!gm) {
    if (!controls(state, intent.author, actor)) return refuse(`you do not control ${actor.name}`);
    if (!SELF_CONDITIONS.includes(condition)) {
      return refuse(
        `only the GM puts on or takes off ${condition}; you may drop prone or stand up`,
      );
    }
  }
  const c = creature(actor);
  if (c.dead && !gm) return refuse(`${c.name} is dead`);
  if (condition === 'exhaustion') {
    if (op === 'remove' && c.exhaustion === 0 && payload.level === undefined) {
      return refuse(`${c.name} has no exhaustion to remove`);
    }
    return OK;
  }
  const present = c.conditions.includes(condition);
  if (op === 'add' && present) return refuse(`${c.name} is already ${condition}`);
  if (op === 'remove' && !present) return refuse(`${c.name} is not ${condition}`);
  if (op === 'add' && c.conditionImmunities.includes(condition)) {
    return refuse(`${c.name} cannot be ${condition}`);
  }
  if (!gm && condition === 'prone' && op === 'remove' && c.speed.best <= 0) {
    return refuse(`${c.name} cannot stand up with a speed of 0`);
  }
  return OK;
}

/**
 * srd5e:rest `{ actorId, type: "short" | "long", hitDice? }` ("Adventuring: Resting"). A short
 * rest may spend Hit Dice (a number, largest dice first, or by size: `{ "d10": 1 }`); a long
 * rest needs at least 1 hit point at its start.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateRest(intent, payload, state) {
  const shape = shapeProblem('srd5e:rest', payload, ['actorId', 'type'], ['hitDice']);
  if (shape !== null) return refuse(shape);
  if (payload.type !== 'short' && payload.type !== 'long') {
    return refuse('a rest is "short" or "long"');
  }
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  if (c.dead) return refuse(`${c.name} is dead`);
  if (payload.type === 'long') {
    if (payload.hitDice !== undefined) return refuse('Hit Dice are spent on a short rest');
    if (c.hp <= 0)
      return refuse(`${c.name} needs at least 1 hit point to benefit from a long rest`);
    return OK;
  }
  const spend = hitDiceToSpend(c, payload.hitDice);
  return typeof spend === 'string' ? refuse(spend) : OK;
}

/**
 * The Hit Dice a short rest spends, by die, or why it cannot.
 * @param {Creature} c
 * @param {unknown} asked
 * @returns {{ die: number, count: number }[] | string}
 */
function hitDiceToSpend(c, asked) {
  if (asked === undefined || asked === 0) return [];
  const left = Object.entries(c.hitDice).map(([die, pool]) => ({
    die: Number(die.slice(1)),
    left: pool.left,
  }));
  const total = left.reduce((sum, pool) => sum + pool.left, 0);
  if (typeof asked === 'number') {
    if (!Number.isInteger(asked) || asked < 0) return 'hitDice is a whole number of dice to spend';
    if (asked > total) return `${c.name} has ${total} Hit Dice left, not ${asked}`;
    const out = [];
    let wanted = asked;
    for (const pool of left) {
      const count = Math.min(pool.left, wanted);
      if (count > 0) out.push({ die: pool.die, count });
      wanted -= count;
    }
    return out;
  }
  if (typeof asked === 'object' && asked !== null && !Array.isArray(asked)) {
    const out = [];
    for (const [key, count] of Object.entries(asked)) {
      const pool = Object.hasOwn(c.hitDice, key) ? c.hitDice[key] : undefined;
      if (pool === undefined) return `${c.name} has no ${key} Hit Dice`;
      if (!Number.isInteger(count) || count < 0) return `spend a whole number of ${key}`;
      if (count > pool.left) return `${c.name} has ${pool.left} ${key} left, not ${count}`;
      if (count > 0) out.push({ die: Number(key.slice(1)), count });
    }
    return out;
  }
  return 'hitDice is a number of dice, or dice by size such as { "d8": 2 }';
}

/* ------------------------------------------------------------------------------------------ */
/* 10. apply: what a validated intent changes. Every die comes from ctx.dice.                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * `apply(intent, state, ctx)`: the changes of a validated intent, and its roll card as the
 * receipt's `result` (`{ kind, text, … }`, every die included). damage.apply and every srd5e
 * kind land here. The card is also the acting creature's `lastRoll`, which its sheet shows.
 * @type {ApplyHook}
 */
exports.apply = (intent, state, ctx) => {
  const payload = obj(intent.payload);
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(payload, state, ctx);
    case 'srd5e:attack':
      return applyAttack(intent, payload, state, ctx);
    case 'srd5e:save':
      return applySave(intent, payload, state, ctx);
    case 'srd5e:check':
      return applyCheck(intent, payload, state, ctx);
    case 'srd5e:cast':
      return applyCast(intent, payload, state, ctx);
    case 'srd5e:death-save':
      return applyDeathSave(intent, payload, state, ctx);
    case 'srd5e:condition':
      return applyCondition(payload, state, ctx);
    case 'srd5e:rest':
      return applyRest(intent, payload, state, ctx);
    default:
      // The core applies moves, sheet edits, rolls and commands; validate refuses the rest.
      throw new TypeError(`srd5e has no rule to apply "${intent.kind}"`);
  }
};

/**
 * The creature an applied intent names; validate made sure it exists.
 * @param {TableState} state
 * @param {unknown} id
 */
function mustFind(state, id) {
  const actor = actorById(state, id);
  if (actor === undefined) throw new RangeError(`there is no character "${String(id)}"`);
  return creature(actor);
}

/**
 * damage.apply `{ actorId, amount, type? }`: positive damage through resistances, temporary hit
 * points and the rules of dropping to 0; negative amounts heal.
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyDamage(payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const amount = int(payload.amount, 0);
  if (amount < 0) {
    const { after, events } = heal(c, before, -amount);
    const text = [`${c.name} heals ${-amount}: ${before.hp} → ${after.hp} hp`, ...events].join(
      '; ',
    );
    ctx.log(text);
    return {
      changes: vitalChanges(state, c, before, after),
      result: { kind: 'healing', actorId: c.id, healed: after.hp - before.hp, hp: after.hp, text },
    };
  }
  const type = str(payload.type).toLowerCase();
  const { total, notes } = modifyDamage(c, [{ amount, type }]);
  const { after, events } = takeDamage(c, before, total, false);
  const taken = `${c.name} takes ${total}${type === '' ? '' : ` ${type}`} (${notes.join(', ') || 'no resistance'})`;
  const text = [`${taken}: ${before.hp} → ${after.hp} hp`, ...events].join('; ');
  ctx.log(text);
  return {
    changes: vitalChanges(state, c, before, after),
    result: {
      kind: 'damage',
      actorId: c.id,
      dealt: total,
      hp: after.hp,
      tempHp: after.tempHp,
      dead: after.dead,
      text,
    },
  };
}

/**
 * A saving throw: d20 + the save bonus, or an automatic failure for a paralyzed, petrified,
 * stunned or unconscious creature's Strength and Dexterity saves.
 * @param {ModuleContext} ctx
 * @param {Creature} c
 * @param {Ability} ability
 * @param {number | null} dc
 * @param {ModeSources} asked
 */
function rollSave(ctx, c, ability, dc, asked) {
  const failsBecause = autoFailSave(c, ability);
  const label = `${ABILITY_NAMES[ability]} save${dc === null ? '' : ` (DC ${dc})`}`;
  if (failsBecause !== null) {
    return {
      ability,
      dc,
      autoFail: failsBecause,
      success: false,
      total: null,
      roll: null,
      text: `${c.name}: ${label} fails automatically (${failsBecause})`,
    };
  }
  const roll = d20Test(ctx, c.saves[ability].bonus, saveSources(c, ability, asked));
  const success = dc === null ? null : roll.total >= dc;
  return {
    ability,
    dc,
    autoFail: null,
    success,
    total: roll.total,
    roll,
    text: `${c.name}: ${label}${modeNote(roll)} ${roll.text}${success === null ? '' : success ? ' — success' : ' — failure'}`,
  };
}

/**
 * " (advantage: asked, target prone)", or nothing for a normal roll; a cancelled pair says so.
 * @param {{ mode: Mode, advantage: string[], disadvantage: string[] }} roll
 */
function modeNote(roll) {
  if (roll.mode === 'advantage') return ` (advantage: ${roll.advantage.join(', ')})`;
  if (roll.mode === 'disadvantage') return ` (disadvantage: ${roll.disadvantage.join(', ')})`;
  if (roll.advantage.length > 0 && roll.disadvantage.length > 0) {
    return ` (advantage and disadvantage cancel: ${[...roll.advantage, ...roll.disadvantage].join(', ')})`;
  }
  return '';
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

/**
 * Advantage and disadvantage an attack roll gets from the attacker's and the target's
 * conditions and from range ("Appendix PH-A: Conditions", "Combat: Ranged Attacks").
 * @param {Creature} c
 * @param {Creature} t
 * @param {AttackStats} attack
 * @param {number | null} feet
 * @param {ModeSources} asked
 */
function attackSources(c, t, attack, feet, asked) {
  const adv = [...asked.advantage];
  const dis = [...asked.disadvantage];
  if (c.has('blinded')) dis.push('attacker blinded');
  if (c.has('invisible')) adv.push('attacker invisible');
  if (c.has('poisoned')) dis.push('attacker poisoned');
  if (c.has('prone')) dis.push('attacker prone');
  if (c.has('restrained')) dis.push('attacker restrained');
  if (c.exhaustion >= 3) dis.push(`attacker exhaustion ${c.exhaustion}`);
  if (t.has('blinded')) adv.push('target blinded');
  if (t.has('invisible')) dis.push('target invisible');
  for (const condition of ['paralyzed', 'petrified', 'restrained', 'stunned', 'unconscious']) {
    if (t.has(condition)) adv.push(`target ${condition}`);
  }
  const ranged = isRangedUse(attack, feet);
  const close = feet === null ? !ranged : feet <= 5;
  if (t.has('prone')) {
    if (close) adv.push('target prone within 5 ft');
    else dis.push('target prone beyond 5 ft');
  }
  if (ranged && feet !== null && attack.range > 0 && feet > attack.range) dis.push('long range');
  return { sources: { advantage: adv, disadvantage: dis }, close };
}

/**
 * srd5e:attack: an attack roll against the target's AC, or, for a saving-throw action, a save
 * by each target; then the damage, through the same rules as damage.apply.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyAttack(intent, payload, state, ctx) {
  const attackerActor = /** @type {Actor} */ (actorById(state, payload.attackerId));
  const c = creature(attackerActor);
  const attack = /** @type {AttackStats} */ (pickAttack(c, payload.weapon));
  const targets = /** @type {{ actor: Actor, token: Token | null }[]} */ (
    pickTargets(payload, state)
  );
  const asked = askedSources(payload);
  const twoHanded = payload.twoHanded === true;
  /** @type {Change[]} */
  const changes = [];
  /** @type {string[]} */
  const lines = [];
  /** @type {Obj[]} */
  const results = [];

  if (attack.kind === 'save') {
    const save = /** @type {SaveSpec} */ (attack.save);
    // One damage roll for every target ("Combat: Damage Rolls": roll once for an area).
    const parts = damageParts(ctx, attack, twoHanded, false);
    lines.push(
      `${c.name} uses ${attack.name} (${ABILITY_NAMES[save.ability]} save DC ${save.dc})${parts.length > 0 ? `: ${parts.map((p) => p.text).join(' + ')}` : ''}`,
    );
    for (const target of targets) {
      const t = creature(target.actor);
      const saved = rollSave(ctx, t, save.ability, save.dc, emptySources());
      const taken = parts.map((part) => ({
        amount: saved.success
          ? save.effect === 'half'
            ? Math.floor(part.total / 2)
            : 0
          : part.total,
        type: part.type,
      }));
      const outcome = hurt(
        state,
        t,
        taken,
        false,
        saved.success === true ? null : (attack.onHit?.condition ?? null),
      );
      changes.push(...outcome.changes);
      lines.push(`${saved.text}; ${outcome.text}`);
      results.push({ target: t.id, save: saved, dealt: outcome.dealt, hp: outcome.hp });
    }
  } else {
    const target = /** @type {{ actor: Actor, token: Token | null }} */ (targets[0]);
    const t = creature(target.actor);
    const distance = distanceBetween(state, attackerActor, target);
    const feet = distance !== null && 'feet' in distance ? distance.feet : null;
    const { sources, close } = attackSources(c, t, attack, feet, asked);
    const roll = d20Test(ctx, attack.toHit ?? 0, sources);
    const natural = roll.natural;
    const hit = natural === 20 || (natural !== 1 && roll.total >= t.ac);
    // A hit on a paralyzed or unconscious creature from within 5 feet is a critical hit.
    const helpless = hit && close && (t.has('paralyzed') || t.has('unconscious'));
    const critical = hit && (natural === 20 || helpless);
    const verdict =
      natural === 1
        ? 'natural 1: miss'
        : !hit
          ? 'miss'
          : critical
            ? natural === 20
              ? 'natural 20: critical hit'
              : `critical hit (${t.has('paralyzed') ? 'paralyzed' : 'unconscious'} within 5 ft)`
            : 'hit';
    lines.push(
      `${c.name} attacks ${t.name} with ${attack.name}${modeNote(roll)}: ${roll.text} vs AC ${t.ac} — ${verdict}`,
    );
    /** @type {Obj} */
    const result = { target: t.id, roll, ac: t.ac, hit, critical, feet };
    if (hit) {
      const parts = damageParts(ctx, attack, twoHanded, critical);
      /** @type {{ amount: number, type: string }[]} */
      const taken = [];
      for (const part of parts) {
        if (part.save === null) {
          taken.push({ amount: part.total, type: part.type });
          continue;
        }
        const saved = rollSave(ctx, t, part.save.ability, part.save.dc, emptySources());
        part.text += ` (${saved.text.replace(`${t.name}: `, '')})`;
        taken.push({
          amount: saved.success
            ? part.save.effect === 'half'
              ? Math.floor(part.total / 2)
              : 0
            : part.total,
          type: part.type,
        });
      }
      let condition = null;
      if (attack.onHit !== null) {
        const saved =
          attack.onHit.save === null
            ? null
            : rollSave(ctx, t, attack.onHit.save.ability, attack.onHit.save.dc, emptySources());
        if (saved === null || saved.success !== true) condition = attack.onHit.condition;
        if (saved !== null) lines.push(`${saved.text} against ${attack.onHit.condition}`);
      }
      const outcome = hurt(state, t, taken, critical, condition);
      changes.push(...outcome.changes);
      if (parts.length > 0) lines.push(`Damage: ${parts.map((p) => p.text).join(' + ')}`);
      lines.push(outcome.text);
      result.damage = parts.map(({ save: _save, ...part }) => part);
      result.dealt = outcome.dealt;
      result.hp = outcome.hp;
    }
    results.push(result);
  }
  for (const line of lines) ctx.log(line);
  const card = {
    kind: 'attack',
    intent: intent.id,
    attack: attack.name,
    results,
    text: lines.join('\n'),
  };
  return carded(c, card, changes);
}

/**
 * The damage of an attack, rolled: its main damage (the two-handed dice for a versatile weapon
 * held in two hands) and any extra damage, each of its own type. A critical hit doubles every
 * die, extra dice included.
 * @param {ModuleContext} ctx
 * @param {AttackStats} attack
 * @param {boolean} twoHanded
 * @param {boolean} critical
 */
function damageParts(ctx, attack, twoHanded, critical) {
  const dice = twoHanded && attack.versatile !== '' ? attack.versatile : attack.damageDice;
  /** @type {(ReturnType<typeof rollDamage> & { save: SaveSpec | null })[]} */
  const parts = [];
  if (dice !== '' || attack.damageBonus > 0) {
    parts.push({
      ...rollDamage(ctx, dice, attack.damageBonus, attack.damageType, critical),
      save: null,
    });
  }
  for (const extra of attack.extra) {
    parts.push({
      ...rollDamage(ctx, extra.damage, 0, extra.damageType, critical),
      save: extra.save,
    });
  }
  return parts;
}

/**
 * Damage (and perhaps a condition) landing on a creature: resistances, then the rules of
 * temporary hit points and of dropping to 0, and the changes that follow.
 * @param {TableState} state
 * @param {Creature} t
 * @param {{ amount: number, type: string }[]} taken
 * @param {boolean} critical
 * @param {string | null} condition
 */
function hurt(state, t, taken, critical, condition) {
  const before = vitalsOf(t);
  const { total, notes } = modifyDamage(t, taken);
  const { after, events } = takeDamage(t, before, total, critical);
  if (condition !== null && !after.dead && !t.conditionImmunities.includes(condition)) {
    addCondition(after, condition);
    events.push(`${t.name} is ${condition}`);
  }
  const text = [
    `${t.name} takes ${total} damage${notes.length > 0 ? ` (${notes.join(', ')})` : ''}: ${before.hp} → ${after.hp} hp${after.tempHp !== before.tempHp ? `, ${after.tempHp} temporary` : ''}`,
    ...events,
  ].join('; ');
  return { changes: vitalChanges(state, t, before, after), dealt: total, hp: after.hp, text };
}

/**
 * srd5e:save: the roll, against the DC when one is given, written to lastRoll.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applySave(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const ability = /** @type {Ability} */ (abilityOf(payload.ability));
  const dc = typeof payload.dc === 'number' ? payload.dc : null;
  const saved = rollSave(ctx, c, ability, dc, askedSources(payload));
  ctx.log(saved.text);
  return carded(c, { kind: 'save', intent: intent.id, ...saved });
}

/**
 * srd5e:check: a skill check (d20 + the skill's bonus; with another ability, that ability's
 * modifier and the skill's proficiency, as "Skills: Variant" allows), or an ability check
 * (d20 + modifier, plus half proficiency with Jack of All Trades).
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyCheck(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const skill = payload.skill === undefined ? null : skillOf(payload.skill);
  const ability =
    abilityOf(payload.ability) ?? (skill === null ? 'str' : (SKILLS[skill]?.ability ?? 'str'));
  let bonus = c.mods[ability] + c.jackBonus;
  let label = `${ABILITY_NAMES[ability]} check`;
  if (skill !== null) {
    const entry = c.skills[skill] ?? { ability, bonus: 0, proficiency: 'none' };
    const level = SKILL_LEVELS[/** @type {keyof typeof SKILL_LEVELS} */ (entry.proficiency)] ?? 0;
    bonus = c.mods[ability] + Math.floor(c.prof * level);
    const name = SKILLS[skill]?.name ?? skill;
    label = `${ABILITY_NAMES[ability]} (${name}) check`;
  }
  const dc = typeof payload.dc === 'number' ? payload.dc : null;
  const roll = d20Test(ctx, bonus, checkSources(c, askedSources(payload), skill ?? undefined));
  const success = dc === null ? null : roll.total >= dc;
  const text = `${c.name}: ${label}${dc === null ? '' : ` (DC ${dc})`}${modeNote(roll)} ${roll.text}${success === null ? '' : success ? ' — success' : ' — failure'}`;
  ctx.log(text);
  return carded(c, {
    kind: 'check',
    intent: intent.id,
    ability,
    skill: skill ?? '',
    dc,
    success,
    total: roll.total,
    roll,
    text,
  });
}

/**
 * srd5e:cast: spends the slot (or nothing, for a cantrip or a ritual).
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyCast(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const spell = /** @type {{ name: string, level: number, ritual: boolean }} */ (
    spellOf(c, payload)
  );
  /** @type {Change[]} */
  const changes = [];
  let text;
  let slotLevel = 0;
  let pool = '';
  if (spell.level === 0) {
    text = `${c.name} casts ${spell.name} (a cantrip)`;
  } else if (payload.ritual === true) {
    text = `${c.name} casts ${spell.name} as a ritual (10 minutes longer, no slot spent)`;
  } else {
    const slot = /** @type {{ pool: 'slots' | 'pact', level: number }} */ (
      chooseSlot(c, spell, payload)
    );
    slotLevel = slot.level;
    pool = slot.pool;
    if (slot.pool === 'pact') {
      changes.push(setData(c.id, 'pactSlotsUsed', c.spell.pact.used + 1));
      text = `${c.name} casts ${spell.name} with a Pact Magic slot (${ordinal(slot.level)} level; ${c.spell.pact.left - 1}/${c.spell.pact.max} left)`;
    } else {
      const used = { ...obj(c.data.slotsUsed) };
      const slots = c.spell.slots[slot.level] ?? { max: 0, used: 0, left: 0 };
      used[slot.level] = slots.used + 1;
      changes.push(setData(c.id, 'slotsUsed', used));
      text = `${c.name} casts ${spell.name} with a ${ordinal(slot.level)}-level slot${slot.level > spell.level ? ` (cast at a higher level than its ${ordinal(spell.level)})` : ''}; ${slots.left - 1}/${slots.max} left`;
    }
  }
  const casting =
    c.spell.ability === null
      ? ''
      : ` Spell save DC ${c.spell.dc}, spell attack ${signed(c.spell.attack)}.`;
  ctx.log(text);
  const card = {
    kind: 'cast',
    intent: intent.id,
    spell: spell.name,
    level: spell.level,
    slotLevel,
    pool,
    text: `${text}.${casting}`,
  };
  return carded(c, card, changes);
}

/**
 * srd5e:death-save: a d20 with no modifier.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyDeathSave(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const roll = d20Test(ctx, 0, askedSources(payload));
  const { after, events } = deathSave(c, before, roll.natural, roll.total);
  const text = `${c.name}: death saving throw${modeNote(roll)} ${roll.text} — ${events.join('; ')} (${after.deathSaves.successes} successes, ${after.deathSaves.failures} failures)`;
  ctx.log(text);
  const card = {
    kind: 'death-save',
    intent: intent.id,
    natural: roll.natural,
    total: roll.total,
    roll,
    successes: after.deathSaves.successes,
    failures: after.deathSaves.failures,
    stable: after.stable,
    dead: after.dead,
    text,
  };
  return carded(c, card, vitalChanges(state, c, before, after));
}

/**
 * srd5e:condition: on or off; falling unconscious also drops a creature prone, and a sixth
 * level of exhaustion is death ("Appendix PH-A: Conditions").
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyCondition(payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const before = vitalsOf(c);
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  const condition = str(payload.condition).toLowerCase();
  const op = payload.op ?? 'add';
  let text;
  if (condition === 'exhaustion') {
    after.exhaustion =
      typeof payload.level === 'number'
        ? payload.level
        : clamp(before.exhaustion + (op === 'add' ? 1 : -1), 0, 6);
    if (after.exhaustion >= 6) after.dead = true;
    text = `${c.name}: exhaustion ${before.exhaustion} → ${after.exhaustion}${after.dead && !before.dead ? ' (death)' : ''}`;
  } else if (op === 'add') {
    addCondition(after, condition);
    if (condition === 'unconscious') addCondition(after, 'prone');
    text = `${c.name} is ${condition}${condition === 'unconscious' ? ' and prone' : ''}`;
  } else {
    removeCondition(after, condition);
    text = `${c.name} is no longer ${condition}`;
  }
  ctx.log(text);
  return {
    changes: vitalChanges(state, c, before, after),
    result: {
      kind: 'condition',
      actorId: c.id,
      condition,
      op,
      conditions: after.conditions,
      exhaustion: after.exhaustion,
      text,
    },
  };
}

/**
 * srd5e:rest ("Adventuring: Resting"). Short: each Hit Die spent rolls its die plus the
 * Constitution modifier (at least 0) in hit points, and Pact Magic slots come back. Long: all
 * hit points, all spell slots, spent Hit Dice up to half the total (at least one), one level of
 * exhaustion less, and temporary hit points end.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyRest(intent, payload, state, ctx) {
  const actor = /** @type {Actor} */ (actorById(state, payload.actorId));
  const c = creature(actor);
  const before = vitalsOf(c);
  /** @type {Change[]} */
  const changes = [];
  /** @type {string[]} */
  const lines = [];
  /** @type {Obj[]} */
  const rolls = [];
  let after = before;
  if (payload.type === 'short') {
    const spend = /** @type {{ die: number, count: number }[]} */ (
      hitDiceToSpend(c, payload.hitDice)
    );
    let regained = 0;
    const used = { ...obj(c.data.hitDiceUsed) };
    for (const { die, count } of spend) {
      for (let n = 0; n < count; n++) {
        const roll = ctx.dice.roll(`1d${die}${plus(c.mods.con)}`);
        regained += Math.max(0, roll.total);
        rolls.push({
          die: `d${die}`,
          total: Math.max(0, roll.total),
          text: roll.text,
          dice: flattenDice(roll),
        });
      }
      const key = `d${die}`;
      used[key] = (c.hitDice[key]?.used ?? 0) + count;
    }
    if (spend.length > 0) changes.push(setData(c.id, 'hitDiceUsed', used));
    after = heal(c, before, regained).after;
    const spent = spend.reduce((sum, s) => sum + s.count, 0);
    lines.push(
      spent === 0
        ? `${c.name} takes a short rest`
        : `${c.name} takes a short rest and spends ${spent} Hit ${spent === 1 ? 'Die' : 'Dice'} (${rolls.map((r) => r.text).join('; ')}): regains ${after.hp - before.hp} hit points, ${before.hp} → ${after.hp}`,
    );
  } else {
    after = {
      ...before,
      conditions: [...before.conditions],
      deathSaves: { successes: 0, failures: 0 },
    };
    after.exhaustion = Math.max(0, before.exhaustion - 1);
    const rested = creature({ ...actor, data: { ...c.data, exhaustion: after.exhaustion } });
    after.hp = Math.max(before.hp, rested.maxHp);
    after.tempHp = 0;
    const pools = Object.entries(c.hitDice);
    const total = pools.reduce((sum, [, pool]) => sum + pool.max, 0);
    let back = Math.max(1, Math.floor(total / 2));
    /** @type {Record<string, number>} */
    const used = {};
    for (const [die, pool] of pools) {
      const regained = Math.min(pool.used, back);
      back -= regained;
      used[die] = pool.used - regained;
    }
    changes.push(setData(c.id, 'hitDiceUsed', used));
    if (Object.values(c.spell.slots).some((slot) => slot.used > 0))
      changes.push(setData(c.id, 'slotsUsed', { ...NO_SLOTS_USED }));
    lines.push(
      `${c.name} finishes a long rest: ${after.hp}/${rested.maxHp} hit points, spell slots restored, Hit Dice ${Object.entries(
        used,
      )
        .map(([die, n]) => `${(c.hitDice[die]?.max ?? 0) - n}/${c.hitDice[die]?.max ?? 0} ${die}`)
        .join(
          ', ',
        )}${before.exhaustion > 0 ? `, exhaustion ${before.exhaustion} → ${after.exhaustion}` : ''}`,
    );
  }
  if (c.spell.pact.used > 0) {
    changes.push(setData(c.id, 'pactSlotsUsed', 0));
    lines.push('Pact Magic slots restored');
  }
  for (const line of lines) ctx.log(line);
  const card = {
    kind: 'rest',
    intent: intent.id,
    type: payload.type,
    rolls,
    hp: after.hp,
    text: lines.join('\n'),
  };
  return carded(c, card, [...vitalChanges(state, c, before, after), ...changes]);
}

/**
 * A ruling with its roll card: the changes, the card written to the creature's `lastRoll` (for
 * its sheet), and the card as the receipt's result (for the table).
 * @param {Creature} c
 * @param {Obj} card
 * @param {Change[]} [changes]
 * @returns {Applied}
 */
function carded(c, card, changes = []) {
  return { changes: [...changes, setData(c.id, 'lastRoll', card)], result: card };
}

/* ------------------------------------------------------------------------------------------ */
/* 11. Chat commands: words in, an intent out. The intent is ruled like any other.             */
/* ------------------------------------------------------------------------------------------ */

/**
 * Takes the roll options out of a chat line: "adv"/"advantage", "dis"/"disadvantage", and
 * "dc 15" (or "dc15"). Returns them and the words left.
 * @param {string} text
 */
function chatOptions(text) {
  /** @type {Obj} */
  const options = {};
  const rest = [];
  const parts = text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  for (let i = 0; i < parts.length; i++) {
    const part = /** @type {string} */ (parts[i]);
    const low = part.toLowerCase();
    if (low === 'adv' || low === 'advantage') options.advantage = true;
    else if (low === 'dis' || low === 'disadv' || low === 'disadvantage')
      options.disadvantage = true;
    else if (/^dc\d+$/.test(low)) options.dc = Number(low.slice(2));
    else if (low === 'dc' && /^\d+$/.test(parts[i + 1] ?? '')) {
      options.dc = Number(parts[i + 1]);
      i++;
    } else rest.push(part);
  }
  if (options.advantage === true && options.disadvantage === true) {
    // Both cancel; say so in the intent as the rules would read it.
    options.mode = 'normal';
  } else if (options.advantage === true) options.mode = 'advantage';
  else if (options.disadvantage === true) options.mode = 'disadvantage';
  delete options.advantage;
  delete options.disadvantage;
  return { options, rest };
}

/**
 * @param {Obj} options
 */
function modeWords(options) {
  return options.mode === 'advantage'
    ? ' with advantage'
    : options.mode === 'disadvantage'
      ? ' with disadvantage'
      : '';
}

const SELECT_FIRST = 'Select the character you act as first.';

/**
 * The chat commands. Each turns a line into one intent for the character the player speaks as;
 * validate and apply then rule on it as on any other, and the result shows on the sheet's
 * last roll.
 * @type {Record<string, ChatCommand>}
 */
exports.commands = {
  attack: {
    description:
      'Attack: /attack <target> [with <weapon or number>] [adv|dis] [2h]; several targets, comma-separated, for a save action',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const words = rest.filter((word) => {
        const low = word.toLowerCase();
        if (low === '2h' || low === 'two-handed' || low === 'twohanded') {
          options.twoHanded = true;
          return false;
        }
        return true;
      });
      const line = words.join(' ');
      const at = line.search(/\s+with\s+/i);
      const who = (at < 0 ? line : line.slice(0, at)).trim();
      const what =
        at < 0
          ? ''
          : line
              .slice(at)
              .replace(/^\s+with\s+/i, '')
              .trim();
      if (who === '') {
        return {
          message:
            'Usage: /attack <target> [with <weapon>] [adv|dis] [2h], e.g. /attack goblin-1 with longsword adv',
        };
      }
      const targets = who
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      /** @type {Obj} */
      const payload = { attackerId: input.actor.id };
      if (targets.length === 1) payload.targetId = targets[0];
      else payload.targetIds = targets;
      if (/^#?\d+$/.test(what)) payload.weapon = Number(what.replace('#', '')) - 1;
      else if (what !== '') payload.weapon = what;
      if (options.dc !== undefined) {
        return { message: 'An attack rolls against the target’s AC: leave out "dc".' };
      }
      if (options.mode !== undefined) payload.mode = options.mode;
      if (options.twoHanded === true) payload.twoHanded = true;
      return {
        message: `${input.actor.name} attacks ${targets.join(', ')}${what === '' ? '' : ` with ${what}`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:attack', payload },
      };
    },
  },
  save: {
    description: 'Saving throw: /save <ability> [dc <n>] [adv|dis], e.g. /save dex dc 15',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const ability = abilityOf(rest.join(''));
      if (ability === null) {
        return {
          message: `Usage: /save <ability> [dc <n>] [adv|dis]; the ability is one of ${ABILITIES.join(', ')}${rest.length > 0 ? ` ("${rest.join(' ')}" is not one)` : ''}.`,
        };
      }
      return {
        message: `${input.actor.name} makes ${withArticle(ABILITY_NAMES[ability])} saving throw${options.dc === undefined ? '' : ` (DC ${options.dc})`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:save', payload: { actorId: input.actor.id, ability, ...options } },
      };
    },
  },
  check: {
    description:
      'Ability or skill check: /check <skill or ability> [dc <n>] [adv|dis], e.g. /check stealth or /check str athletics',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const whole = rest.join(' ');
      /** @type {Obj} */
      const payload = { actorId: input.actor.id };
      const skill = skillOf(whole);
      const ability = abilityOf(whole);
      if (skill !== null) payload.skill = skill;
      else if (ability !== null) payload.ability = ability;
      else {
        const first = abilityOf(rest[0] ?? '');
        const other = skillOf(rest.slice(1).join(' '));
        if (first === null || other === null) {
          return {
            message: `Usage: /check <skill or ability> [dc <n>] [adv|dis]${whole === '' ? '' : `; "${whole}" is neither a skill nor an ability`}.`,
          };
        }
        payload.ability = first;
        payload.skill = other;
      }
      const label =
        payload.skill === undefined
          ? `${ABILITY_NAMES[/** @type {Ability} */ (payload.ability)]} check`
          : `${SKILLS[payload.skill]?.name} check${payload.ability === undefined ? '' : ` using ${ABILITY_NAMES[/** @type {Ability} */ (payload.ability)]}`}`;
      return {
        message: `${input.actor.name} makes ${withArticle(label)}${options.dc === undefined ? '' : ` (DC ${options.dc})`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:check', payload: { ...payload, ...options } },
      };
    },
  },
  cast: {
    description:
      'Cast a spell: /cast <spell> [at <slot level>] [pact] [ritual], e.g. /cast cure wounds at 2',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      /** @type {Obj} */
      const payload = { actorId: input.actor.id };
      const words = [];
      const parts = input.text
        .trim()
        .split(/\s+/)
        .filter((part) => part !== '');
      for (let i = 0; i < parts.length; i++) {
        const low = (parts[i] ?? '').toLowerCase();
        const next = parts[i + 1] ?? '';
        if (low === 'at' && /^[1-9](st|nd|rd|th)?$/i.test(next)) {
          payload.slotLevel = Number.parseInt(next, 10);
          i++;
        } else if (low === 'pact') payload.pact = true;
        else if (low === 'ritual') payload.ritual = true;
        else words.push(parts[i]);
      }
      const spell = words.join(' ').trim();
      if (spell === '') {
        return {
          message:
            'Usage: /cast <spell> [at <slot level>] [pact] [ritual], e.g. /cast magic missile at 3',
        };
      }
      payload.spell = spell;
      return {
        message: `${input.actor.name} casts ${spell}${payload.slotLevel === undefined ? '' : ` at ${ordinal(payload.slotLevel)} level`}${payload.ritual === true ? ' as a ritual' : ''}.`,
        intent: { kind: 'srd5e:cast', payload },
      };
    },
  },
  deathsave: {
    description: 'Death saving throw at 0 hit points: /deathsave [adv|dis]',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      if (rest.length > 0 || options.dc !== undefined) {
        return { message: 'Usage: /deathsave [adv|dis] (the DC is always 10)' };
      }
      return {
        message: `${input.actor.name} makes a death saving throw${modeWords(options)}.`,
        intent: { kind: 'srd5e:death-save', payload: { actorId: input.actor.id, ...options } },
      };
    },
  },
  rest: {
    description: 'Rest: /rest short [hit dice to spend] or /rest long',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const [type, count, ...extra] = input.text.trim().toLowerCase().split(/\s+/);
      if ((type !== 'short' && type !== 'long') || extra.length > 0) {
        return { message: 'Usage: /rest short [number of Hit Dice to spend] or /rest long' };
      }
      /** @type {Obj} */
      const payload = { actorId: input.actor.id, type };
      if (count !== undefined && count !== '') {
        if (type === 'long' || !/^\d{1,2}$/.test(count)) {
          return { message: 'Usage: /rest short [number of Hit Dice to spend] or /rest long' };
        }
        payload.hitDice = Number(count);
      }
      return {
        message:
          type === 'long'
            ? `${input.actor.name} takes a long rest.`
            : `${input.actor.name} takes a short rest${payload.hitDice ? ` and spends ${payload.hitDice} Hit ${payload.hitDice === 1 ? 'Die' : 'Dice'}` : ''}.`,
        intent: { kind: 'srd5e:rest', payload },
      };
    },
  },
};
