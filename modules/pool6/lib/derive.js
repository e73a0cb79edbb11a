// @ts-check
/**
 * The `derive` and `initiative` hooks: what a sheet shows beside what players type, and the
 * initiative a character rolls (reference/combat.md "Initiative").
 */

/**
 * @import { DeriveHook, InitiativeHook } from '@meshtable/module-sdk'
 */

const { ATTRIBUTES } = require('./constants.js');
const { stats } = require('./stats.js');

/**
 * `derive(actor)`: what the sheet shows beside what players type. Pools already carry the wound
 * modifier: they are the dice to pick up now.
 * @type {DeriveHook}
 */
const derive = (actor) => {
  const s = stats(actor);
  return {
    attributes: s.attributes,
    limits: s.limits,
    monitors: s.monitors,
    woundModifier: s.woundModifier,
    condition: s.condition,
    // True while the character takes no action (unconscious, dying, dead): the sheet warns.
    down: !s.canAct,
    armorTotal: s.armor,
    luck: s.luck,
    initiative: {
      score: s.initiative.score,
      dice: s.initiative.dice,
      text: `${s.initiative.score} + ${s.initiative.dice}d6`,
      // What a sheet's initiative button rolls (added up): the score less wounds, plus the dice.
      roll: `${Math.max(0, s.initiative.score + s.woundModifier)}+${s.initiative.dice}d6`,
    },
    defense: s.defense,
    soak: s.soak,
    movement: s.movement,
    pools: s.pools,
    attributePools: Object.fromEntries(
      ATTRIBUTES.map((name) => [name, s.wounded(s.attributes[name])]),
    ),
    skills: s.skills.map((skill) => ({ ...skill })),
    weapons: s.weapons.map((weapon) => ({ ...weapon })),
    professionalRating: s.professionalRating,
    // One line each for the sheet, since a list row cannot show what derive computes for it.
    skillSummary: s.skills
      .map(
        (skill) =>
          `${skill.name} ${skill.pool}${skill.limit === null ? '' : ` [${s.limits[skill.limit]}]`}`,
      )
      .join(' · '),
    weaponSummary: s.weapons
      .map(
        (weapon) =>
          `${weapon.name} ${weapon.pool}${weapon.limit === null ? '' : ` [${weapon.limit}]`}, ${weapon.text}`,
      )
      .join(' · '),
  };
};

/**
 * `initiative(actor)`: initiative score + the sum of the actor's initiative dice, wounds taken
 * off (never below 0). The luck attribute, as hundredths, breaks ties the same way on every peer.
 * @type {InitiativeHook}
 */
const initiative = (actor, ctx) => {
  const s = stats(actor);
  const rolled = ctx.dice.pool(s.initiative.dice, 6).reduce((sum, face) => sum + face, 0);
  return Math.max(0, s.initiative.score + rolled + s.woundModifier) + s.attributes.luck / 100;
};

module.exports = Object.freeze({
  derive,
  initiative,
});
