// @ts-check
/**
 * Rolling a pool the OpenD6 way ("Rolling Dice", "Wild Die", "Character Points"): one Wild Die
 * that explodes on a 6 and may cause a Critical Failure on a 1, the normal dice, and Character
 * Point dice that explode like the Wild Die. Every die drawn is kept, so a roll card can show it.
 */

/**
 * @import { ModuleContext } from '@meshtable/module-sdk'
 *
 * @typedef {'remove' | 'flag'} CriticalFailureRule
 * @typedef {{ rolls: number[], total: number }} Chain
 *   One exploding die: every face it showed (a 6 rolls again and adds), and their sum.
 * @typedef {{ die: 'wild' | 'normal', index: number, value: number }} RemovedDie
 * @typedef {{
 *   dice: number, pips: number, characterPoints: number, criticalFailure: CriticalFailureRule,
 * }} PoolSpec
 * @typedef {{
 *   normal: number[],
 *   wild: (Chain & { criticalSuccess: boolean, criticalFailure: boolean }) | null,
 *   characterPoints: Chain[],
 *   removed: RemovedDie[],
 *   complication: boolean,
 *   pips: number,
 *   total: number,
 * }} Pool
 */

const { MAX_EXPLOSIONS } = require('./constants.js');
const { sum } = require('./read.js');

/**
 * One exploding die: a 6 adds and rolls again, as long as sixes come ("Wild Die"). Character
 * Point dice roll the same way ("Character Points").
 * @param {ModuleContext} ctx
 * @returns {Chain}
 */
function rollChain(ctx) {
  /** @type {number[]} */
  const rolls = [];
  let face = 0;
  do {
    face = ctx.dice.die(6);
    rolls.push(face);
  } while (face === 6 && rolls.length <= MAX_EXPLOSIONS);
  return { rolls, total: sum(rolls) };
}

/**
 * Rolls a pool the OpenD6 way ("Rolling Dice", "Wild Die", "Character Points"): of `dice`
 * dice, one is the Wild Die (rolled first) and the others normal; each Character Point adds an
 * extra die that explodes like the Wild Die but whose 1 is only a 1. A 1 on the Wild Die's first
 * roll is a Critical Failure: under `remove` it cancels itself and the highest normal die, under
 * `flag` the total stands and the roll is marked as a complication.
 * @param {ModuleContext} ctx
 * @param {PoolSpec} spec
 * @returns {Pool}
 */
function rollPool(ctx, spec) {
  const wildChain = spec.dice >= 1 ? rollChain(ctx) : null;
  const normal = spec.dice > 1 ? [...ctx.dice.pool(spec.dice - 1, 6)] : [];
  /** @type {Chain[]} */
  const characterPoints = [];
  for (let point = 0; point < spec.characterPoints; point++) characterPoints.push(rollChain(ctx));

  const criticalFailure = wildChain?.rolls[0] === 1;
  const wild =
    wildChain === null
      ? null
      : { ...wildChain, criticalSuccess: wildChain.rolls[0] === 6, criticalFailure };
  /** @type {RemovedDie[]} */
  const removed = [];
  if (criticalFailure && spec.criticalFailure === 'remove') {
    removed.push({ die: 'wild', index: 0, value: 1 });
    if (normal.length > 0) {
      const highest = Math.max(...normal);
      removed.push({ die: 'normal', index: normal.indexOf(highest), value: highest });
    }
  }
  const kept = (/** @type {number} */ value, /** @type {number} */ index) =>
    !removed.some((die) => die.die === 'normal' && die.index === index) ? value : 0;
  const wildTotal = wild === null || removed.length > 0 ? 0 : wild.total;
  const total =
    wildTotal +
    sum(normal.map(kept)) +
    sum(characterPoints.map((chain) => chain.total)) +
    spec.pips;
  return {
    normal,
    wild,
    characterPoints,
    removed,
    complication: criticalFailure && spec.criticalFailure === 'flag',
    pips: spec.pips,
    total,
  };
}

/**
 * The dice of a pool as a roll card's compact line: `[3, ~~5~~, 2] wild [~~1~~] +2 = 7`.
 * Marks: `!` a 6 that rolled again, `~~x~~` a removed die.
 * @param {Pool} pool
 */
function poolText(pool) {
  const parts = [];
  const removedNormal = pool.removed.find((die) => die.die === 'normal')?.index ?? -1;
  if (pool.normal.length > 0) {
    parts.push(
      `[${pool.normal.map((face, index) => (index === removedNormal ? `~~${face}~~` : `${face}`)).join(', ')}]`,
    );
  }
  if (pool.wild !== null) {
    const faces = pool.wild.rolls.map((face) => (face === 6 ? '6!' : `${face}`)).join(', ');
    parts.push(pool.removed.length > 0 ? `wild [~~${faces}~~]` : `wild [${faces}]`);
  }
  for (const chain of pool.characterPoints) {
    parts.push(`CP [${chain.rolls.map((face) => (face === 6 ? '6!' : `${face}`)).join(', ')}]`);
  }
  if (pool.pips !== 0) parts.push(pool.pips > 0 ? `+${pool.pips}` : `${pool.pips}`);
  return `${parts.join(' ')} = ${pool.total}`;
}

module.exports = Object.freeze({
  rollPool,
  poolText,
});
