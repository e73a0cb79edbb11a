// @ts-check
/**
 * The `derive` and `initiative` hooks: what the sheet shows beside what players type (the UPP,
 * DMs, damage, condition, movement, armour), and 2D6 + DEX DM for initiative with its tiebreaks.
 */

/**
 * @import { Actor, DeriveHook, InitiativeHook } from '@meshtable/module-sdk'
 */

const { healthOf, movementPerRound, readCharacter } = require('./character.js');
const { characteristicDm, CHARACTERISTICS, formatUpp } = require('./characteristics.js');
const { armorRating } = require('./equipment.js');
const { hashOf } = require('./read.js');

/**
 * `derive(actor)`: what the sheet shows beside what players type. DMs follow the current
 * (damaged) values: "whenever a characteristic score changes, you will need to determine the
 * new characteristic modifier" (SRD Chapter 1, Altering Characteristic Scores).
 * @type {DeriveHook}
 */
const derive = (actor) => {
  const character = readCharacter(actor);
  const health = healthOf(character);
  /** @type {Record<string, number>} */
  const dms = {};
  /** @type {Record<string, number>} */
  const damage = {};
  for (const key of CHARACTERISTICS) {
    dms[key] = characteristicDm(character.current[key]);
    damage[key] = character.scores[key] - character.current[key];
  }
  return {
    upp: formatUpp(character.scores, character.psi),
    currentUpp: formatUpp(character.current, character.psi),
    current: { ...character.current },
    dms,
    damage,
    ...(character.psi === null ? {} : { psiDm: characteristicDm(character.psi) }),
    condition: health.condition,
    wounded: health.wounded,
    seriouslyWounded: health.seriouslyWounded,
    unconscious: health.unconscious,
    dead: health.dead,
    initiativeDm: dms.dex ?? 0,
    movement: movementPerRound(character),
    armor: armorRating(character, false),
    armorVsLaser: armorRating(character, true),
    skillTotal: character.skills.reduce((sum, skill) => sum + skill.level, 0),
  };
};

/**
 * `initiative(actor)`: 2D6 + the Dexterity DM (SRD Chapter 5, Initiative). On a tie the higher
 * Dexterity acts first (SRD Chapter 5, The Combat Round), so DEX/100 is added (at most 0.33, never
 * enough to pass a whole point). The SRD has characters still tied act simultaneously; a turn
 * order needs one of them first, so a fixed hash of the actor's id, below 0.001, decides,
 * the same on every peer.
 * @type {InitiativeHook}
 */
const initiative = (actor, ctx) => {
  const character = readCharacter(/** @type {Actor} */ (actor));
  const [first, second] = /** @type {[number, number]} */ (ctx.dice.pool(2, 6));
  const dex = character.current.dex;
  return first + second + characteristicDm(dex) + dex / 100 + (hashOf(actor.id) % 1000) / 1e6;
};

module.exports = Object.freeze({
  derive,
  initiative,
});
