// @ts-check
/**
 * The 5e ways of rolling: d20 tests with advantage and disadvantage (and the conditions that
 * give them), saving throws that fail without a roll, damage dice doubled on a critical hit,
 * and every die of a roll laid out flat for a roll card. Every die comes from ctx.dice, so
 * any peer re-running a ruling with the call's seed draws the same ones.
 */

/**
 * @import { ModuleContext, RollResult } from '@meshtable/module-sdk'
 * @import { Ability } from './constants.js'
 * @import { Creature } from './creature.js'
 * @import { Obj } from './read.js'
 *
 * @typedef {'normal' | 'advantage' | 'disadvantage'} Mode
 * @typedef {{ advantage: string[], disadvantage: string[] }} ModeSources why a roll has
 *   advantage or disadvantage, in words ("prone target within 5 ft")
 */

const { ABILITY_NAMES } = require('./constants.js');
const { plus } = require('./text.js');

/**
 * No reason for advantage or disadvantage yet: the start every roll's reasons are added to.
 * @returns {ModeSources}
 */
function emptySources() {
  return { advantage: [], disadvantage: [] };
}

/**
 * What the player asked for: `mode` ("advantage", "disadvantage", "normal"), or the booleans
 * `advantage` and `disadvantage` (both at once cancel out).
 * @param {Obj} payload
 * @returns {ModeSources}
 */
function askedSources(payload) {
  const sources = emptySources();
  if (payload.mode === 'advantage' || payload.advantage === true) sources.advantage.push('asked');
  if (payload.mode === 'disadvantage' || payload.disadvantage === true) {
    sources.disadvantage.push('asked');
  }
  return sources;
}

/**
 * SRD 5.1 "Advantage and Disadvantage": any advantage with no disadvantage rolls two d20 and
 * keeps the higher, and the reverse keeps the lower; when both apply, however many of each,
 * the roll has neither.
 * @param {ModeSources} sources
 * @returns {Mode}
 */
function modeOf(sources) {
  const up = sources.advantage.length > 0;
  const down = sources.disadvantage.length > 0;
  return up && !down ? 'advantage' : down && !up ? 'disadvantage' : 'normal';
}

/**
 * Advantage and disadvantage an ability check gets from conditions ("Appendix PH-A"):
 * poisoned or exhausted (level 1+) creatures have disadvantage; heavy armor that says so gives
 * disadvantage on Dexterity (Stealth).
 * @param {Creature} c
 * @param {ModeSources} sources
 * @param {string} [skill]
 */
function checkSources(c, sources, skill) {
  const out = { advantage: [...sources.advantage], disadvantage: [...sources.disadvantage] };
  if (c.has('poisoned')) out.disadvantage.push('poisoned');
  if (c.exhaustion >= 1) out.disadvantage.push(`exhaustion ${c.exhaustion}`);
  if (skill === 'stealth' && c.stealthDisadvantage) out.disadvantage.push('armor (Stealth)');
  return out;
}

/**
 * Advantage and disadvantage on a saving throw from conditions: exhaustion 3+, and a restrained
 * creature's Dexterity saves, have disadvantage.
 * @param {Creature} c
 * @param {Ability} ability
 * @param {ModeSources} sources
 */
function saveSources(c, ability, sources) {
  const out = { advantage: [...sources.advantage], disadvantage: [...sources.disadvantage] };
  if (c.exhaustion >= 3) out.disadvantage.push(`exhaustion ${c.exhaustion}`);
  if (ability === 'dex' && c.has('restrained')) out.disadvantage.push('restrained');
  return out;
}

/**
 * Whether a saving throw fails without a roll: paralyzed, petrified, stunned and unconscious
 * creatures fail Strength and Dexterity saves ("Appendix PH-A: Conditions").
 * @param {Creature} c
 * @param {Ability} ability
 * @returns {string | null} the condition that makes it fail
 */
function autoFailSave(c, ability) {
  if (ability !== 'str' && ability !== 'dex') return null;
  return ['paralyzed', 'petrified', 'stunned', 'unconscious'].find((x) => c.has(x)) ?? null;
}

/**
 * Every die of a roll, flat, in the order drawn, for roll cards: which term it belongs to, its
 * face, and whether it was kept, exploded or rerolled.
 * @param {RollResult} result
 */
function flattenDice(result) {
  /** @type {Obj[]} */
  const out = [];
  /** @param {readonly any[]} terms */
  const walk = (terms) => {
    for (const term of terms) {
      if (term.kind === 'dice') {
        for (const die of term.dice) {
          out.push({
            term: term.notation,
            label: term.label,
            sides: die.sides,
            value: die.value,
            kept: die.kept,
            exploded: die.exploded,
            rerolls: [...die.rerolls],
          });
        }
      } else {
        for (const entry of term.entries) walk(entry.rolls);
      }
    }
  };
  walk(result.rolls);
  return out;
}

