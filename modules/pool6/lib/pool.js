// @ts-check
/**
 * Rolling a dice pool (reference/dice-pools.md): hits on 5 and 6, the limit, glitches, luck dice
 * and exploding sixes; and how a pool roll shows on a roll card (every die, each explosion
 * chain) and in one line of text. Tests, attacks and the roll hook all roll through here.
 */

/**
 * @import { ModuleContext } from '@meshtable/module-sdk'
 * @typedef {{ faces: number[], hits: number, luck: boolean }} DieChain one die as rolled, with its explosions
 * @typedef {{
 *   dice: number, luckDice: number, luck: boolean, chains: DieChain[], rawHits: number,
 *   hits: number, ones: number, glitch: boolean, criticalGlitch: boolean,
 *   limit: number | null, limitApplied: boolean,
 * }} PoolRoll
 */

const { MAX_CHAIN } = require('./constants.js');
const { plural } = require('./text.js');

/**
 * Rolls a pool. Draw order, which the tests rely on: the pool's dice, then the luck dice, then,
 * when luck is used, each die's explosion chain in turn (a six rerolls, and so does a six that
 * comes up on the reroll). Hits are 5s and 6s on every face of a chain; ones count on first
 * faces only, against the number of dice picked up (explosions never make or unmake a glitch).
 * @param {ModuleContext} ctx
 * @param {{ dice: number, luckDice?: number, luck?: boolean, limit?: number | null }} spec
 * @returns {PoolRoll}
 */
function rollPool(ctx, spec) {
  const luckDice = spec.luckDice ?? 0;
  const luck = spec.luck === true || luckDice > 0;
  const limit = spec.limit ?? null;
  /** @type {DieChain[]} */
  const chains = [
    ...ctx.dice.pool(spec.dice, 6).map((face) => ({ faces: [face], hits: 0, luck: false })),
    ...ctx.dice.pool(luckDice, 6).map((face) => ({ faces: [face], hits: 0, luck: true })),
  ];
  for (const chain of chains) {
    while (luck && chain.faces[chain.faces.length - 1] === 6 && chain.faces.length <= MAX_CHAIN) {
      chain.faces.push(ctx.dice.die(6));
    }
    chain.hits = chain.faces.filter((face) => face >= 5).length;
  }
  const rawHits = chains.reduce((sum, chain) => sum + chain.hits, 0);
  const ones = chains.filter((chain) => chain.faces[0] === 1).length;
  const glitch = ones > chains.length / 2;
  const limitApplied = limit !== null && !luck && rawHits > limit;
  return {
    dice: spec.dice,
    luckDice,
    luck,
    chains,
    rawHits,
    hits: limitApplied && limit !== null ? limit : rawHits,
    ones,
    glitch,
    criticalGlitch: glitch && rawHits === 0,
    limit,
    limitApplied,
  };
}

/**
 * A pool roll as a roll card shows it: every die (each explosion chain), the counts and flags.
 * @param {PoolRoll} roll
 */
function poolCard(roll) {
  return {
    pool: roll.dice,
    luckDice: roll.luckDice,
    luckUsed: roll.luck,
    dice: roll.chains.map((chain) => ({ faces: chain.faces, hits: chain.hits, luck: chain.luck })),
    rawHits: roll.rawHits,
    hits: roll.hits,
    ones: roll.ones,
    glitch: roll.glitch,
    criticalGlitch: roll.criticalGlitch,
    limit: roll.limit,
    limitApplied: roll.limitApplied,
  };
}

/**
 * One line for a pool roll: `8d6 [6 5 4 1 1 3 2 5] = 3 hits`, explosion chains as `6→6→2`.
 * @param {PoolRoll} roll
 */
function poolText(roll) {
  /** @param {DieChain[]} chains */
  const faces = (chains) => chains.map((chain) => chain.faces.join('→')).join(' ');
  const own = roll.chains.filter((chain) => !chain.luck);
  const lucky = roll.chains.filter((chain) => chain.luck);
  let text = `${roll.dice}d6 [${faces(own)}]`;
  if (roll.luckDice > 0) text += ` + luck ${roll.luckDice}d6 [${faces(lucky)}]`;
  text += ` = ${plural(roll.hits, 'hit')}`;
  if (roll.limitApplied) text += ` (${roll.rawHits} capped by limit ${roll.limit})`;
  else if (roll.luck && roll.limit !== null) text += ` (limit ${roll.limit} ignored: luck)`;
  if (roll.criticalGlitch) text += ', CRITICAL GLITCH';
  else if (roll.glitch) text += ', glitch';
  return text;
}

/**
 * A test's outcome against a threshold: success when the hits reach it, and the hits beyond it
 * as net hits.
 * @param {number} hits
 * @param {number} threshold
 */
function againstThreshold(hits, threshold) {
  const success = hits >= threshold;
  return { threshold, success, netHits: success ? hits - threshold : 0 };
}

module.exports = Object.freeze({
  rollPool,
  poolCard,
  poolText,
  againstThreshold,
});
