// @ts-check
/**
 * OpenD6 for Meshtable: the d6 System as West End Games opened it under the OGL 1.0a, with the
 * attributes and skills of its space setting (Agility, Strength, Mechanical, Knowledge,
 * Perception, Technical, and the Extranormal Metaphysics). LICENSE holds the licence and the
 * Open Game Content declaration; reference/*.md the rules as players read them, each section
 * named after the OpenD6 section it restates.
 *
 * The options this module takes where OpenD6 leaves the choice to the Game Master:
 * - **Wound levels**, not Body Points ("Damage": "Damage and Wound Levels"): damage total minus
 *   a resistance roll (Strength + armor) gives Stunned, Wounded, Severely Wounded,
 *   Incapacitated, Mortally Wounded or Dead.
 * - A **Critical Failure** (a 1 on the Wild Die's first roll) by default removes the Wild Die
 *   and the highest other die ("Wild Die", option 1). The GM may instead keep the total and
 *   flag a complication (option 2): per character (`data.criticalFailure`, a GM field), or per
 *   roll in a request only the GM may set.
 * - Character Points per roll: at most `data.cpLimit` (GM field, default 5, the "cinematic"
 *   limit; 0 means no limit).
 * - Initiative rolls Perception once per roll; ties go by Perception, search, Agility, dodge.
 *
 * How the file is laid out: constants; die codes; rolling; the character sheet as the rules
 * read it; the hooks derive, roll and initiative; then validate and apply for each intent kind
 * (core kinds first, then `opend6:*`); chat commands; helpers. The sandbox runs one script, so
 * the rules cannot be split into files; each section below holds one idea.
 */

/**
 * @import { ApplyHook, Change, ChatCommand, DeriveHook, InitiativeHook, Intent } from '@meshtable/module-sdk'
 * @import { ModuleContext, RollHook, ValidateHook, JsonObject, JsonValue } from '@meshtable/module-sdk'
 * @import { CommandInput, CommandResult } from '@meshtable/module-sdk'
 *
 * @typedef {{ dice: number, pips: number }} Code
 *   A die code: `dice` six-sided dice plus `pips` added to the total. Written "3D+2".
 * @typedef {'remove' | 'flag'} CriticalFailureRule
 * @typedef {{ rolls: number[], total: number }} Chain
 *   One exploding die: every face it showed (a 6 rolls again and adds), and their sum.
 * @typedef {{ die: 'wild' | 'normal', index: number, value: number }} RemovedDie
 * @typedef {{
 *   dice: number, pips: number, characterPoints: number, criticalFailure: CriticalFailureRule,
 * }} PoolSpec
 * @typedef {{
 *   normal: number[],
 *   wild: (Chain & { criticalSuccess: boolean, criticalFailure: boolean }) | null,
 *   characterPoints: Chain[],
 *   removed: RemovedDie[],
 *   complication: boolean,
 *   pips: number,
 *   total: number,
 * }} Pool
 * @typedef {{
 *   notation: string, code: Code, label: string | null,
 *   difficulty: number | null, opposed: number | null, initiator: boolean,
 *   criticalFailure: CriticalFailureRule, criticalFailureSet: boolean,
 *   characterPoints: number, fatePoint: boolean, actions: number, woundPenalty: number,
 *   modifier: Code | null, cinematic: boolean, actorId: string | null,
 * }} RollSpec
 * @typedef {{ name: string, adds: Code, specialization: string, bonus: Code }} SkillRow
 * @typedef {{ code: Code, skills: SkillRow[] }} AttributeSheet
 * @typedef {{
 *   name: string, kind: string, skill: string, damage: string, ranges: string,
 *   armor: string, stun: boolean, equipped: boolean,
 * }} Equipment
 * @typedef {{ path: string[], message: string }} Problem
 * @typedef {JsonObject & { total: number, text: string, criticalFailure: boolean, success?: boolean }} RollCard
 *   What `roll` returns, and what the rules' own rolls show: every die, the flags, the total.
 * @typedef {{ changes: Change[], result: JsonObject }} Ruling
 *   What apply returns: the changes, and the result the receipt shows the table (the roll card).
 * @typedef {{ run: (ctx: ModuleContext) => Ruling }} Plan
 *   What applying a checked intent does: validate builds it and drops it, apply runs it.
 * @typedef {{
 *   attributes: Record<string, AttributeSheet>,
 *   move: number, wounds: number, unconscious: boolean,
 *   characterPoints: number, fatePoints: number, cpLimit: number,
 *   criticalFailure: CriticalFailureRule, fateActive: boolean,
 *   fateRound: { combatId: string, round: number } | null,
 *   equipment: Equipment[],
 *   defense: { skill: string, total: number, value: number, full: boolean, combatId: string, round: number } | null,
 *   problems: Problem[],
 * }} Sheet
 * @typedef {{ id: string, type: string, name: string, owners: readonly string[], data: Record<string, unknown> }} ActorRecord
 * @typedef {{
 *   id: string, sceneId: string, actorId: string | null, x: number, y: number,
 *   conditions?: readonly string[],
 * }} TokenRecord
 * @typedef {{ type?: string, size?: number, distance?: number, units?: string }} Grid
 * @typedef {{
 *   actors?: Record<string, ActorRecord>, tokens?: Record<string, TokenRecord>,
 *   scenes?: Record<string, { grid?: Grid }>,
 *   combat?: Record<string, { id: string, sceneId: string, active: boolean, round: number }>,
 *   members?: Record<string, { role?: string }>,
 * }} State
 */

/* ------------------------------------------------------------------------------------------ */
/* Constants (frozen: hooks must never change module-level state)                              */
/* ------------------------------------------------------------------------------------------ */

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

/** @type {Readonly<Record<string, string>>} */
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
const TEXT_FIELDS = Object.freeze(['species', 'concept', 'notes']);
const EQUIPMENT_KINDS = Object.freeze(['weapon', 'armor', 'gear']);
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

/* ------------------------------------------------------------------------------------------ */
/* Die codes                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/**
 * A refusal: a reason the player can act on. It is a RangeError so that a hook which throws it
 * (roll, for a bad request) fails with "RangeError: <reason>"; validate turns it into
 * `{ ok: false, reason }`.
 */
class Refusal extends RangeError {}

/**
 * Refuses: throws the reason as a {@link Refusal}.
 * @param {string} reason
 * @returns {never}
 */
function refuse(reason) {
  throw new Refusal(reason);
}

/**
 * Parses a die code or a sum of them, as sheets and roll buttons write them: "3D+2",
 * "3D+1+1D" (an attribute plus skill dice), "4D+2-1D" (less a wound penalty). Three pips make
 * a die ("Attributes"; "Skills": 3D+1 plus two pips is 4D), so the result is normalized: "3D+3"
 * is 4D. `3d6` is read as 3D (OpenD6 rolls six-sided dice only); other dice are refused.
 * @param {unknown} text
 * @param {string} [what] how the message names the code ("Agility", "the roll")
 * @returns {Code}
 * @throws {Refusal} naming what is wrong
 */
function parseCode(text, what = 'the die code') {
  const terms = parseTerms(text, what);
  if (!terms.some((term) => term.dice)) {
    refuse(
      `${what} "${String(text).trim()}" has no dice: write "${String(text).trim()}D" for dice or "0D+${String(text).trim()}" for pips`,
    );
  }
  let total = 0;
  let dice = 0;
  let lost = false;
  for (const term of terms) {
    total += term.sign * (term.dice ? 3 * term.count : term.count);
    if (term.dice) {
      dice += term.sign * term.count;
      lost ||= term.sign < 0 && term.count > 0;
    }
  }
  if (Math.abs(dice) > MAX_DICE)
    refuse(`${what} "${String(text).trim()}" has more than ${MAX_DICE}D`);
  if (total < 0) refuse(`${what} "${String(text).trim()}" comes to less than 0D`);
  const code = normalize({ dice: 0, pips: total });
  // "A character may not rely on any skill or attribute reduced to zero" (Multi-action Penalty).
  if (lost && code.dice === 0) {
    refuse(
      `${what} "${String(text).trim()}" leaves no dice: a character cannot rely on a skill or attribute reduced to zero`,
    );
  }
  return code;
}

/**
 * Parses a bonus or penalty: "+1D", "-2D", "+2", "-1", "+1D+1". Dice add dice and a number adds
 * to the total ("Rolling Dice"), so nothing is normalized: "+2" stays two pips.
 * @param {unknown} text
 * @param {string} [what]
 * @returns {Code}
 */
function parseModifier(text, what = 'the modifier') {
  const code = { dice: 0, pips: 0 };
  for (const term of parseTerms(text, what)) {
    if (term.dice) code.dice += term.sign * term.count;
    else code.pips += term.sign * term.count;
  }
  if (Math.abs(code.dice) > MAX_DICE) refuse(`${what} has more than ${MAX_DICE}D`);
  return code;
}

/**
 * Splits a code into signed terms of dice or pips. Spaces are ignored; signs may repeat
 * ("3D+1++1D", what a roll button makes of "…+@item.adds" when adds is written "+1D").
 * @param {unknown} text
 * @param {string} what
 * @returns {{ sign: number, count: number, dice: boolean }[]}
 */
function parseTerms(text, what) {
  if (typeof text !== 'string') refuse(`${what} must be text such as "3D+2"`);
  const source = text.replace(/\s+/g, '');
  if (source === '') refuse(`${what} is empty: write it like "3D+2"`);
  if (source.length > 100) refuse(`${what} is longer than 100 characters`);
  if (/[.,]/.test(source)) refuse(`${what} "${text.trim()}": dice and pips are whole numbers`);
  const stray = /[^0-9dD+-]/.exec(source);
  if (stray !== null) {
    refuse(`${what} "${text.trim()}" cannot contain "${stray[0]}": write it like "3D+2"`);
  }
  /** @type {{ sign: number, count: number, dice: boolean }[]} */
  const terms = [];
  for (const match of source.matchAll(/([+-]*)([^+-]*)/g)) {
    const [whole, signs = '', body = ''] = match;
    if (whole === '') continue;
    if (body === '') refuse(`${what} "${text.trim()}" ends with a sign: add dice or pips after it`);
    const term = /^(\d{1,3})(?:([dD])(\d*))?$/.exec(body);
    if (term === null) {
      if (/^[dD]/.test(body)) {
        refuse(
          `${what} "${text.trim()}": a die code starts with its number of dice ("1D", not "D")`,
        );
      }
      refuse(`${what} "${text.trim()}" is not a die code: write it like "3D+2"`);
    }
    const [, count = '0', d, sides = ''] = term;
    if (sides !== '' && sides !== '6') {
      refuse(`${what} "${text.trim()}": OpenD6 rolls six-sided dice only, not d${sides}`);
    }
    const negative = (signs.match(/-/g) ?? []).length % 2 === 1;
    terms.push({ sign: negative ? -1 : 1, count: Number(count), dice: d !== undefined });
  }
  return terms;
}

/**
 * Carries pips into dice: 3 pips are 1D, so a code always has 0, 1 or 2 pips.
 * @param {Code} code
 * @returns {Code}
 */
function normalize(code) {
  const total = code.dice * 3 + code.pips;
  const dice = Math.floor(total / 3);
  return { dice, pips: total - dice * 3 };
}

/**
 * @param {Code} a
 * @param {Code} b
 * @returns {Code}
 */
function addCodes(a, b) {
  return normalize({ dice: a.dice + b.dice, pips: a.pips + b.pips });
}

/**
 * "3D+2", "4D", "0D+1", "8D+4" (a doubled code keeps its pips).
 * @param {Code} code
 */
function formatCode(code) {
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return `${code.dice}D${pips}`;
}

/**
 * A code in the table's generic dice language, "3d6+1", for roll buttons: the app checks a
 * button's notation with that language, and this module's roll hook reads "3d6" as 3D.
 * @param {Code} code
 */
function formatNotation(code) {
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return `${code.dice}d6${pips}`;
}

/**
 * "+1D", "-1D", "+2", "+1D+1", "+0".
 * @param {Code} code
 */
function formatModifier(code) {
  if (code.dice === 0) return code.pips < 0 ? `${code.pips}` : `+${code.pips}`;
  const dice = code.dice > 0 ? `+${code.dice}D` : `${code.dice}D`;
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return dice + pips;
}

/**
 * Strength Damage: drop the pips of Strength (or of lift, if higher), halve, round up
 * ("Character Basics": "Strength Damage": 3D gives 2D, 6D+2 gives 3D).
 * @param {Code} code
 * @returns {Code}
 */
function strengthDamageOf(code) {
  return { dice: Math.ceil(code.dice / 2), pips: 0 };
}

/* ------------------------------------------------------------------------------------------ */
/* Rolling                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * One exploding die: a 6 adds and rolls again, as long as sixes come ("Wild Die"). Character
 * Point dice roll the same way ("Character Points").
 * @param {ModuleContext} ctx
 * @returns {Chain}
 */
function rollChain(ctx) {
  /** @type {number[]} */
  const rolls = [];
  let face = 0;
  do {
    face = ctx.dice.die(6);
    rolls.push(face);
  } while (face === 6 && rolls.length <= MAX_EXPLOSIONS);
  return { rolls, total: sum(rolls) };
}

