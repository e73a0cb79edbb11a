// @ts-check
/**
 * The SRD's tables: abilities, skills, conditions, damage types, sizes, classes, spell slots,
 * experience by challenge rating, and the kinds of intent this module defines. Every table is
 * frozen, deep, when the module loads.
 */

/**
 * @typedef {'str' | 'dex' | 'con' | 'int' | 'wis' | 'cha'} Ability
 */

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

/**
 * The six abilities, in the order sheets and stat blocks list them.
 * @type {readonly Ability[]}
 */
const ABILITIES = Object.freeze(['str', 'dex', 'con', 'int', 'wis', 'cha']);

/** Each ability's name, as the SRD writes it in labels ("Dexterity saving throw"). */
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

/** How a class casts: not at all, or as a full, half, third (subclass) or pact caster. */
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

/**
 * Feet in one grid cell when the scene does not say (SRD 5.1 "Combat: Movement and Position").
 * @type {number}
 */
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

module.exports = Object.freeze({
  ABILITIES,
  ABILITY_NAMES,
  SKILLS,
  SKILL_LEVELS,
  CONDITIONS,
  INCAPACITATING,
  IMMOBILIZING,
  SELF_CONDITIONS,
  DAMAGE_TYPES,
  SIZES,
  CLASSES,
  CASTER_KINDS,
  FULL_CASTER_SLOTS,
  PACT_SLOTS,
  XP_BY_CR,
  NO_SLOTS_USED,
  FEET_PER_CELL,
  KINDS,
  DAMAGE_DICE,
});
