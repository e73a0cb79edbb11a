// @ts-check
/**
 * A character as the rules read it from an actor's sheet, every value checked and clamped, and
 * where the character stands (SRD Chapter 5, Damage: the Damage Results table): healthy, wounded,
 * seriously wounded, unconscious or dead, and how far that lets them move in a round.
 */

/**
 * @import { Actor, JsonValue } from '@meshtable/module-sdk'
 * @import { Scores } from './characteristics.js'
 * @import { Armor, Weapon } from './equipment.js'
 *
 * @typedef {{ name: string, level: number }} Skill
 * @typedef {'healthy' | 'wounded' | 'seriously wounded' | 'unconscious' | 'dead'} Condition
 * @typedef {{
 *   id: string, name: string, owners: readonly string[], scores: Scores, current: Scores,
 *   psi: number | null, skills: Skill[], weapons: Weapon[], armor: Armor[], speed: number,
 *   damageTo: 'str' | 'dex' | null,
 * }} Character
 */

const { AVERAGE_SCORE, CHARACTERISTICS, PHYSICAL, toScore } = require('./characteristics.js');
const { readArmor, readWeapon } = require('./equipment.js');
const { asArray, asObject, clampInt } = require('./read.js');

/** Metres a character moves with one minor action (SRD Chapter 5, Minor Actions: Movement). */
const HUMAN_SPEED = 6;
/** Minor actions a round holds when the significant action is given up (SRD Introduction). */
const MINOR_ACTIONS_PER_ROUND = 3;
/** How far a seriously wounded character hobbles in a round (SRD Chapter 5, Injury and Recovery). */
const HOBBLE_METRES = 1.5;

/**
 * An actor's sheet as the rules read it: every value checked and clamped, so a half-filled or
 * hand-edited sheet still gives answers (validate refuses the bad edits themselves).
 * @param {Actor} actor
 * @returns {Character}
 */
function readCharacter(actor) {
  const data = asObject(actor.data);
  const { scores, current } = readScores(data);
  const speed = data.speed;
  return {
    id: actor.id,
    name: actor.name,
    owners: actor.owners,
    scores,
    current,
    psi: typeof data.psi === 'number' && Number.isFinite(data.psi) ? toScore(data.psi, 0) : null,
    skills: readSkills(data.skills),
    weapons: asArray(data.weapons).flatMap((row) => {
      const weapon = readWeapon(row);
      return typeof weapon === 'string' ? [] : [weapon];
    }),
    armor: asArray(data.armor).flatMap((row) => {
      const armor = readArmor(row);
      return typeof armor === 'string' ? [] : [armor];
    }),
    speed:
      typeof speed === 'number' && Number.isFinite(speed) && speed >= 0 && speed <= 120
        ? speed
        : HUMAN_SPEED,
    // 'auto' (and no choice at all) leaves it to the rules: the higher of the two.
    damageTo: data.damageTo === 'str' || data.damageTo === 'dex' ? data.damageTo : null,
  };
}

/**
 * The scores and current values of a sheet's data: a score left out is an average 7; a current
 * value left out is the score (no damage), and is never above it (an edit that raised the score
 * leaves the damage where it was).
 * @param {Record<string, JsonValue | undefined>} data
 * @returns {{ scores: Scores, current: Scores }}
 */
function readScores(data) {
  const rawScores = asObject(data.characteristics);
  const rawCurrent = asObject(data.current);
  const scores = /** @type {Scores} */ ({});
  const current = /** @type {Scores} */ ({});
  for (const key of CHARACTERISTICS) {
    const score = toScore(rawScores[key], AVERAGE_SCORE);
    scores[key] = score;
    current[key] = Math.min(score, toScore(rawCurrent[key], score));
  }
  return { scores, current };
}

/**
 * @param {unknown} value
 * @returns {Skill[]}
 */
function readSkills(value) {
  return asArray(value).flatMap((row) => {
    const skill = asObject(row);
    if (typeof skill.name !== 'string' || skill.name.trim() === '') return [];
    if (typeof skill.level !== 'number' || !Number.isFinite(skill.level)) return [];
    return [{ name: skill.name.trim(), level: clampInt(skill.level, 0, 15) }];
  });
}

/**
 * Where the character stands, from the Damage Results table (SRD Chapter 5, Damage): any
 * physical characteristic damaged → wounded; all three damaged → seriously wounded; two at
 * zero → unconscious; three at zero → dead.
 * @param {Character} character
 */
function healthOf(character) {
  let atZero = 0;
  let damaged = 0;
  for (const key of PHYSICAL) {
    if (character.current[key] <= 0) atZero++;
    if (character.current[key] < character.scores[key]) damaged++;
  }
  const dead = atZero >= 3;
  const unconscious = !dead && atZero >= 2;
  const seriouslyWounded = damaged >= 3;
  /** @type {Condition} */
  const condition = dead
    ? 'dead'
    : unconscious
      ? 'unconscious'
      : seriouslyWounded
        ? 'seriously wounded'
        : damaged > 0
          ? 'wounded'
          : 'healthy';
  return { condition, dead, unconscious, seriouslyWounded, wounded: damaged > 0 };
}

/**
 * Metres the character may move in one combat round: three minor actions of movement (SRD
 * Introduction, The Combat Round; Chapter 5, Movement), 1.5 m when seriously wounded (SRD
 * Chapter 5, Injury and Recovery), nothing when unconscious or dead.
 * @param {Character} character
 */
function movementPerRound(character) {
  const health = healthOf(character);
  if (health.dead || health.unconscious) return 0;
  if (health.seriouslyWounded) return Math.min(HOBBLE_METRES, character.speed);
  return MINOR_ACTIONS_PER_ROUND * character.speed;
}

module.exports = Object.freeze({
  readCharacter,
  readScores,
  healthOf,
  movementPerRound,
});