/**
 * Rolls a pool the OpenD6 way ("Rolling Dice", "Wild Die", "Character Points"): of `dice`
 * dice, one is the Wild Die (rolled first) and the others normal; each Character Point adds an
 * extra die that explodes like the Wild Die but whose 1 is only a 1. A 1 on the Wild Die's first
 * roll is a Critical Failure: under `remove` it cancels itself and the highest normal die, under
 * `flag` the total stands and the roll is marked as a complication.
 * @param {ModuleContext} ctx
 * @param {PoolSpec} spec
 * @returns {Pool}
 */
function rollPool(ctx, spec) {
  const wildChain = spec.dice >= 1 ? rollChain(ctx) : null;
  const normal = spec.dice > 1 ? [...ctx.dice.pool(spec.dice - 1, 6)] : [];
  /** @type {Chain[]} */
  const characterPoints = [];
  for (let point = 0; point < spec.characterPoints; point++) characterPoints.push(rollChain(ctx));

  const criticalFailure = wildChain?.rolls[0] === 1;
  const wild =
    wildChain === null
      ? null
      : { ...wildChain, criticalSuccess: wildChain.rolls[0] === 6, criticalFailure };
  /** @type {RemovedDie[]} */
  const removed = [];
  if (criticalFailure && spec.criticalFailure === 'remove') {
    removed.push({ die: 'wild', index: 0, value: 1 });
    if (normal.length > 0) {
      const highest = Math.max(...normal);
      removed.push({ die: 'normal', index: normal.indexOf(highest), value: highest });
    }
  }
  const kept = (/** @type {number} */ value, /** @type {number} */ index) =>
    !removed.some((die) => die.die === 'normal' && die.index === index) ? value : 0;
  const wildTotal = wild === null || removed.length > 0 ? 0 : wild.total;
  const total =
    wildTotal +
    sum(normal.map(kept)) +
    sum(characterPoints.map((chain) => chain.total)) +
    spec.pips;
  return {
    normal,
    wild,
    characterPoints,
    removed,
    complication: criticalFailure && spec.criticalFailure === 'flag',
    pips: spec.pips,
    total,
  };
}

/**
 * The dice of a pool as a roll card's compact line: `[3, ~~5~~, 2] wild [~~1~~] +2 = 7`.
 * Marks: `!` a 6 that rolled again, `~~x~~` a removed die.
 * @param {Pool} pool
 */
function poolText(pool) {
  const parts = [];
  const removedNormal = pool.removed.find((die) => die.die === 'normal')?.index ?? -1;
  if (pool.normal.length > 0) {
    parts.push(
      `[${pool.normal.map((face, index) => (index === removedNormal ? `~~${face}~~` : `${face}`)).join(', ')}]`,
    );
  }
  if (pool.wild !== null) {
    const faces = pool.wild.rolls.map((face) => (face === 6 ? '6!' : `${face}`)).join(', ');
    parts.push(pool.removed.length > 0 ? `wild [~~${faces}~~]` : `wild [${faces}]`);
  }
  for (const chain of pool.characterPoints) {
    parts.push(`CP [${chain.rolls.map((face) => (face === 6 ? '6!' : `${face}`)).join(', ')}]`);
  }
  if (pool.pips !== 0) parts.push(pool.pips > 0 ? `+${pool.pips}` : `${pool.pips}`);
  return `${parts.join(' ')} = ${pool.total}`;
}

/**
 * The standard difficulty level of a number ("Standard Difficulties"): 0 is Automatic, above
 * 30 Legendary.
 * @param {number} value
 */
function difficultyLevel(value) {
  if (value <= 0) return 'Automatic';
  const level = DIFFICULTIES.find((entry) => value >= entry.from && value <= entry.to);
  return level === undefined ? 'Legendary' : level.name;
}

/**
 * A difficulty as written: a number, or a level's name, which stands for the top of its range
 * (Moderate is 15), as OpenD6's own examples write "Moderate (15)".
 * @param {unknown} value
 * @returns {number}
 */
function parseDifficulty(value) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 1000) {
      refuse('a difficulty is a whole number from 0 to 1000');
    }
    return value;
  }
  if (typeof value !== 'string') refuse('a difficulty is a number or a level such as "moderate"');
  const text = value
    .trim()
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ');
  if (/^\d+$/.test(text)) return parseDifficulty(Number(text));
  const level = DIFFICULTIES.find((entry) => entry.key === text);
  if (level === undefined) {
    refuse(
      `"${value}" is not a difficulty: give a number or one of ${DIFFICULTIES.map((entry) => entry.key).join(', ')}`,
    );
  }
  return level.to;
}

/**
 * Reads a roll request (the `roll` hook's, a sheet button's, a spend's): what to roll and the
 * options of OpenD6 around it. Unknown keys are left alone: the app adds its own (the
 * verifiable-roll protocol's rollId, playerNonce, chainHead, engine).
 * @param {unknown} request
 * @returns {RollSpec}
 */
function readRollRequest(request) {
  if (!isObject(request)) refuse('a roll request is an object with a notation');
  const notation = request.notation;
  if (typeof notation !== 'string') refuse('a roll needs a notation: a die code such as "3D+2"');
  const [codeText = '', difficultyText, ...rest] = notation.split(/\s+vs\s+/i);
  if (rest.length > 0) refuse(`"${notation}" has "vs" twice`);
  const code = parseCode(codeText, 'the roll');
  // A sheet's difficulty question answers "none" for a roll against no difficulty.
  const asked = request.difficulty;
  let difficulty =
    asked === undefined || asked === null || asked === '' || asked === 'none'
      ? null
      : parseDifficulty(asked);
  if (difficultyText !== undefined) {
    if (difficulty !== null)
      refuse('the roll names its difficulty twice (in the notation and as difficulty)');
    difficulty = parseDifficulty(difficultyText);
  }
  const opposed = optionalInt(request, 'opposed', 0, 10_000, 'an opposed total');
  if (difficulty !== null && opposed !== undefined) {
    refuse('a roll is against a difficulty or an opposed total, not both');
  }
  const criticalFailure = request.criticalFailure ?? 'remove';
  if (criticalFailure !== 'remove' && criticalFailure !== 'flag') {
    refuse(
      'criticalFailure is "remove" (the Wild Die and the highest die) or "flag" (a complication)',
    );
  }
  const characterPoints =
    optionalInt(request, 'characterPoints', 0, MAX_DICE, 'Character Points') ?? 0;
  const fatePoint = optionalBool(request, 'fatePoint') ?? false;
  const cinematic = optionalBool(request, 'cinematic') ?? false;
  if (characterPoints > 0 && fatePoint && !cinematic) {
    refuse(
      'Character Points and a Fate Point cannot go on the same roll, except in a cinematic moment the GM allows',
    );
  }
  const modifier = request.modifier === undefined ? null : parseModifier(request.modifier);
  const label = request.label === undefined ? null : readString(request, 'label', 200);
  const actorId = request.actorId === undefined ? null : readString(request, 'actorId', 200);
  return {
    notation,
    code,
    label,
    difficulty,
    opposed: opposed ?? null,
    initiator: optionalBool(request, 'initiator') ?? true,
    criticalFailure,
    criticalFailureSet: request.criticalFailure !== undefined,
    characterPoints,
    fatePoint,
    actions: optionalInt(request, 'actions', 1, 20, 'actions') ?? 1,
    woundPenalty: optionalInt(request, 'woundPenalty', 0, 10, 'a wound penalty') ?? 0,
    modifier,
    cinematic,
    actorId,
  };
}

/**
 * The dice and pips a request rolls: a Fate Point doubles the code first ("Fate Points": 4D+2
 * becomes 8D+4, still with one Wild Die); then bonuses add (dice to dice, pips to the total),
 * and the multi-action penalty (-1D per action beyond the first) and the wound penalty take
 * dice away ("Multi-action Penalty").
 * @param {RollSpec} spec
 * @returns {Code}
 * @throws {Refusal} when the penalties leave no dice of a code that had some
 */
function rolledCode(spec) {
  const base = spec.fatePoint ? { dice: spec.code.dice * 2, pips: spec.code.pips * 2 } : spec.code;
  const modifier = spec.modifier ?? { dice: 0, pips: 0 };
  const dice = base.dice + modifier.dice - (spec.actions - 1) - spec.woundPenalty;
  if (dice < 1 && (base.dice >= 1 || dice < 0)) {
    refuse(
      `${formatCode(base)} less ${base.dice - dice}D leaves no dice: a character cannot rely on a skill or attribute reduced to zero`,
    );
  }
  return { dice, pips: base.pips + modifier.pips };
}

/**
 * Rolls a request and describes it for a roll card.
 * @param {ModuleContext} ctx
 * @param {RollSpec} spec
 * @returns {RollCard}
 */
function rollRequest(ctx, spec) {
  const rolled = rolledCode(spec);
  const pool = rollPool(ctx, {
    dice: rolled.dice,
    pips: rolled.pips,
    characterPoints: spec.characterPoints,
    criticalFailure: spec.criticalFailure,
  });
  return describeRoll(spec, rolled, pool);
}

/**
 * The roll card of a pool: every die (normal, the Wild Die's chain, Character Point dice),
 * what was removed, the flags, the total and, with a difficulty or an opposed total, the
 * verdict. Success meets or beats the difficulty ("Using Skills"); against an opposed roll,
 * ties go to the initiator ("Opposed Difficulties").
 * @param {RollSpec} spec
 * @param {Code} rolled
 * @param {Pool} pool
 * @returns {RollCard}
 */
function describeRoll(spec, rolled, pool) {
  /** @type {RollCard} */
  const result = {
    notation: spec.notation,
    code: formatCode(spec.code),
    rolled: formatCode(rolled),
    dice: {
      normal: pool.normal,
      wild: pool.wild,
      characterPoints: pool.characterPoints,
    },
    removed: pool.removed,
    criticalSuccess: pool.wild?.criticalSuccess ?? false,
    criticalFailure: pool.wild?.criticalFailure ?? false,
    complication: pool.complication,
    criticalFailureRule: spec.criticalFailure,
    pips: pool.pips,
    total: pool.total,
    characterPoints: spec.characterPoints,
    fatePoint: spec.fatePoint,
    penalties: { actions: spec.actions - 1, wounds: spec.woundPenalty },
    text: '',
  };
  if (spec.label !== null) result.label = spec.label;
  if (spec.modifier !== null) result.modifier = formatModifier(spec.modifier);
  let verdict = '';
  if (spec.difficulty !== null) {
    const level = difficultyLevel(spec.difficulty);
    const success = pool.total >= spec.difficulty;
    result.difficulty = { value: spec.difficulty, level };
    result.success = success;
    result.margin = pool.total - spec.difficulty;
    verdict = ` vs ${level} ${spec.difficulty}: ${success ? `success by ${pool.total - spec.difficulty}` : `failure by ${spec.difficulty - pool.total}`}`;
  } else if (spec.opposed !== null) {
    const success = spec.initiator ? pool.total >= spec.opposed : pool.total > spec.opposed;
    result.opposed = spec.opposed;
    result.success = success;
    result.margin = pool.total - spec.opposed;
    verdict = ` vs opposed ${spec.opposed}: ${success ? 'wins' : 'loses'}`;
  }
  const notes = [];
  if (pool.wild?.criticalFailure) {
    notes.push(
      pool.complication
        ? 'Critical Failure: a complication'
        : 'Critical Failure: the Wild Die and the highest die removed',
    );
  } else if (pool.wild?.criticalSuccess) {
    notes.push('Critical Success');
  }
  if (spec.fatePoint) notes.push('Fate Point: dice doubled');
  const label = spec.label === null ? '' : `${spec.label}: `;
  result.text = `${label}${formatCode(rolled)}${spec.characterPoints > 0 ? ` +${spec.characterPoints} CP` : ''}: ${poolText(pool)}${verdict}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* The character sheet as the rules read it                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * Reads an actor's data. Forgiving, since derive must show a sheet even while a player is
 * halfway through typing a code: a value that does not fit is reported in `problems` (with its
 * path) and read as its default (0D, no skill, healthy).
 * @param {unknown} data
 * @returns {Sheet}
 */
function readSheet(data) {
  /** @type {Problem[]} */
  const problems = [];
  const record = isObject(data) ? data : {};
  if (!isObject(data)) problems.push({ path: [], message: 'the sheet data must be an object' });
  for (const key of Object.keys(record)) {
    if (!DATA_FIELDS.includes(key)) {
      problems.push({ path: [key], message: `"${key}" is not a field of an OpenD6 sheet` });
    }
  }

  /** @type {Record<string, AttributeSheet>} */
  const attributes = {};
  const rawAttributes = record.attributes === undefined ? {} : record.attributes;
  if (!isObject(rawAttributes)) {
    problems.push({ path: ['attributes'], message: 'attributes must be an object by attribute' });
  }
  const attributeRecord = isObject(rawAttributes) ? rawAttributes : {};
  for (const key of Object.keys(attributeRecord)) {
    if (!ATTRIBUTES.includes(key)) {
      problems.push({
        path: ['attributes', key],
        message: `"${key}" is not an attribute (they are ${ATTRIBUTES.join(', ')})`,
      });
    }
  }
  for (const key of ATTRIBUTES) {
    attributes[key] = readAttribute(attributeRecord[key], key, problems);
  }

  const number = (
    /** @type {string} */ key,
    /** @type {number} */ fallback,
    /** @type {number} */ min,
    /** @type {number} */ max,
  ) => {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({
        path: [key],
        message: `${key} must be a whole number from ${min} to ${max}`,
      });
      return fallback;
    }
    return value;
  };
  const flag = (/** @type {string} */ key) => {
    const value = record[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') {
      problems.push({ path: [key], message: `${key} must be true or false` });
      return false;
    }
    return value;
  };
  let move = DEFAULT_MOVE;
  if (record.move !== undefined) {
    if (typeof record.move !== 'number' || !(record.move >= 0) || record.move > 10_000) {
      problems.push({
        path: ['move'],
        message: 'move is metres per round: a number from 0 to 10000',
      });
    } else {
      move = record.move;
    }
  }
  let criticalFailure = /** @type {CriticalFailureRule} */ ('remove');
  if (record.criticalFailure !== undefined) {
    if (record.criticalFailure === 'remove' || record.criticalFailure === 'flag') {
      criticalFailure = record.criticalFailure;
    } else {
      problems.push({
        path: ['criticalFailure'],
        message: 'criticalFailure is "remove" or "flag"',
      });
    }
  }
  for (const key of TEXT_FIELDS) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      problems.push({ path: [key], message: `${key} must be text` });
    }
  }
  return {
    attributes,
    move,
    wounds: number('wounds', 0, 0, DEAD),
    unconscious: flag('unconscious'),
    characterPoints: number('characterPoints', 0, 0, 1_000_000),
    fatePoints: number('fatePoints', 0, 0, 1_000_000),
    cpLimit: number('cpLimit', DEFAULT_CP_LIMIT, 0, 1_000_000),
    criticalFailure,
    fateActive: flag('fateActive'),
    fateRound: readFateRound(record.fateRound),
    equipment: readEquipment(record.equipment, problems),
    defense: readDefense(record.defense),
    problems,
  };
}

/**
 * @param {unknown} raw
 * @param {string} key
 * @param {Problem[]} problems
 * @returns {AttributeSheet}
 */
function readAttribute(raw, key, problems) {
  const name = ATTRIBUTE_NAMES[key] ?? key;
  if (raw === undefined) return { code: { dice: 0, pips: 0 }, skills: [] };
  if (!isObject(raw)) {
    problems.push({ path: ['attributes', key], message: `${name} must be { code, skills }` });
    return { code: { dice: 0, pips: 0 }, skills: [] };
  }
  const code = tryCode(raw.code, name, ['attributes', key, 'code'], problems);
  /** @type {SkillRow[]} */
  const skills = [];
  const rows = raw.skills === undefined ? [] : raw.skills;
  if (!Array.isArray(rows)) {
    problems.push({
      path: ['attributes', key, 'skills'],
      message: `${name}'s skills must be a list`,
    });
    return { code, skills };
  }
  for (const [index, row] of rows.entries()) {
    const at = ['attributes', key, 'skills', String(index)];
    if (!isObject(row) || typeof row.name !== 'string') {
      problems.push({ path: at, message: `skill ${index + 1} of ${name} needs a name` });
      continue;
    }
    const skillName = row.name.trim();
    if (skillName === '') continue; // a row the player has just added
    const specialization = typeof row.specialization === 'string' ? row.specialization.trim() : '';
    const adds = readAdds(row.adds, `${skillName}'s added dice`, [...at, 'adds'], problems);
    const bonus = readAdds(
      row.bonus,
      `${skillName}: ${specialization || 'specialization'}'s dice`,
      [...at, 'bonus'],
      problems,
    );
    skills.push({ name: skillName, adds, specialization, bonus });
  }
  return { code, skills };
}

