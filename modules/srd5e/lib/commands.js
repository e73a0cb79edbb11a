// @ts-check
/**
 * The chat commands: words in, an intent out (`/attack goblin with longsword adv` asks for
 * srd5e:attack). A command changes nothing itself: its intent is ruled like any other.
 */

/**
 * @import { ChatCommand } from '@meshtable/module-sdk'
 * @import { Ability } from './constants.js'
 * @import { Obj } from './read.js'
 */

const { ABILITIES, ABILITY_NAMES, SKILLS } = require('./constants.js');
const { abilityOf, skillOf } = require('./read.js');
const { ordinal, withArticle } = require('./text.js');

/**
 * Takes the roll options out of a chat line: "adv"/"advantage", "dis"/"disadvantage", and
 * "dc 15" (or "dc15"). Returns them and the words left.
 * @param {string} text
 */
function chatOptions(text) {
  /** @type {Obj} */
  const options = {};
  const rest = [];
  const parts = text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  for (let i = 0; i < parts.length; i++) {
    const part = /** @type {string} */ (parts[i]);
    const low = part.toLowerCase();
    if (low === 'adv' || low === 'advantage') options.advantage = true;
    else if (low === 'dis' || low === 'disadv' || low === 'disadvantage')
      options.disadvantage = true;
    else if (/^dc\d+$/.test(low)) options.dc = Number(low.slice(2));
    else if (low === 'dc' && /^\d+$/.test(parts[i + 1] ?? '')) {
      options.dc = Number(parts[i + 1]);
      i++;
    } else rest.push(part);
  }
  if (options.advantage === true && options.disadvantage === true) {
    // Both cancel; say so in the intent as the rules would read it.
    options.mode = 'normal';
  } else if (options.advantage === true) options.mode = 'advantage';
  else if (options.disadvantage === true) options.mode = 'disadvantage';
  delete options.advantage;
  delete options.disadvantage;
  return { options, rest };
}

/**
 * @param {Obj} options
 */
function modeWords(options) {
  return options.mode === 'advantage'
    ? ' with advantage'
    : options.mode === 'disadvantage'
      ? ' with disadvantage'
      : '';
}

const SELECT_FIRST = 'Select the character you act as first.';

/**
 * The chat commands. Each turns a line into one intent for the character the player speaks as;
 * validate and apply then rule on it as on any other, and its receipt shows the roll card.
 * @type {Record<string, ChatCommand>}
 */
