// @ts-check
/**
 * The rules of the `cepheus` module: the classic 2d6 science-fiction rules of the Cepheus Engine
 * System Reference Document (Samardan Press, 2016, Open Game Content under the OGL 1.0a; see
 * LICENSE). reference/*.md has them as players read them; each rule cites the SRD chapter and
 * section it follows ("SRD Introduction, Die Rolls" is the Introduction chapter's section).
 *
 * This entry only wires the hooks; the rules live in lib/, one idea per file, each building on
 * the ones before:
 *   1. reading JSON and writing numbers (read.js); characteristics, pseudo-hexadecimal and the
 *      UPP (characteristics.js)
 *   2. reading an actor's sheet: weapons and armour (equipment.js), the character and its
 *      condition (character.js), and what the sheet shows, with initiative (derive.js)
 *   3. tasks: 2d6 + DMs against 8, Effect, boon and bane (tasks.js), and the roll hook (roll.js)
 *   4. damage, armour and recovery (damage.js)
 *   5. the table (table.js) and distances on a scene (geometry.js)
 *   6. intents: validate.js and apply.js hand each kind to its rule in intents/, one file a
 *      kind, where what may happen and what it changes sit side by side; refusals.js holds
 *      validate's answers and the plans of the module's own kinds
 *   7. chat commands (commands.js)
 *
 * Every hook is pure: its result depends on its arguments and ctx.dice alone (no clock, no
 * Math.random, nothing kept between calls), so any peer can re-run a ruling.
 */

const { apply } = require('./lib/apply.js');
const { commands } = require('./lib/commands.js');
const { derive, initiative } = require('./lib/derive.js');
const { roll } = require('./lib/roll.js');
const { validate } = require('./lib/validate.js');

exports.derive = derive;
exports.roll = roll;
exports.initiative = initiative;
exports.validate = validate;
exports.apply = apply;
exports.commands = commands;