/**
 * Dice added to an attribute or a skill: a code ("1D+2"), or a number of pips (5 is 1D+2), as
 * the sheet's skill lists keep them so that a row's roll button reads as dice.
 * @param {unknown} value
 * @param {string} what
 * @param {string[]} path
 * @param {Problem[]} problems
 * @returns {Code}
 */
function readAdds(value, what, path, problems) {
  if (value === undefined || value === '') return { dice: 0, pips: 0 };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_DICE * 3) {
      return normalize({ dice: 0, pips: value });
    }
    problems.push({
      path,
      message: `${what} must be a whole number of pips from 0 to ${MAX_DICE * 3}`,
    });
    return { dice: 0, pips: 0 };
  }
  return tryCode(value, what, path, problems);
}

/**
 * A die code of the sheet, or 0D and a problem.
 * @param {unknown} value
 * @param {string} what
 * @param {string[]} path
 * @param {Problem[]} problems
 * @returns {Code}
 */
function tryCode(value, what, path, problems) {
  try {
    return parseCode(value, what);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    problems.push({ path, message: error.message });
    return { dice: 0, pips: 0 };
  }
}

/**
 * @param {unknown} raw
 * @param {Problem[]} problems
 * @returns {Equipment[]}
 */
function readEquipment(raw, problems) {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path: ['equipment'], message: 'equipment must be a list' });
    return [];
  }
  /** @type {Equipment[]} */
  const items = [];
  for (const [index, row] of raw.entries()) {
    const at = ['equipment', String(index)];
    if (!isObject(row)) {
      problems.push({ path: at, message: `equipment ${index + 1} must be an object` });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!EQUIPMENT_FIELDS.includes(key)) {
        problems.push({ path: [...at, key], message: `"${key}" is not a field of equipment` });
      }
    }
    const text = (/** @type {string} */ key) => {
      const value = row[key];
      if (value === undefined) return '';
      if (typeof value !== 'string') {
        problems.push({ path: [...at, key], message: `${key} must be text` });
        return '';
      }
      return value.trim();
    };
    const name = text('name');
    const kind = text('kind') || 'gear';
    if (!EQUIPMENT_KINDS.includes(kind)) {
      problems.push({
        path: [...at, 'kind'],
        message: `kind is one of ${EQUIPMENT_KINDS.join(', ')}`,
      });
    }
    const damage = text('damage');
    if (damage !== '') {
      try {
        readDamage(damage, { dice: 0, pips: 0 });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        problems.push({ path: [...at, 'damage'], message: error.message });
      }
    }
    const ranges = text('ranges');
    if (ranges !== '' && parseRanges(ranges) === null) {
      problems.push({
        path: [...at, 'ranges'],
        message: `ranges "${ranges}" must read short/medium/long in metres, like "3-10/30/120"`,
      });
    }
    const armor = text('armor');
    if (armor !== '') {
      try {
        parseModifier(armor, `${name || 'armor'}'s armor`);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        problems.push({ path: [...at, 'armor'], message: error.message });
      }
    }
    for (const key of ['stun', 'equipped']) {
      if (row[key] !== undefined && typeof row[key] !== 'boolean') {
        problems.push({ path: [...at, key], message: `${key} must be true or false` });
      }
    }
    if (row.notes !== undefined && typeof row.notes !== 'string') {
      problems.push({ path: [...at, 'notes'], message: 'notes must be text' });
    }
    items.push({
      name,
      kind,
      skill: text('skill'),
      damage,
      ranges,
      armor,
      stun: row.stun === true,
      equipped: row.equipped !== false,
    });
  }
  return items;
}

/**
 * A weapon's damage: a code ("4D"), or a bonus to Strength Damage ("+1D": "Step 3: Determining
 * Damage").
 * @param {string} text
 * @param {Code} strengthDamage
 * @returns {Code}
 */
function readDamage(text, strengthDamage) {
  const trimmed = text.trim();
  if (trimmed.startsWith('+')) {
    const bonus = parseModifier(trimmed, 'the damage');
    return { dice: strengthDamage.dice + bonus.dice, pips: strengthDamage.pips + bonus.pips };
  }
  return parseCode(trimmed, 'the damage');
}

/**
 * A weapon's range listing as the books write it, "3-10/30/120" or "10/30/120": the upper
 * bounds of Short, Medium and Long in metres.
 * @param {string} text
 * @returns {[number, number, number] | null}
 */
function parseRanges(text) {
  const match = /^(?:\d+\s*[-–]\s*)?(\d+)\s*\/\s*(\d+)\s*\/\s*(\d+)$/.exec(text.trim());
  if (match === null) return null;
  const ranges = /** @type {[number, number, number]} */ ([
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ]);
  return ranges[0] <= ranges[1] && ranges[1] <= ranges[2] ? ranges : null;
}

/**
 * @param {unknown} raw
 * @returns {Sheet['fateRound']}
 */
function readFateRound(raw) {
  if (!isObject(raw) || typeof raw.combatId !== 'string' || typeof raw.round !== 'number') {
    return null;
  }
  return { combatId: raw.combatId, round: raw.round };
}

/**
 * @param {unknown} raw
 * @returns {Sheet['defense']}
 */
function readDefense(raw) {
  if (
    !isObject(raw) ||
    typeof raw.skill !== 'string' ||
    typeof raw.total !== 'number' ||
    typeof raw.value !== 'number' ||
    typeof raw.combatId !== 'string' ||
    typeof raw.round !== 'number'
  ) {
    return null;
  }
  return {
    skill: raw.skill,
    total: raw.total,
    value: raw.value,
    full: raw.full === true,
    combatId: raw.combatId,
    round: raw.round,
  };
}

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

/* ------------------------------------------------------------------------------------------ */
/* derive, roll, initiative                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * `derive(actor)`: every skill's total code, Strength Damage, the damage resistance code, the
 * wound level and its penalty, weapons with their full damage codes, and the problems of the
 * data (so the sheet can say "Agility: "3X" is not a die code" while a player types).
 * @type {DeriveHook}
 */
exports.derive = (actor) => {
  const sheet = readSheet(actor.data);
  /** @type {Record<string, string>} */
  const attributes = {};
  /** @type {Record<string, string>} */
  const skills = {};
  /** @type {Record<string, string>} */
  const skillCodes = {};
  /** @type {Record<string, string>} */
  const rolls = {};
  for (const key of ATTRIBUTES) {
    const attribute = /** @type {AttributeSheet} */ (sheet.attributes[key]);
    attributes[key] = formatCode(attribute.code);
    rolls[key] = formatNotation(attribute.code);
    const lines = [];
    for (const row of attribute.skills) {
      const base = addCodes(attribute.code, row.adds);
      if (row.specialization === '') {
        skillCodes[row.name.toLowerCase()] = formatCode(base);
        lines.push(`${row.name} ${formatCode(base)}`);
      } else {
        const special = addCodes(base, row.bonus);
        skillCodes[`${row.name.toLowerCase()}: ${row.specialization.toLowerCase()}`] =
          formatCode(special);
        lines.push(`${row.name}: ${row.specialization} ${formatCode(special)}`);
      }
    }
    skills[key] = lines.join(', ');
  }
  const damage = strengthDamage(sheet);
  let armor = { dice: 0, pips: 0 };
  try {
    armor = armorOf(sheet);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
  }
  const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
  const penalty = WOUND_PENALTY[sheet.wounds] ?? 0;
  const weapons = sheet.equipment
    .filter((item) => item.kind === 'weapon')
    .map((item) => weaponLine(sheet, item, damage));
  const level = /** @type {string} */ (WOUND_LEVELS[sheet.wounds]);
  const resistance = { dice: strength.dice + armor.dice, pips: strength.pips + armor.pips };
  rolls.strengthDamage = formatNotation(damage);
  rolls.resistance = formatNotation(resistance);
  return {
    attributes,
    skills,
    skillCodes,
    // Roll buttons: each code in the generic dice language ("3d6+1"), which the app checks a
    // button's notation with; the roll hook reads it as the D6 code. A skill row's button adds
    // its pips and takes off the wound penalty: "@rolls.agility+@item.adds-@rollPenalty".
    rolls,
    rollPenalty: `${penalty}d6`,
    strengthDamage: formatCode(damage),
    resistance: formatCode(resistance),
    armor: formatModifier(armor),
    passiveDefense: PASSIVE_DEFENSE,
    move: sheet.move,
    freeMove: sheet.move / 2,
    initiative: attributes.perception ?? '0D',
    woundLevel: level,
    woundPenalty: `${penalty}D`,
    woundEffect: woundEffect(sheet),
    canAct: canAct(sheet),
    down: sheet.wounds >= INCAPACITATED || sheet.unconscious,
    characterPoints: sheet.characterPoints,
    fatePoints: sheet.fatePoints,
    cpLimit: sheet.cpLimit === 0 ? 'no limit' : `${sheet.cpLimit} per roll`,
    weapons: weapons.join('\n'),
    lastRoll: lastRollText(actor.data),
    problems: sheet.problems.map((problem) => problem.message).join('\n'),
  };
};

/**
 * "energy pistol: firearms 4D+1, damage 4D, 3-10/30/120 m"
 * @param {Sheet} sheet
 * @param {Equipment} item
 * @param {Code} damage
 */
