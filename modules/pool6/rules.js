// @ts-check
/**
 * The rules of pool6: a cyberpunk-fantasy game of d6 dice pools (reference/*.md has the rules as
 * players read them; every number in lib/ is stated there, with worked examples that the tests
 * replay).
 *
 * The whole game in one breath: a test rolls a pool of d6 (attribute + skill); each 5 or 6 is a
 * hit; a limit caps the hits; more than half the dice showing 1 is a glitch. Luck (the game's
 * edge-style resource) adds dice, makes sixes explode and ignores the limit. Damage fills boxes
 * on a physical and a stun condition monitor, and every full 3 boxes cost a die on every pool.
 *
 * This entry only wires the hooks; the rules live in lib/, one idea per file:
 * - the game's tables (constants.js), reading sheet data and typed names (read.js), writing
 *   numbers (text.js);
 * - an actor, read once for every hook (stats.js), and what its sheet shows (derive.js);
 * - dice pools (pool.js), the notation players type (notation.js) and the roll hook (roll.js);
 * - the table: GMs, owners, actors and tokens (table.js), distances on a scene (scene.js),
 *   damage on the condition monitors (damage.js), luck points (luck.js);
 * - the intents: validate.js and apply.js hand each kind to its rule in intents/, one file a
 *   kind, where what may happen and what it changes sit side by side; checks.js holds what
 *   every validator shares (refusals, payload checks);
 * - chat commands (commands.js).
 *
 * Every hook is pure: it reads its arguments and draws dice from ctx.dice (no clock, no
 * Math.random), so any peer replays a ruling from its seed; nothing is kept between calls
 * (module-level values are frozen tables and functions).
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
