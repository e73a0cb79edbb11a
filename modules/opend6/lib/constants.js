// @ts-check
/**
 * OpenD6's tables and the module's fixed numbers: the attributes and skills of the space setting,
 * wound levels and their penalties, the standard difficulties, range modifiers, healing
 * difficulties, the defaults a sheet falls back to, the fields a sheet may hold and the intent
 * kinds this module rules on. Every table is frozen: a hook must never change module-level state.
 */

/** The attributes of OpenD6's space setting, in sheet order; Metaphysics is Extranormal. */
const ATTRIBUTES = Object.freeze([
  'agility',
  'strength',
  'mechanical',
  'knowledge',
  'perception',
  'technical',
  'metaphysics',
]);

/**
 * The attributes' names as sheets and messages write them.
 * @type {Readonly<Record<string, string>>}
 */
const ATTRIBUTE_NAMES = Object.freeze({
  agility: 'Agility',
  strength: 'Strength',
  mechanical: 'Mechanical',
  knowledge: 'Knowledge',
  perception: 'Perception',
  technical: 'Technical',
  metaphysics: 'Metaphysics',
});

/**
 * The skills of OpenD6's space setting by governing attribute ("Space Attribute and Skill
 * List"). A character may use a skill he has no dice in at its attribute's code ("Untrained
 * Skill Use"), so the rules need to know where every skill lives.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
const SKILLS = Object.freeze({
  agility: Object.freeze([
    'acrobatics',
    'brawling',
    'dodge',
    'firearms',
    'flying/0-g',
    'melee combat',
    'missile weapons',
    'riding',
    'running',
    'sleight of hand',
    'throwing',
  ]),
  strength: Object.freeze(['climb/jump', 'lift', 'stamina', 'swim']),
  mechanical: Object.freeze([
    'comm',
    'exoskeleton operation',
    'gunnery',
    'navigation',
    'piloting',
    'sensors',
    'shields',
    'vehicle operation',
  ]),
  knowledge: Object.freeze([
    'aliens',
    'astrography',
    'bureaucracy',
    'business',
    'cultures',
    'intimidation',
    'languages',
    'scholar',
    'security regulations',
    'streetwise',
    'survival',
    'tactics',
    'willpower',
  ]),
  perception: Object.freeze([
    'artist',
    'bargain',
    'command',
    'con',
    'forgery',
    'gambling',
    'hide',
    'investigation',
    'know-how',
    'persuasion',
    'search',
    'sneak',
  ]),
  technical: Object.freeze([
    'armor repair',
    'computer interface/repair',
    'demolitions',
    'exoskeleton repair',
    'firearms repair',
    'flight systems repair',
    'gunnery repair',
    'medicine',
    'personal equipment repair',
    'robot interface/repair',
    'security',
    'vehicle repair',
  ]),
  metaphysics: Object.freeze(['channel', 'sense', 'transform']),
});

/** The wound levels ("Damage": "Wound Levels"), 0 to 6, as `data.wounds` counts them. */
const WOUND_LEVELS = Object.freeze([
  'Healthy',
  'Stunned',
  'Wounded',
  'Severely Wounded',
  'Incapacitated',
  'Mortally Wounded',
  'Dead',
]);
/** The wound levels by number, as `data.wounds` holds them (0 is Healthy). */
const STUNNED = 1;
const WOUNDED = 2;
const SEVERELY_WOUNDED = 3;
const INCAPACITATED = 4;
const MORTALLY_WOUNDED = 5;
const DEAD = 6;

/** The token conditions that show a wound level, by level (none while healthy). */
const WOUND_CONDITIONS = Object.freeze([
  '',
  'stunned',
  'wounded',
  'severely-wounded',
  'incapacitated',
  'mortally-wounded',
  'dead',
]);
/** The token condition of a character knocked out, whatever the wound level. */
const UNCONSCIOUS = 'unconscious';

/** Dice lost to every skill and attribute roll at each wound level ("Wound Levels"). */
const WOUND_PENALTY = Object.freeze([0, 1, 1, 2, 3, 0, 0]);

/** The standard difficulties ("Choosing Difficulties": "Standard Difficulties"). */
const DIFFICULTIES = Object.freeze([
  Object.freeze({ key: 'very easy', name: 'Very Easy', from: 1, to: 5 }),
  Object.freeze({ key: 'easy', name: 'Easy', from: 6, to: 10 }),
  Object.freeze({ key: 'moderate', name: 'Moderate', from: 11, to: 15 }),
  Object.freeze({ key: 'difficult', name: 'Difficult', from: 16, to: 20 }),
  Object.freeze({ key: 'very difficult', name: 'Very Difficult', from: 21, to: 25 }),
  Object.freeze({ key: 'heroic', name: 'Heroic', from: 26, to: 30 }),
]);

