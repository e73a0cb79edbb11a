// @ts-check
/**
 * Character Points and Fate Points ("Improving a Roll", "Character Points", "Fate Points"): what a
 * payload may spend on its roll, whether a Fate Point spent climactically still doubles, the
 * changes that take spent points off a sheet, and the short last roll a sheet keeps so that
 * Character Points may follow a roll.
 */

/**
 * @import { Change, JsonObject } from '@meshtable/module-sdk'
 * @import { CriticalFailureRule } from './pool.js'
 * @import { Refuse } from './refusal.js'
 * @import { RollSpec } from './roll.js'
 * @import { Sheet } from './sheet.js'
 * @import { ActorRecord, State } from './table.js'
 *
 * @typedef {{ characterPoints: number, fatePoint: boolean, usesActiveFate: boolean }} Spend
 */

const { isObject, optionalBool, optionalInt } = require('./read.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;
const { readRollRequest, rolledCode } = require('./roll.js');
const { set } = require('./table.js');

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
 * Refuses Character Points the character does not have, or more than the table's per-roll
 * limit allows.
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

module.exports = Object.freeze({
  readSpend,
  checkCharacterPoints,
  fateApplies,
  spendChanges,
  keepLastRoll,
  rollSpecFor,
});