const commands = {
  attack: {
    description:
      'Attack: /attack <target> [with <weapon or number>] [adv|dis] [2h]; several targets, comma-separated, for a save action',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const words = rest.filter((word) => {
        const low = word.toLowerCase();
        if (low === '2h' || low === 'two-handed' || low === 'twohanded') {
          options.twoHanded = true;
          return false;
        }
        return true;
      });
      const line = words.join(' ');
      const at = line.search(/\s+with\s+/i);
      const who = (at < 0 ? line : line.slice(0, at)).trim();
      const what =
        at < 0
          ? ''
          : line
              .slice(at)
              .replace(/^\s+with\s+/i, '')
              .trim();
      if (who === '') {
        return {
          message:
            'Usage: /attack <target> [with <weapon>] [adv|dis] [2h], e.g. /attack goblin-1 with longsword adv',
        };
      }
      const targets = who
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      /** @type {Obj} */
      const payload = { attackerId: input.actor.id };
      if (targets.length === 1) payload.targetId = targets[0];
      else payload.targetIds = targets;
      if (/^#?\d+$/.test(what)) payload.weapon = Number(what.replace('#', '')) - 1;
      else if (what !== '') payload.weapon = what;
      if (options.dc !== undefined) {
        return { message: 'An attack rolls against the target’s AC: leave out "dc".' };
      }
      if (options.mode !== undefined) payload.mode = options.mode;
      if (options.twoHanded === true) payload.twoHanded = true;
      return {
        message: `${input.actor.name} attacks ${targets.join(', ')}${what === '' ? '' : ` with ${what}`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:attack', payload },
      };
    },
  },
  save: {
    description: 'Saving throw: /save <ability> [dc <n>] [adv|dis], e.g. /save dex dc 15',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const ability = abilityOf(rest.join(''));
      if (ability === null) {
        return {
          message: `Usage: /save <ability> [dc <n>] [adv|dis]; the ability is one of ${ABILITIES.join(', ')}${rest.length > 0 ? ` ("${rest.join(' ')}" is not one)` : ''}.`,
        };
      }
      return {
        message: `${input.actor.name} makes ${withArticle(ABILITY_NAMES[ability])} saving throw${options.dc === undefined ? '' : ` (DC ${options.dc})`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:save', payload: { actorId: input.actor.id, ability, ...options } },
      };
    },
  },
  check: {
    description:
      'Ability or skill check: /check <skill or ability> [dc <n>] [adv|dis], e.g. /check stealth or /check str athletics',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      const whole = rest.join(' ');
      /** @type {Obj} */
      const payload = { actorId: input.actor.id };
      const skill = skillOf(whole);
      const ability = abilityOf(whole);
      if (skill !== null) payload.skill = skill;
      else if (ability !== null) payload.ability = ability;
      else {
        const first = abilityOf(rest[0] ?? '');
        const other = skillOf(rest.slice(1).join(' '));
        if (first === null || other === null) {
          return {
            message: `Usage: /check <skill or ability> [dc <n>] [adv|dis]${whole === '' ? '' : `; "${whole}" is neither a skill nor an ability`}.`,
          };
        }
        payload.ability = first;
        payload.skill = other;
      }
      const label =
        payload.skill === undefined
          ? `${ABILITY_NAMES[/** @type {Ability} */ (payload.ability)]} check`
          : `${SKILLS[payload.skill]?.name} check${payload.ability === undefined ? '' : ` using ${ABILITY_NAMES[/** @type {Ability} */ (payload.ability)]}`}`;
      return {
        message: `${input.actor.name} makes ${withArticle(label)}${options.dc === undefined ? '' : ` (DC ${options.dc})`}${modeWords(options)}.`,
        intent: { kind: 'srd5e:check', payload: { ...payload, ...options } },
      };
    },
  },
  cast: {
    description:
      'Cast a spell: /cast <spell> [at <slot level>] [pact] [ritual], e.g. /cast cure wounds at 2',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      /** @type {Obj} */
      const payload = { actorId: input.actor.id };
      const words = [];
      const parts = input.text
        .trim()
        .split(/\s+/)
        .filter((part) => part !== '');
      for (let i = 0; i < parts.length; i++) {
        const low = (parts[i] ?? '').toLowerCase();
        const next = parts[i + 1] ?? '';
        if (low === 'at' && /^[1-9](st|nd|rd|th)?$/i.test(next)) {
          payload.slotLevel = Number.parseInt(next, 10);
          i++;
        } else if (low === 'pact') payload.pact = true;
        else if (low === 'ritual') payload.ritual = true;
        else words.push(parts[i]);
      }
      const spell = words.join(' ').trim();
      if (spell === '') {
        return {
          message:
            'Usage: /cast <spell> [at <slot level>] [pact] [ritual], e.g. /cast magic missile at 3',
        };
      }
      payload.spell = spell;
      return {
        message: `${input.actor.name} casts ${spell}${payload.slotLevel === undefined ? '' : ` at ${ordinal(payload.slotLevel)} level`}${payload.ritual === true ? ' as a ritual' : ''}.`,
        intent: { kind: 'srd5e:cast', payload },
      };
    },
  },
  deathsave: {
    description: 'Death saving throw at 0 hit points: /deathsave [adv|dis]',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const { options, rest } = chatOptions(input.text);
      if (rest.length > 0 || options.dc !== undefined) {
        return { message: 'Usage: /deathsave [adv|dis] (the DC is always 10)' };
      }
      return {
        message: `${input.actor.name} makes a death saving throw${modeWords(options)}.`,
        intent: { kind: 'srd5e:death-save', payload: { actorId: input.actor.id, ...options } },
      };
    },
  },
  rest: {
    description: 'Rest: /rest short [hit dice to spend] or /rest long',
    run: (input) => {
      if (input.actor === undefined) return { message: SELECT_FIRST };
      const [type, count, ...extra] = input.text.trim().toLowerCase().split(/\s+/);
      if ((type !== 'short' && type !== 'long') || extra.length > 0) {
        return { message: 'Usage: /rest short [number of Hit Dice to spend] or /rest long' };
      }
      /** @type {Obj} */
      const payload = { actorId: input.actor.id, type };
      if (count !== undefined && count !== '') {
        if (type === 'long' || !/^\d{1,2}$/.test(count)) {
          return { message: 'Usage: /rest short [number of Hit Dice to spend] or /rest long' };
        }
        payload.hitDice = Number(count);
      }
      return {
        message:
          type === 'long'
            ? `${input.actor.name} takes a long rest.`
            : `${input.actor.name} takes a short rest${payload.hitDice ? ` and spends ${payload.hitDice} Hit ${payload.hitDice === 1 ? 'Die' : 'Dice'}` : ''}.`,
        intent: { kind: 'srd5e:rest', payload },
      };
    },
  },
};

module.exports = Object.freeze({
  commands,
});
