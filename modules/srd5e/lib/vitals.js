// @ts-check
/**
 * Damage, healing and dropping to 0 hit points (SRD 5.1 "Damage and Healing", "Damage
 * Resistance and Vulnerability", "Dropping to 0 Hit Points"): one path for attacks,
 * damage.apply, death saves and rests. Each step takes a creature's vitals and returns new
 * ones with the events in words; `vitalChanges` turns the difference into the table's changes.
 */

/**
 * @import { Change, TableState } from '@meshtable/module-sdk'
 * @import { Creature } from './creature.js'
 *
 * @typedef {{
 *   hp: number, tempHp: number, conditions: string[], exhaustion: number,
 *   deathSaves: { successes: number, failures: number }, stable: boolean, dead: boolean,
 * }} Vitals
 */

const { CONDITIONS } = require('./constants.js');
const { obj } = require('./read.js');
const { setData, tokensOf } = require('./table.js');

/**
 * @param {Creature} c
 * @returns {Vitals}
 */
function vitalsOf(c) {
  return {
    hp: c.hp,
    tempHp: c.tempHp,
    conditions: [...c.conditions],
    exhaustion: c.exhaustion,
    deathSaves: { ...c.deathSaves },
    stable: c.stable,
    dead: c.dead,
  };
}

/**
 * Damage by type after immunity (none), resistance (halved, rounded down) and vulnerability
 * (doubled), applied in that order after every other modifier (SRD 5.1 "Damage Resistance and
 * Vulnerability"). Several resistances to one type count once; a petrified creature resists all
 * damage.
 * @param {Creature} c
 * @param {{ amount: number, type: string }[]} parts
 */
function modifyDamage(c, parts) {
  let total = 0;
  /** @type {string[]} */
  const notes = [];
  // "Petrified": resistance to all damage.
  const stone = c.has('petrified');
  for (const part of parts) {
    let amount = Math.max(0, Math.floor(part.amount));
    const type = part.type;
    if (amount > 0 && type !== '' && c.immunities.includes(type)) {
      notes.push(`immune to ${type}`);
      amount = 0;
    } else if (amount > 0 && (type !== '' || stone)) {
      if (c.resistances.includes(type) || stone) {
        amount = Math.floor(amount / 2);
        notes.push(
          stone && !c.resistances.includes(type)
            ? 'petrified: resists all damage'
            : `resists ${type}`,
        );
      }
      if (c.vulnerabilities.includes(type)) {
        amount *= 2;
        notes.push(`vulnerable to ${type}`);
      }
    }
    total += amount;
  }
  return { total, notes };
}

/**
 * Damage taken (SRD 5.1 "Damage and Healing"): temporary hit points are lost first, the rest
 * from hit points, never below 0. At 0 a creature that makes death saves falls unconscious (and
 * prone) unless the damage left over reaches its hit point maximum: then it dies outright
 * ("Instant Death"). A monster without death saves dies at 0. Damage at 0 hit points is a death
 * save failure, two from a critical hit, and death if it reaches the maximum.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} amount damage after resistances
 * @param {boolean} critical
 * @returns {{ after: Vitals, events: string[] }}
 */
function takeDamage(c, before, amount, critical) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (before.dead || amount <= 0) return { after, events };
  const absorbed = Math.min(after.tempHp, amount);
  after.tempHp -= absorbed;
  const rest = amount - absorbed;
  if (absorbed > 0) events.push(`${absorbed} absorbed by temporary hit points`);
  if (rest <= 0) return { after, events };
  if (before.hp > 0) {
    const left = before.hp - rest;
    after.hp = Math.max(0, left);
    if (left > 0) return { after, events };
    const overflow = -left;
    if (!c.usesDeathSaves) {
      after.dead = true;
      events.push(`${c.name} drops to 0 hit points and dies`);
    } else if (overflow >= c.maxHp) {
      after.dead = true;
      events.push(
        `${c.name} dies outright: ${overflow} damage left over at 0 hit points reaches the maximum of ${c.maxHp}`,
      );
    } else {
      addCondition(after, 'unconscious');
      addCondition(after, 'prone');
      after.deathSaves = { successes: 0, failures: 0 };
      after.stable = false;
      events.push(`${c.name} drops to 0 hit points and falls unconscious`);
    }
    return { after, events };
  }
  // Already at 0 hit points.
  if (!c.usesDeathSaves || rest >= c.maxHp) {
    after.dead = true;
    events.push(
      c.usesDeathSaves
        ? `${c.name} dies: ${rest} damage at 0 hit points reaches the maximum of ${c.maxHp}`
        : `${c.name} dies`,
    );
    return { after, events };
  }
  const failures = critical ? 2 : 1;
  after.stable = false;
  after.deathSaves.failures = Math.min(3, after.deathSaves.failures + failures);
  events.push(`damage at 0 hit points: ${failures} death save failure${failures > 1 ? 's' : ''}`);
  if (after.deathSaves.failures >= 3) {
    after.dead = true;
    events.push(`${c.name} dies (three failed death saves)`);
  }
  return { after, events };
}

