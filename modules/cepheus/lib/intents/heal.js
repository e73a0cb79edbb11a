// @ts-check
/**
 * cepheus:heal: first aid, surgery, medical care and rest (SRD Chapter 5, Injury and Recovery;
 * Medical Treatment; Natural Healing).
 */

/**
 * @import { Change, Intent, JsonObject, ModuleContext, TableState as State } from '@meshtable/module-sdk'
 * @import { Character } from '../character.js'
 * @import { Physical, Scores } from '../characteristics.js'
 * @import { Mode, Modifier } from '../tasks.js'
 *
 * @typedef {{
 *   method: string, patient: Character, healer: Character | null, days: number, late: boolean,
 *   priority: Physical[] | null, modifiers: Modifier[], mode: Mode,
 * }} HealPlan
 */

const { healthOf, readCharacter } = require('../character.js');
const {
  characteristicDm,
  CHARACTERISTICS,
  formatUpp,
  NAMES,
  PHYSICAL,
} = require('../characteristics.js');
const { restorePoints, takeDamage, woundChanges } = require('../damage.js');
const { asObject, idText, isPlainObject, isWholeNumber, signed } = require('../read.js');
const { actorNamed, controls } = require('../table.js');
const { findSkill, rollTask, skillModifier } = require('../tasks.js');

/** The ways to heal (SRD Chapter 5, Natural Healing and Medical Treatment). */
const HEAL_METHODS = Object.freeze(['firstAid', 'surgery', 'medicalCare', 'rest', 'activeRest']);
/** Performing first aid or surgery on yourself (SRD Chapter 5, Medical Treatment). */
const SELF_TREATMENT_DM = Object.freeze({ firstAid: -2, surgery: -4 });

/**
 * Healing (SRD Chapter 5, Injury and Recovery):
 * - `firstAid`: a Medicine check; twice its Effect in points within five minutes of the injury,
 *   its Effect alone up to an hour after (`late`); Difficult (−2) on yourself.
 * - `surgery`: for the seriously wounded only; points as first aid, but a failure costs the
 *   patient points equal to the Effect; Very Difficult (−4) on yourself.
 * - `medicalCare`: 2 + the patient's END DM + the doctor's Medicine per day, divided evenly;
 *   not for the seriously wounded, who need surgery first.
 * - `rest`: 1D6 + END DM a day of full rest; only the END DM when seriously wounded, which a
 *   negative DM turns into a loss. `activeRest`: 1 + END DM a day while staying active.
 * The SRD leaves the characteristic of a Medicine check to the referee: EDU unless the payload
 * names another.
 * @param {Intent} intent
 * @param {State} state
 * @returns {HealPlan | string}
 */
function healPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'healing needs { patientId, method }';
  const payload = asObject(intent.payload);
  const method = HEAL_METHODS.find((name) => name === payload.method);
  if (method === undefined) return `the ways to heal are ${HEAL_METHODS.join(', ')}`;
  const patientActor = actorNamed(state, payload.patientId);
  if (patientActor === undefined) return `there is no patient "${idText(payload.patientId)}"`;
  const patient = readCharacter(patientActor);
  const health = healthOf(patient);
  if (health.dead) return `${patient.name} is dead; no medicine brings them back`;
  if (!health.wounded) return `${patient.name} is not hurt`;

  const treated = method === 'firstAid' || method === 'surgery' || method === 'medicalCare';
  /** @type {Character | null} */
  let healer = null;
  if (treated) {
    const healerActor = actorNamed(state, payload.healerId);
    if (healerActor === undefined) return `${method} needs the healer: healerId names a character`;
    if (!controls(state, intent.author, healerActor))
      return `you do not control ${healerActor.name}`;
    healer = healerActor.id === patient.id ? patient : readCharacter(healerActor);
    const healerHealth = healthOf(healer);
    if (healerHealth.dead || healerHealth.unconscious) {
      return `${healer.name} is ${healerHealth.condition} and cannot treat anyone`;
    }
  } else if (!controls(state, intent.author, patientActor)) {
    return `you do not control ${patient.name}`;
  }
  if (method === 'surgery' && !health.seriouslyWounded) {
    return `surgery only helps the seriously wounded, and ${patient.name} is ${health.condition}`;
  }
  if (method === 'medicalCare' && health.seriouslyWounded) {
    return `${patient.name} is seriously wounded and needs surgery before medical care helps`;
  }
  if (method === 'medicalCare' && healer !== null && findSkill(healer, 'Medicine') === undefined) {
    return `medical care needs a doctor with the Medicine skill, which ${healer.name} lacks`;
  }
  const daily = method === 'medicalCare' || method === 'rest' || method === 'activeRest';
  if (daily ? !isWholeNumber(payload.days ?? 1, 1, 28) : payload.days !== undefined) {
    return daily ? 'days are a whole number from 1 to 28' : `${method} takes no days`;
  }
  if (payload.late !== undefined && (method !== 'firstAid' || typeof payload.late !== 'boolean')) {
    return '"late" (first aid more than five minutes after the injury) is true or false, for first aid only';
  }
  const priority = readPriority(payload.priority);
  if (typeof priority === 'string') return priority;
  const characteristic =
    payload.characteristic === undefined
      ? 'edu'
      : CHARACTERISTICS.find((key) => key === payload.characteristic);
  if (characteristic === undefined) return 'the characteristic is str, dex, end, int, edu or soc';
  if (payload.dm !== undefined && !isWholeNumber(payload.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  /** @type {Modifier[]} */
  let modifiers = [];
  if (healer !== null && (method === 'firstAid' || method === 'surgery')) {
    modifiers = [
      /** @type {Modifier} */ (skillModifier(healer, 'Medicine')),
      { label: NAMES[characteristic], value: characteristicDm(healer.current[characteristic]) },
      ...(healer.id === patient.id
        ? [{ label: 'on yourself', value: SELF_TREATMENT_DM[method] }]
        : []),
      { label: 'DM', value: typeof payload.dm === 'number' ? payload.dm : 0 },
    ];
  }
  return {
    method,
    patient,
    healer,
    days: typeof payload.days === 'number' ? payload.days : 1,
    late: payload.late === true,
    priority,
    modifiers,
    mode: 'normal',
  };
}

/**
 * @param {unknown} value
 * @returns {Physical[] | null | string}
 */
function readPriority(value) {
  if (value === undefined || value === null) return null;
  const order = Array.isArray(value) ? value : [];
  const keys = order.filter((key) => PHYSICAL.includes(/** @type {Physical} */ (key)));
  if (keys.length !== order.length || keys.length === 0 || new Set(keys).size !== keys.length) {
    return 'the priority lists physical characteristics to restore first: str, dex, end';
  }
  return /** @type {Physical[]} */ (keys);
}

/**
 * The treatment or the days of rest; the result is its card: the Medicine check, if any, and
 * the points restored (or lost).
 * @param {HealPlan} plan
 * @param {State} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyHeal(plan, state, ctx) {
  const { patient } = plan;
  if (plan.method === 'firstAid' || plan.method === 'surgery') {
    const healer = /** @type {Character} */ (plan.healer);
    const label = `${healer.name}: ${plan.method === 'firstAid' ? 'first aid' : 'surgery'} on ${patient.name}`;
    const card = rollTask(ctx, { kind: 'heal', label, mode: 'normal', modifiers: plan.modifiers });
    /** @type {Scores} */
    let current = patient.current;
    let summary = '';
    if (card.effect > 0) {
      const points = plan.late ? card.effect : 2 * card.effect;
      current = restorePoints(patient, points, plan.priority).current;
      summary = `${points} points restored`;
    } else if (card.effect < 0 && plan.method === 'surgery') {
      current = takeDamage(patient, -card.effect).current;
      summary = `the surgery fails: ${patient.name} loses ${-card.effect} points`;
    } else {
      summary = 'no points restored';
    }
    ctx.log(`${card.text}: ${summary}`);
    const after = { ...patient, current };
    return {
      changes: woundChanges(state, patient, current),
      result: {
        ...card,
        text: `${card.text}: ${summary}; ${patient.name} is ${healthOf(after).condition}`,
      },
    };
  }

  // A day at a time: the END DM that sets each day's points changes as Endurance heals.
  let day = patient;
  /** @type {number[]} */
  const perDay = [];
  /** @type {number[]} the d6 of each day of full rest */
  const dice = [];
  for (let n = 0; n < plan.days; n++) {
    const endDm = characteristicDm(day.current.end);
    const seriously = healthOf(day).seriouslyWounded;
    let points;
    if (plan.method === 'medicalCare') {
      const medicine = findSkill(/** @type {Character} */ (plan.healer), 'Medicine')?.level ?? 0;
      points = Math.max(0, 2 + endDm + medicine);
    } else if (seriously) {
      points = endDm;
    } else if (plan.method === 'rest') {
      const face = ctx.dice.die(6);
      dice.push(face);
      points = face + endDm;
    } else {
      points = 1 + endDm;
    }
    perDay.push(points);
    const current =
      points >= 0
        ? restorePoints(day, points, plan.priority).current
        : takeDamage(day, -points).current;
    // Intelligence and Education heal a point a day (SRD Chapter 5, Healing and Mental Characteristics).
    for (const key of /** @type {const} */ (['int', 'edu'])) {
      current[key] = Math.min(day.scores[key], current[key] + 1);
    }
    day = { ...day, current };
    if (healthOf(day).dead) break;
  }
  const text =
    `${patient.name}: ${plan.method === 'medicalCare' ? 'medical care' : plan.method === 'rest' ? 'full rest' : 'active rest'}` +
    ` for ${perDay.length} day(s): ${perDay.map(signed).join(', ')} points; ${formatUpp(day.current)} (${healthOf(day).condition})`;
  ctx.log(text);
  return {
    changes: woundChanges(state, patient, day.current),
    result: { kind: 'heal', label: text, perDay, dice, text },
  };
}

module.exports = Object.freeze({
  healPlan,
  applyHeal,
});