function weaponLine(sheet, item, damage) {
  const parts = [];
  if (item.skill !== '') {
    try {
      parts.push(`${item.skill} ${formatCode(skillCode(sheet, item.skill).code)}`);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      parts.push(`${item.skill} (unknown skill)`);
    }
  }
  if (item.damage !== '') {
    try {
      parts.push(
        `damage ${formatCode(normalize(readDamage(item.damage, damage)))}${item.stun ? ' stun' : ''}`,
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
    }
  }
  if (item.ranges !== '') parts.push(`${item.ranges} m`);
  return `${item.name}: ${parts.join(', ')}`;
}

/**
 * What the wound level does, as the sheet shows it ("Wound Levels").
 * @param {Sheet} sheet
 */
function woundEffect(sheet) {
  const effects = [
    '',
    '-1D to all actions this round and next',
    '-1D to all actions until healed',
    '-2D to all actions until healed',
    sheet.unconscious ? 'knocked out' : '-3D to all actions (stayed up)',
    'unconscious and dying: roll Strength each round',
    'dead',
  ];
  const effect = effects[sheet.wounds] ?? '';
  return sheet.unconscious && sheet.wounds < INCAPACITATED
    ? `unconscious${effect === '' ? '' : `; ${effect}`}`
    : effect;
}

/**
 * @param {unknown} data
 */
function lastRollText(data) {
  if (!isObject(data) || !isObject(data.lastRoll)) return '';
  return typeof data.lastRoll.text === 'string' ? data.lastRoll.text : '';
}

/**
 * `roll(request)`: rolls a die code the OpenD6 way. The request is
 * `{ notation: "4D+2" | "4D+2 vs 15" | "3D+1+1D-1D", difficulty?, opposed?, initiator?,
 * criticalFailure?, characterPoints?, fatePoint?, actions?, woundPenalty?, modifier?, label? }`.
 * The result shows every die: the normal dice, the Wild Die's chain of rolls, the Character
 * Point dice, the dice a Critical Failure removed, and the flags.
 * @type {RollHook}
 */
exports.roll = (request, ctx) => rollRequest(ctx, readRollRequest(request));

/**
 * `initiative(actor)`: a Perception roll with the Wild Die ("Initiative": methods 2 and 3).
 * Ties are broken as OpenD6 orders them ("Ties/No Rolls"): Perception, then search, then
 * Agility, then dodge, each as a code in pips, written into the decimals of the result so every
 * peer orders the same way without another roll.
 * @type {InitiativeHook}
 */
exports.initiative = (actor, ctx) => {
  const sheet = readSheet(actor.data);
  const perception = /** @type {AttributeSheet} */ (sheet.attributes.perception).code;
  const pool = rollPool(ctx, {
    dice: perception.dice,
    pips: perception.pips,
    characterPoints: 0,
    criticalFailure: sheet.criticalFailure,
  });
  return pool.total + initiativeTiebreak(sheet);
};

/**
 * The tiebreak as decimals: Perception, search, Agility and dodge in pips (each capped at 99),
 * two decimal places each: 3D+1, 4D, 3D, 4D reads .10121112.
 * @param {Sheet} sheet
 */
function initiativeTiebreak(sheet) {
  const pips = (/** @type {string} */ name) => {
    const code = skillCode(sheet, name).code;
    return Math.min(99, code.dice * 3 + code.pips);
  };
  const digits =
    pips('perception') * 1e6 + pips('search') * 1e4 + pips('agility') * 1e2 + pips('dodge');
  return digits / 1e8;
}

/* ------------------------------------------------------------------------------------------ */
/* validate                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** The kinds this module rules on, each with a reader that checks its payload and situation. */
const MODULE_KINDS = Object.freeze([
  'opend6:attack',
  'opend6:resist',
  'opend6:defend',
  'opend6:spend-cp',
  'opend6:spend-fp',
  'opend6:heal',
]);

/**
 * `validate(intent, state)`: the core has checked who may do a core intent; this checks the
 * game: a move within the character's Move, a sheet edit that keeps the codes readable and
 * leaves the rules' own fields to the GM, damage on an OpenD6 character, and every `opend6:`
 * intent's payload and situation (who acts, whether they can, whether the points are there).
 * @type {ValidateHook}
 */
exports.validate = (intent, rawState) => {
  const state = /** @type {State} */ (/** @type {unknown} */ (rawState));
  try {
    switch (intent.kind) {
      case 'token.move':
        validateMove(intent, state);
        break;
      case 'sheet.edit':
        validateSheetEdit(intent, state);
        break;
      case 'roll':
        validateRoll(intent, state);
        break;
      case 'damage.apply':
        readDamageApply(intent, state);
        break;
      case 'chat.command':
        break;
      default:
        if (!MODULE_KINDS.includes(intent.kind)) {
          refuse(
            `OpenD6 knows no "${intent.kind}" intent (its own are ${MODULE_KINDS.join(', ')})`,
          );
        }
        planIntent(intent, state);
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
};

/**
 * A move of a character's token: at most its Move in metres ("Move"; "Movement": "Running"
 * needs a roll beyond it, which the GM rules on). The GM moves anything anywhere.
 * @param {Intent} intent
 * @param {State} state
 */
function validateMove(intent, state) {
  if (isGm(state, intent.author)) return;
  const payload = isObject(intent.payload) ? intent.payload : {};
  const token = typeof payload.tokenId === 'string' ? state.tokens?.[payload.tokenId] : undefined;
  if (token === undefined || token.actorId === null) return;
  const actor = state.actors?.[token.actorId];
  if (actor === undefined) return;
  const sheet = readSheet(actor.data);
  if (!canAct(sheet)) refuse(`${whyDown(actor, sheet)} and cannot move`);
  if (typeof payload.x !== 'number' || typeof payload.y !== 'number') return;
  const metres = metresBetween(state, token, { x: payload.x, y: payload.y });
  if (metres === null) return;
  if (metres > sheet.move + 1e-9) {
    refuse(
      `${actor.name} moves at most ${sheet.move} m a round; that move is ${round1(metres)} m (running farther takes a running roll the GM calls for)`,
    );
  }
}

/**
 * Metres between a token and a point of its scene: the pixel distance over the grid's cell
 * size, times the grid's distance per cell, in metres. OpenD6 measures in metres, not squares,
 * so a diagonal is as long as it is. Null when the scene has no grid to measure with.
 * @param {State} state
 * @param {TokenRecord} token
 * @param {{ x: number, y: number }} to
 * @returns {number | null}
 * @throws {Refusal} when the grid's units are not a length the rules know
 */
function metresBetween(state, token, to) {
  const grid = state.scenes?.[token.sceneId]?.grid;
  if (grid === undefined || typeof grid.size !== 'number' || !(grid.size > 0)) return null;
  const distance = typeof grid.distance === 'number' && grid.distance > 0 ? grid.distance : 1;
  const units = typeof grid.units === 'string' ? grid.units.trim().toLowerCase() : 'm';
  const perUnit = Object.hasOwn(METRES_PER_UNIT, units)
    ? METRES_PER_UNIT[/** @type {keyof typeof METRES_PER_UNIT} */ (units)]
    : undefined;
  if (perUnit === undefined) {
    refuse(
      `this scene's grid measures in "${grid.units}"; OpenD6 moves in metres: set the grid's units to m or ft`,
    );
  }
  const cells = Math.hypot(to.x - token.x, to.y - token.y) / grid.size;
  return cells * distance * perUnit;
}

/**
 * A sheet edit: the rules' own fields (wounds, points, the Critical Failure rule…) are the GM's;
 * any edit must leave the edited part of the sheet readable (a die code that parses, a known
 * field), so a malformed code is refused with its reason rather than stored.
 * @param {Intent} intent
 * @param {State} state
 */
function validateSheetEdit(intent, state) {
  const payload = isObject(intent.payload) ? intent.payload : {};
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  const path = payload.path;
  if (
    actor === undefined ||
    !Array.isArray(path) ||
    !path.every((key) => typeof key === 'string')
  ) {
    return;
  }
  const top = /** @type {string} */ (path[0]);
  if (!isGm(state, intent.author) && Object.hasOwn(GM_FIELDS, top)) {
    refuse(
      `only the GM changes ${GM_FIELDS[/** @type {keyof typeof GM_FIELDS} */ (top)]}; the rules keep it`,
    );
  }
  const edited = setAt(actor.data, path, payload.value ?? null);
  for (const problem of readSheet(edited).problems) {
    const overlaps = problem.path.every(
      (key, index) => index >= path.length || key === path[index],
    );
    if (overlaps) refuse(problem.message);
  }
}

/**
 * A roll intent: the request must parse. Points change the sheet, which a roll cannot, so
 * Character Points and Fate Points go through `opend6:spend-cp` and `opend6:spend-fp` (a Fate
 * Point spent climactically lets the character's rolls double for the round). The Critical
 * Failure rule is the GM's choice.
 * @param {Intent} intent
 * @param {State} state
 */
function validateRoll(intent, state) {
  const spec = readRollRequest(intent.payload);
  rolledCode(spec);
  const actor = spec.actorId === null ? undefined : state.actors?.[spec.actorId];
  if (spec.actorId !== null && actor === undefined)
    refuse(`there is no character "${spec.actorId}"`);
  const sheet = actor === undefined ? null : readSheet(actor.data);
  if (spec.characterPoints > 0) {
    refuse('spend Character Points with /cp (opend6:spend-cp), which takes them off the sheet');
  }
  if (spec.fatePoint && !(actor !== undefined && sheet !== null && fateApplies(sheet, state))) {
    refuse('spend a Fate Point with /fp (opend6:spend-fp), which takes it off the sheet');
  }
  if (spec.criticalFailureSet && !isGm(state, intent.author)) {
    const rule = sheet?.criticalFailure ?? 'remove';
    if (spec.criticalFailure !== rule) {
      refuse(`the GM chooses what a Critical Failure does (here: ${rule})`);
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* apply                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * `apply(intent, state, ctx)`: damage (`damage.apply`) and the module's own kinds (the core
 * applies moves, sheet edits, rolls and commands). Each kind is planned by the same function
 * validate used, so apply never acts on what validate did not see; dice are rolled here, from
 * the ruling's seed. The result is what the receipt shows the table: the roll card with every
 * die, and what it did.
 * @type {ApplyHook}
 */
exports.apply = (intent, rawState, ctx) => {
  const state = /** @type {State} */ (/** @type {unknown} */ (rawState));
  if (intent.kind === 'damage.apply') {
    return applyDamage(readDamageApply(intent, state), state, ctx);
  }
  return planIntent(intent, state).run(ctx);
};

/**
 * Checks a module intent and returns what applying it does. validate calls it and drops the
 * plan; apply calls it and runs it.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planIntent(intent, state) {
  switch (intent.kind) {
    case 'opend6:attack':
      return planAttack(intent, state);
    case 'opend6:resist':
      return planResist(intent, state);
    case 'opend6:defend':
      return planDefend(intent, state);
    case 'opend6:spend-cp':
      return planSpendCp(intent, state);
    case 'opend6:spend-fp':
      return planSpendFp(intent, state);
    case 'opend6:heal':
      return planHeal(intent, state);
    default:
      return refuse(`OpenD6 knows no "${intent.kind}" intent`);
  }
}

/* --- damage and wound levels -------------------------------------------------------------- */

/**
 * The wound level a damage total over the resistance total gives ("Wound Levels"): 1–3
 * Stunned, 4–8 Wounded, 9–12 Incapacitated, 13–15 Mortally Wounded, 16 or more Dead.
 * @param {number} difference damage total minus resistance total
 */
function woundLevelFor(difference) {
  if (difference <= 0) return 0;
  if (difference <= 3) return STUNNED;
  if (difference <= 8) return WOUNDED;
  if (difference <= 12) return INCAPACITATED;
  if (difference <= 15) return MORTALLY_WOUNDED;
  return DEAD;
}

/**
 * The level after a new injury: the injury's level, or, when that is no worse than the current
 * level, one level worse. OpenD6 says so of Wounded twice (Severely Wounded) and of any lesser
 * injury; this module reads a repeated level the same way at every level.
 * @param {number} current
 * @param {number} injury
 */
function worsen(current, injury) {
  if (injury <= 0) return current;
  return injury > current ? injury : Math.min(DEAD, current + 1);
}

/**
 * @typedef {{ actor: ActorRecord, sheet: Sheet, kind: 'difference' | 'levels' | 'stun' | 'heal', amount: number, type: string | null }} DamageOrder
 */

/**
 * Reads `damage.apply` `{ actorId, amount, type? }`. `amount` is the damage total less the
 * resistance total, turned into a wound level by the table; with `type: "levels"` it is a
 * number of wound levels; with `type: "stun"` it is stun damage (two levels less, at least
 * Stunned, and out cold). A negative amount heals that many levels, which only the GM may do
 * this way (players heal with `opend6:heal`).
 * @param {Intent} intent
 * @param {State} state
 * @returns {DamageOrder}
 */
function readDamageApply(intent, state) {
  const payload = isObject(intent.payload) ? intent.payload : {};
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  if (actor === undefined) refuse(`there is no character "${String(payload.actorId)}"`);
  const sheet = readSheet(actor.data);
  if (!isObject(actor.data) || !isObject(actor.data.attributes)) {
    refuse(`${actor.name} has no OpenD6 attributes to take damage with`);
  }
  const amount = payload.amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    refuse('damage is a whole number: the damage total less the resistance total, or levels');
  }
  const type = typeof payload.type === 'string' ? payload.type.trim().toLowerCase() : null;
  if (amount < 0) {
    if (!isGm(state, intent.author)) {
      refuse('healing takes a medicine roll or rest: use /heal (opend6:heal)');
    }
    return { actor, sheet, kind: 'heal', amount: -amount, type };
  }
  if (sheet.wounds === DEAD && amount > 0) refuse(`${actor.name} is already dead`);
  if (type === 'levels' || type === 'level' || type === 'wounds') {
    return { actor, sheet, kind: 'levels', amount, type };
  }
  return { actor, sheet, kind: type === 'stun' ? 'stun' : 'difference', amount, type };
}

/**
 * @param {DamageOrder} order
 * @param {State} state
 * @param {ModuleContext} ctx
 * @returns {Ruling}
 */
function applyDamage(order, state, ctx) {
  const { actor, sheet } = order;
  if (order.kind === 'heal') {
    const level = Math.max(0, sheet.wounds - order.amount);
    const text = `${actor.name} healed ${order.amount} level(s): ${WOUND_LEVELS[sheet.wounds]} → ${WOUND_LEVELS[level]}`;
    ctx.log(text);
    const unconscious = level >= MORTALLY_WOUNDED || (level >= INCAPACITATED && sheet.unconscious);
    return {
      changes: woundChanges(state, actor, level, unconscious),
      result: {
        kind: 'healing',
        actorId: actor.id,
        level,
        levelName: /** @type {string} */ (WOUND_LEVELS[level]),
        text,
      },
    };
  }
  if (order.kind === 'levels') {
    let level = sheet.wounds;
    for (let step = 0; step < order.amount; step++) level = Math.min(DEAD, level + 1);
    const { changes, injury } = injure(
      state,
      actor,
      sheet,
      level,
      null,
      ctx,
      `+${order.amount} wound level(s)`,
    );
    return { changes, result: injury };
  }
  const { changes, injury } = injure(
    state,
    actor,
    sheet,
    injuryLevel(sheet, order.amount, order.kind === 'stun'),
    order.kind === 'stun' ? order.amount : null,
    ctx,
    `damage exceeds resistance by ${order.amount}${order.kind === 'stun' ? ' (stun)' : ''}`,
  );
  return { changes, result: injury };
}

/**
 * The level after damage exceeding resistance by `difference`. Stun damage counts two levels
 * less, but at least Stunned ("Stun Damage").
 * @param {Sheet} sheet
 * @param {number} difference
 * @param {boolean} stun
 */
function injuryLevel(sheet, difference, stun) {
  let injury = woundLevelFor(difference);
  if (stun && injury > 0) injury = Math.max(STUNNED, injury - 2);
  return worsen(sheet.wounds, injury);
}

/**
 * Sets a new wound level and what follows from it: Mortally Wounded knocks out; reaching
 * Incapacitated allows a Moderate stamina or willpower roll to stay up, failing which the
 * character is out for 10D minutes ("Wound Levels"); stun damage knocks out for as many
 * minutes as the damage beat the resistance ("Stun Damage").
 * @param {State} state
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 * @param {number} level
 * @param {number | null} stunMinutes
 * @param {ModuleContext} ctx
 * @param {string} cause
 * @returns {{ changes: Change[], injury: JsonObject }} the changes, and the injury as a result
 *   shows it: the new level, the roll to stay up, how long the character is out
 */
function injure(state, actor, sheet, level, stunMinutes, ctx, cause) {
  let unconscious = sheet.unconscious || level === MORTALLY_WOUNDED;
  const lines = [`${actor.name}: ${cause}: ${WOUND_LEVELS[sheet.wounds]} → ${WOUND_LEVELS[level]}`];
  /** @type {JsonObject} */
  const outcome = {
    kind: 'injury',
    actorId: actor.id,
    level,
    levelName: /** @type {string} */ (WOUND_LEVELS[level]),
  };
  if (stunMinutes !== null && level < DEAD) {
    unconscious = true;
    outcome.unconsciousMinutes = stunMinutes;
    lines.push(`stunned unconscious for ${stunMinutes} minute(s)`);
  }
  if (level === INCAPACITATED && sheet.wounds < INCAPACITATED && !unconscious) {
    const stamina = skillCode(sheet, 'stamina').code;
    const willpower = skillCode(sheet, 'willpower').code;
    const best =
      stamina.dice * 3 + stamina.pips >= willpower.dice * 3 + willpower.pips
        ? 'stamina'
        : 'willpower';
    const code = best === 'stamina' ? stamina : willpower;
    const stayUp = rollPool(ctx, {
      dice: code.dice,
      pips: code.pips,
      characterPoints: 0,
      criticalFailure: sheet.criticalFailure,
    });
    outcome.stayUp = {
      skill: best,
      code: formatCode(code),
      total: stayUp.total,
      text: poolText(stayUp),
    };
    if (stayUp.total >= STAY_UP_DIFFICULTY) {
      lines.push(`stays up (${best} ${poolText(stayUp)} vs 15): acts at -3D`);
    } else {
      const out = rollPool(ctx, { dice: 10, pips: 0, characterPoints: 0, criticalFailure: 'flag' });
      unconscious = true;
      outcome.unconsciousMinutes = out.total;
      lines.push(
        `fails to stay up (${best} ${poolText(stayUp)} vs 15): out for ${out.total} minutes`,
      );
    }
  }
  if (level === DEAD) unconscious = false;
  for (const line of lines) ctx.log(line);
  return {
    changes: woundChanges(state, actor, level, unconscious),
    injury: { ...outcome, unconscious, text: lines.join('; ') },
  };
}

/**
 * The changes of a new wound level: the sheet's level and consciousness, and the conditions of
 * every token of the actor (the module's conditions replaced, others kept).
 * @param {State} state
 * @param {ActorRecord} actor
 * @param {number} level
 * @param {boolean} unconscious
 * @returns {Change[]}
 */
function woundChanges(state, actor, level, unconscious) {
  /** @type {Change[]} */
  const changes = [
    set('actors', actor.id, ['data', 'wounds'], level),
    set('actors', actor.id, ['data', 'unconscious'], unconscious),
  ];
  const ours = [...WOUND_CONDITIONS.filter((name) => name !== ''), UNCONSCIOUS];
  for (const token of tokensOf(state, actor.id)) {
    const kept = (token.conditions ?? []).filter((name) => !ours.includes(name));
    const added = [WOUND_CONDITIONS[level] ?? '', unconscious ? UNCONSCIOUS : ''].filter(
      (name) => name !== '',
    );
    changes.push(set('tokens', token.id, ['conditions'], [...kept, ...added]));
  }
  return changes;
}

/**
 * What a character's sheet keeps of the last roll the rules made for it. Character Points may be
 * spent after a roll ("Improving a Roll"), and the rules, which see the table but not its
 * receipts, need that roll to add them to: `/cp N last` reads its total, its difficulty and
 * the points already on it. The sheet shows its text; every die is in the ruling's result.
 * @param {ActorRecord} actor
 * @param {JsonObject} card the roll card, as the result shows it
 * @returns {Change}
 */
function keepLastRoll(actor, card) {
  /** @type {JsonObject} */
  const kept = {
    kind: typeof card.kind === 'string' ? card.kind : 'roll',
    total: typeof card.total === 'number' ? card.total : 0,
    characterPoints: typeof card.characterPoints === 'number' ? card.characterPoints : 0,
    fatePoint: card.fatePoint === true,
    text: typeof card.text === 'string' ? card.text : '',
  };
  if (typeof card.label === 'string') kept.label = card.label;
  if (isObject(card.difficulty)) kept.difficulty = card.difficulty;
  return set('actors', actor.id, ['data', 'lastRoll'], kept);
}

/* --- points ------------------------------------------------------------------------------- */

/**
 * @typedef {{ characterPoints: number, fatePoint: boolean, usesActiveFate: boolean }} Spend
 */

/**
 * Reads the points a payload spends on its roll, before rolling: Character Points within the
 * per-roll limit and what the character has; a Fate Point the character has; not both
 * ("Improving a Roll"). A Fate Point already active for the round doubles without another.
 * @param {Record<string, unknown>} payload
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 * @param {State} state
 * @returns {Spend}
 */
function readSpend(payload, actor, sheet, state) {
  const characterPoints =
    optionalInt(payload, 'characterPoints', 0, 1_000_000, 'Character Points') ?? 0;
  const fatePoint = optionalBool(payload, 'fatePoint') ?? false;
  if (characterPoints > 0) checkCharacterPoints(actor, sheet, characterPoints, 0);
  if (fatePoint && sheet.fatePoints < 1) refuse(`${actor.name} has no Fate Points left`);
  const usesActiveFate = !fatePoint && fateApplies(sheet, state);
  if (characterPoints > 0 && (fatePoint || usesActiveFate)) {
    refuse('Character Points and a Fate Point cannot go on the same roll');
  }
  return { characterPoints, fatePoint, usesActiveFate };
}

/**
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 * @param {number} points
 * @param {number} already Character Points already spent on the same roll
 */
function checkCharacterPoints(actor, sheet, points, already) {
  if (points > sheet.characterPoints) {
    refuse(`${actor.name} has ${sheet.characterPoints} Character Point(s), not ${points}`);
  }
  if (sheet.cpLimit > 0 && points + already > sheet.cpLimit) {
    refuse(
      `at most ${sheet.cpLimit} Character Points go on one roll at this table${already > 0 ? ` (${already} already spent on it)` : ''}`,
    );
  }
}

/**
 * Whether a Fate Point spent climactically doubles this character's rolls now: for the round of
 * the combat it was spent in, or, spent outside a combat, until the GM clears it.
 * @param {Sheet} sheet
 * @param {State} state
 */
function fateApplies(sheet, state) {
  if (!sheet.fateActive) return false;
  if (sheet.fateRound === null) return true;
  const combat = state.combat?.[sheet.fateRound.combatId];
  return combat?.active === true && combat.round === sheet.fateRound.round;
}

/**
 * The changes that take spent points off a sheet.
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 * @param {Spend} spend
 * @returns {Change[]}
 */
function spendChanges(actor, sheet, spend) {
  /** @type {Change[]} */
  const changes = [];
  if (spend.characterPoints > 0) {
    changes.push(
      set(
        'actors',
        actor.id,
        ['data', 'characterPoints'],
        sheet.characterPoints - spend.characterPoints,
      ),
    );
  }
  if (spend.fatePoint) {
    changes.push(set('actors', actor.id, ['data', 'fatePoints'], sheet.fatePoints - 1));
  }
  return changes;
}

/**
 * `opend6:spend-cp` `{ actorId, points, roll?, addTo? }`: spends Character Points for extra
 * dice that explode on a 6 and whose 1 is only a 1 ("Character Points"). Before a roll, `roll`
 * is the request to roll with them. After a roll, `addTo` is `"last"` (the character's last
 * roll made through the rules; the limit counts what that roll already took, and a roll that
 * took a Fate Point takes none) or `{ total, difficulty? }` (a roll made at the table). With
 * neither, the dice are rolled on their own (for the player to add).
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planSpendCp(intent, state) {
  const payload = readPayload(intent, ['actorId', 'points', 'roll', 'addTo', 'criticalFailure']);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'spend Character Points for');
  const points = requiredInt(payload, 'points', 1, 1_000_000, 'points');
  if (payload.roll !== undefined && payload.addTo !== undefined) {
    refuse('spend Character Points before a roll (roll) or after one (addTo), not both');
  }
  const criticalFailure = gmRule(intent, state, payload, sheet);
  if (payload.roll !== undefined) {
    if (fateApplies(sheet, state))
      refuse('Character Points cannot go on a roll doubled by a Fate Point');
    checkCharacterPoints(actor, sheet, points, 0);
    const spec = rollSpecFor(payload.roll, criticalFailure, { characterPoints: points });
    return {
      run: (ctx) => {
        const result = { kind: 'roll', ...rollRequest(ctx, spec) };
        ctx.log(result.text);
        return {
          changes: [
            set('actors', actor.id, ['data', 'characterPoints'], sheet.characterPoints - points),
            keepLastRoll(actor, result),
          ],
          result,
        };
      },
    };
  }
  /** @type {{ total: number, difficulty: number | null, already: number, label: string }} */
  let base = { total: 0, difficulty: null, already: 0, label: '' };
  if (payload.addTo === 'last') {
    const last = isObject(actor.data.lastRoll) ? actor.data.lastRoll : null;
    if (last === null || typeof last.total !== 'number')
      refuse(`${actor.name} has no last roll to add to`);
    if (last.fatePoint === true)
      refuse('the last roll took a Fate Point: no Character Points on it');
    const difficulty =
      isObject(last.difficulty) && typeof last.difficulty.value === 'number'
        ? last.difficulty.value
        : null;
    base = {
      total: last.total,
      difficulty,
      already: typeof last.characterPoints === 'number' ? last.characterPoints : 0,
      label: typeof last.label === 'string' ? last.label : 'last roll',
    };
  } else if (payload.addTo !== undefined) {
    if (!isObject(payload.addTo)) refuse('addTo is "last" or { total, difficulty? }');
    const extra = Object.keys(payload.addTo).filter(
      (key) => key !== 'total' && key !== 'difficulty',
    );
    if (extra.length > 0) refuse(`addTo has no field "${extra[0]}" (only total and difficulty)`);
    base = {
      total: requiredInt(payload.addTo, 'total', -1000, 10_000, 'the total to add to'),
      difficulty:
        payload.addTo.difficulty === undefined ? null : parseDifficulty(payload.addTo.difficulty),
      already: 0,
      label: 'roll',
    };
  }
  checkCharacterPoints(actor, sheet, points, base.already);
  return {
    run: (ctx) => {
      const pool = rollPool(ctx, {
        dice: 0,
        pips: 0,
        characterPoints: points,
        criticalFailure: 'remove',
      });
      const total = base.total + pool.total;
      /** @type {JsonObject} */
      const record = {
        kind: 'character-points',
        dice: { normal: [], wild: null, characterPoints: pool.characterPoints },
        added: pool.total,
        total,
        characterPoints: base.already + points,
        fatePoint: false,
      };
      const dice = poolText(pool).replace(/ = -?\d+$/, '');
      let text = `${points} CP: ${poolText(pool)}`;
      if (payload.addTo !== undefined) {
        record.label = base.label;
        text = `${base.label} ${base.total} + ${dice} = ${total}`;
        if (base.difficulty !== null) {
          record.difficulty = { value: base.difficulty, level: difficultyLevel(base.difficulty) };
          record.success = total >= base.difficulty;
          record.margin = total - base.difficulty;
          text += ` vs ${difficultyLevel(base.difficulty)} ${base.difficulty}: ${total >= base.difficulty ? 'success' : 'failure'}`;
        }
      }
      record.text = text;
      ctx.log(text);
      return {
        changes: [
          set('actors', actor.id, ['data', 'characterPoints'], sheet.characterPoints - points),
          keepLastRoll(actor, record),
        ],
        result: record,
      };
    },
  };
}

/**
 * `opend6:spend-fp` `{ actorId, roll? }`: spends a Fate Point, refused when none is left
 * ("Fate Points"). With `roll`, that roll's dice are doubled (one Wild Die still; bonuses from
 * equipment are not doubled). Without, the Fate Point is spent climactically: every roll of the
 * character doubles for the rest of the current combat round (outside a combat, until the GM
 * clears it). The d6 space-opera game of 1987 called these Force Points.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planSpendFp(intent, state) {
  const payload = readPayload(intent, ['actorId', 'roll', 'criticalFailure']);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'spend a Fate Point for');
  if (sheet.fatePoints < 1) refuse(`${actor.name} has no Fate Points left`);
  if (payload.roll !== undefined) {
    const spec = rollSpecFor(payload.roll, gmRule(intent, state, payload, sheet), {
      fatePoint: true,
    });
    return {
      run: (ctx) => {
        const result = { kind: 'roll', ...rollRequest(ctx, spec) };
        ctx.log(result.text);
        return {
          changes: [
            set('actors', actor.id, ['data', 'fatePoints'], sheet.fatePoints - 1),
            keepLastRoll(actor, result),
          ],
          result,
        };
      },
    };
  }
  if (fateApplies(sheet, state))
    refuse(`${actor.name}'s Fate Point is already doubling this round`);
  const combat = activeCombat(state, actor);
  return {
    run: (ctx) => {
      const text = `${actor.name} spends a Fate Point: all rolls doubled ${combat === null ? 'until the GM clears it' : `for round ${combat.round}`}`;
      ctx.log(text);
      return {
        changes: [
          set('actors', actor.id, ['data', 'fatePoints'], sheet.fatePoints - 1),
          set('actors', actor.id, ['data', 'fateActive'], true),
          set(
            'actors',
            actor.id,
            ['data', 'fateRound'],
            combat === null ? null : { combatId: combat.id, round: combat.round },
          ),
        ],
        result: {
          kind: 'fate-point',
          actorId: actor.id,
          fatePoints: sheet.fatePoints - 1,
          round: combat === null ? null : combat.round,
          text,
        },
      };
    },
  };
}

/**
 * The roll request of a spend, with the table's Critical Failure rule, checked now (a code the
 * penalties leave without dice is refused by validate, not found out in apply).
 * @param {unknown} request
 * @param {CriticalFailureRule} criticalFailure
 * @param {Partial<RollSpec>} spending what the spend adds: its Character Points or Fate Point
 * @returns {RollSpec}
 */
function rollSpecFor(request, criticalFailure, spending) {
  const spec = readRollRequest(request);
  if (spec.criticalFailureSet && spec.criticalFailure !== criticalFailure) {
    refuse(`the GM chooses what a Critical Failure does (here: ${criticalFailure})`);
  }
  if (spec.characterPoints > 0 || spec.fatePoint) {
    refuse('Character Points and a Fate Point cannot go on the same roll');
  }
  const spent = { ...spec, criticalFailure, ...spending };
  rolledCode(spent);
  return spent;
}

/* --- combat ------------------------------------------------------------------------------- */

/**
 * `opend6:attack` `{ attackerId, targetId, weapon?, skill?, range?, cover?, actions?,
 * characterPoints?, fatePoint?, difficulty?, criticalFailure? }` ("Combat"):
 * 1. the attacker rolls the weapon's skill (less multi-action and wound penalties) against the
 *    combat difficulty: the target's active defense for this round (`opend6:defend`) or its
 *    passive defense 10, plus the range modifier (Point Blank -5, Short 0, Medium +5, Long +10,
 *    from the tokens' distance and the weapon's range listing) and cover, never below 3;
 * 2. on a hit, the damage code (a "+" code adds Strength Damage) is rolled against the target's
 *    resistance roll (Strength plus armor, no wound penalty: "Damage Resistance Total");
 * 3. the difference sets the wound level (`damage.apply`'s rules).
 * Melee and brawling reach Point Blank only and take no range modifier (this module's reading:
 * the range table is for attacks made at a distance). `difficulty` and `criticalFailure` are
 * the GM's to set.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planAttack(intent, state) {
  const payload = readPayload(intent, [
    'attackerId',
    'targetId',
    'weapon',
    'skill',
    'range',
    'cover',
    'actions',
    'characterPoints',
    'fatePoint',
    'difficulty',
    'criticalFailure',
  ]);
  const { actor: attacker, sheet } = actorFor(intent, state, payload.attackerId, 'attack with');
  if (typeof payload.targetId !== 'string') refuse('an attack needs a targetId');
  const target = state.actors?.[payload.targetId];
  if (target === undefined) refuse(`there is no "${payload.targetId}" to attack`);
  if (target.id === attacker.id) refuse(`${attacker.name} cannot attack themselves`);
  const targetSheet = readSheet(target.data);
  if (targetSheet.wounds === DEAD) refuse(`${target.name} is already dead`);

  const weapon = chooseWeapon(sheet, payload.weapon, attacker);
  const skillName =
    payload.skill !== undefined
      ? readString(payload, 'skill', 100)
      : weapon?.skill ||
        (weapon === null ? 'brawling' : weapon.ranges !== '' ? 'firearms' : 'melee combat');
  const skill = skillCode(sheet, skillName);
  const ranged = weapon !== null && weapon.ranges !== '';
  const rangeBand = chooseRange(
    state,
    attacker,
    target,
    weapon,
    payload.range,
    isGm(state, intent.author),
  );
  const cover = optionalInt(payload, 'cover', 0, 100, 'cover') ?? 0;
  const actions = optionalInt(payload, 'actions', 1, 20, 'actions') ?? 1;
  const spend = readSpend(payload, attacker, sheet, state);
  const criticalFailure = gmRule(intent, state, payload, sheet);
  let fixedDifficulty = null;
  if (payload.difficulty !== undefined) {
    if (!isGm(state, intent.author)) refuse("only the GM sets an attack's difficulty");
    fixedDifficulty = parseDifficulty(payload.difficulty);
  }
  const defense = activeDefense(state, target, targetSheet);
  const rangeModifier = ranged ? RANGES[rangeBand] : 0;
  const difficulty =
    fixedDifficulty ??
    Math.max(MIN_COMBAT_DIFFICULTY, (defense?.value ?? PASSIVE_DEFENSE) + rangeModifier + cover);
  const doubled = spend.fatePoint || spend.usesActiveFate;
  /** @type {RollSpec} */
  const attackSpec = {
    ...blankSpec(skill.code, `${skill.name} attack on ${target.name}`),
    difficulty,
    criticalFailure,
    characterPoints: spend.characterPoints,
    fatePoint: doubled,
    actions,
    woundPenalty: WOUND_PENALTY[sheet.wounds] ?? 0,
  };
  rolledCode(attackSpec);
  const damageCode = weapon === null || weapon.damage === '' ? null : weapon.damage;

  return {
    run: (ctx) => {
      const attack = rollRequest(ctx, attackSpec);
      const hit = attack.success === true;
      const how = `${defense === null ? 'passive defense 10' : `${defense.skill} ${defense.value}`}${ranged ? `, ${rangeBand} ${formatModifier({ dice: 0, pips: rangeModifier })}` : ''}${cover > 0 ? `, cover +${cover}` : ''}`;
      ctx.log(`${attacker.name} attacks ${target.name}: ${attack.text} (${how})`);
      /** @type {JsonObject} */
      const record = {
        kind: 'attack',
        label: attackSpec.label ?? '',
        targetId: target.id,
        weapon: weapon?.name ?? 'unarmed',
        attack,
        difficulty: { value: difficulty, level: difficultyLevel(difficulty) },
        hit,
        total: attack.total,
        characterPoints: spend.characterPoints,
        fatePoint: doubled,
        text: `${attack.text} (${how})`,
      };
      /** @type {Change[]} */
      const changes = [...spendChanges(attacker, sheet, spend), keepLastRoll(attacker, record)];
      if (!hit) return { changes, result: record };
      // A Fate Point spent on the attack doubles that roll only; one spent climactically doubles
      // every roll of the round, so the damage too, but only its Strength Damage: a weapon's
      // own code is not part of the character ("Fate Points").
      const base = strengthDamage(sheet);
      const strength = spend.usesActiveFate ? { dice: base.dice * 2, pips: 0 } : base;
      const damage = damageCode === null ? strength : readDamage(damageCode, strength);
      const damageRoll = rollRequest(ctx, {
        ...blankSpec(damage, `${weapon?.name ?? 'unarmed'} damage`),
        criticalFailure,
      });
      const resistance = resistanceRoll(ctx, target, targetSheet, state, 0);
      const difference = /** @type {number} */ (damageRoll.total) - resistance.total;
      const stun = weapon?.stun === true;
      const level = injuryLevel(targetSheet, difference, stun);
      const wound = injure(
        state,
        target,
        targetSheet,
        level,
        stun && difference > 0 ? difference : null,
        ctx,
        `damage ${damageRoll.total} vs resistance ${resistance.total}`,
      );
      changes.push(...wound.changes);
      return {
        changes,
        result: {
          ...record,
          damage: damageRoll,
          resistance,
          difference,
          injury: wound.injury,
          text: `${record.text}; ${damageRoll.text}; ${target.name} resists ${resistance.text}; ${wound.injury.text}`,
        },
      };
    },
  };
}

/**
 * A roll spec with nothing but a code and a label, for rolls the rules make.
 * @param {Code} code
 * @param {string} label
 * @returns {RollSpec}
 */
function blankSpec(code, label) {
  return {
    notation: formatCode(code),
    code,
    label,
    difficulty: null,
    opposed: null,
    initiator: true,
    criticalFailure: 'remove',
    criticalFailureSet: false,
    characterPoints: 0,
    fatePoint: false,
    actions: 1,
    woundPenalty: 0,
    modifier: null,
    cinematic: false,
    actorId: null,
  };
}

/**
 * The damage resistance roll: Strength plus armor, without wound penalties ("Damage
 * Resistance Total"); Character Points may add dice, and an active Fate Point doubles the
 * Strength (armor is not part of the character).
 * @param {ModuleContext} ctx
 * @param {ActorRecord} actor
 * @param {Sheet} sheet
 * @param {State} state
 * @param {number} characterPoints
 */
function resistanceRoll(ctx, actor, sheet, state, characterPoints) {
  const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
  const doubled = fateApplies(sheet, state);
  return rollRequest(ctx, {
    ...blankSpec(strength, `${actor.name} resists`),
    criticalFailure: sheet.criticalFailure,
    characterPoints,
    fatePoint: doubled,
    modifier: armorOf(sheet),
  });
}

/**
 * The weapon an attack uses: the one named, else the first equipped weapon, else bare hands.
 * @param {Sheet} sheet
 * @param {unknown} wanted
 * @param {ActorRecord} actor
 * @returns {Equipment | null}
 */
function chooseWeapon(sheet, wanted, actor) {
  const weapons = sheet.equipment.filter((item) => item.kind === 'weapon');
  if (wanted === undefined) return weapons.find((item) => item.equipped) ?? null;
  if (typeof wanted !== 'string') refuse('weapon is the name of a weapon on the sheet');
  const name = wanted.trim().toLowerCase();
  if (name === 'unarmed' || name === 'fists' || name === 'none') return null;
  const weapon = weapons.find((item) => item.name.toLowerCase() === name);
  if (weapon === undefined) refuse(`${actor.name} has no weapon "${wanted}"`);
  return weapon;
}

/**
 * The range band of an attack: measured from the tokens when both stand on one scene with a
 * grid (a band named in the payload must agree, unless the GM names it), else as named.
 * Unarmed and melee attacks reach Point Blank (3 m) only; a ranged weapon reaches its Long range.
 * @param {State} state
 * @param {ActorRecord} attacker
 * @param {ActorRecord} target
 * @param {Equipment | null} weapon
 * @param {unknown} named
 * @param {boolean} gm
 * @returns {keyof typeof RANGES}
 */
function chooseRange(state, attacker, target, weapon, named, gm) {
  if (named !== undefined && (typeof named !== 'string' || !Object.hasOwn(RANGES, named))) {
    refuse(`range is one of ${Object.keys(RANGES).join(', ')}`);
  }
  // An actor may have tokens on several scenes: measure between two that share one.
  const targets = tokensOf(state, target.id);
  const attackers = tokensOf(state, attacker.id);
  const from =
    attackers.find((token) => targets.some((other) => other.sceneId === token.sceneId)) ??
    attackers[0];
  const to = targets.find((token) => token.sceneId === from?.sceneId) ?? targets[0];
  const ranges = weapon === null || weapon.ranges === '' ? null : parseRanges(weapon.ranges);
  if (named !== undefined && gm) return /** @type {keyof typeof RANGES} */ (named);
  if (from !== undefined && to !== undefined && from.sceneId !== to.sceneId) {
    refuse(`${attacker.name} and ${target.name} are not on the same scene`);
  }
  const metres = from === undefined || to === undefined ? null : metresBetween(state, from, to);
  if (metres === null) {
    if (named === undefined) return ranges === null ? 'point-blank' : 'short';
    return /** @type {keyof typeof RANGES} */ (named);
  }
  let band = /** @type {keyof typeof RANGES} */ ('point-blank');
  if (ranges === null) {
    if (metres > POINT_BLANK_METRES + 1e-9) {
      refuse(
        `${target.name} is ${round1(metres)} m away: out of reach of ${weapon === null ? 'bare hands' : weapon.name} (Point Blank, 3 m)`,
      );
    }
  } else if (metres > ranges[2] + 1e-9) {
    refuse(
      `${target.name} is ${round1(metres)} m away, beyond the ${weapon?.name}'s Long range (${ranges[2]} m)`,
    );
  } else if (metres > ranges[1] + 1e-9) {
    band = 'long';
  } else if (metres > ranges[0] + 1e-9) {
    band = 'medium';
  } else if (metres > POINT_BLANK_METRES + 1e-9) {
    band = 'short';
  }
  if (named !== undefined && named !== band) {
    refuse(`${target.name} is ${round1(metres)} m away: ${band} range, not ${named}`);
  }
  return band;
}

/**
 * The target's active defense, if it rolled one that still stands: in the active combat on its
 * scene, this round or the last (it lasts from the defender's turn to his next: "Active
 * Defense"). Outside a combat no defense is kept.
 * @param {State} state
 * @param {ActorRecord} target
 * @param {Sheet} sheet
 */
function activeDefense(state, target, sheet) {
  if (sheet.defense === null) return null;
  const combat = activeCombat(state, target);
  if (combat === null || combat.id !== sheet.defense.combatId) return null;
  return combat.round - sheet.defense.round <= 1 && combat.round >= sheet.defense.round
    ? sheet.defense
    : null;
}

/**
 * The active combat on the scene of the actor's token, if any.
 * @param {State} state
 * @param {ActorRecord} actor
 */
function activeCombat(state, actor) {
  const scenes = new Set(tokensOf(state, actor.id).map((token) => token.sceneId));
  return (
    Object.values(state.combat ?? {}).find(
      (combat) => combat.active && scenes.has(combat.sceneId),
    ) ?? null
  );
}

/**
 * `opend6:defend` `{ actorId, skill?, full?, actions?, characterPoints?, fatePoint? }`: an active
 * defense ("Active Defense"): dodge, or a melee or brawling skill to block or parry. The total
 * replaces the passive defense 10 for attacks until the defender's turn next round; a full
 * defense (nothing else that round) adds 10 ("Full Defense"); a partial one takes the
 * multi-action penalty. It needs an active combat, whose round it is kept with.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planDefend(intent, state) {
  const payload = readPayload(intent, [
    'actorId',
    'skill',
    'full',
    'actions',
    'characterPoints',
    'fatePoint',
    'criticalFailure',
  ]);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'defend with');
  const skill = skillCode(
    sheet,
    payload.skill === undefined ? 'dodge' : readString(payload, 'skill', 100),
  );
  const full = optionalBool(payload, 'full') ?? false;
  const actions = optionalInt(payload, 'actions', 1, 20, 'actions') ?? (full ? 1 : 2);
  if (full && actions > 1) refuse('a full defense is the only action of its round');
  const combat = activeCombat(state, actor);
  if (combat === null)
    refuse(`${actor.name} is in no active combat: an active defense lasts a round`);
  const spend = readSpend(payload, actor, sheet, state);
  const criticalFailure = gmRule(intent, state, payload, sheet);
  /** @type {RollSpec} */
  const spec = {
    ...blankSpec(skill.code, `${full ? 'full' : 'partial'} ${skill.name} defense`),
    criticalFailure,
    characterPoints: spend.characterPoints,
    fatePoint: spend.fatePoint || spend.usesActiveFate,
    actions,
    woundPenalty: WOUND_PENALTY[sheet.wounds] ?? 0,
  };
  rolledCode(spec);
  return {
    run: (ctx) => {
      const result = rollRequest(ctx, spec);
      const total = /** @type {number} */ (result.total);
      const value = full ? total + 10 : total;
      ctx.log(`${actor.name}: ${result.text}; combat difficulty ${value}`);
      const card = {
        kind: 'defense',
        ...result,
        defense: value,
        text: `${result.text}; to hit ${actor.name} now takes ${value}`,
      };
      return {
        changes: [
          ...spendChanges(actor, sheet, spend),
          set('actors', actor.id, ['data', 'defense'], {
            skill: skill.name,
            total,
            value,
            full,
            combatId: combat.id,
            round: combat.round,
          }),
          keepLastRoll(actor, card),
        ],
        result: card,
      };
    },
  };
}

/**
 * `opend6:resist` `{ actorId, damage, stun?, characterPoints?, fatePoint? }`: resists a damage
 * total rolled at the table (a falling 1D per 1.5 m, an NPC's blow the GM rolled): the
 * character's resistance roll against it, and the wound level that follows.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planResist(intent, state) {
  const payload = readPayload(intent, [
    'actorId',
    'damage',
    'stun',
    'characterPoints',
    'fatePoint',
  ]);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'resist damage with', true);
  if (sheet.wounds === DEAD) refuse(`${actor.name} is already dead`);
  const damage = requiredInt(payload, 'damage', 0, 10_000, 'the damage total');
  const stun = optionalBool(payload, 'stun') ?? false;
  const spend = readSpend(payload, actor, sheet, state);
  return {
    run: (ctx) => {
      const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
      const resistance = rollRequest(ctx, {
        ...blankSpec(strength, `${actor.name} resists ${damage}`),
        criticalFailure: sheet.criticalFailure,
        characterPoints: spend.characterPoints,
        fatePoint: spend.fatePoint || spend.usesActiveFate,
        modifier: armorOf(sheet),
      });
      const difference = damage - /** @type {number} */ (resistance.total);
      const wound = injure(
        state,
        actor,
        sheet,
        injuryLevel(sheet, difference, stun),
        stun && difference > 0 ? difference : null,
        ctx,
        `damage ${damage} vs resistance ${resistance.total}`,
      );
      /** @type {JsonObject} */
      const card = {
        kind: 'resistance',
        damage,
        resistance,
        difference,
        total: resistance.total,
        characterPoints: spend.characterPoints,
        fatePoint: resistance.fatePoint === true,
        injury: wound.injury,
        text: `${resistance.text}; ${wound.injury.text}`,
      };
      return {
        changes: [
          ...spendChanges(actor, sheet, spend),
          ...wound.changes,
          keepLastRoll(actor, card),
        ],
        result: card,
      };
    },
  };
}

