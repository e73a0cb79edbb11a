// @ts-check
/**
 * cepheus:set-upp: the six characteristics (and Psionic Strength) from a UPP, as /upp 786A9A asks.
 */

/**
 * @import { Change, Intent, JsonObject, TableState as State } from '@meshtable/module-sdk'
 * @import { Character } from '../character.js'
 * @import { Scores } from '../characteristics.js'
 */

const { readCharacter } = require('../character.js');
const { CHARACTERISTICS, formatUpp, parseUpp } = require('../characteristics.js');
const { asObject, idText, isPlainObject } = require('../read.js');
const { actorNamed, controls, set } = require('../table.js');

/**
 * Sets the six characteristics (and Psionic Strength) from a UPP, as /upp 786A9A asks. Damage
 * already taken stays taken: each current value keeps its distance below the score.
 * @param {Intent} intent
 * @param {State} state
 * @returns {{ character: Character, scores: Scores, psi: number | null } | string}
 */
function uppPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'setting a UPP needs { actorId, upp }';
  const payload = asObject(intent.payload);
  const actor = actorNamed(state, payload.actorId);
  if (actor === undefined) return `there is no character "${idText(payload.actorId)}"`;
  if (!controls(state, intent.author, actor)) return `you do not control ${actor.name}`;
  const parsed = parseUpp(payload.upp);
  if (!parsed.ok) return parsed.reason;
  return { character: readCharacter(actor), scores: parsed.scores, psi: parsed.psi };
}

/**
 * The changes of a new UPP: the scores, the current values (damage kept), Psionic Strength.
 * @param {{ character: Character, scores: Scores, psi: number | null }} plan
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applySetUpp(plan) {
  const { character, scores, psi } = plan;
  /** @type {Record<string, number>} */
  const current = {};
  for (const key of CHARACTERISTICS) {
    const lost = character.scores[key] - character.current[key];
    current[key] = Math.max(0, scores[key] - lost);
  }
  const upp = formatUpp(scores, psi);
  return {
    changes: [
      set('actors', character.id, ['data', 'characteristics'], { ...scores }),
      set('actors', character.id, ['data', 'current'], current),
      ...(psi === null && character.psi === null
        ? []
        : [set('actors', character.id, ['data', 'psi'], psi)]),
    ],
    result: { actorId: character.id, upp, text: `${character.name}: UPP ${upp}` },
  };
}

module.exports = Object.freeze({
  uppPlan,
  applySetUpp,
});
