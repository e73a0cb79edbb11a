// @ts-check
/**
 * Chat commands: /d6, /attack, /resist, /defend, /cp, /fp and /heal. Each turns a line into a
 * roll (its options beside the notation) or an intent, which the rules then judge like any other;
 * none changes the table itself. A refusal becomes a usage message.
 */

/**
 * @import { ChatCommand, CommandInput, CommandResult, JsonObject } from '@meshtable/module-sdk'
 * @import { Refuse } from './refusal.js'
 */

const { formatCode, parseCode } = require('./codes.js');
const { parseDifficulty } = require('./difficulty.js');
const { Refusal } = require('./refusal.js');
/** @type {Refuse} */
const refuse = require('./refusal.js').refuse;

/**
 * Options written after a command's main words: `cp 2`, `fp`, `actions 2`, `range short`,
 * `cover 6`, `full`, `stun`, `kit +1D`. Returns the options and the other words in order.
 * @param {string} text
 * @param {Record<string, 'number' | 'flag' | 'word'>} known
 */
function commandWords(text, known) {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  /** @type {Record<string, string | number | boolean>} */
  const options = {};
  /** @type {string[]} */
  const rest = [];
  for (let index = 0; index < words.length; index++) {
    const word = /** @type {string} */ (words[index]);
    const kind = known[word.toLowerCase()];
    if (kind === 'flag') {
      options[word.toLowerCase()] = true;
    } else if (kind !== undefined && index + 1 < words.length) {
      const value = /** @type {string} */ (words[++index]);
      if (kind === 'number') {
        if (!/^\d+$/.test(value)) refuse(`"${word}" takes a whole number, not "${value}"`);
        options[word.toLowerCase()] = Number(value);
      } else {
        options[word.toLowerCase()] = value;
      }
    } else {
      rest.push(word);
    }
  }
  return { options, rest };
}

/**
 * The difficulty words of a command (`moderate`, `15`, `very difficult`) as a roll request's
 * option: `{ options: { difficulty: 15 } }`, or nothing without them. Commands pass it beside
 * the notation; `4D+2 vs 15` is the shorthand for players typing a notation themselves (`/r`).
 * @param {readonly string[]} words
 * @returns {{ options?: { difficulty: number } }}
 */
function difficultyOption(words) {
  return words.length === 0 ? {} : { options: { difficulty: parseDifficulty(words.join(' ')) } };
}

/**
 * Runs a command body, turning a refusal into a usage message.
 * @param {() => CommandResult} body
 * @param {string} usage
 */
function command(body, usage) {
  try {
    return body();
  } catch (error) {
    if (error instanceof Refusal) return { message: `${error.message}. Usage: ${usage}` };
    throw error;
  }
}

/**
 * The actor a command speaks as, or a refusal.
 * @param {CommandInput} input
 */
function speaker(input) {
  if (input.actor === undefined) refuse('select the character you speak as first');
  return input.actor;
}

/**
 * Chat commands. Each turns a line into a roll (its options beside the notation) or an intent,
 * which the rules then judge like any other; none changes the table itself.
 * @type {Record<string, ChatCommand>}
 */
