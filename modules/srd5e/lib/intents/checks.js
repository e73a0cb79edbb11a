// @ts-check
/**
 * srd5e:save and srd5e:check: a saving throw or an ability check a player asks for, against a
 * DC when the GM gives one (SRD 5.1 "Using Ability Scores").
 */

/**
 * @import { Intent, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Ability } from '../constants.js'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { ABILITIES, ABILITY_NAMES, SKILLS, SKILL_LEVELS } = require('../constants.js');
const { askedSources, checkSources, d20Test, modeNote, rollSave } = require('../dice.js');
const { abilityOf, skillOf } = require('../read.js');
const { OK, actingAs, cannotAct, refuse, shapeProblem } = require('../refusals.js');
const { mustFind } = require('../table.js');

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
 * srd5e:save: the roll, against the DC when one is given. It changes nothing on the table.
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
  return { changes: [], result: { kind: 'save', intent: intent.id, ...saved } };
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
  return {
    changes: [],
    result: {
      kind: 'check',
      intent: intent.id,
      ability,
      skill: skill ?? '',
      dc,
      success,
      total: roll.total,
      roll,
      text,
    },
  };
}

module.exports = Object.freeze({
  validateSave,
  validateCheck,
  applySave,
  applyCheck,
});
