// @ts-check
/**
 * Damage and recovery on the characteristics (SRD Chapter 5, Damage, Armor, Injury and
 * Recovery): taking damage in the SRD's order, giving points back, what armour stops, and the
 * changes that write the new values to the sheet and the conditions of the character's tokens.
 */

/**
 * @import { Change, TableState as State } from '@meshtable/module-sdk'
 * @import { Character } from './character.js'
 * @import { Physical, Scores } from './characteristics.js'
 */

const { healthOf } = require('./character.js');
const { CHARACTERISTICS } = require('./characteristics.js');
const { set, tokensOf } = require('./table.js');

/**
 * Takes damage off the physical characteristics (SRD Chapter 5, Damage): Endurance first; once
 * it is 0, Strength or Dexterity, whichever the character chose (`damageTo`; without a choice,
 * the higher, to stay conscious longest); once that is 0 too the character is unconscious and
 * the rest comes off the last one. The SRD lets a character who is already hurt spread later
 * damage as they like: this module keeps to the same order unless the player picks otherwise.
 * @param {Character} character
 * @param {number} amount points of damage, at least 0
 * @returns {{ current: Scores, taken: Record<Physical, number> }}
 */
function takeDamage(character, amount) {
  const current = { ...character.current };
  const taken = { str: 0, dex: 0, end: 0 };
  const second =
    character.damageTo ?? (character.current.dex > character.current.str ? 'dex' : 'str');
  const order = /** @type {Physical[]} */ (['end', second, second === 'str' ? 'dex' : 'str']);
  let left = amount;
  for (const key of order) {
    const off = Math.min(left, current[key]);
    current[key] -= off;
    taken[key] += off;
    left -= off;
  }
  return { current, taken };
}

/**
 * Gives back characteristic points. With a priority, each characteristic in turn is filled up
 * (the player's choice, SRD Chapter 5, Injury and Recovery); without one, the points are divided
 * evenly, one at a time among the damaged ones, Endurance first (as medical care divides them,
 * SRD Chapter 5, Medical Treatment).
 * @param {Character} character
 * @param {number} points at least 0
 * @param {readonly Physical[] | null} priority
 * @returns {{ current: Scores, restored: Record<Physical, number> }}
 */
function restorePoints(character, points, priority) {
  const current = { ...character.current };
  const restored = { str: 0, dex: 0, end: 0 };
  let left = points;
  /** @param {Physical} key */
  const room = (key) => character.scores[key] - current[key];
  if (priority !== null) {
    for (const key of priority) {
      const back = Math.min(left, room(key));
      current[key] += back;
      restored[key] += back;
      left -= back;
    }
    return { current, restored };
  }
  const order = /** @type {Physical[]} */ (['end', 'str', 'dex']);
  while (left > 0 && order.some((key) => room(key) > 0)) {
    for (const key of order) {
      if (left > 0 && room(key) > 0) {
        current[key] += 1;
        restored[key] += 1;
        left -= 1;
      }
    }
  }
  return { current, restored };
}

/**
 * Damage after armour: armour takes off its rating, but a hit with an Effect of 6 or more always
 * does at least one point (SRD Chapter 5, Armor).
 * @param {number} damage
 * @param {number} armor
 * @param {number | null} effect the attack's Effect, when there was an attack roll
 */
function afterArmor(damage, armor, effect) {
  const through = Math.max(0, damage - armor);
  return effect !== null && effect >= 6 ? Math.max(1, through) : through;
}

/**
 * The changes that set a character's physical values, and the conditions of its tokens.
 * @param {State} state
 * @param {Character} character
 * @param {Scores} current
 * @returns {Change[]}
 */
function woundChanges(state, character, current) {
  /** @type {Change[]} */
  const changes = [];
  for (const key of CHARACTERISTICS) {
    if (current[key] !== character.current[key]) {
      changes.push(set('actors', character.id, ['data', 'current', key], current[key]));
    }
  }
  const health = healthOf({ ...character, current });
  const shown = health.dead ? 'dead' : health.unconscious ? 'unconscious' : null;
  for (const token of tokensOf(state, character.id)) {
    const before = Array.isArray(token.conditions) ? token.conditions : [];
    const kept = before.filter((condition) => condition !== 'dead' && condition !== 'unconscious');
    const after = shown === null ? kept : [...kept, shown];
    if (after.length !== before.length || after.some((value, i) => value !== before[i])) {
      changes.push(set('tokens', token.id, ['conditions'], after));
    }
  }
  return changes;
}

module.exports = Object.freeze({
  takeDamage,
  restorePoints,
  afterArmor,
  woundChanges,
});
