// @ts-check
/**
 * Damage on the condition monitors (reference/damage.md): boxes added or healed on a track, stun
 * spilling into physical and physical into overflow; the changes that store it and show the
 * character's condition on its tokens; the track a damage type names.
 */

/**
 * @import { Actor, Change, TableState } from '@meshtable/module-sdk'
 * @import { Condition, Damage, Track } from './constants.js'
 * @import { Stats } from './stats.js'
 */

const { MANAGED_CONDITIONS } = require('./constants.js');
const { asArray, asObject } = require('./read.js');
const { stats } = require('./stats.js');
const { tokensOf } = require('./table.js');

/**
 * Boxes of damage (or, negative, healing) on one track. Stun beyond the stun track spills into
 * the physical track box for box; physical beyond its track is overflow, which stops one box past
 * Body (dead is dead). Healing physical clears overflow first.
 * @param {Stats} s
 * @param {Track} track
 * @param {number} amount
 * @returns {Damage}
 */
function addDamage(s, track, amount) {
  let { physical, stun, overflow } = s.damage;
  const physicalMax = s.monitors.physical.max;
  if (amount >= 0) {
    if (track === 'stun') {
      stun += amount;
      if (stun > s.monitors.stun.max) {
        physical += stun - s.monitors.stun.max;
        stun = s.monitors.stun.max;
      }
    } else {
      physical += amount;
    }
    if (physical > physicalMax) {
      overflow = Math.min(s.monitors.overflow.max + 1, overflow + physical - physicalMax);
      physical = physicalMax;
    }
    return { physical, stun, overflow };
  }
  let healing = -amount;
  if (track === 'stun') return { physical, stun: Math.max(0, stun - healing), overflow };
  const fromOverflow = Math.min(overflow, healing);
  healing -= fromOverflow;
  return { physical: Math.max(0, physical - healing), stun, overflow: overflow - fromOverflow };
}

/**
 * The changes that store new damage on an actor and show its condition on each of its tokens.
 * @param {TableState} state
 * @param {Actor} actor
 * @param {Damage} damage
 * @returns {Change[]}
 */
function damageChanges(state, actor, damage) {
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  /** @type {Change[]} */
  const changes = [
    { op: 'set', collection: 'actors', id: actor.id, path: ['data', 'damage'], value: damage },
  ];
  const shown = conditionTags(after.condition);
  for (const token of tokensOf(state, actor.id)) {
    const current = asArray(/** @type {{ conditions?: unknown }} */ (token).conditions).filter(
      (tag) => typeof tag === 'string',
    );
    const next = [...current.filter((tag) => !MANAGED_CONDITIONS.includes(tag)), ...shown];
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      changes.push({
        op: 'set',
        collection: 'tokens',
        id: token.id,
        path: ['conditions'],
        value: next,
      });
    }
  }
  return changes;
}

/**
 * The token conditions a state shows: a dying character is also unconscious.
 * @param {Condition} condition
 * @returns {string[]}
 */
function conditionTags(condition) {
  if (condition === 'ok') return [];
  if (condition === 'dying') return ['unconscious', 'dying'];
  return [condition];
}

/**
 * A track named by a damage type: `physical`/`p` or `stun`/`s` (any case); absent is physical.
 * @param {unknown} type
 * @returns {Track | null}
 */
function trackOf(type) {
  if (type === undefined) return 'physical';
  if (typeof type !== 'string') return null;
  const name = type.trim().toLowerCase();
  if (name === 'physical' || name === 'p') return 'physical';
  if (name === 'stun' || name === 's') return 'stun';
  return null;
}

module.exports = Object.freeze({
  addDamage,
  damageChanges,
  trackOf,
});
