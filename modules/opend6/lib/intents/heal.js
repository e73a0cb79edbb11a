// @ts-check
/**
 * opend6:heal: a medicine roll against the patient's wound level, or natural healing with a
 * Strength roll after rest ("Healing", "Wounds").
 */

/**
 * @import { Change, Intent } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { RollSpec } from '../roll.js'
 * @import { AttributeSheet } from '../sheet.js'
 * @import { State } from '../table.js'
 */

const { actorFor, gmRule } = require('../acting.js');
const { skillCode } = require('../character.js');
const { parseModifier } = require('../codes.js');
const {
  ASSISTED_HEALING,
  DEAD,
  INCAPACITATED,
  MORTALLY_WOUNDED,
  NATURAL_HEALING,
  STUNNED,
  WOUND_LEVELS,
  WOUND_PENALTY,
} = require('../constants.js');
const { checkCharacterPoints, keepLastRoll } = require('../points.js');
const { optionalInt, readPayload } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { blankSpec, rolledCode, rollRequest } = require('../roll.js');
const { readSheet } = require('../sheet.js');
const { isGm, set } = require('../table.js');
const { woundChanges } = require('../wounds.js');

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

module.exports = Object.freeze({
  planHeal,
});
