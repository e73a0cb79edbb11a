// @ts-check
/**
 * OpenD6 for Meshtable: the d6 System as West End Games opened it under the OGL 1.0a, with the
 * attributes and skills of its space setting (Agility, Strength, Mechanical, Knowledge,
 * Perception, Technical, and the Extranormal Metaphysics). LICENSE holds the licence and the
 * Open Game Content declaration; reference/*.md the rules as players read them, each section
 * named after the OpenD6 section it restates.
 *
 * The options this module takes where OpenD6 leaves the choice to the Game Master:
 * - **Wound levels**, not Body Points ("Damage": "Damage and Wound Levels"): damage total minus
 *   a resistance roll (Strength + armor) gives Stunned, Wounded, Severely Wounded,
 *   Incapacitated, Mortally Wounded or Dead.
 * - A **Critical Failure** (a 1 on the Wild Die's first roll) by default removes the Wild Die
 *   and the highest other die ("Wild Die", option 1). The GM may instead keep the total and
 *   flag a complication (option 2): per character (`data.criticalFailure`, a GM field), or per
 *   roll in a request only the GM may set.
 * - Character Points per roll: at most `data.cpLimit` (GM field, default 5, the "cinematic"
 *   limit; 0 means no limit).
 * - Initiative rolls Perception once per roll; ties go by Perception, search, Agility, dodge.
 *
 * This entry only wires the hooks; the rules live in lib/, one idea per file:
 * - the tables (constants.js), refusals (refusal.js), reading payloads (read.js);
 * - dice: die codes (codes.js), difficulties (difficulty.js), the pool with its Wild Die
 *   (pool.js), roll requests, roll cards and the roll hook (roll.js);
 * - the character: its sheet as the rules read it (sheet.js, with equipment.js), what it can
 *   roll and whether it can act (character.js), what the sheet shows and initiative
 *   (derive.js);
 * - the table: records, GMs, tokens, combats and distances (table.js), who acts for an intent
 *   (acting.js), wound levels (wounds.js), Character and Fate Points (points.js), attacks,
 *   ranges, defenses and resistance (combat.js);
 * - the intents: validate.js and apply.js hand each kind to its rule in intents/, one file a
 *   kind; an `opend6:` kind is checked by a plan (plan.js) that validate drops and apply runs;
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
exports.roll = roll;
exports.initiative = initiative;
exports.validate = validate;
exports.apply = apply;
exports.commands = commands;
