// @ts-check
/**
 * Combat ("Combat", "Active Defense", "Damage Resistance Total"): the weapon an attack uses, the
 * range band from the tokens' distance and the weapon's range listing, the target's active
 * defense that still stands, and the damage resistance roll.
 */

/**
 * @import { ModuleContext } from '@meshtable/module-sdk'
 * @import { Equipment } from './equipment.js'
 * @import { Refuse } from './refusal.js'
 * @import { AttributeSheet, Sheet } from './sheet.js'
 * @import { ActorRecord, State } from './table.js'
 */

const { armorOf } = require('./character.js');
const { POINT_BLANK_METRES, RANGES } = require('./constants.js');
const { parseRanges } = require('./equipment.js');
const { fateApplies } = require('./points.js');
const { round1 } = require('./read.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;
const { blankSpec, rollRequest } = require('./roll.js');
const { activeCombat, metresBetween, tokensOf } = require('./table.js');

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

module.exports = Object.freeze({
  chooseWeapon,
  chooseRange,
  activeDefense,
  resistanceRoll,
});
