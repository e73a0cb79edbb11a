// @ts-check
/**
 * The `derive` and `initiative` hooks: what a character's sheet shows (every skill's code,
 * Strength Damage, resistance, the wound level and its effect, weapons with their damage, roll
 * buttons, the problems of the data), and the initiative roll with OpenD6's tiebreaks.
 */

/**
 * @import { DeriveHook, InitiativeHook } from '@meshtable/module-sdk'
 * @import { Code } from './codes.js'
 * @import { Equipment } from './equipment.js'
 * @import { AttributeSheet, Sheet } from './sheet.js'
 */

const { armorOf, canAct, skillCode, strengthDamage } = require('./character.js');
const { addCodes, formatCode, formatModifier, formatNotation, normalize } = require('./codes.js');
const {
  ATTRIBUTES,
  INCAPACITATED,
  PASSIVE_DEFENSE,
  WOUND_LEVELS,
  WOUND_PENALTY,
} = require('./constants.js');
const { readDamage } = require('./equipment.js');
const { rollPool } = require('./pool.js');
const { isObject } = require('./read.js');
const { Refusal } = require('./refusal.js');
const { readSheet } = require('./sheet.js');

/**
 * `derive(actor)`: every skill's total code, Strength Damage, the damage resistance code, the
 * wound level and its penalty, weapons with their full damage codes, and the problems of the
 * data (so the sheet can say "Agility: "3X" is not a die code" while a player types).
 * @type {DeriveHook}
 */
const derive = (actor) => {
  const sheet = readSheet(actor.data);
  /** @type {Record<string, string>} */
  const attributes = {};
  /** @type {Record<string, string>} */
  const skills = {};
  /** @type {Record<string, string>} */
  const skillCodes = {};
  /** @type {Record<string, string>} */
  const rolls = {};
  for (const key of ATTRIBUTES) {
    const attribute = /** @type {AttributeSheet} */ (sheet.attributes[key]);
    attributes[key] = formatCode(attribute.code);
    rolls[key] = formatNotation(attribute.code);
    const lines = [];
    for (const row of attribute.skills) {
      const base = addCodes(attribute.code, row.adds);
      if (row.specialization === '') {
        skillCodes[row.name.toLowerCase()] = formatCode(base);
        lines.push(`${row.name} ${formatCode(base)}`);
      } else {
        const special = addCodes(base, row.bonus);
        skillCodes[`${row.name.toLowerCase()}: ${row.specialization.toLowerCase()}`] =
          formatCode(special);
        lines.push(`${row.name}: ${row.specialization} ${formatCode(special)}`);
      }
    }
    skills[key] = lines.join(', ');
  }
  const damage = strengthDamage(sheet);
  let armor = { dice: 0, pips: 0 };
  try {
    armor = armorOf(sheet);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
  }
  const strength = /** @type {AttributeSheet} */ (sheet.attributes.strength).code;
  const penalty = WOUND_PENALTY[sheet.wounds] ?? 0;
  const weapons = sheet.equipment
    .filter((item) => item.kind === 'weapon')
    .map((item) => weaponLine(sheet, item, damage));
  const level = /** @type {string} */ (WOUND_LEVELS[sheet.wounds]);
  const resistance = { dice: strength.dice + armor.dice, pips: strength.pips + armor.pips };
  rolls.strengthDamage = formatNotation(damage);
  rolls.resistance = formatNotation(resistance);
  return {
    attributes,
    skills,
    skillCodes,
    // Roll buttons: each code in the generic dice language ("3d6+1"), which the app checks a
    // button's notation with; the roll hook reads it as the D6 code. A skill row's button adds
    // its pips and takes off the wound penalty: "@rolls.agility+@item.adds-@rollPenalty".
    rolls,
    rollPenalty: `${penalty}d6`,
    strengthDamage: formatCode(damage),
    resistance: formatCode(resistance),
    armor: formatModifier(armor),
    passiveDefense: PASSIVE_DEFENSE,
    move: sheet.move,
    freeMove: sheet.move / 2,
    initiative: attributes.perception ?? '0D',
    woundLevel: level,
    woundPenalty: `${penalty}D`,
    woundEffect: woundEffect(sheet),
    canAct: canAct(sheet),
    down: sheet.wounds >= INCAPACITATED || sheet.unconscious,
    characterPoints: sheet.characterPoints,
    fatePoints: sheet.fatePoints,
    cpLimit: sheet.cpLimit === 0 ? 'no limit' : `${sheet.cpLimit} per roll`,
    weapons: weapons.join('\n'),
    lastRoll: lastRollText(actor.data),
    problems: sheet.problems.map((problem) => problem.message).join('\n'),
  };
};

