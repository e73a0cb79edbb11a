// @ts-check
/**
 * The pool notation players type (`9d6 th2 lim4`, `5+3`) and the roll request around it: the
 * dice, threshold, limit, opposing pool and modifier a request asks for, each checked against
 * the caps of a sane table (reference/dice-pools.md "Rolling in the app"). Luck dice are read
 * from a notation only so that a roll asking for them is refused by name (luck.js): luck costs
 * a point, which no plain roll spends.
 */

/**
 * @import { JsonObject } from '@meshtable/module-sdk'
 * @typedef {{ dice: number, threshold?: number, limit?: number, luck?: number, vs?: number }} PoolNotation
 */

const { checkWhole } = require('./checks.js');
const { MAX_POOL, MAX_VALUE } = require('./constants.js');

/**
 * Reads a pool notation: a number of dice (`8`, `8d6`, `8d6>=5`) or a sum of plain numbers (`5+3`,
 * `4+-1`, as a sheet writes attribute + skill), followed by options `th<n>` (threshold),
 * `lim<n>` (limit), `luck<n>` (luck dice) and `vs<n>` (an opposing pool) in any order, spaces and
 * case free: `9d6 th2 lim4`. Returns null for anything else (`2d6+3`, `1d100`), which the roll
 * hook adds up as written.
 * @param {string} notation
 * @returns {PoolNotation | null}
 */
function parsePoolNotation(notation) {
  const text = notation.replace(/\s+/g, '').toLowerCase();
  const split = /^(.*?)((?:(?:th|lim|luck|vs)\d{1,4})*)$/.exec(text);
  const head = split?.[1] ?? '';
  const options = split?.[2] ?? '';
  /** @type {number} */
  let dice;
  const single = /^(\d{1,4})d6(?:>=5)?$/.exec(head);
  if (single !== null) {
    dice = Number(single[1]);
  } else if (/^[+-]*\d{1,4}(?:[+-]+\d{1,4})*$/.test(head)) {
    dice = 0;
    for (const [, signs = '', count = '0'] of head.matchAll(/([+-]*)(\d{1,4})/g)) {
      const negative = [...signs].filter((sign) => sign === '-').length % 2 === 1;
      dice += negative ? -Number(count) : Number(count);
    }
  } else {
    return null;
  }
  /** @type {PoolNotation} */
  // Kept signed: a sheet's "@woundModifier" (say -2) plus the dice asked for is the pool, so the
  // floor at 0 comes after the request's modifier (poolRequest), not here.
  const parsed = { dice };
  for (const [, name, value] of options.matchAll(/(th|lim|luck|vs)(\d{1,4})/g)) {
    const key =
      name === 'th' ? 'threshold' : name === 'lim' ? 'limit' : name === 'luck' ? 'luck' : 'vs';
    if (parsed[key] !== undefined) return null;
    parsed[key] = Number(value);
  }
  return parsed;
}

/**
 * The pool a roll request asks for: its notation's counts and options, then the request's own
 * fields (`threshold`, `limit`, `vs`, `modifier`), which win over the notation's. Luck is not
 * read here: validate and the roll hook refuse a request that asks for it before (luck.js).
 * @param {JsonObject} request
 * @param {PoolNotation} parsed
 * @returns {{ ok: true, value: { dice: number, modifier: number, threshold: number | null, limit: number | null, vs: number | null } } | { ok: false, reason: string }}
 */
function poolRequest(request, parsed) {
  // 0 means "none" for a threshold, a limit or an opposing pool: a sheet's number question
  // cannot be left empty, so its 0 stands for "no threshold".
  /** @param {unknown} value */
  const noneIfZero = (value) => (value === 0 ? null : value);
  const fields = {
    threshold: noneIfZero(request.threshold ?? parsed.threshold ?? null),
    limit: noneIfZero(request.limit ?? parsed.limit ?? null),
    vs: noneIfZero(request.vs ?? parsed.vs ?? null),
    modifier: request.modifier ?? 0,
  };
  const problem =
    checkWhole('threshold', fields.threshold, 1, MAX_VALUE, true) ??
    checkWhole('limit', fields.limit, 1, MAX_VALUE, true) ??
    checkWhole('vs', fields.vs, 1, MAX_POOL, true, 'the opposing pool') ??
    checkWhole('modifier', fields.modifier, -MAX_VALUE, MAX_VALUE, false, 'dice added or taken');
  if (problem !== null) return { ok: false, reason: problem };
  if (fields.threshold !== null && fields.vs !== null) {
    return { ok: false, reason: 'a test has a threshold or an opposing pool, not both' };
  }
  const dice = Math.max(0, parsed.dice + /** @type {number} */ (fields.modifier));
  if (dice > MAX_POOL)
    return { ok: false, reason: `a pool has at most ${MAX_POOL} dice; that is ${dice}` };
  return {
    ok: true,
    value: {
      dice,
      modifier: /** @type {number} */ (fields.modifier),
      threshold: /** @type {number | null} */ (fields.threshold),
      limit: /** @type {number | null} */ (fields.limit),
      vs: /** @type {number | null} */ (fields.vs),
    },
  };
}

module.exports = Object.freeze({
  parsePoolNotation,
  poolRequest,
});
