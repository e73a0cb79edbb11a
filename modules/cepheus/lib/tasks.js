// @ts-check
/**
 * Tasks (SRD Introduction, The Core Task Resolution System; Difficulty and Effect): 2d6 plus DMs
 * against 8, the Effect and its degree, the difficulties, the DM a skill gives (or its lack), and
 * boon and bane (a variant rule: three dice, the best or worst two kept). Every check the rules
 * make is rolled by rollTask and shown as a TaskCard.
 */

/**
 * @import { ModuleContext, RollResult } from '@meshtable/module-sdk'
 * @import { Character } from './character.js'
 *
 * @typedef {'normal' | 'boon' | 'bane'} Mode
 * @typedef {{ label: string, value: number }} Modifier
 * @typedef {'exceptional failure' | 'failure' | 'success' | 'exceptional success'} Degree
 * @typedef {{
 *   kind: string, label: string, notation: string, mode: Mode,
 *   dice: { value: number, kept: boolean }[], kept: number[], dropped: number[], natural: number,
 *   modifiers: Modifier[], modifier: number, total: number, target: number, effect: number,
 *   degree: Degree, success: boolean, text: string,
 * }} TaskCard
 */

const { signed } = require('./read.js');

/** Every check is 2d6 + DMs against 8 (SRD Introduction, The Core Task Resolution System). */
const TARGET = 8;
/** The Task Difficulties table (SRD Introduction, Difficulty and Effect). */
const DIFFICULTIES = Object.freeze({
  Simple: 6,
  Easy: 4,
  Routine: 2,
  Average: 0,
  Difficult: -2,
  'Very Difficult': -4,
  Formidable: -6,
});
/** The DM for a skill the character does not have (SRD Chapter 2, Untrained and Zero-Level Skills). */
const UNSKILLED_DM = -3;
/** The dice of a check: boon keeps the best two of three, bane the worst two (a variant rule). */
const CHECK_DICE = Object.freeze({ normal: '2d6', boon: '3d6kh2', bane: '3d6kl2' });

/**
 * A difficulty by name (`Very Difficult`, `very-difficult`, `formidable`) or as its DM (`-4`,
 * a whole number from −12 to +12). Undefined and null are Average, the SRD's default.
 * @param {unknown} value
 * @returns {{ name: string, dm: number } | null}
 */
function parseDifficulty(value) {
  if (value === undefined || value === null || value === '') return { name: 'Average', dm: 0 };
  if (typeof value === 'string' && /^\s*[+-]?\d{1,2}\s*$/.test(value)) {
    return parseDifficulty(Number(value));
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -12 || value > 12) return null;
    const named = Object.entries(DIFFICULTIES).find(([, dm]) => dm === value);
    return { name: named === undefined ? `DM${signed(value)}` : named[0], dm: value };
  }
  if (typeof value !== 'string') return null;
  const wanted = value.toLowerCase().replace(/[^a-z]/g, '');
  const named = Object.entries(DIFFICULTIES).find(
    ([name]) => name.toLowerCase().replace(/[^a-z]/g, '') === wanted,
  );
  return named === undefined ? null : { name: named[0], dm: named[1] };
}

/** The reason a difficulty is refused, naming the ones there are. */
const DIFFICULTY_HELP = `a difficulty is one of ${Object.entries(DIFFICULTIES)
  .map(([name, dm]) => `${name} (${signed(dm)})`)
  .join(', ')}, or a DM from -12 to +12`;

/**
 * Boon and bane cancel each other; two of a kind count once.
 * @param {boolean} boon
 * @param {boolean} bane
 * @returns {Mode}
 */
function modeOf(boon, bane) {
  if (boon === bane) return 'normal';
  return boon ? 'boon' : 'bane';
}

/**
 * The Degrees of Success table (SRD Introduction, Difficulty and Effect). A natural 12 is no
 * automatic success and a natural 2 no automatic failure (SRD Introduction, Die Rolls): the
 * degree follows the Effect alone.
 * @param {number} effect
 * @returns {Degree}
 */
function degreeOf(effect) {
  if (effect >= 6) return 'exceptional success';
  if (effect >= 0) return 'success';
  if (effect > -6) return 'failure';
  return 'exceptional failure';
}

/**
 * The DM a skill gives a check: its level; −3 without it, less one per level of
 * Jack-of-all-Trades, which never turns into a bonus (SRD Chapter 2, Untrained and Zero-Level
 * Skills; Jack-of-All-Trades). No skill named means a characteristic check: no DM.
 * @param {Character} character
 * @param {string | null} name
 * @returns {Modifier | null}
 */
function skillModifier(character, name) {
  if (name === null) return null;
  const skill = findSkill(character, name);
  if (skill !== undefined) return { label: `${skill.name}-${skill.level}`, value: skill.level };
  const jack = findSkill(character, 'Jack-of-all-Trades');
  const value = Math.min(0, UNSKILLED_DM + (jack?.level ?? 0));
  return { label: `${name} (unskilled)`, value };
}

/**
 * A skill by name, ignoring case, spaces and punctuation (`zero g` finds Zero-G). Jack-of-all-
 * Trades also answers to its SRD short names, Jack o' Trades and JoT.
 * @param {Character} character
 * @param {string} name
 */
function findSkill(character, name) {
  const key = skillKey(name);
  return character.skills.find((skill) => skillKey(skill.name) === key);
}

/** @param {string} name */
function skillKey(name) {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return key === 'jot' || key === 'jackotrades' ? 'jackofalltrades' : key;
}

/**
 * Rolls a check and reads it: the dice (every one, kept or dropped), the DMs, the total, the
 * Effect against 8 and its degree.
 * @param {ModuleContext} ctx
 * @param {{ kind: string, label: string, mode: Mode, modifiers: readonly Modifier[], target?: number }} spec
 * @returns {TaskCard}
 */
function rollTask(ctx, spec) {
  const modifiers = spec.modifiers.filter((modifier) => modifier.value !== 0);
  const notation =
    CHECK_DICE[spec.mode] + modifiers.map((modifier) => signed(modifier.value)).join('');
  return readTask(ctx.dice.roll(notation), { ...spec, modifiers });
}

/**
 * @param {RollResult} result
 * @param {{ kind: string, label: string, mode: Mode, modifiers: readonly Modifier[], target?: number }} spec
 * @returns {TaskCard}
 */
function readTask(result, spec) {
  const term = result.rolls[0];
  const dice =
    term !== undefined && term.kind === 'dice'
      ? term.dice.map((die) => ({ value: die.value, kept: die.kept }))
      : [];
  const kept = dice.filter((die) => die.kept).map((die) => die.value);
  const natural = kept.reduce((sum, value) => sum + value, 0);
  const target = spec.target ?? TARGET;
  const effect = result.total - target;
  const degree = degreeOf(effect);
  const prefix = spec.label === '' ? '' : `${spec.label}: `;
  return {
    kind: spec.kind,
    label: spec.label,
    notation: result.notation,
    mode: spec.mode,
    dice,
    kept,
    dropped: dice.filter((die) => !die.kept).map((die) => die.value),
    natural,
    modifiers: spec.modifiers.map((modifier) => ({ ...modifier })),
    modifier: result.total - natural,
    total: result.total,
    target,
    effect,
    degree,
    success: effect >= 0,
    text: `${prefix}${result.text} vs ${target}: Effect ${signed(effect)}, ${degree}`,
  };
}

module.exports = Object.freeze({
  DIFFICULTIES,
  parseDifficulty,
  DIFFICULTY_HELP,
  modeOf,
  skillModifier,
  findSkill,
  rollTask,
});
