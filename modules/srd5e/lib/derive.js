// @ts-check
/**
 * The `derive` and `initiative` hooks: what the character and NPC sheets show, and a
 * creature's place in the initiative order. Both read the creature through creature.js, as
 * validate and apply do, so the sheet shows the numbers the rulings use.
 */

/**
 * @import { DeriveHook, InitiativeHook } from '@meshtable/module-sdk'
 * @import { Creature } from './creature.js'
 * @import { Obj } from './read.js'
 */

const { attackLine, damageText } = require('./attacks.js');
const { ABILITIES, ABILITY_NAMES, SIZES, SKILLS, XP_BY_CR } = require('./constants.js');
const { creature } = require('./creature.js');
const { checkSources, d20Test, emptySources } = require('./dice.js');
const { str } = require('./read.js');
const { crText, ordinal, signed } = require('./text.js');

/**
 * `derive(actor)`: every computed value the character and NPC sheets show, keyed so that roll
 * buttons can name them (`1d20+@skills.perception.bonus`). Pure arithmetic, no dice.
 * @type {DeriveHook}
 */
const derive = (actor) => {
  const c = creature(actor);
  /** @type {Record<string, number>} */
  const modifiers = {};
  /** @type {Record<string, number>} */
  const checks = {};
  /** @type {Obj} */
  const saves = {};
  for (const ability of ABILITIES) {
    modifiers[ability] = c.mods[ability];
    // An ability check adds Jack of All Trades' half proficiency too.
    checks[ability] = c.mods[ability] + c.jackBonus;
    saves[ability] = { ...c.saves[ability], name: ABILITY_NAMES[ability] };
  }
  /** @type {Obj} */
  const skills = {};
  for (const [skill, value] of Object.entries(c.skills)) {
    skills[skill] = { ...value, name: SKILLS[skill]?.name ?? skill };
  }
  const attacks = c.attacks.map((attack) => ({
    name: attack.name,
    kind: attack.kind,
    toHit: attack.toHit ?? 0,
    damage: damageText(attack),
    text: attackLine(attack),
    problem: attack.problem ?? '',
  }));
  const slots = c.spell.slots;
  const slotsText = Object.entries(slots)
    .filter(([, slot]) => slot.max > 0)
    .map(([level, slot]) => `${ordinal(Number(level))}: ${slot.left}/${slot.max}`)
    .concat(
      c.spell.pact.max > 0
        ? [`pact (${ordinal(c.spell.pact.level)}): ${c.spell.pact.left}/${c.spell.pact.max}`]
        : [],
    )
    .join(', ');
  const problems = [
    ...(c.armorProblem === null ? [] : [`Armor: ${c.armorProblem}`]),
    ...c.attacks
      .filter((attack) => attack.problem !== null)
      .map((attack) => `${attack.name}: ${attack.problem}`),
  ];
  return {
    type: c.type,
    level: c.level,
    classesText: c.classes.map((entry) => `${entry.name} ${entry.level}`).join(' / '),
    proficiency: c.prof,
    cr: c.cr,
    crText: crText(c.cr),
    xp: c.isNpc ? (XP_BY_CR[/** @type {keyof typeof XP_BY_CR} */ (c.cr)] ?? 0) : 0,
    sizeName: SIZES[c.size].name,
    modifiers,
    checks,
    saves,
    skills,
    passivePerception: c.passivePerception,
    // Stat-block lines: "Dex +4, Con +9", "Perception +8, Stealth +4".
    savesText:
      ABILITIES.filter((ability) => c.saves[ability].proficient)
        .map(
          (ability) =>
            `${ability[0]?.toUpperCase()}${ability.slice(1)} ${signed(c.saves[ability].bonus)}`,
        )
        .join(', ') || 'none',
    skillsText:
      Object.entries(c.skills)
        .filter(([, skill]) => skill.proficiency !== 'none')
        .map(([key, skill]) => `${SKILLS[key]?.name ?? key} ${signed(skill.bonus)}`)
        .join(', ') || 'none',
    sensesText: [str(c.data.senses), `passive Perception ${c.passivePerception}`]
      .filter((part) => part !== '')
      .join(', '),
    ac: c.ac,
    acText: c.acText,
    stealthDisadvantage: c.stealthDisadvantage,
    maxHp: c.maxHp,
    maxHpText: c.maxHpText,
    hp: c.hp,
    tempHp: c.tempHp,
    hpText: `${c.hp} / ${c.maxHp}${c.tempHp > 0 ? ` (+${c.tempHp} temporary)` : ''}`,
    bloodied: c.hp > 0 && c.hp <= c.maxHp / 2,
    status: statusOf(c),
    initiative: c.initiative,
    speed: c.speed.walk ?? 0,
    speeds: { ...c.speed },
    speedText: c.speed.text,
    spellcasting: {
      caster: c.spell.caster,
      ability: c.spell.ability ?? '',
      abilityName: c.spell.ability === null ? '' : ABILITY_NAMES[c.spell.ability],
      dc: c.spell.dc,
      attack: c.spell.attack,
      casterLevel: c.spell.casterLevel,
    },
    slots,
    pact: c.spell.pact,
    slotsText,
    hitDice: c.hitDice,
    hitDiceText: Object.entries(c.hitDice)
      .map(([die, pool]) => `${pool.left}/${pool.max} ${die}`)
      .join(', '),
    attacks,
    attacksText: attacks.map((attack) => attack.text).join('\n'),
    carrying: c.carrying,
    conditionsText:
      [...c.conditions, ...(c.exhaustion > 0 ? [`exhaustion ${c.exhaustion}`] : [])].join(', ') ||
      'none',
    exhaustion: c.exhaustion,
    deathSaves: c.deathSaves,
    problems: problems.join('\n'),
  };
};

/**
 * The word the sheet shows for how the creature is doing: dead, stable, dying (or down, for a
 * monster without death saves), unconscious, bloodied (half its hit points or fewer), healthy.
 * @param {Creature} c
 */
function statusOf(c) {
  if (c.dead) return 'dead';
  if (c.hp <= 0) return c.stable ? 'stable' : c.usesDeathSaves ? 'dying' : 'down';
  if (c.has('unconscious')) return 'unconscious';
  return c.hp <= c.maxHp / 2 ? 'bloodied' : 'healthy';
}

/**
 * `initiative(actor, ctx)`: a Dexterity check, d20 + Dex modifier (plus Jack of All Trades and
 * any `initiativeBonus`), as SRD 5.1 "Combat: Initiative" says; disadvantage when poisoned or
 * exhausted, as for any ability check. Ties between creatures go to the higher Dexterity score,
 * added as hundredths so the order is the same on every peer without a second roll.
 * @type {InitiativeHook}
 */
const initiative = (actor, ctx) => {
  const c = creature(actor);
  const roll = d20Test(ctx, c.initiative, checkSources(c, emptySources()));
  return roll.total + c.scores.dex / 100;
};

module.exports = Object.freeze({
  derive,
  initiative,
});
