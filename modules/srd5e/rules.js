// @ts-check
/**
 * The rules of the fifth edition of the world's most popular roleplaying game, as the System
 * Reference Document 5.1 (CC-BY-4.0, see NOTICE) states them: ability scores, proficiency,
 * checks and saving throws, armor class, attacks and damage, hit points and dying, spell slots,
 * resting and moving on a grid. reference/*.md explains them for players, and every rule names
 * the SRD section it follows.
 *
 * This entry only wires the hooks; the rules live in lib/, one idea per file:
 * - the SRD's tables (constants.js), reading sheet data and typed names (read.js), writing
 *   numbers and lists (text.js);
 * - a creature, read once for every hook (creature.js, with stats.js, spellcasting.js and
 *   attacks.js), and what its sheet shows (derive.js);
 * - dice the 5e way (dice.js) and the roll hook (roll.js);
 * - the table: actors, tokens and who controls them (table.js), distances on a grid
 *   (geometry.js), damage, healing and dying (vitals.js);
 * - the intents: validate.js and apply.js hand each kind to its rule in intents/, one file a
 *   kind, where what may happen and what it changes sit side by side;
 * - chat commands (commands.js).
 *
 * Every hook is pure: it reads its arguments and draws dice from ctx.dice, nothing else, and
 * keeps nothing between calls (module-level values are frozen tables and functions).
 */

const { apply } = require('./lib/apply.js');
const { commands } = require('./lib/commands.js');
const { derive, initiative } = require('./lib/derive.js');
const { roll } = require('./lib/roll.js');
const { validate } = require('./lib/validate.js');

exports.derive = derive;
exports.initiative = initiative;
exports.roll = roll;
exports.validate = validate;
exports.apply = apply;
exports.commands = commands;
