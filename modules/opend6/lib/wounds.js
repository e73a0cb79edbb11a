// @ts-check
/**
 * Wound levels ("Damage": "Wound Levels", "Stun Damage"): the level a damage total over a
 * resistance total gives, how a new injury worsens the current level, what follows (staying up
 * when Incapacitated, being knocked out), and the changes that write a level to the sheet and to
 * the conditions of the character's tokens.
 */

/**
 * @import { Change, JsonObject, ModuleContext } from '@meshtable/module-sdk'
 * @import { Sheet } from './sheet.js'
 * @import { ActorRecord, State } from './table.js'
 */

const { skillCode } = require('./character.js');
const { formatCode } = require('./codes.js');
const {
  DEAD,
  INCAPACITATED,
  MORTALLY_WOUNDED,
  STAY_UP_DIFFICULTY,
  STUNNED,
  UNCONSCIOUS,
  WOUND_CONDITIONS,
  WOUND_LEVELS,
  WOUNDED,
} = require('./constants.js');
const { poolText, rollPool } = require('./pool.js');
const { set, tokensOf } = require('./table.js');

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

module.exports = Object.freeze({
  injuryLevel,
  injure,
  woundChanges,
});
