// @ts-check
/**
 * Roll requests and roll cards: reading what a `roll` request, a sheet's button or a spend asks
 * for (a code, a difficulty or an opposed total, points, penalties, the Critical Failure rule),
 * the dice that leaves after Fate Point doubling, bonuses and penalties, and the card that shows
 * every die and the verdict. The `roll` hook itself is one line over these.
 */

/**
 * @import { JsonObject, ModuleContext, RollHook } from '@meshtable/module-sdk'
 * @import { Code } from './codes.js'
 * @import { CriticalFailureRule, Pool } from './pool.js'
 * @import { Refuse } from './refusal.js'
 *
 * @typedef {{
 *   notation: string, code: Code, label: string | null,
 *   difficulty: number | null, opposed: number | null, initiator: boolean,
 *   criticalFailure: CriticalFailureRule, criticalFailureSet: boolean,
 *   characterPoints: number, fatePoint: boolean, actions: number, woundPenalty: number,
 *   modifier: Code | null, cinematic: boolean, actorId: string | null,
 * }} RollSpec
 * @typedef {JsonObject & { total: number, text: string, criticalFailure: boolean, success?: boolean }} RollCard
 *   What `roll` returns, and what the rules' own rolls show: every die, the flags, the total.
 */

const { formatCode, formatModifier, parseCode, parseModifier } = require('./codes.js');
const { MAX_DICE } = require('./constants.js');
const { difficultyLevel, parseDifficulty } = require('./difficulty.js');
const { poolText, rollPool } = require('./pool.js');
const { isObject, optionalBool, optionalInt, readString } = require('./read.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

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
 * `roll(request)`: rolls a die code the OpenD6 way. The request is
 * `{ notation: "4D+2" | "4D+2 vs 15" | "3D+1+1D-1D", difficulty?, opposed?, initiator?,
 * criticalFailure?, characterPoints?, fatePoint?, actions?, woundPenalty?, modifier?, label? }`.
 * The result shows every die: the normal dice, the Wild Die's chain of rolls, the Character
 * Point dice, the dice a Critical Failure removed, and the flags.
 * @type {RollHook}
 */
const roll = (request, ctx) => rollRequest(ctx, readRollRequest(request));

module.exports = Object.freeze({
  readRollRequest,
  rolledCode,
  rollRequest,
  blankSpec,
  roll,
});
