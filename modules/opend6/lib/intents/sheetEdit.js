// @ts-check
/**
 * sheet.edit: the rules' own fields are the GM's, and an edit must leave the sheet readable.
 */

/**
 * @import { Intent } from '@meshtable/module-sdk'
 * @import { Refuse } from '../refusal.js'
 * @import { State } from '../table.js'
 */

const { GM_FIELDS } = require('../constants.js');
const { isObject, setAt } = require('../read.js');
/** @type {Refuse} */
const refuse = require('../refusal.js').refuse;
const { readSheet } = require('../sheet.js');
const { isGm } = require('../table.js');

/**
 * A sheet edit: the rules' own fields (wounds, points, the Critical Failure rule…) are the GM's;
 * any edit must leave the edited part of the sheet readable (a die code that parses, a known
 * field), so a malformed code is refused with its reason rather than stored.
 * @param {Intent} intent
 * @param {State} state
 */
function validateSheetEdit(intent, state) {
  const payload = isObject(intent.payload) ? intent.payload : {};
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  const path = payload.path;
  if (
    actor === undefined ||
    !Array.isArray(path) ||
    !path.every((key) => typeof key === 'string')
  ) {
    return;
  }
  const top = /** @type {string} */ (path[0]);
  if (!isGm(state, intent.author) && Object.hasOwn(GM_FIELDS, top)) {
    refuse(
      `only the GM changes ${GM_FIELDS[/** @type {keyof typeof GM_FIELDS} */ (top)]}; the rules keep it`,
    );
  }
  const edited = setAt(actor.data, path, payload.value ?? null);
  for (const problem of readSheet(edited).problems) {
    const overlaps = problem.path.every(
      (key, index) => index >= path.length || key === path[index],
    );
    if (overlaps) refuse(problem.message);
  }
}

module.exports = Object.freeze({
  validateSheetEdit,
});