const commands = {
  d6: {
    description:
      'Roll a die code with the Wild Die: /d6 <code> [difficulty], e.g. /d6 4D+2 moderate',
    run: (input) =>
      command(() => {
        const [code, ...difficulty] = input.text.trim().split(/\s+/);
        if (code === undefined || code === '') refuse('give a die code');
        const parsed = parseCode(code, 'the code');
        return {
          roll: {
            notation: formatCode(parsed),
            ...(input.actor === undefined ? {} : { label: input.actor.name }),
            ...difficultyOption(difficulty),
          },
        };
      }, '/d6 <code> [difficulty], e.g. /d6 3D+2 15'),
  },
  attack: {
    description:
      'Attack: /attack <target id> [weapon] [range point-blank|short|medium|long] [cover N] [actions N] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          range: 'word',
          cover: 'number',
          actions: 'number',
          cp: 'number',
          fp: 'flag',
          skill: 'word',
        });
        const [targetId, ...weapon] = rest;
        if (targetId === undefined) refuse('name the target');
        /** @type {JsonObject} */
        const payload = { attackerId: actor.id, targetId };
        if (weapon.length > 0) payload.weapon = weapon.join(' ');
        if (options.range !== undefined) payload.range = String(options.range).toLowerCase();
        if (options.skill !== undefined) payload.skill = options.skill;
        if (options.cover !== undefined) payload.cover = options.cover;
        if (options.actions !== undefined) payload.actions = options.actions;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return {
          message: `${actor.name} attacks ${targetId}${weapon.length > 0 ? ` with ${weapon.join(' ')}` : ''}.`,
          intent: { kind: 'opend6:attack', payload },
        };
      }, '/attack <target id> [weapon] [range short] [cover 3] [actions 2] [cp 1] [fp]'),
  },
  resist: {
    description:
      'Resist a damage total with Strength and armor: /resist <damage> [stun] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          stun: 'flag',
          cp: 'number',
          fp: 'flag',
        });
        if (rest.length !== 1 || !/^\d+$/.test(/** @type {string} */ (rest[0]))) {
          refuse('give the damage total as a whole number');
        }
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, damage: Number(rest[0]) };
        if (options.stun === true) payload.stun = true;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return { intent: { kind: 'opend6:resist', payload } };
      }, '/resist <damage total> [stun] [cp 1] [fp]'),
  },
  defend: {
    description:
      'Active defense for the round: /defend [dodge|skill] [full] [actions N] [cp N] [fp]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, {
          full: 'flag',
          actions: 'number',
          cp: 'number',
          fp: 'flag',
        });
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, skill: rest.length === 0 ? 'dodge' : rest.join(' ') };
        if (options.full === true) payload.full = true;
        if (options.actions !== undefined) payload.actions = options.actions;
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        if (options.fp === true) payload.fatePoint = true;
        return { intent: { kind: 'opend6:defend', payload } };
      }, '/defend [dodge] [full] [actions 2]'),
  },
  cp: {
    description:
      'Spend Character Points: /cp <points> (dice alone), /cp <points> last, /cp <points> <total> [difficulty], /cp <points> roll <code> [difficulty]',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const [points, ...rest] = input.text
          .trim()
          .split(/\s+/)
          .filter((word) => word !== '');
        if (points === undefined || !/^\d+$/.test(points) || Number(points) < 1) {
          refuse('give the number of Character Points');
        }
        /** @type {JsonObject} */
        const payload = { actorId: actor.id, points: Number(points) };
        const [first, ...more] = rest;
        if (first?.toLowerCase() === 'last') {
          if (more.length > 0) refuse('"last" takes nothing after it');
          payload.addTo = 'last';
        } else if (first?.toLowerCase() === 'roll') {
          const [code, ...difficulty] = more;
          const parsed = parseCode(code ?? '', 'the code');
          payload.roll = { notation: formatCode(parsed), ...difficultyOption(difficulty).options };
        } else if (first !== undefined) {
          if (!/^-?\d+$/.test(first)) refuse(`"${first}" is not a total`);
          payload.addTo = {
            total: Number(first),
            ...(more.length === 0 ? {} : { difficulty: parseDifficulty(more.join(' ')) }),
          };
        }
        return { intent: { kind: 'opend6:spend-cp', payload } };
      }, '/cp 1 | /cp 1 last | /cp 2 13 moderate | /cp 1 roll 4D+1 15'),
  },
  fp: {
    description:
      'Spend a Fate Point: /fp (all your rolls doubled this round) or /fp <code> [difficulty] (one roll doubled)',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const [code, ...difficulty] = input.text
          .trim()
          .split(/\s+/)
          .filter((word) => word !== '');
        /** @type {JsonObject} */
        const payload = { actorId: actor.id };
        if (code !== undefined) {
          const parsed = parseCode(code, 'the code');
          payload.roll = { notation: formatCode(parsed), ...difficultyOption(difficulty).options };
        }
        return { intent: { kind: 'opend6:spend-fp', payload } };
      }, '/fp | /fp 4D+2 difficult'),
  },
  heal: {
    description:
      'Heal: /heal <patient id> [kit +1D] [cp N] (your medicine roll) or /heal rest [extra|active] (natural healing)',
    run: (input) =>
      command(() => {
        const actor = speaker(input);
        const { options, rest } = commandWords(input.text, { kit: 'word', cp: 'number' });
        const [first, ...more] = rest;
        if (first === undefined) refuse('name the patient, or "rest"');
        if (first.toLowerCase() === 'rest') {
          const resting = (more[0] ?? 'normal').toLowerCase();
          return {
            intent: {
              kind: 'opend6:heal',
              payload: { patientId: actor.id, method: 'natural', rest: resting },
            },
          };
        }
        /** @type {JsonObject} */
        const payload = { patientId: first, healerId: actor.id, method: 'medicine' };
        if (options.kit !== undefined) payload.kit = String(options.kit);
        if (options.cp !== undefined) payload.characterPoints = options.cp;
        return { intent: { kind: 'opend6:heal', payload } };
      }, '/heal <patient id> [kit +1D] | /heal rest [extra|active]'),
  },
};

module.exports = Object.freeze({
  commands,
});
