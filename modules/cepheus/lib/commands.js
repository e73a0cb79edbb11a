// @ts-check
/**
 * Chat commands: /task, /attack, /upp and /heal. A command never changes the table: it posts a
 * message or sends an intent that is ruled like any other, whose roll card the receipt shows.
 */

/**
 * @import { ChatCommand, JsonValue } from '@meshtable/module-sdk'
 * @import { Character } from './character.js'
 * @import { Characteristic } from './characteristics.js'
 */

const { readCharacter } = require('./character.js');
const {
  characteristicDm,
  CHARACTERISTICS,
  formatUpp,
  NAMES,
  parseUpp,
} = require('./characteristics.js');
const { signed } = require('./read.js');
const { DIFFICULTIES, parseDifficulty } = require('./tasks.js');

const TASK_USAGE =
  'Usage: /task <skill or -> <STR|DEX|END|INT|EDU|SOC> [difficulty] [boon|bane], e.g. /task Medicine EDU difficult';
const ATTACK_USAGE =
  'Usage: /attack <target id> [weapon] [aim N] [thrown] [boon|bane], e.g. /attack grub Auto Pistol aim 1';
const HEAL_USAGE = 'Usage: /heal <patient id> <first-aid|surgery|care|rest|active> [days] [late]';

/**
 * Chat commands. A command never changes the table: it posts a message or sends an intent that
 * is ruled like any other, whose roll card the receipt shows.
 * @type {Record<string, ChatCommand>}
 */
const commands = {
  task: {
    description:
      'A task: /task <skill or -> <characteristic> [difficulty] [boon|bane], e.g. /task Medicine EDU difficult',
    run: (input) => {
      if (input.actor === undefined)
        return { message: 'Select the character who attempts the task first.' };
      const parsed = parseTaskWords(input.text);
      if (typeof parsed === 'string') return { message: `${parsed}. ${TASK_USAGE}` };
      // A cepheus:task, not a roll: the rules read the DMs off the sheet as the GM's peer holds
      // it, and a task's limits (the unconscious only try to wake) hold for /task too.
      /** @type {Record<string, JsonValue>} */
      const payload = {
        actorId: input.actor.id,
        skill: parsed.skill,
        characteristic: parsed.characteristic,
        difficulty: parsed.difficulty.dm,
      };
      if (parsed.boon) payload.boon = true;
      if (parsed.bane) payload.bane = true;
      return { intent: { kind: 'cepheus:task', payload } };
    },
  },
  attack: {
    description: 'Attack: /attack <target id> [weapon] [aim N] [thrown] [boon|bane]',
    run: (input) => {
      if (input.actor === undefined) return { message: 'Select the character who attacks first.' };
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const targetId = words.shift();
      if (targetId === undefined) return { message: ATTACK_USAGE };
      /** @type {Record<string, JsonValue>} */
      const payload = { attackerId: input.actor.id, targetId };
      const weaponWords = [];
      for (let i = 0; i < words.length; i++) {
        const word = /** @type {string} */ (words[i]);
        const lower = word.toLowerCase();
        if (lower === 'boon' || lower === 'bane' || lower === 'thrown') payload[lower] = true;
        else if (lower === 'aim' && /^\d$/.test(words[i + 1] ?? ''))
          payload.aim = Number(words[++i]);
        else weaponWords.push(word);
      }
      if (weaponWords.length > 0) payload.weapon = weaponWords.join(' ');
      const weapon = weaponWords.length > 0 ? ` with ${weaponWords.join(' ')}` : '';
      return {
        message: `${input.actor.name} attacks ${targetId}${weapon}.`,
        intent: { kind: 'cepheus:attack', payload },
      };
    },
  },
  upp: {
    description: 'Show the UPP of your character, or set it: /upp [786A9A]',
    run: (input) => {
      if (input.actor === undefined) return { message: 'Select a character first.' };
      const character = readCharacter(input.actor);
      if (input.text.trim() === '') return { message: describeUpp(character) };
      const parsed = parseUpp(input.text);
      if (!parsed.ok) return { message: `${parsed.reason}.` };
      return {
        message: `${character.name}'s characteristics become ${parsed.upp}.`,
        intent: { kind: 'cepheus:set-upp', payload: { actorId: character.id, upp: parsed.upp } },
      };
    },
  },
  heal: {
    description: 'Heal: /heal <patient id> <first-aid|surgery|care|rest|active> [days] [late]',
    run: (input) => {
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const [patientId, how, ...rest] = words;
      /** @type {Record<string, string>} */
      const methods = {
        'first-aid': 'firstAid',
        firstaid: 'firstAid',
        surgery: 'surgery',
        care: 'medicalCare',
        'medical-care': 'medicalCare',
        rest: 'rest',
        active: 'activeRest',
      };
      const method = how === undefined ? undefined : methods[how.toLowerCase()];
      if (patientId === undefined || method === undefined) return { message: HEAL_USAGE };
      /** @type {Record<string, JsonValue>} */
      const payload = { patientId, method };
      if (method === 'firstAid' || method === 'surgery' || method === 'medicalCare') {
        if (input.actor === undefined)
          return { message: 'Select the character who treats the patient first.' };
        payload.healerId = input.actor.id;
      }
      for (const word of rest) {
        if (/^\d{1,2}$/.test(word)) payload.days = Number(word);
        else if (word.toLowerCase() === 'late') payload.late = true;
        else return { message: HEAL_USAGE };
      }
      return { intent: { kind: 'cepheus:heal', payload } };
    },
  },
};

