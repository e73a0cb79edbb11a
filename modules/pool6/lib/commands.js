// @ts-check
/**
 * The chat commands (reference/combat.md "Chat commands"): `/test`, `/attack`, `/soak` and
 * `/luck`. A command changes nothing itself: its roll goes through the roll hook and its intent
 * through validate and apply, like any other.
 */

/**
 * @import { ChatCommand, CommandInput, JsonObject } from '@meshtable/module-sdk'
 */

const { ATTRIBUTES, KINDS, LIMIT_OF, MAX_POOL } = require('./constants.js');
const { keyOf } = require('./read.js');
const { stats } = require('./stats.js');
const { signed, title } = require('./text.js');

/**
 * The chat: `/test`, `/attack`, `/soak`, `/luck`. A command changes nothing itself; its roll
 * goes through the roll hook and its intent through validate and apply.
 * @type {Record<string, ChatCommand>}
 */
const commands = {
  test: {
    description:
      'Roll a test: /test <dice or skill> [threshold] [limit] [luck], e.g. /test 8 2 4 or /test pistols 2 luck',
    run: (input) => testCommand(input),
  },
  attack: {
    description: 'Attack: /attack <target id> [weapon] [luck]',
    run: (input) => {
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const luck = words.some((word) => word.toLowerCase() === 'luck');
      const [targetId, ...rest] = words.filter((word) => word.toLowerCase() !== 'luck');
      if (targetId === undefined) return { message: 'Usage: /attack <target id> [weapon] [luck]' };
      if (input.actor === undefined)
        return { message: 'Select the character you attack with first.' };
      /** @type {JsonObject} */
      const payload = { attackerId: input.actor.id, targetId };
      if (rest.length > 0) payload.weapon = rest.join(' ');
      if (luck) payload.luck = true;
      return {
        message: `${input.actor.name} attacks ${targetId}${rest.length > 0 ? ` with ${rest.join(' ')}` : ''}${luck ? ', trusting to luck' : ''}.`,
        intent: { kind: KINDS.attack, payload },
      };
    },
  },
  soak: {
    description: 'Roll to soak damage: /soak <damage value>[P|S] [AP], e.g. /soak 7P -2',
    run: (input) => soakCommand(input),
  },
  luck: {
    description: 'Spend a luck point: /luck [what for]',
    run: (input) => {
      if (input.actor === undefined)
        return { message: 'Select the character whose luck you spend first.' };
      const reason = input.text.trim().slice(0, 100);
      /** @type {JsonObject} */
      const payload = { actorId: input.actor.id };
      if (reason !== '') payload.reason = reason;
      return {
        message: `${input.actor.name} spends a luck point${reason === '' ? '' : ` (${reason})`}.`,
        intent: {
          kind: KINDS.spendLuck,
          payload,
        },
      };
    },
  },
};

/**
 * `/test <dice or skill> [threshold] [limit] [luck]`. A number of dice rolls as it is; a skill or
 * attribute of the character spoken as brings its pool (wounds included) and its limit. With
 * `luck`, it asks for a pool6:test of the same pool instead of a roll: the test adds the luck
 * dice and spends the point, so the dice stand only if the point does.
 * @param {CommandInput} input
 */