/**
 * A d20 test ("Using Ability Scores"): d20 + bonus, with two d20 when advantage or
 * disadvantage applies. Returns the kept die as `natural` and every die drawn.
 * @param {ModuleContext} ctx
 * @param {number} bonus
 * @param {ModeSources} sources
 */
function d20Test(ctx, bonus, sources) {
  const mode = modeOf(sources);
  const d20 = mode === 'advantage' ? '2d20kh1' : mode === 'disadvantage' ? '2d20kl1' : '1d20';
  const result = ctx.dice.roll(`${d20}${plus(bonus)}`);
  const term = result.rolls[0];
  const dice = term !== undefined && term.kind === 'dice' ? term.dice : [];
  const kept = dice.find((die) => die.kept) ?? dice[0];
  return {
    notation: result.notation,
    mode,
    natural: kept?.value ?? 0,
    rolls: dice.map((die) => die.value),
    bonus,
    total: result.total,
    text: result.text,
    advantage: sources.advantage,
    disadvantage: sources.disadvantage,
    dice: flattenDice(result),
  };
}

/**
 * A saving throw: d20 + the save bonus, or an automatic failure for a paralyzed, petrified,
 * stunned or unconscious creature's Strength and Dexterity saves.
 * @param {ModuleContext} ctx
 * @param {Creature} c
 * @param {Ability} ability
 * @param {number | null} dc
 * @param {ModeSources} asked
 */
function rollSave(ctx, c, ability, dc, asked) {
  const failsBecause = autoFailSave(c, ability);
  const label = `${ABILITY_NAMES[ability]} save${dc === null ? '' : ` (DC ${dc})`}`;
  if (failsBecause !== null) {
    return {
      ability,
      dc,
      autoFail: failsBecause,
      success: false,
      total: null,
      roll: null,
      text: `${c.name}: ${label} fails automatically (${failsBecause})`,
    };
  }
  const roll = d20Test(ctx, c.saves[ability].bonus, saveSources(c, ability, asked));
  const success = dc === null ? null : roll.total >= dc;
  return {
    ability,
    dc,
    autoFail: null,
    success,
    total: roll.total,
    roll,
    text: `${c.name}: ${label}${modeNote(roll)} ${roll.text}${success === null ? '' : success ? ' — success' : ' — failure'}`,
  };
}

/**
 * " (advantage: asked, target prone)", or nothing for a normal roll; a cancelled pair says so.
 * @param {{ mode: Mode, advantage: string[], disadvantage: string[] }} roll
 */
function modeNote(roll) {
  if (roll.mode === 'advantage') return ` (advantage: ${roll.advantage.join(', ')})`;
  if (roll.mode === 'disadvantage') return ` (disadvantage: ${roll.disadvantage.join(', ')})`;
  if (roll.advantage.length > 0 && roll.disadvantage.length > 0) {
    return ` (advantage and disadvantage cancel: ${[...roll.advantage, ...roll.disadvantage].join(', ')})`;
  }
  return '';
}

/**
 * One part of a damage roll, of one type: the dice (twice as many on a critical hit, "Combat:
 * Critical Hits": the modifiers are added once), plus the bonus, never below 0.
 * @param {ModuleContext} ctx
 * @param {string} dice
 * @param {number} bonus
 * @param {string} type
 * @param {boolean} critical
 */
function rollDamage(ctx, dice, bonus, type, critical) {
  const rolled = dice === '' ? '' : critical ? scaleDice(dice, 2) : dice.replace(/\s+/g, '');
  const notation = rolled === '' ? String(Math.max(0, bonus)) : `${rolled}${plus(bonus)}`;
  const result = ctx.dice.roll(notation);
  return {
    type,
    notation: result.notation,
    total: Math.max(0, result.total),
    text: `${result.text} ${type}`,
    dice: flattenDice(result),
  };
}

/**
 * Multiplies the number of each dice term: `scaleDice("1d8+2", 2)` is "2d8+2". Used for cantrips
 * and for critical hits, which roll the attack's damage dice twice ("Combat: Critical Hits").
 * @param {string} dice
 * @param {number} times
 */
function scaleDice(dice, times) {
  return dice.replace(/\s+/g, '').replace(/(\d*)d(\d+)/g, (_all, count, sides) => {
    return `${(count === '' ? 1 : Number(count)) * times}d${sides}`;
  });
}

module.exports = Object.freeze({
  emptySources,
  askedSources,
  modeOf,
  checkSources,
  flattenDice,
  d20Test,
  rollSave,
  modeNote,
  rollDamage,
  scaleDice,
});