/**
 * Reads `/task` words from the end: flags and a difficulty may follow the characteristic in any
 * order; what comes before it is the skill (`-` or `none` for a characteristic check).
 * @param {string} text
 * @returns {{ skill: string | null, characteristic: Characteristic, difficulty: { name: string, dm: number }, boon: boolean, bane: boolean } | string}
 */
function parseTaskWords(text) {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  let boon = false;
  let bane = false;
  /** @type {{ name: string, dm: number } | null} */
  let difficulty = null;
  for (;;) {
    const last = words.at(-1)?.toLowerCase();
    if (last === 'boon' || last === 'bane') {
      if (last === 'boon') boon = true;
      else bane = true;
      words.pop();
      continue;
    }
    if (difficulty === null && words.length >= 2) {
      const pair = words.slice(-2).join(' ').toLowerCase();
      if (pair === 'very difficult') {
        difficulty = { name: 'Very Difficult', dm: DIFFICULTIES['Very Difficult'] };
        words.splice(-2);
        continue;
      }
    }
    const single = last === undefined ? null : parseDifficulty(last);
    if (
      difficulty === null &&
      single !== null &&
      last !== undefined &&
      !isCharacteristicWord(last)
    ) {
      difficulty = single;
      words.pop();
      continue;
    }
    break;
  }
  const named = words.pop()?.toLowerCase();
  const characteristic = CHARACTERISTICS.find((key) => key === named);
  if (characteristic === undefined) return 'Name the characteristic after the skill';
  const skill = words.join(' ');
  return {
    skill: skill === '' || skill === '-' || skill.toLowerCase() === 'none' ? null : skill,
    characteristic,
    difficulty: difficulty ?? { name: 'Average', dm: 0 },
    boon,
    bane,
  };
}

/** @param {string} word */
function isCharacteristicWord(word) {
  return CHARACTERISTICS.some((key) => key === word);
}

/**
 * `/upp`'s answer: the UPP, each characteristic with its DM, and the damaged values if any.
 * @param {Character} character
 */
function describeUpp(character) {
  const list = CHARACTERISTICS.map(
    (key) =>
      `${NAMES[key]} ${character.current[key]}${character.current[key] < character.scores[key] ? ` of ${character.scores[key]}` : ''} (${signed(characteristicDm(character.current[key]))})`,
  ).join(', ');
  const upp = formatUpp(character.scores, character.psi);
  const now = formatUpp(character.current, character.psi);
  return `${character.name}: UPP ${upp}${now === upp ? '' : `, ${now} after damage`}. ${list}.`;
}

module.exports = Object.freeze({
  commands,
});
