// @ts-check
/**
 * Characteristics, pseudo-hexadecimal and the UPP (SRD Chapter 1, The Universal Persona Profile;
 * SRD Introduction, Pseudo-Hexadecimal Notation): the six characteristics, their DMs, and the UPP
 * that writes them as six digits.
 */

/**
 * @typedef {'str' | 'dex' | 'end' | 'int' | 'edu' | 'soc'} Characteristic
 * @typedef {'str' | 'dex' | 'end'} Physical
 * @typedef {Record<Characteristic, number>} Scores
 */

const { clampInt } = require('./read.js');

/** The six characteristics in UPP order (SRD Chapter 1, The Universal Persona Profile). */
const CHARACTERISTICS = /** @type {readonly Characteristic[]} */ (
  Object.freeze(['str', 'dex', 'end', 'int', 'edu', 'soc'])
);
/** The physical characteristics, which damage lowers (SRD Chapter 5, Damage). */
const PHYSICAL = /** @type {readonly Physical[]} */ (Object.freeze(['str', 'dex', 'end']));
/** How characteristics are written in messages. */
const NAMES = Object.freeze({
  str: 'STR',
  dex: 'DEX',
  end: 'END',
  int: 'INT',
  edu: 'EDU',
  soc: 'SOC',
});
/**
 * Pseudo-hexadecimal digits, 0 to 33 (SRD Introduction, Pseudo-Hexadecimal Notation): as
 * hexadecimal up to F, then on through the alphabet, skipping I and O, which read like 1 and 0.
 */
const PSEUDO_HEX = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** The highest value pseudo-hexadecimal can write (Z). */
const MAX_SCORE = PSEUDO_HEX.length - 1;
/** An average human's score, for a sheet that leaves a characteristic out (SRD Introduction). */
const AVERAGE_SCORE = 7;

/**
 * The DM of a characteristic score: the score divided by three, fractions dropped, minus two
 * (SRD Chapter 1, Characteristic Modifiers): 0–2 → −2, 3–5 → −1, 6–8 → +0, 9–11 → +1, 12–14 →
 * +2, 15–17 → +3, and on to +9 at 33 (Z).
 * @param {number} score
 */
function characteristicDm(score) {
  return Math.floor(Math.max(0, score) / 3) - 2;
}

/**
 * One pseudo-hexadecimal digit.
 * @param {number} value 0 to 33
 */
function toPseudoHex(value) {
  return PSEUDO_HEX.charAt(clampInt(value, 0, MAX_SCORE));
}

/**
 * A UPP: the six scores as pseudo-hexadecimal digits, and `-P` for Psionic Strength when the
 * character has one (SRD Chapter 1, The Universal Persona Profile: `687B9C`, `687B9C-4`).
 * @param {Scores} scores
 * @param {number | null} [psi]
 */
function formatUpp(scores, psi = null) {
  const digits = CHARACTERISTICS.map((key) => toPseudoHex(scores[key])).join('');
  return psi === null ? digits : `${digits}-${toPseudoHex(psi)}`;
}

/**
 * Reads a UPP, refusing anything that is not exactly one: six pseudo-hexadecimal digits, then
 * optionally `-` and a seventh for Psionic Strength. Lower case is read as upper case.
 * @param {unknown} text
 * @returns {{ ok: true, scores: Scores, psi: number | null, upp: string } | { ok: false, reason: string }}
 */
function parseUpp(text) {
  const shown = JSON.stringify(String(text).slice(0, 24));
  const usage =
    'a UPP is six pseudo-hexadecimal digits in the order STR DEX END INT EDU SOC, such as 786A9A, ' +
    'optionally followed by -P for Psionic Strength (786A9A-4)';
  if (typeof text !== 'string') return { ok: false, reason: `not a UPP: ${usage}` };
  const upp = text.trim().toUpperCase();
  const match = /^([0-9A-Z]{6})(?:-([0-9A-Z]))?$/.exec(upp);
  if (match === null) return { ok: false, reason: `${shown} is not a UPP: ${usage}` };
  for (const digit of upp.replace('-', '')) {
    if (!PSEUDO_HEX.includes(digit)) {
      return {
        ok: false,
        reason: `${shown} is not a UPP: pseudo-hexadecimal has no ${digit} (it skips I and O, which read like 1 and 0)`,
      };
    }
  }
  const digits = /** @type {string} */ (match[1]);
  const scores = /** @type {Scores} */ ({});
  CHARACTERISTICS.forEach((key, index) => {
    scores[key] = PSEUDO_HEX.indexOf(digits.charAt(index));
  });
  const psi = match[2] === undefined ? null : PSEUDO_HEX.indexOf(match[2]);
  return { ok: true, scores, psi, upp };
}

/**
 * A characteristic score from a sheet: a whole number from 0 to 33, else the fallback.
 * @param {unknown} value
 * @param {number} fallback
 */
function toScore(value, fallback) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return clampInt(value, 0, MAX_SCORE);
}

module.exports = Object.freeze({
  CHARACTERISTICS,
  PHYSICAL,
  NAMES,
  MAX_SCORE,
  AVERAGE_SCORE,
  characteristicDm,
  formatUpp,
  parseUpp,
  toScore,
});
