// @ts-check
/**
 * opend6:spend-fp: a Fate Point that doubles one roll, or every roll of the round ("Fate Points").
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { State } from '../table.js'
 */

const { actorFor, gmRule } = require('../acting.js');
const { fateApplies, keepLastRoll, rollSpecFor } = require('../points.js');
const { readPayload } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { rollRequest } = require('../roll.js');
const { activeCombat, set } = require('../table.js');

/**
 * `opend6:spend-fp` `{ actorId, roll? }`: spends a Fate Point, refused when none is left
 * ("Fate Points"). With `roll`, that roll's dice are doubled (one Wild Die still; bonuses from
 * equipment are not doubled). Without, the Fate Point is spent climactically: every roll of the
 * character doubles for the rest of the current combat round (outside a combat, until the GM
 * clears it). The d6 space-opera game of 1987 called these Force Points.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planSpendFp(intent, state) {
  const payload = readPayload(intent, ['actorId', 'roll', 'criticalFailure']);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'spend a Fate Point for');
  if (sheet.fatePoints < 1) refuse(`${actor.name} has no Fate Points left`);
  if (payload.roll !== undefined) {
    const spec = rollSpecFor(payload.roll, gmRule(intent, state, payload, sheet), {
      fatePoint: true,
    });
    return {
      run: (ctx) => {
        const result = { kind: 'roll', ...rollRequest(ctx, spec) };
        ctx.log(result.text);
        return {
          changes: [
            set('actors', actor.id, ['data', 'fatePoints'], sheet.fatePoints - 1),
            keepLastRoll(actor, result),
          ],
          result,
        };
      },
    };
  }
  if (fateApplies(sheet, state))
    refuse(`${actor.name}'s Fate Point is already doubling this round`);
  const combat = activeCombat(state, actor);
  return {
    run: (ctx) => {
      const text = `${actor.name} spends a Fate Point: all rolls doubled ${combat === null ? 'until the GM clears it' : `for round ${combat.round}`}`;
      ctx.log(text);
      return {
        changes: [
          set('actors', actor.id, ['data', 'fatePoints'], sheet.fatePoints - 1),
          set('actors', actor.id, ['data', 'fateActive'], true),
          set(
            'actors',
            actor.id,
            ['data', 'fateRound'],
            combat === null ? null : { combatId: combat.id, round: combat.round },
          ),
        ],
        result: {
          kind: 'fate-point',
          actorId: actor.id,
          fatePoints: sheet.fatePoints - 1,
          round: combat === null ? null : combat.round,
          text,
        },
      };
    },
  };
}

module.exports = Object.freeze({
  planSpendFp,
});
