// @ts-check
/**
 * A creature's spellcasting: its ability, spell save DC, spell attack bonus and spell slots
 * (SRD 5.1 "Spellcasting", "Multiclassing: Spellcasting", "Warlock: Pact Magic"). Casting a
 * spell, which spends a slot, is intents/cast.js.
 */

/**
 * @import { Ability } from './constants.js'
 * @import { ClassLevels } from './creature.js'
 * @import { Obj } from './read.js'
 */

const { FULL_CASTER_SLOTS, PACT_SLOTS } = require('./constants.js');
const { abilityOf, clamp, int, obj } = require('./read.js');

/**
 * Spellcasting: the ability, the spell save DC (8 + proficiency + modifier) and the spell attack
 * bonus (proficiency + modifier) of SRD 5.1 "Spellcasting", and the slots. A single caster class
 * uses its own table (half casters from 2nd level, third casters from 3rd, both rounded up);
 * several use the "Multiclass Spellcaster" table with half and third levels rounded down.
 * Pact Magic slots are separate. An NPC lists its slots as its stat block does.
 * @param {Obj} data
 * @param {ClassLevels} classes
 * @param {Record<Ability, number>} mods
 * @param {number} prof
 * @param {boolean} isNpc
 */
function spellcasting(data, classes, mods, prof, isNpc) {
  const casting = obj(data.spellcasting);
  const casters = classes.filter((entry) => entry.caster !== 'none');
  const ability =
    abilityOf(casting.ability) ?? casters.find((entry) => entry.spellAbility)?.spellAbility ?? null;
  /** @type {number[]} */
  let max = [];
  let casterLevel = 0;
  if (isNpc) {
    const listed = obj(casting.slots);
    max = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => int(listed[n], 0, 0, 9));
    casterLevel = int(casting.level, 0, 0, 20);
  } else {
    const slotting = casters.filter((entry) => ['full', 'half', 'third'].includes(entry.caster));
    if (slotting.length === 1) {
      const only = /** @type {(typeof slotting)[number]} */ (slotting[0]);
      casterLevel =
        only.caster === 'full'
          ? only.level
          : only.caster === 'half'
            ? only.level >= 2
              ? Math.ceil(only.level / 2)
              : 0
            : only.level >= 3
              ? Math.ceil(only.level / 3)
              : 0;
    } else {
      for (const entry of slotting) {
        casterLevel +=
          entry.caster === 'full'
            ? entry.level
            : Math.floor(entry.level / (entry.caster === 'half' ? 2 : 3));
      }
    }
    max = [...(FULL_CASTER_SLOTS[clamp(casterLevel, 0, 20)] ?? [])];
  }
  const used = obj(data.slotsUsed);
  /** @type {Record<string, { max: number, used: number, left: number }>} */
  const slots = {};
  for (let level = 1; level <= 9; level++) {
    const most = max[level - 1] ?? 0;
    const spent = int(used[level], 0, 0, most);
    slots[level] = { max: most, used: spent, left: most - spent };
  }
  const warlockLevel = classes
    .filter((entry) => entry.caster === 'pact')
    .reduce((sum, entry) => sum + entry.level, 0);
  const pactRow = PACT_SLOTS[clamp(warlockLevel, 0, 20)] ?? { count: 0, level: 0 };
  const pactUsed = int(data.pactSlotsUsed, 0, 0, pactRow.count);
  const mod = ability === null ? 0 : mods[ability];
  return {
    caster: ability !== null,
    ability,
    dc: 8 + prof + mod,
    attack: prof + mod,
    casterLevel,
    slots,
    pact: {
      level: pactRow.level,
      max: pactRow.count,
      used: pactUsed,
      left: pactRow.count - pactUsed,
    },
  };
}

module.exports = Object.freeze({
  spellcasting,
});
