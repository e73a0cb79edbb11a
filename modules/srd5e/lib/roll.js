// @ts-check
/**
 * The `roll` hook: sheet buttons and chat rolls read the 5e way (d20 tests against a DC or an
 * AC, death saves, damage sorted by type), and `rollProblem`, which validate also asks so that
 * a player hears what is wrong with a roll before any die is drawn.
 */

/**
 * @import { RollHook } from '@meshtable/module-sdk'
 * @import { Obj } from './read.js'
 */

const { DAMAGE_DICE, DAMAGE_TYPES } = require('./constants.js');
const { askedSources, flattenDice, modeOf, scaleDice } = require('./dice.js');
const { listText } = require('./text.js');

/** Notations that start with the d20 of a test, possibly already with advantage. */
const D20_START = /^\s*(1?d20|2d20kh1|2d20kl1)(?![0-9a-z])/i;

/** The kinds of roll the `roll` hook reads. */
const ROLL_KINDS = Object.freeze(['check', 'save', 'attack', 'initiative', 'death', 'damage']);

/**
 * `roll(request, ctx)`: sheet buttons and chat rolls read the 5e way.
 * - A notation starting with a d20 (or `kind` check, save, attack, initiative, death) is a d20
 *   test: `mode` (or a notation already written `2d20kh1`/`2d20kl1`) gives advantage or
 *   disadvantage, both cancel. With `dc` (or `target`) it says whether it succeeds. An attack
 *   roll's natural 20 is a critical hit and hits, a natural 1 misses ("Combat: Attack Rolls");
 *   checks and saves have no automatic success. A death save (`kind: "death"`) reads 10+ as a
 *   success, 1 as two failures and 20 as regaining 1 hit point.
 * - Anything else is damage or a plain roll: `critical: true` doubles the dice, `damageType`
 *   (or labels such as `1d8[slashing]+1d6[fire]`) sorts the total by type.
 * Every die is in `dice`, with the d20s also in `d20` for a roll card.
 * @type {RollHook}
 */
