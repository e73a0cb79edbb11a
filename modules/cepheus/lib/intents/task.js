// @ts-check
/**
 * cepheus:task: a skill or characteristic check of one character, its DMs read off the sheet (SRD
 * Chapter 2, Skill Checks; Introduction, Types of Checks).
 */

/**
 * @import { Change, Intent, ModuleContext, TableState as State } from '@meshtable/module-sdk'
 * @import { Character } from '../character.js'
 * @import { Mode, Modifier, TaskCard } from '../tasks.js'
 *
 * @typedef {{ character: Character, mode: Mode, modifiers: Modifier[], label: string }} TaskPlan
 */

const { healthOf, readCharacter } = require('../character.js');
const { characteristicDm, CHARACTERISTICS, NAMES } = require('../characteristics.js');
const { asObject, idText, isPlainObject, isWholeNumber } = require('../read.js');
const { actorNamed, controls } = require('../table.js');
const {
  DIFFICULTY_HELP,
  modeOf,
  parseDifficulty,
  rollTask,
  skillModifier,
} = require('../tasks.js');

/**
 * A task for one character: a skill (or none, for a characteristic check), a characteristic, a
 * difficulty and any other DM (SRD Chapter 2, Skill Checks; Introduction, Types of Checks).
 * @param {Intent} intent
 * @param {State} state
 * @returns {TaskPlan | string}
 */
function taskPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'a task needs { actorId, characteristic }';
  const payload = asObject(intent.payload);
  const actor = actorNamed(state, payload.actorId);
  if (actor === undefined) return `there is no character "${idText(payload.actorId)}"`;
  if (!controls(state, intent.author, actor)) return `you do not control ${actor.name}`;
  const character = readCharacter(actor);
  const health = healthOf(character);
  if (health.dead) return `${character.name} is dead`;
  const characteristic = CHARACTERISTICS.find((key) => key === payload.characteristic);
  if (characteristic === undefined) {
    return 'a task names its characteristic: str, dex, end, int, edu or soc';
  }
  if (
    payload.skill !== undefined &&
    payload.skill !== null &&
    (typeof payload.skill !== 'string' || payload.skill.length > 64)
  ) {
    return 'the skill is a name of at most 64 characters, or null for a characteristic check';
  }
  const skillName =
    typeof payload.skill === 'string' && payload.skill.trim() !== '' ? payload.skill.trim() : null;
  // The one check an unconscious character makes: Endurance, each minute, to wake (SRD Chapter 5,
  // Unconsciousness).
  if (health.unconscious && (characteristic !== 'end' || skillName !== null)) {
    return `${character.name} is unconscious: the only check they make is Endurance, to wake`;
  }
  const difficulty = parseDifficulty(payload.difficulty);
  if (difficulty === null) return DIFFICULTY_HELP;
  for (const flag of ['boon', 'bane']) {
    if (payload[flag] !== undefined && typeof payload[flag] !== 'boolean') {
      return `"${flag}" is true or false`;
    }
  }
  if (payload.dm !== undefined && !isWholeNumber(payload.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  if (
    payload.label !== undefined &&
    (typeof payload.label !== 'string' || payload.label.length > 100)
  ) {
    return 'the label is text of at most 100 characters';
  }
  const skill = skillModifier(character, skillName);
  const modifiers = [
    ...(skill === null ? [] : [skill]),
    { label: NAMES[characteristic], value: characteristicDm(character.current[characteristic]) },
    { label: difficulty.name, value: difficulty.dm },
    { label: 'DM', value: typeof payload.dm === 'number' ? payload.dm : 0 },
  ];
  const what =
    skillName === null
      ? `${NAMES[characteristic]} check`
      : `${skillName} (${NAMES[characteristic]})`;
  return {
    character,
    mode: modeOf(payload.boon === true, payload.bane === true),
    modifiers,
    label:
      typeof payload.label === 'string' && payload.label.trim() !== ''
        ? payload.label.trim()
        : `${character.name}: ${what}, ${difficulty.name}`,
  };
}

/**
 * The task is rolled here, from the ruling's seed; it changes nothing, and its card is the
 * result the table sees.
 * @param {TaskPlan} plan
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: TaskCard }}
 */
function applyTask(plan, ctx) {
  const card = rollTask(ctx, {
    kind: 'task',
    label: plan.label,
    mode: plan.mode,
    modifiers: plan.modifiers,
  });
  ctx.log(card.text);
  return { changes: [], result: card };
}

module.exports = Object.freeze({
  taskPlan,
  applyTask,
});