/** Range modifiers to the combat difficulty ("Combat Difficulty Modifiers": "Range"). */
const RANGES = Object.freeze({ 'point-blank': -5, short: 0, medium: 5, long: 10 });
/** Point Blank reaches 3 metres; unarmed and melee attacks reach no farther. */
const POINT_BLANK_METRES = 3;
/** The passive defense value: the base combat difficulty ("Base Combat Difficulty"). */
const PASSIVE_DEFENSE = 10;
/** No combat difficulty goes below this, whatever the modifiers. */
const MIN_COMBAT_DIFFICULTY = 3;

/** Medicine difficulties to heal one level ("Healing": "Assisted Healing"). */
const ASSISTED_HEALING = Object.freeze([0, 10, 15, 15, 20, 30, 0]);
/**
 * Natural healing ("Healing": "Wounds Healing"): the Strength total that improves a level, and
 * the level it improves to. A Critical Failure worsens the level by one.
 */
const NATURAL_HEALING = Object.freeze([
  null,
  null,
  Object.freeze({ needs: 6, to: 0 }),
  Object.freeze({ needs: 6, to: WOUNDED }),
  Object.freeze({ needs: 8, to: SEVERELY_WOUNDED }),
  Object.freeze({ needs: 8, to: INCAPACITATED }),
  null,
]);
/** Staying up when Incapacitated: a Moderate stamina or willpower roll ("Wound Levels"). */
const STAY_UP_DIFFICULTY = 15;

/** Character Points a roll may take when the sheet sets no limit (the "cinematic" limit). */
const DEFAULT_CP_LIMIT = 5;
/** Move in metres per round of a character whose sheet sets none ("Move"). */
const DEFAULT_MOVE = 10;
/** The biggest die code the module rolls: ample for any character, small for the dice budget. */
const MAX_DICE = 100;
/** A Wild Die that keeps showing 6 stops after this many extra rolls (1 in 6^100). */
const MAX_EXPLOSIONS = 100;
/** Metres per unit of a scene's grid, for the units a Move can be measured in. */
const METRES_PER_UNIT = Object.freeze({
  m: 1,
  meter: 1,
  meters: 1,
  metre: 1,
  metres: 1,
  km: 1000,
  ft: 0.3048,
  feet: 0.3048,
  foot: 0.3048,
  yd: 0.9144,
  yard: 0.9144,
  yards: 0.9144,
});

/** Fields of the sheet that only the GM may change with a sheet edit (the rules change them). */
const GM_FIELDS = Object.freeze({
  wounds: 'the wound level',
  unconscious: 'consciousness',
  characterPoints: 'Character Points',
  fatePoints: 'Fate Points',
  fateActive: 'an active Fate Point',
  fateRound: 'an active Fate Point',
  cpLimit: 'the Character Point limit',
  criticalFailure: 'what a Critical Failure does',
  move: 'the Move',
  defense: 'the active defense',
  lastRoll: 'the last roll',
});
/** The top-level fields of a character's data; anything else is a mistake. */
const DATA_FIELDS = Object.freeze([
  'attributes',
  'move',
  'wounds',
  'unconscious',
  'characterPoints',
  'fatePoints',
  'fateActive',
  'fateRound',
  'cpLimit',
  'criticalFailure',
  'equipment',
  'defense',
  'lastRoll',
  'species',
  'concept',
  'notes',
]);
/** The fields of a character's data that hold free text. */
const TEXT_FIELDS = Object.freeze(['species', 'concept', 'notes']);
/** What a row of equipment may be. */
const EQUIPMENT_KINDS = Object.freeze(['weapon', 'armor', 'gear']);
/** The fields of a row of equipment; anything else is a mistake. */
const EQUIPMENT_FIELDS = Object.freeze([
  'name',
  'kind',
  'skill',
  'damage',
  'ranges',
  'armor',
  'stun',
  'equipped',
  'notes',
]);

/** The kinds this module rules on, each with a reader that checks its payload and situation. */
const MODULE_KINDS = Object.freeze([
  'opend6:attack',
  'opend6:resist',
  'opend6:defend',
  'opend6:spend-cp',
  'opend6:spend-fp',
  'opend6:heal',
]);

module.exports = Object.freeze({
  ATTRIBUTES,
  ATTRIBUTE_NAMES,
  SKILLS,
  WOUND_LEVELS,
  STUNNED,
  WOUNDED,
  INCAPACITATED,
  MORTALLY_WOUNDED,
  DEAD,
  WOUND_CONDITIONS,
  UNCONSCIOUS,
  WOUND_PENALTY,
  DIFFICULTIES,
  RANGES,
  POINT_BLANK_METRES,
  PASSIVE_DEFENSE,
  MIN_COMBAT_DIFFICULTY,
  ASSISTED_HEALING,
  NATURAL_HEALING,
  STAY_UP_DIFFICULTY,
  DEFAULT_CP_LIMIT,
  DEFAULT_MOVE,
  MAX_DICE,
  MAX_EXPLOSIONS,
  METRES_PER_UNIT,
  GM_FIELDS,
  DATA_FIELDS,
  TEXT_FIELDS,
  EQUIPMENT_KINDS,
  EQUIPMENT_FIELDS,
  MODULE_KINDS,
});