function testCommand(input) {
  const usage = { message: 'Usage: /test <dice or skill> [threshold] [limit] [luck]' };
  const words = input.text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const luck = words.some((word) => word.toLowerCase() === 'luck');
  const rest = words.filter((word) => word.toLowerCase() !== 'luck');
  const numbersFrom = rest.findIndex((word, index) => index > 0 && /^\d+$/.test(word));
  const head = numbersFrom === -1 ? rest : rest.slice(0, numbersFrom);
  const numbers = numbersFrom === -1 ? [] : rest.slice(numbersFrom);
  if (head.length === 0 || numbers.length > 2 || numbers.some((word) => !/^\d+$/.test(word)))
    return usage;
  const [threshold, limitGiven] = numbers.map(Number);
  if (threshold === 0 || limitGiven === 0)
    return { message: 'A threshold and a limit are at least 1.' };

  const s = input.actor === undefined ? undefined : stats(input.actor);
  let dice;
  let limit = limitGiven;
  let label = 'Test';
  // What a pool6:test names when luck is spent: the same pool, read from the sheet by the rules.
  /** @type {JsonObject} */
  let tested;
  if (head.length === 1 && /^\d+$/.test(head[0] ?? '')) {
    dice = Number(head[0]);
    tested = { dice };
  } else {
    if (s === undefined)
      return { message: 'Select your character to test a skill, or give a number of dice.' };
    const name = head.join(' ');
    const skill = s.skills.find((known) => known.key === keyOf(name));
    const attribute = ATTRIBUTES.find((known) => known === name.toLowerCase());
    if (skill !== undefined) {
      dice = skill.pool;
      label = skill.name;
      tested = { skill: skill.name };
      if (limit === undefined && skill.limit !== null) limit = s.limits[skill.limit];
    } else if (attribute !== undefined) {
      dice = s.wounded(s.attributes[attribute]);
      label = title(attribute);
      tested = { attribute };
      const kind = LIMIT_OF[attribute];
      if (limit === undefined && kind !== null) limit = s.limits[kind];
    } else {
      return { message: `${input.actor?.name} has no skill or attribute "${name}".` };
    }
  }
  if (dice > MAX_POOL) return { message: `A pool has at most ${MAX_POOL} dice.` };
  if (!luck) {
    // The pool is the notation; threshold and limit go beside it as the roll hook's options
    // (the `th2 lim4` shorthand is for players typing a notation themselves).
    /** @type {JsonObject} */
    const options = {};
    if (threshold !== undefined) options.threshold = threshold;
    if (limit !== undefined) options.limit = limit;
    const notation = `${dice}d6`;
    return { roll: { notation, label, ...(Object.keys(options).length > 0 ? { options } : {}) } };
  }
  if (input.actor === undefined) return { message: 'Select your character to spend luck.' };
  // Luck is rolled by the pool6:test that spends the point, never by a plain roll (which the
  // rules refuse): the luck dice stand only if the point is there to pay for them.
  /** @type {JsonObject} */
  const payload = { actorId: input.actor.id, ...tested, luck: true };
  if (threshold !== undefined) payload.threshold = threshold;
  if (limitGiven !== undefined) payload.limit = limitGiven;
  return {
    message: `${input.actor.name} spends a luck point on ${label}.`,
    intent: { kind: KINDS.test, payload },
  };
}

/**
 * `/soak <damage value>[P|S] [AP]`: Body + armor (less the AP) dice; each hit stops a box. The
 * GM applies what gets through with damage.apply.
 * @param {CommandInput} input
 */
function soakCommand(input) {
  const match = /^(\d{1,3})\s*([ps])?(?:\s+(?:ap\s*)?([-+−]?\d{1,3}))?$/i.exec(input.text.trim());
  if (match === null) return { message: 'Usage: /soak <damage value>[P|S] [AP], e.g. /soak 7P -2' };
  if (input.actor === undefined)
    return { message: 'Select the character who soaks the damage first.' };
  const s = stats(input.actor);
  const damageValue = Number(match[1]);
  const ap = match[3] === undefined ? 0 : Math.min(0, Number(match[3].replace('−', '-')));
  const armor = Math.max(0, s.armor + ap);
  let type = (match[2] ?? 'p').toLowerCase() === 's' ? 'stun' : 'physical';
  if (type === 'physical' && damageValue < armor) type = 'stun';
  const dice = s.attributes.body + armor;
  const code = `${damageValue}${type === 'stun' ? 'S' : 'P'}`;
  return {
    message: `${input.actor.name} soaks ${code}${ap < 0 ? ` (AP ${signed(ap)})` : ''} with Body ${s.attributes.body} + armor ${armor}: each hit stops one box of ${type} damage.`,
    roll: { notation: `${dice}d6`, label: `Soak ${code}` },
  };
}

module.exports = Object.freeze({
  commands,
});
