// @ts-check
/**
 * opend6:attack: the attack roll against the combat difficulty, then damage against the target's
 * resistance, then the wound level ("Combat").
 */

/**
 * @import { Change, Intent, JsonObject } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { RollSpec } from '../roll.js'
 * @import { State } from '../table.js'
 */

const { actorFor, gmRule } = require('../acting.js');
const { skillCode, strengthDamage } = require('../character.js');
const { formatModifier } = require('../codes.js');
const { activeDefense, chooseRange, chooseWeapon, resistanceRoll } = require('../combat.js');
const {
  DEAD,
  MIN_COMBAT_DIFFICULTY,
  PASSIVE_DEFENSE,
  RANGES,
  WOUND_PENALTY,
} = require('../constants.js');
const { difficultyLevel, parseDifficulty } = require('../difficulty.js');
const { readDamage } = require('../equipment.js');
const { keepLastRoll, readSpend, spendChanges } = require('../points.js');
const { optionalInt, readPayload, readString } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { blankSpec, rolledCode, rollRequest } = require('../roll.js');
const { readSheet } = require('../sheet.js');
const { isGm } = require('../table.js');
const { injure, injuryLevel } = require('../wounds.js');

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

module.exports = Object.freeze({
  planAttack,
});
