// @ts-check
/**
 * The `roll` hook: a check (2d6 plus DMs, boon or bane) read against 8, D66, or any other dice as
 * written; and the options a roll request may carry, which validate checks for `roll` intents.
 */

/**
 * @import { JsonValue, ModuleContext, RollHook } from '@meshtable/module-sdk'
 */

const { isWholeNumber } = require('./read.js');
const { DIFFICULTY_HELP, modeOf, parseDifficulty, rollTask } = require('./tasks.js');

/** A check's dice as a notation may write them, then its DMs: `3d6kh2+1-2`, `2D6 + -1`. */
const CHECK_NOTATION = /^(2d6|3d6kh2|3d6kl2)((?:[+-][+-]?\d{1,3})*)$/i;

/**
 * `roll(request)`: the module's dice.
 * - A check, `2d6` (or `3d6kh2`, `3d6kl2`) plus DMs, is read against 8: Effect and degree. The
 *   request may add `difficulty` (a name or DM), `dm`, `boon`/`bane` (or `mode`), a `label`, and
 *   a `target` other than 8; `task: false` rolls it as a plain roll instead.
 * - `D66` rolls two dice read as tens and units (SRD Introduction, Important Terms: D66).
 * - Anything else is rolled as written; `3D6` is read as `3d6`, as the SRD writes dice.
 * @type {RollHook}
 */
const roll = (request, ctx) => {
  const options = checkRollOptions(request);
  if (typeof options === 'string') throw new RangeError(options);
  const label = typeof request.label === 'string' ? request.label : '';
  const notation = request.notation.replace(/\s+/g, '');
  if (/^d66$/i.test(notation)) return rollD66(ctx, label);

  const check = CHECK_NOTATION.exec(notation);
  if (check !== null && request.task !== false) {
    const dice = /** @type {string} */ (check[1]).toLowerCase();
    const written = [...(check[2] ?? '').matchAll(/([+-])([+-]?)(\d+)/g)].map((term) => {
      const sign = (term[1] === '-' ? -1 : 1) * (term[2] === '-' ? -1 : 1);
      return { label: 'DM', value: sign * Number(term[3]) };
    });
    const difficulty = /** @type {{ name: string, dm: number }} */ (
      parseDifficulty(request.difficulty)
    );
    const modifiers = [
      ...written,
      ...(difficulty.dm === 0 ? [] : [{ label: difficulty.name, value: difficulty.dm }]),
      ...(typeof request.dm === 'number' && request.dm !== 0
        ? [{ label: 'DM', value: request.dm }]
        : []),
    ];
    const mode = modeOf(
      dice === '3d6kh2' || request.boon === true || request.mode === 'boon',
      dice === '3d6kl2' || request.bane === true || request.mode === 'bane',
    );
    const card = rollTask(ctx, {
      kind: 'task',
      label,
      mode,
      modifiers,
      ...(typeof request.target === 'number' ? { target: request.target } : {}),
    });
    return { ...card, task: true };
  }

  const result = ctx.dice.roll(notation.replace(/(^|[^A-Za-z])D(?=[0-9%F])/g, '$1d'));
  return {
    total: result.total,
    text: label === '' ? result.text : `${label}: ${result.text}`,
    notation: result.notation,
    ...(label === '' ? {} : { label }),
    terms: result.rolls.map((term) =>
      term.kind === 'dice'
        ? {
            notation: term.notation,
            value: term.value,
            dice: term.dice.map((die) => ({
              value: die.value,
              kept: die.kept,
              exploded: die.exploded,
              rerolls: [...die.rerolls],
            })),
          }
        : { notation: term.notation, value: term.value, dice: [] },
    ),
  };
};

/**
 * The options a roll request may carry, checked; a string says what is wrong.
 * @param {{ readonly [key: string]: JsonValue | undefined }} request
 * @returns {string | null}
 */
function checkRollOptions(request) {
  if (typeof request.notation !== 'string' || request.notation.trim() === '') {
    return 'a roll needs a notation, such as 2d6+1';
  }
  for (const flag of ['boon', 'bane', 'task']) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      return `"${flag}" is true or false`;
    }
  }
  if (
    request.mode !== undefined &&
    request.mode !== 'normal' &&
    request.mode !== 'boon' &&
    request.mode !== 'bane'
  ) {
    return '"mode" is normal, boon or bane';
  }
  if (parseDifficulty(request.difficulty) === null) return DIFFICULTY_HELP;
  if (request.dm !== undefined && !isWholeNumber(request.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  if (request.target !== undefined && !isWholeNumber(request.target, 2, 30)) {
    return '"target" is a whole number from 2 to 30';
  }
  if (request.label !== undefined && typeof request.label !== 'string') {
    return '"label" is text';
  }
  return null;
}

/**
 * @param {ModuleContext} ctx
 * @param {string} label
 */
function rollD66(ctx, label) {
  const [tens, units] = /** @type {[number, number]} */ (ctx.dice.pool(2, 6));
  const total = tens * 10 + units;
  return {
    total,
    text: `${label === '' ? '' : `${label}: `}D66: [${tens}, ${units}] = ${total}`,
    notation: 'D66',
    ...(label === '' ? {} : { label }),
    dice: [
      { value: tens, kept: true, place: 'tens' },
      { value: units, kept: true, place: 'units' },
    ],
  };
}

module.exports = Object.freeze({
  roll,
  checkRollOptions,
});
