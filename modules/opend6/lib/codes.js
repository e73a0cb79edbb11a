// @ts-check
/**
 * Die codes ("Rolling Dice", "Attributes", "Skills"): "3D+2" is three six-sided dice plus two
 * pips, and three pips make a die. Parsing codes and bonuses as sheets and players write them,
 * adding them, writing them back (as a code, as a bonus, and in the table's generic dice
 * language for roll buttons), and Strength Damage from a code.
 */

/**
 * @import { Refuse } from './refusal.js'
 *
 * @typedef {{ dice: number, pips: number }} Code
 *   A die code: `dice` six-sided dice plus `pips` added to the total. Written "3D+2".
 */

const { MAX_DICE } = require('./constants.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * Parses a die code or a sum of them, as sheets and roll buttons write them: "3D+2",
 * "3D+1+1D" (an attribute plus skill dice), "4D+2-1D" (less a wound penalty). Three pips make
 * a die ("Attributes"; "Skills": 3D+1 plus two pips is 4D), so the result is normalized: "3D+3"
 * is 4D. `3d6` is read as 3D (OpenD6 rolls six-sided dice only); other dice are refused.
 * @param {unknown} text
 * @param {string} [what] how the message names the code ("Agility", "the roll")
 * @returns {Code}
 * @throws {Refusal} naming what is wrong
 */
function parseCode(text, what = 'the die code') {
  const terms = parseTerms(text, what);
  if (!terms.some((term) => term.dice)) {
    refuse(
      `${what} "${String(text).trim()}" has no dice: write "${String(text).trim()}D" for dice or "0D+${String(text).trim()}" for pips`,
    );
  }
  let total = 0;
  let dice = 0;
  let lost = false;
  for (const term of terms) {
    total += term.sign * (term.dice ? 3 * term.count : term.count);
    if (term.dice) {
      dice += term.sign * term.count;
      lost ||= term.sign < 0 && term.count > 0;
    }
  }
  if (Math.abs(dice) > MAX_DICE)
    refuse(`${what} "${String(text).trim()}" has more than ${MAX_DICE}D`);
  if (total < 0) refuse(`${what} "${String(text).trim()}" comes to less than 0D`);
  const code = normalize({ dice: 0, pips: total });
  // "A character may not rely on any skill or attribute reduced to zero" (Multi-action Penalty).
  if (lost && code.dice === 0) {
    refuse(
      `${what} "${String(text).trim()}" leaves no dice: a character cannot rely on a skill or attribute reduced to zero`,
    );
  }
  return code;
}

/**
 * Parses a bonus or penalty: "+1D", "-2D", "+2", "-1", "+1D+1". Dice add dice and a number adds
 * to the total ("Rolling Dice"), so nothing is normalized: "+2" stays two pips.
 * @param {unknown} text
 * @param {string} [what]
 * @returns {Code}
 */
function parseModifier(text, what = 'the modifier') {
  const code = { dice: 0, pips: 0 };
  for (const term of parseTerms(text, what)) {
    if (term.dice) code.dice += term.sign * term.count;
    else code.pips += term.sign * term.count;
  }
  if (Math.abs(code.dice) > MAX_DICE) refuse(`${what} has more than ${MAX_DICE}D`);
  return code;
}

/**
 * Splits a code into signed terms of dice or pips. Spaces are ignored; signs may repeat
 * ("3D+1++1D", what a roll button makes of "…+@item.adds" when adds is written "+1D").
 * @param {unknown} text
 * @param {string} what
 * @returns {{ sign: number, count: number, dice: boolean }[]}
 */
function parseTerms(text, what) {
  if (typeof text !== 'string') refuse(`${what} must be text such as "3D+2"`);
  const source = text.replace(/\s+/g, '');
  if (source === '') refuse(`${what} is empty: write it like "3D+2"`);
  if (source.length > 100) refuse(`${what} is longer than 100 characters`);
  if (/[.,]/.test(source)) refuse(`${what} "${text.trim()}": dice and pips are whole numbers`);
  const stray = /[^0-9dD+-]/.exec(source);
  if (stray !== null) {
    refuse(`${what} "${text.trim()}" cannot contain "${stray[0]}": write it like "3D+2"`);
  }
  /** @type {{ sign: number, count: number, dice: boolean }[]} */
  const terms = [];
  for (const match of source.matchAll(/([+-]*)([^+-]*)/g)) {
    const [whole, signs = '', body = ''] = match;
    if (whole === '') continue;
    if (body === '') refuse(`${what} "${text.trim()}" ends with a sign: add dice or pips after it`);
    const term = /^(\d{1,3})(?:([dD])(\d*))?$/.exec(body);
    if (term === null) {
      if (/^[dD]/.test(body)) {
        refuse(
          `${what} "${text.trim()}": a die code starts with its number of dice ("1D", not "D")`,
        );
      }
      refuse(`${what} "${text.trim()}" is not a die code: write it like "3D+2"`);
    }
    const [, count = '0', d, sides = ''] = term;
    if (sides !== '' && sides !== '6') {
      refuse(`${what} "${text.trim()}": OpenD6 rolls six-sided dice only, not d${sides}`);
    }
    const negative = (signs.match(/-/g) ?? []).length % 2 === 1;
    terms.push({ sign: negative ? -1 : 1, count: Number(count), dice: d !== undefined });
  }
  return terms;
}

/**
 * Carries pips into dice: 3 pips are 1D, so a code always has 0, 1 or 2 pips.
 * @param {Code} code
 * @returns {Code}
 */
function normalize(code) {
  const total = code.dice * 3 + code.pips;
  const dice = Math.floor(total / 3);
  return { dice, pips: total - dice * 3 };
}

/**
 * The sum of two codes, normalized: 3D+1 and 1D+2 make 5D.
 * @param {Code} a
 * @param {Code} b
 * @returns {Code}
 */
function addCodes(a, b) {
  return normalize({ dice: a.dice + b.dice, pips: a.pips + b.pips });
}

/**
 * "3D+2", "4D", "0D+1", "8D+4" (a doubled code keeps its pips).
 * @param {Code} code
 */
function formatCode(code) {
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return `${code.dice}D${pips}`;
}

/**
 * A code in the table's generic dice language, "3d6+1", for roll buttons: the app checks a
 * button's notation with that language, and this module's roll hook reads "3d6" as 3D.
 * @param {Code} code
 */
function formatNotation(code) {
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return `${code.dice}d6${pips}`;
}

/**
 * "+1D", "-1D", "+2", "+1D+1", "+0".
 * @param {Code} code
 */
function formatModifier(code) {
  if (code.dice === 0) return code.pips < 0 ? `${code.pips}` : `+${code.pips}`;
  const dice = code.dice > 0 ? `+${code.dice}D` : `${code.dice}D`;
  const pips = code.pips === 0 ? '' : code.pips > 0 ? `+${code.pips}` : `${code.pips}`;
  return dice + pips;
}

/**
 * Strength Damage: drop the pips of Strength (or of lift, if higher), halve, round up
 * ("Character Basics": "Strength Damage": 3D gives 2D, 6D+2 gives 3D).
 * @param {Code} code
 * @returns {Code}
 */
function strengthDamageOf(code) {
  return { dice: Math.ceil(code.dice / 2), pips: 0 };
}

module.exports = Object.freeze({
  parseCode,
  parseModifier,
  normalize,
  addCodes,
  formatCode,
  formatNotation,
  formatModifier,
  strengthDamageOf,
});
