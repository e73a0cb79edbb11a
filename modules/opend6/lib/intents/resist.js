// @ts-check
/**
 * opend6:resist: a resistance roll against a damage total rolled at the table.
 */

/**
 * @import { Intent, JsonObject } from '@meshtable/module-sdk'
 * @import { Plan } from '../plan.js'
 * @import { Refuse } from '../refusal.js'
 * @import { AttributeSheet } from '../sheet.js'
 * @import { State } from '../table.js'
 */

const { actorFor } = require('../acting.js');
const { armorOf } = require('../character.js');
const { DEAD } = require('../constants.js');
const { keepLastRoll, readSpend, spendChanges } = require('../points.js');
const { optionalBool, readPayload, requiredInt } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { blankSpec, rollRequest } = require('../roll.js');
const { injure, injuryLevel } = require('../wounds.js');

/**
 * `opend6:resist` `{ actorId, damage, stun?, characterPoints?, fatePoint? }`: resists a damage
 * total rolled at the table (a falling 1D per 1.5 m, an NPC's blow the GM rolled): the
 * character's resistance roll against it, and the wound level that follows.
 * @param {Intent} intent
 * @param {State} state
 * @returns {Plan}
 */
function planResist(intent, state) {
  const payload = readPayload(intent, [
    'actorId',
    'damage',
    'stun',
    'characterPoints',
    'fatePoint',
  ]);
  const { actor, sheet } = actorFor(intent, state, payload.actorId, 'resist damage with', true);
  if (sheet.wounds === DEAD) refuse(`${actor.name} is already dead`);
  const damage = requiredInt(payload, 'damage', 0, 10_000, 'the damage total');
  const stun = optionalBool(payload, 'stun') ?? false;
  const spend = readSpend(payload, actor, sheet, state);
  return {
    run: (ctx) => {
      const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
      const resistance = rollRequest(ctx, {
        ...blankSpec(strength, `${actor.name} resists ${damage}`),
        criticalFailure: sheet.criticalFailure,
        characterPoints: spend.characterPoints,
        fatePoint: spend.fatePoint || spend.usesActiveFate,
        modifier: armorOf(sheet),
      });
      const difference = damage - /** @type {number} */ (resistance.total);
      const wound = injure(
        state,
        actor,
        sheet,
        injuryLevel(sheet, difference, stun),
        stun && difference > 0 ? difference : null,
        ctx,
        `damage ${damage} vs resistance ${resistance.total}`,
      );
      /** @type {JsonObject} */
      const card = {
        kind: 'resistance',
        damage,
        resistance,
        difference,
        total: resistance.total,
        characterPoints: spend.characterPoints,
        fatePoint: resistance.fatePoint === true,
        injury: wound.injury,
        text: `${resistance.text}; ${wound.injury.text}`,
      };
      return {
        changes: [
          ...spendChanges(actor, sheet, spend),
          ...wound.changes,
          keepLastRoll(actor, card),
        ],
        result: card,
      };
    },
  };
}

module.exports = Object.freeze({
  planResist,
});