const roll = (request, ctx) => {
  const problem = rollProblem(request);
  if (problem !== null) throw new RangeError(problem);
  const kind = typeof request.kind === 'string' ? request.kind : '';
  const label = typeof request.label === 'string' ? request.label : '';
  const notation = request.notation.trim();
  const start = D20_START.exec(notation);
  if (start !== null && kind !== 'damage') {
    const written = (start[1] ?? '').toLowerCase();
    const sources = askedSources(request);
    if (written === '2d20kh1') sources.advantage.push('notation');
    if (written === '2d20kl1') sources.disadvantage.push('notation');
    const mode = modeOf(sources);
    const d20 = mode === 'advantage' ? '2d20kh1' : mode === 'disadvantage' ? '2d20kl1' : '1d20';
    const result = ctx.dice.roll(`${d20}${notation.slice(start[0].length)}`);
    const term = result.rolls[0];
    const d20s = term !== undefined && term.kind === 'dice' ? term.dice : [];
    const natural = (d20s.find((die) => die.kept) ?? d20s[0])?.value ?? 0;
    /** @type {Obj} */
    const read = {
      kind: kind || 'check',
      label,
      total: result.total,
      notation: result.notation,
      mode,
      natural,
      d20: d20s.map((die) => ({ value: die.value, kept: die.kept })),
      dice: flattenDice(result),
    };
    let verdict = '';
    // A DC (or AC) of 0 is a sheet's way of saying "none".
    const dc = [request.dc, request.target].find((n) => typeof n === 'number' && n > 0);
    if (kind === 'death') {
      read.success = natural >= 10;
      read.failures = natural === 1 ? 2 : natural < 10 ? 1 : 0;
      read.regainsHp = natural === 20;
      verdict =
        natural === 20
          ? 'natural 20: regains 1 hit point'
          : natural === 1
            ? 'natural 1: two failures'
            : natural >= 10
              ? 'success'
              : 'failure';
    } else if (kind === 'attack') {
      read.critical = natural === 20;
      read.fumble = natural === 1;
      if (typeof dc === 'number') {
        read.hit = natural === 20 || (natural !== 1 && result.total >= dc);
        read.ac = dc;
        verdict = `vs AC ${dc}: ${natural === 20 ? 'critical hit' : read.hit ? 'hit' : 'miss'}`;
      } else if (natural === 20 || natural === 1) {
        verdict = natural === 20 ? 'critical hit' : 'natural 1: miss';
      }
    } else if (typeof dc === 'number') {
      read.dc = dc;
      read.success = result.total >= dc;
      verdict = `vs DC ${dc}: ${read.success ? 'success' : 'failure'}`;
    }
    read.text = [
      label === '' ? '' : `${label}${mode === 'normal' ? '' : ` (${mode})`}:`,
      result.text,
      verdict === '' ? '' : `— ${verdict}`,
    ]
      .filter((part) => part !== '')
      .join(' ');
    return read;
  }

  const critical = request.critical === true;
  const rolled = critical ? scaleDice(notation, 2) : notation;
  const result = ctx.dice.roll(rolled);
  const type = typeof request.damageType === 'string' ? request.damageType.toLowerCase() : '';
  /** @type {Record<string, number>} */
  const byType = {};
  let labelled = 0;
  for (const term of result.rolls) {
    if (term.label !== null && DAMAGE_TYPES.includes(term.label.toLowerCase())) {
      const key = term.label.toLowerCase();
      byType[key] = (byType[key] ?? 0) + term.value;
      labelled += term.value;
    }
  }
  const rest = result.total - labelled;
  if (rest !== 0 || Object.keys(byType).length === 0) {
    const key = type !== '' ? type : (Object.keys(byType)[0] ?? 'untyped');
    byType[key] = (byType[key] ?? 0) + rest;
  }
  return {
    kind: kind || (type !== '' || critical ? 'damage' : 'roll'),
    label,
    total: result.total,
    notation: result.notation,
    critical,
    byType,
    dice: flattenDice(result),
    text: [label === '' ? '' : `${label}${critical ? ' (critical)' : ''}:`, result.text, type]
      .filter((part) => part !== '')
      .join(' '),
  };
};

/**
 * What is wrong with a roll request's 5e options, or null. Checked by validate (so a player
 * hears why) and again by roll itself.
 * @param {Obj} request
 * @returns {string | null}
 */
function rollProblem(request) {
  if (typeof request.notation !== 'string' || request.notation.trim() === '') {
    return 'a roll needs a notation such as 1d20+5';
  }
  if (
    request.mode !== undefined &&
    !['normal', 'advantage', 'disadvantage'].includes(request.mode)
  ) {
    return `mode must be "normal", "advantage" or "disadvantage", not ${JSON.stringify(request.mode)}`;
  }
  for (const flag of ['advantage', 'disadvantage', 'critical']) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      return `${flag} must be true or false`;
    }
  }
  if (request.kind !== undefined && !ROLL_KINDS.includes(request.kind)) {
    return `kind must be one of ${listText(ROLL_KINDS)}, not ${JSON.stringify(request.kind)}`;
  }
  for (const key of ['dc', 'target']) {
    const value = request[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value))) {
      return `${key} must be a whole number`;
    }
  }
  if (
    request.damageType !== undefined &&
    (typeof request.damageType !== 'string' ||
      !DAMAGE_TYPES.includes(request.damageType.toLowerCase()))
  ) {
    return `damageType must be one of ${listText(DAMAGE_TYPES)}`;
  }
  if (
    request.critical === true &&
    !DAMAGE_DICE.test(request.notation.replace(/\[[a-z]+\]/gi, ''))
  ) {
    return 'a critical damage roll doubles plain dice: write it as 2d6+3 or 1d8[slashing]+1d6[fire]';
  }
  return null;
}

module.exports = Object.freeze({
  roll,
  rollProblem,
});
