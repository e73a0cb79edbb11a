// @ts-check
/**
 * opend6:defend: an active defense that stands for the round ("Active Defense", "Full Defense").
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { RollSpec } from '../roll.js'
 * @import { State } from '../table.js'
 */

const { actorFor, gmRule } = require('../acting.js');
const { skillCode } = require('../character.js');
const { WOUND_PENALTY } = require('../constants.js');
const { keepLastRoll, readSpend, spendChanges } = require('../points.js');
const { optionalBool, optionalInt, readPayload, readString } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { blankSpec, rolledCode, rollRequest } = require('../roll.js');
const { activeCombat, set } = require('../table.js');

/**
 * `opend6:defend` `{ actorId, skill?, full?, actions?, characterPoints?, fatePoint? }`: an active
 * defense ("Active Defense"): dodge, or a melee or brawling skill to block or parry. The total
 * replaces the passive defense 10 for attacks until the defender's turn next round; a full
 * defense (nothing else that round) adds 10 ("Full Defense"); a partial one takes the
 * multi-action penalty. It needs an active combat, whose round it is kept with.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planDefend(intent, state) {
  const payload = readPayload(intent, [
    'actorId',
    'skill',
    'full',
    'actions',
    'characterPoints',
    'fatePoint',
    'criticalFailure',
  ]);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'defend with');
  const skill = skillCode(
    sheet,
    payload.skill === undefined ? 'dodge' : readString(payload, 'skill', 100),
  );
  const full = optionalBool(payload, 'full') ?? false;
  const actions = optionalInt(payload, 'actions', 1, 20, 'actions') ?? (full ? 1 : 2);
  if (full && actions > 1) refuse('a full defense is the only action of its round');
  const combat = activeCombat(state, actor);
  if (combat === null)
    refuse(`${actor.name} is in no active combat: an active defense lasts a round`);
  const spend = readSpend(payload, actor, sheet, state);
  const criticalFailure = gmRule(intent, state, payload, sheet);
  /** @type {RollSpec} */
  const spec = {
    ...blankSpec(skill.code, `${full ? 'full' : 'partial'} ${skill.name} defense`),
    criticalFailure,
    characterPoints: spend.characterPoints,
    fatePoint: spend.fatePoint || spend.usesActiveFate,
    actions,
    woundPenalty: WOUND_PENALTY[sheet.wounds] ?? 0,
  };
  rolledCode(spec);
  return {
    run: (ctx) => {
      const result = rollRequest(ctx, spec);
      const total = /** @type {number} */ (result.total);
      const value = full ? total + 10 : total;
      ctx.log(`${actor.name}: ${result.text}; combat difficulty ${value}`);
      const card = {
        kind: 'defense',
        ...result,
        defense: value,
        text: `${result.text}; to hit ${actor.name} now takes ${value}`,
      };
      return {
        changes: [
          ...spendChanges(actor, sheet, spend),
          set('actors', actor.id, ['data', 'defense'], {
            skill: skill.name,
            total,
            value,
            full,
            combatId: combat.id,
            round: combat.round,
          }),
          keepLastRoll(actor, card),
        ],
        result: card,
      };
    },
  };
}

module.exports = Object.freeze({
  planDefend,
});