/* --- healing ------------------------------------------------------------------------------ */

/**
 * `opend6:heal` `{ patientId, healerId?, method?, kit?, rest?, characterPoints? }` ("Healing",
 * "Wounds"):
 * - `method: "medicine"` (the default): the healer rolls medicine (plus a medical kit's bonus)
 *   against the patient's level (Stunned 10, Wounded and Severely Wounded 15, Incapacitated 20,
 *   Mortally Wounded 30); success improves the patient by one level.
 * - `method: "natural"`: after the rest the level needs, the patient rolls full Strength (no
 *   wound penalty; `rest: "extra"` +1D for twice the rest, `"active"` -1D for working through
 *   it). A Critical Failure worsens the patient by a level; otherwise a total of 6 (8 from
 *   Incapacitated on) improves it. Stunned heals with a minute's rest, no roll.
 * OpenD6 allows one medicine attempt per patient per day; the table keeps that count.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planHeal(intent, state) {
  const payload = readPayload(intent, [
    'patientId',
    'healerId',
    'method',
    'kit',
    'rest',
    'characterPoints',
    'criticalFailure',
  ]);
  const method = payload.method ?? 'medicine';
  if (method !== 'medicine' && method !== 'natural') refuse('method is "medicine" or "natural"');
  const gm = isGm(state, intent.author);
  const patient =
    typeof payload.patientId === 'string' ? state.actors?.[payload.patientId] : undefined;
  if (patient === undefined) refuse(`there is no patient "${String(payload.patientId)}"`);
  const patientSheet = readSheet(patient.data);
  if (patientSheet.wounds === DEAD)
    refuse(`${patient.name} is dead: no healing brings the dead back`);
  if (patientSheet.wounds === 0 && !patientSheet.unconscious) refuse(`${patient.name} is not hurt`);
  const level = patientSheet.wounds;

  if (method === 'natural') {
    if (payload.healerId !== undefined || payload.kit !== undefined) {
      refuse("natural healing is the patient's own Strength roll: no healer, no kit");
    }
    if (!gm && !patient.owners.includes(intent.author))
      refuse(`you do not control ${patient.name}`);
    const rest = payload.rest ?? 'normal';
    if (rest !== 'normal' && rest !== 'extra' && rest !== 'active')
      refuse('rest is "normal", "extra" or "active"');
    if (payload.characterPoints !== undefined) refuse('natural healing takes no Character Points');
    return {
      run: (ctx) => {
        if (level <= STUNNED) {
          const text = `${patient.name} rests a minute: ${level === STUNNED ? 'no longer Stunned' : 'comes to'}`;
          ctx.log(text);
          return {
            changes: woundChanges(state, patient, 0, false),
            result: { kind: 'healing', patientId: patient.id, level: 0, text },
          };
        }
        const strength = /** @type {AttributeSheet} */ (patientSheet.attributes.strength).code;
        const result = rollRequest(ctx, {
          ...blankSpec(strength, `${patient.name} heals naturally`),
          criticalFailure: 'flag',
          modifier:
            rest === 'extra'
              ? { dice: 1, pips: 0 }
              : rest === 'active'
                ? { dice: -1, pips: 0 }
                : null,
        });
        const rule = /** @type {{ needs: number, to: number }} */ (NATURAL_HEALING[level]);
        const total = /** @type {number} */ (result.total);
        const next =
          result.criticalFailure === true
            ? Math.min(DEAD, level + 1)
            : total >= rule.needs
              ? rule.to
              : level;
        const text = `${result.text}: ${WOUND_LEVELS[level]} → ${WOUND_LEVELS[next]}`;
        ctx.log(text);
        const card = { kind: 'healing', ...result, patientId: patient.id, level: next, text };
        return {
          changes: [
            ...woundChanges(
              state,
              patient,
              next,
              next >= MORTALLY_WOUNDED || (patientSheet.unconscious && next >= INCAPACITATED),
            ),
            keepLastRoll(patient, card),
          ],
          result: card,
        };
      },
    };
  }

  if (payload.rest !== undefined) refuse('rest is for natural healing');
  const healerId = payload.healerId ?? payload.patientId;
  const { actor: healer, sheet: healerSheet } = actorFor(intent, state, healerId, 'heal with');
  const kit = payload.kit === undefined ? null : parseModifier(payload.kit, 'the medical kit');
  const characterPoints =
    optionalInt(payload, 'characterPoints', 0, 1_000_000, 'Character Points') ?? 0;
  if (characterPoints > 0) checkCharacterPoints(healer, healerSheet, characterPoints, 0);
  const medicine = skillCode(healerSheet, 'medicine');
  // An unconscious patient who is otherwise healthy is revived at the Stunned difficulty.
  const difficulty = ASSISTED_HEALING[Math.max(STUNNED, level)] ?? 10;
  /** @type {RollSpec} */
  const spec = {
    ...blankSpec(medicine.code, `${healer.name} treats ${patient.name} (medicine)`),
    difficulty,
    criticalFailure: gmRule(intent, state, payload, healerSheet),
    characterPoints,
    modifier: kit,
    woundPenalty: WOUND_PENALTY[healerSheet.wounds] ?? 0,
  };
  rolledCode(spec);
  return {
    run: (ctx) => {
      const result = rollRequest(ctx, spec);
      const next = result.success === true ? Math.max(0, level - 1) : level;
      const awake = result.success === true && next < INCAPACITATED;
      const text = `${result.text}: ${patient.name} ${WOUND_LEVELS[level]} → ${WOUND_LEVELS[next]}`;
      ctx.log(text);
      /** @type {Change[]} */
      const changes = [];
      if (characterPoints > 0) {
        changes.push(
          set(
            'actors',
            healer.id,
            ['data', 'characterPoints'],
            healerSheet.characterPoints - characterPoints,
          ),
        );
      }
      const card = { kind: 'healing', ...result, patientId: patient.id, level: next, text };
      changes.push(
        ...woundChanges(state, patient, next, awake ? false : patientSheet.unconscious),
        keepLastRoll(healer, card),
      );
      return { changes, result: card };
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Chat commands                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * Options written after a command's main words: `cp 2`, `fp`, `actions 2`, `range short`,
 * `cover 6`, `full`, `stun`, `kit +1D`. Returns the options and the other words in order.
 * @param {string} text
 * @param {Record<string, 'number' | 'flag' | 'word'>} known
 */
function commandWords(text, known) {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  /** @type {Record<string, string | number | boolean>} */
  const options = {};
  /** @type {string[]} */
  const rest = [];
  for (let index = 0; index < words.length; index++) {
    const word = /** @type {string} */ (words[index]);
    const kind = known[word.toLowerCase()];
    if (kind === 'flag') {
      options[word.toLowerCase()] = true;
    } else if (kind !== undefined && index + 1 < words.length) {
      const value = /** @type {string} */ (words[++index]);
      if (kind === 'number') {
        if (!/^\d+$/.test(value)) refuse(`"${word}" takes a whole number, not "${value}"`);
        options[word.toLowerCase()] = Number(value);
      } else {
        options[word.toLowerCase()] = value;
      }
    } else {
      rest.push(word);
    }
  }
  return { options, rest };
}

/**
 * The difficulty words of a command (`moderate`, `15`, `very difficult`) as a roll request's
 * option: `{ options: { difficulty: 15 } }`, or nothing without them. Commands pass it beside
 * the notation; `4D+2 vs 15` is the shorthand for players typing a notation themselves (`/r`).
 * @param {readonly string[]} words
 * @returns {{ options?: { difficulty: number } }}
 */
function difficultyOption(words) {
  return words.length === 0 ? {} : { options: { difficulty: parseDifficulty(words.join(' ')) } };
}

/**
 * Runs a command body, turning a refusal into a usage message.
 * @param {() => CommandResult} body
 * @param {string} usage
 */
function command(body, usage) {
  try {
    return body();
  } catch (error) {
    if (error instanceof Refusal) return { message: `${error.message}. Usage: ${usage}` };
    throw error;
  }
}

/**
 * The actor a command speaks as, or a refusal.
 * @param {CommandInput} input
 */
function speaker(input) {
  if (input.actor === undefined) refuse('select the character you speak as first');
  return input.actor;
}

/**
 * Chat commands. Each turns a line into a roll (its options beside the notation) or an intent,
 * which the rules then judge like any other; none changes the table itself.
 * @type {Record<string, ChatCommand>}
 */
exports.commands = {
  d6: {
    description:
      'Roll a die code with the Wild Die: /d6 <code> [difficulty], e.g. /d6 4D+2 moderate',
    run: (input) =>
      command(() => {
        const [code, ...difficulty] = input.text.trim().split(/\s+/);
        if (code === undefined || code === '') refuse('give a die code');
        const parsed = parseCode(code, 'the code');
        return {
          roll: {
            notation: formatCode(parsed),
            ...(input.actor === undefined ? {} : { label: input.actor.name }),
            ...difficultyOption(difficulty),
          },
        };
      }, '/d6 <code> [difficulty], e.g. /d6 3D+2 15'),
  },
  attack: {
    description:
      'Attack: /attack <target id> [weapon] [range point-blank|short|medium|long] [cover N] [actions N] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          range: 'word',
          cover: 'number',
          actions: 'number',
          cp: 'number',
          fp: 'flag',
          skill: 'word',
        });
        const [targetId, ...weapon] = rest;
        if (targetId === undefined) refuse('name the target');
        /** @type {JsonObject} */
        const payload = { attackerId: actor.id, targetId };
        if (weapon.length > 0) payload.weapon = weapon.join(' ');
        if (options.range !== undefined) payload.range = String(options.range).toLowerCase();
        if (options.skill !== undefined) payload.skill = options.skill;
        if (options.cover !== undefined) payload.cover = options.cover;
        if (options.actions !== undefined) payload.actions = options.actions;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return {
          message: `${actor.name} attacks ${targetId}${weapon.length > 0 ? ` with ${weapon.join(' ')}` : ''}.`,
          intent: { kind: 'opend6:attack', payload },
        };
      }, '/attack <target id> [weapon] [range short] [cover 3] [actions 2] [cp 1] [fp]'),
  },
  resist: {
    description:
      'Resist a damage total with Strength and armor: /resist <damage> [stun] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          stun: 'flag',
          cp: 'number',
          fp: 'flag',
        });
        if (rest.length !== 1 || !/^\d+$/.test(/** @type {string} */ (rest[0]))) {
          refuse('give the damage total as a whole number');
        }
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, damage: Number(rest[0]) };
        if (options.stun === true) payload.stun = true;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return { intent: { kind: 'opend6:resist', payload } };
      }, '/resist <damage total> [stun] [cp 1] [fp]'),
  },
  defend: {
    description:
      'Active defense for the round: /defend [dodge|skill] [full] [actions N] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          full: 'flag',
          actions: 'number',
          cp: 'number',
          fp: 'flag',
        });
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, skill: rest.length === 0 ? 'dodge' : rest.join(' ') };
        if (options.full === true) payload.full = true;
        if (options.actions !== undefined) payload.actions = options.actions;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return { intent: { kind: 'opend6:defend', payload } };
      }, '/defend [dodge] [full] [actions 2]'),
  },
  cp: {
    description:
      'Spend Character Points: /cp <points> (dice alone), /cp <points> last, /cp <points> <total> [difficulty], /cp <points> roll <code> [difficulty]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const [points, ...rest] = input.text
          .trim()
          .split(/\s+/)
          .filter((word) => word !== '');
        if (points === undefined || !/^\d+$/.test(points) || Number(points) < 1) {
          refuse('give the number of Character Points');
        }
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, points: Number(points) };
        const [first, ...more] = rest;
        if (first?.toLowerCase() === 'last') {
          if (more.length > 0) refuse('"last" takes nothing after it');
          payload.addTo = 'last';
        } else if (first?.toLowerCase() === 'roll') {
          const [code, ...difficulty] = more;
          const parsed = parseCode(code ?? '', 'the code');
          payload.roll = { notation: formatCode(parsed), ...difficultyOption(difficulty).options };
        } else if (first !== undefined) {
          if (!/^-?\d+$/.test(first)) refuse(`"${first}" is not a total`);
          payload.addTo = {
            total: Number(first),
            ...(more.length === 0 ? {} : { difficulty: parseDifficulty(more.join(' ')) }),
          };
        }
        return { intent: { kind: 'opend6:spend-cp', payload } };
      }, '/cp 1 | /cp 1 last | /cp 2 13 moderate | /cp 1 roll 4D+1 15'),
  },
  fp: {
    description:
      'Spend a Fate Point: /fp (all your rolls doubled this round) or /fp <code> [difficulty] (one roll doubled)',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const [code, ...difficulty] = input.text
          .trim()
          .split(/\s+/)
          .filter((word) => word !== '');
        /** @type {JsonObject} */
        const payload = { actorId: actor.id };
        if (code !== undefined) {
          const parsed = parseCode(code, 'the code');
          payload.roll = { notation: formatCode(parsed), ...difficultyOption(difficulty).options };
        }
        return { intent: { kind: 'opend6:spend-fp', payload } };
      }, '/fp | /fp 4D+2 difficult'),
  },
  heal: {
    description:
      'Heal: /heal <patient id> [kit +1D] [cp N] (your medicine roll) or /heal rest [extra|active] (natural healing)',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, { kit: 'word', cp: 'number' });
        const [first, ...more] = rest;
        if (first === undefined) refuse('name the patient, or "rest"');
        if (first.toLowerCase() === 'rest') {
          const resting = (more[0] ?? 'normal').toLowerCase();
          return {
            intent: {
              kind: 'opend6:heal',
              payload: { patientId: actor.id, method: 'natural', rest: resting },
            },
          };
        }
        /** @type {JsonObject} */
        const payload = { patientId: first, healerId: actor.id, method: 'medicine' };
        if (options.kit !== undefined) payload.kit = String(options.kit);
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        return { intent: { kind: 'opend6:heal', payload } };
      }, '/heal <patient id> [kit +1D] | /heal rest [extra|active]'),
  },
};

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {readonly number[]} values */
function sum(values) {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** @param {number} value */
function round1(value) {
  return Math.round(value * 10) / 10;
}

/**
 * Whether the user is a GM of the table (state.members says so).
 * @param {State} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = state.members;
  return members !== undefined && Object.hasOwn(members, userId) && members[userId]?.role === 'gm';
}

/**
 * A module intent's payload: an object with no field the kind does not take.
 * @param {Intent} intent
 * @param {readonly string[]} fields
 */
function readPayload(intent, fields) {
  if (!isObject(intent.payload)) refuse(`${intent.kind} needs a payload object`);
  for (const key of Object.keys(intent.payload)) {
    if (!fields.includes(key)) {
      refuse(`${intent.kind} has no field "${key}" (it takes ${fields.join(', ')})`);
    }
  }
  return intent.payload;
}

/**
 * The actor an intent acts for: it must exist, be controlled by the author (or the author be a
 * GM) and be able to act.
 * @param {Intent} intent
 * @param {State} state
 * @param {unknown} id
 * @param {string} what "attack with", for the messages
 * @param {boolean} [evenDown] the actor may be out of action (resisting damage)
 * @returns {{ actor: ActorRecord, sheet: Sheet }}
 */
function actorFor(intent, state, id, what, evenDown = false) {
  if (typeof id !== 'string') refuse(`name the character to ${what}`);
  const actor = state.actors?.[id];
  if (actor === undefined) refuse(`there is no character "${id}"`);
  if (!isGm(state, intent.author) && !actor.owners.includes(intent.author)) {
    refuse(`you do not control ${actor.name}`);
  }
  const sheet = readSheet(actor.data);
  if (!evenDown && !canAct(sheet)) refuse(`${whyDown(actor, sheet)} and cannot act`);
  return { actor, sheet };
}

/**
 * The Critical Failure rule of a roll: the character's (the GM's setting), or the one the GM
 * names in the payload; a player may not name another.
 * @param {Intent} intent
 * @param {State} state
 * @param {Record<string, unknown>} payload
 * @param {Sheet} sheet
 * @returns {CriticalFailureRule}
 */
function gmRule(intent, state, payload, sheet) {
  const named = payload.criticalFailure;
  if (named === undefined) return sheet.criticalFailure;
  if (named !== 'remove' && named !== 'flag') refuse('criticalFailure is "remove" or "flag"');
  if (named !== sheet.criticalFailure && !isGm(state, intent.author)) {
    refuse(`the GM chooses what a Critical Failure does (here: ${sheet.criticalFailure})`);
  }
  return named;
}

/**
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} min
 * @param {number} max
 * @param {string} what
 * @returns {number | undefined}
 */
function optionalInt(object, key, min, max, what) {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} min
 * @param {number} max
 * @param {string} what
 * @returns {number}
 */
function requiredInt(object, key, min, max, what) {
  const value = optionalInt(object, key, min, max, what);
  if (value === undefined) refuse(`${what} is required (${key})`);
  return value;
}

/**
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @returns {boolean | undefined}
 */
function optionalBool(object, key) {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') refuse(`${key} must be true or false`);
  return value;
}

/**
 * @param {Record<string, unknown>} object
 * @param {string} key
 * @param {number} max
 */
function readString(object, key, max) {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    refuse(`${key} must be text of 1 to ${max} characters`);
  }
  return value.trim();
}

/**
 * A `set` change.
 * @param {'actors' | 'tokens'} collection
 * @param {string} id
 * @param {string[]} path
 * @param {JsonValue} value
 * @returns {Change}
 */
function set(collection, id, path, value) {
  return { op: 'set', collection, id, path, value };
}

/**
 * The tokens that stand for an actor, in id order (so every peer picks the same first one).
 * @param {State} state
 * @param {string} actorId
 * @returns {TokenRecord[]}
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A copy of `data` with the value at `path` replaced (arrays copied as arrays), to check an
 * edit before it is made.
 * @param {unknown} data
 * @param {readonly string[]} path
 * @param {unknown} value
 * @returns {unknown}
 */
function setAt(data, path, value) {
  if (path.length === 0) return value;
  const [key, ...rest] = /** @type {[string, ...string[]]} */ (path);
  if (Array.isArray(data) && /^\d+$/.test(key)) {
    const copy = [...data];
    copy[Number(key)] = setAt(data[Number(key)], rest, value);
    return copy;
  }
  const record = isObject(data) ? data : {};
  return { ...record, [key]: setAt(record[key], rest, value) };
}
