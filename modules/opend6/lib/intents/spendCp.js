// @ts-check
/**
 * opend6:spend-cp: Character Points spent before a roll, after one, or on their own ("Character
 * Points", "Improving a Roll").
 */

/**
 * @import { Intent, JsonObject } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { State } from '../table.js'
 */

const { actorFor, gmRule } = require('../acting.js');
const { difficultyLevel, parseDifficulty } = require('../difficulty.js');
const { checkCharacterPoints, fateApplies, keepLastRoll, rollSpecFor } = require('../points.js');
const { poolText, rollPool } = require('../pool.js');
const { isObject, readPayload, requiredInt } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { rollRequest } = require('../roll.js');
const { set } = require('../table.js');

/**
 * `opend6:spend-cp` `{ actorId, points, roll?, addTo? }`: spends Character Points for extra
 * dice that explode on a 6 and whose 1 is only a 1 ("Character Points"). Before a roll, `roll`
 * is the request to roll with them. After a roll, `addTo` is `"last"` (the character's last
 * roll made through the rules; the limit counts what that roll already took, and a roll that
 * took a Fate Point takes none) or `{ total, difficulty? }` (a roll made at the table). With
 * neither, the dice are rolled on their own (for the player to add).
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planSpendCp(intent, state) {
  const payload = readPayload(intent, ['actorId', 'points', 'roll', 'addTo', 'criticalFailure']);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'spend Character Points for');
  const points = requiredInt(payload, 'points', 1, 1_000_000, 'points');
  if (payload.roll !== undefined && payload.addTo !== undefined) {
    refuse('spend Character Points before a roll (roll) or after one (addTo), not both');
  }
  const criticalFailure = gmRule(intent, state, payload, sheet);
  if (payload.roll !== undefined) {
    if (fateApplies(sheet, state))
      refuse('Character Points cannot go on a roll doubled by a Fate Point');
    checkCharacterPoints(actor, sheet, points, 0);
    const spec = rollSpecFor(payload.roll, criticalFailure, { characterPoints: points });
    return {
      run: (ctx) => {
        const result = { kind: 'roll', ...rollRequest(ctx, spec) };
        ctx.log(result.text);
        return {
          changes: [
            set('actors', actor.id, ['data', 'characterPoints'], sheet.characterPoints - points),
            keepLastRoll(actor, result),
          ],
          result,
        };
      },
    };
  }
  /** @type {{ total: number, difficulty: number | null, already: number, label: string }} */
  let base = { total: 0, difficulty: null, already: 0, label: '' };
  if (payload.addTo === 'last') {
    const last = isObject(actor.data.lastRoll) ? actor.data.lastRoll : null;
    if (last === null || typeof last.total !== 'number')
      refuse(`${actor.name} has no last roll to add to`);
    if (last.fatePoint === true)
      refuse('the last roll took a Fate Point: no Character Points on it');
    const difficulty =
      isObject(last.difficulty) && typeof last.difficulty.value === 'number'
        ? last.difficulty.value
        : null;
    base = {
      total: last.total,
      difficulty,
      already: typeof last.characterPoints === 'number' ? last.characterPoints : 0,
      label: typeof last.label === 'string' ? last.label : 'last roll',
    };
  } else if (payload.addTo !== undefined) {
    if (!isObject(payload.addTo)) refuse('addTo is "last" or { total, difficulty? }');
    const extra = Object.keys(payload.addTo).filter(
      (key) => key !== 'total' && key !== 'difficulty',
    );
    if (extra.length > 0) refuse(`addTo has no field "${extra[0]}" (only total and difficulty)`);
    base = {
      total: requiredInt(payload.addTo, 'total', -1000, 10_000, 'the total to add to'),
      difficulty:
        payload.addTo.difficulty === undefined ? null : parseDifficulty(payload.addTo.difficulty),
      already: 0,
      label: 'roll',
    };
  }
  checkCharacterPoints(actor, sheet, points, base.already);
  return {
    run: (ctx) => {
      const pool = rollPool(ctx, {
        dice: 0,
        pips: 0,
        characterPoints: points,
        criticalFailure: 'remove',
      });
      const total = base.total + pool.total;
      /** @type {JsonObject} */
      const record = {
        kind: 'character-points',
        dice: { normal: [], wild: null, characterPoints: pool.characterPoints },
        added: pool.total,
        total,
        characterPoints: base.already + points,
        fatePoint: false,
      };
      const dice = poolText(pool).replace(/ = -?\d+$/, '');
      let text = `${points} CP: ${poolText(pool)}`;
      if (payload.addTo !== undefined) {
        record.label = base.label;
        text = `${base.label} ${base.total} + ${dice} = ${total}`;
        if (base.difficulty !== null) {
          record.difficulty = { value: base.difficulty, level: difficultyLevel(base.difficulty) };
          record.success = total >= base.difficulty;
          record.margin = total - base.difficulty;
          text += ` vs ${difficultyLevel(base.difficulty)} ${base.difficulty}: ${total >= base.difficulty ? 'success' : 'failure'}`;
        }
      }
      record.text = text;
      ctx.log(text);
      return {
        changes: [
          set('actors', actor.id, ['data', 'characterPoints'], sheet.characterPoints - points),
          keepLastRoll(actor, record),
        ],
        result: record,
      };
    },
  };
}

module.exports = Object.freeze({
  planSpendCp,
});