/**
 * "energy pistol: firearms 4D+1, damage 4D, 3-10/30/120 m"
 * @param {Sheet} sheet
 * @param {Equipment} item
 * @param {Code} damage
 */
function weaponLine(sheet, item, damage) {
  const parts = [];
  if (item.skill !== '') {
    try {
      parts.push(`${item.skill} ${formatCode(skillCode(sheet, item.skill).code)}`);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      parts.push(`${item.skill} (unknown skill)`);
    }
  }
  if (item.damage !== '') {
    try {
      parts.push(
        `damage ${formatCode(normalize(readDamage(item.damage, damage)))}${item.stun ? ' stun' : ''}`,
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
    }
  }
  if (item.ranges !== '') parts.push(`${item.ranges} m`);
  return `${item.name}: ${parts.join(', ')}`;
}

/**
 * What the wound level does, as the sheet shows it ("Wound Levels").
 * @param {Sheet} sheet
 */
function woundEffect(sheet) {
  const effects = [
    '',
    '-1D to all actions this round and next',
    '-1D to all actions until healed',
    '-2D to all actions until healed',
    sheet.unconscious ? 'knocked out' : '-3D to all actions (stayed up)',
    'unconscious and dying: roll Strength each round',
    'dead',
  ];
  const effect = effects[sheet.wounds] ?? '';
  return sheet.unconscious && sheet.wounds < INCAPACITATED
    ? `unconscious${effect === '' ? '' : `; ${effect}`}`
    : effect;
}

/**
 * @param {unknown} data
 */
function lastRollText(data) {
  if (!isObject(data) || !isObject(data.lastRoll)) return '';
  return typeof data.lastRoll.text === 'string' ? data.lastRoll.text : '';
}

/**
 * `initiative(actor)`: a Perception roll with the Wild Die ("Initiative": methods 2 and 3).
 * Ties are broken as OpenD6 orders them ("Ties/No Rolls"): Perception, then search, then
 * Agility, then dodge, each as a code in pips, written into the decimals of the result so every
 * peer orders the same way without another roll.
 * @type {InitiativeHook}
 */
const initiative = (actor, ctx) => {
  const sheet = readSheet(actor.data);
  const perception = /** @type {AttributeSheet} */ (sheet.attributes.perception).code;
  const pool = rollPool(ctx, {
    dice: perception.dice,
    pips: perception.pips,
    characterPoints: 0,
    criticalFailure: sheet.criticalFailure,
  });
  return pool.total + initiativeTiebreak(sheet);
};

/**
 * The tiebreak as decimals: Perception, search, Agility and dodge in pips (each capped at 99),
 * two decimal places each: 3D+1, 4D, 3D, 4D reads .10121112.
 * @param {Sheet} sheet
 */
function initiativeTiebreak(sheet) {
  const pips = (/** @type {string} */ name) => {
    const code = skillCode(sheet, name).code;
    return Math.min(99, code.dice * 3 + code.pips);
  };
  const digits =
    pips('perception') * 1e6 + pips('search') * 1e4 + pips('agility') * 1e2 + pips('dodge');
  return digits / 1e8;
}

module.exports = Object.freeze({
  derive,
  initiative,
});