/**
 * Healing (SRD 5.1 "Healing"): hit points go up, never above the maximum (and never down, for a
 * creature above a maximum that exhaustion has halved). A creature at 0 that regains any hit
 * points wakes up and its death saves reset ("Death Saving Throws"). The dead stay dead.
 * @param {Creature} c
 * @param {Vitals} before
 * @param {number} amount
 */
function heal(c, before, amount) {
  const after = {
    ...before,
    conditions: [...before.conditions],
    deathSaves: { ...before.deathSaves },
  };
  /** @type {string[]} */
  const events = [];
  if (before.dead || amount <= 0) return { after, events };
  after.hp = Math.max(before.hp, Math.min(c.maxHp, before.hp + amount));
  if (before.hp === 0 && after.hp > 0) wakeUp(after, events, c.name);
  return { after, events };
}

/**
 * Back from 0 hit points: conscious, death saves reset, no longer merely stable.
 * @param {Vitals} vitals
 * @param {string[]} events
 * @param {string} name
 */
function wakeUp(vitals, events, name) {
  removeCondition(vitals, 'unconscious');
  vitals.deathSaves = { successes: 0, failures: 0 };
  vitals.stable = false;
  events.push(`${name} regains consciousness`);
}

/**
 * @param {Vitals} vitals
 * @param {string} condition
 */
function addCondition(vitals, condition) {
  if (!vitals.conditions.includes(condition)) vitals.conditions.push(condition);
}

/**
 * @param {Vitals} vitals
 * @param {string} condition
 */
function removeCondition(vitals, condition) {
  vitals.conditions = vitals.conditions.filter((c) => c !== condition);
}

/**
 * The changes that take an actor from one set of vitals to another: only the fields that
 * changed, each set on its own so that a concurrent edit of another field survives. The
 * actor's tokens show its conditions (and "dead") as markers; markers the GM set by hand that
 * are not SRD conditions stay.
 * @param {TableState} state
 * @param {Creature} c
 * @param {Vitals} before
 * @param {Vitals} after
 * @returns {Change[]}
 */
function vitalChanges(state, c, before, after) {
  /** @type {Change[]} */
  const changes = [];
  if (after.hp !== before.hp) changes.push(setData(c.id, 'hp', after.hp));
  if (after.tempHp !== before.tempHp) changes.push(setData(c.id, 'tempHp', after.tempHp));
  if (after.exhaustion !== before.exhaustion) {
    changes.push(setData(c.id, 'exhaustion', after.exhaustion));
  }
  if (
    after.deathSaves.successes !== before.deathSaves.successes ||
    after.deathSaves.failures !== before.deathSaves.failures
  ) {
    changes.push(setData(c.id, 'deathSaves', after.deathSaves));
  }
  if (after.stable !== before.stable) changes.push(setData(c.id, 'stable', after.stable));
  if (after.dead !== before.dead) changes.push(setData(c.id, 'dead', after.dead));
  const sameConditions =
    after.conditions.length === before.conditions.length &&
    after.conditions.every((condition) => before.conditions.includes(condition));
  if (!sameConditions) changes.push(setData(c.id, 'conditions', after.conditions));
  if (sameConditions && after.dead === before.dead && after.exhaustion === before.exhaustion) {
    return changes;
  }
  const markers = [
    ...after.conditions,
    ...(after.exhaustion > 0 ? [`exhaustion ${after.exhaustion}`] : []),
    ...(after.dead ? ['dead'] : []),
  ];
  for (const token of tokensOf(state, c.id)) {
    const listed = obj(token).conditions;
    /** @type {string[]} */
    const current = Array.isArray(listed) ? listed.filter((m) => typeof m === 'string') : [];
    const kept = current.filter(
      (marker) =>
        !CONDITIONS.includes(marker) && marker !== 'dead' && !marker.startsWith('exhaustion'),
    );
    const next = [...kept, ...markers].slice(0, 64);
    if (next.length !== current.length || next.some((marker, i) => marker !== current[i])) {
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
 * Damage (and perhaps a condition) landing on a creature: resistances, then the rules of
 * temporary hit points and of dropping to 0, and the changes that follow.
 * @param {TableState} state
 * @param {Creature} t
 * @param {{ amount: number, type: string }[]} taken
 * @param {boolean} critical
 * @param {string | null} condition
 */
function hurt(state, t, taken, critical, condition) {
  const before = vitalsOf(t);
  const { total, notes } = modifyDamage(t, taken);
  const { after, events } = takeDamage(t, before, total, critical);
  if (condition !== null && !after.dead && !t.conditionImmunities.includes(condition)) {
    addCondition(after, condition);
    events.push(`${t.name} is ${condition}`);
  }
  const text = [
    `${t.name} takes ${total} damage${notes.length > 0 ? ` (${notes.join(', ')})` : ''}: ${before.hp} → ${after.hp} hp${after.tempHp !== before.tempHp ? `, ${after.tempHp} temporary` : ''}`,
    ...events,
  ].join('; ');
  return { changes: vitalChanges(state, t, before, after), dealt: total, hp: after.hp, text };
}

module.exports = Object.freeze({
  vitalsOf,
  modifyDamage,
  takeDamage,
  heal,
  wakeUp,
  addCondition,
  removeCondition,
  vitalChanges,
  hurt,
});
