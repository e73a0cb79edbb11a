// @ts-check
/**
 * srd5e:cast: casting a spell spends a slot of its level or higher (SRD 5.1 "Spellcasting:
 * Spell Slots", "Casting a Spell at a Higher Level", "Rituals"), or a Pact Magic slot; cantrips
 * and rituals spend none. The slots themselves are spellcasting.js.
 */

/**
 * @import { Change, Intent, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Creature } from '../creature.js'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { int, obj, squash, str } = require('../read.js');
const { OK, actingAs, cannotAct, refuse, shapeProblem } = require('../refusals.js');
const { mustFind, setData } = require('../table.js');
const { ordinal, signed } = require('../text.js');

/**
 * The spell a cast names, with its level: from the caster's `spells` list, else the payload's
 * `level`.
 * @param {Creature} c
 * @param {Obj} payload
 * @returns {{ name: string, level: number, ritual: boolean } | string}
 */
function spellOf(c, payload) {
  const name = str(payload.spell);
  if (name === '') return 'name the spell to cast';
  const listed = (Array.isArray(c.data.spells) ? c.data.spells : [])
    .map(obj)
    .find((spell) => squash(str(spell.name)) === squash(name));
  if (
    payload.level !== undefined &&
    (!Number.isInteger(payload.level) || payload.level < 0 || payload.level > 9)
  ) {
    return 'a spell level is a whole number from 0 (a cantrip) to 9';
  }
  if (listed !== undefined) {
    const level = int(listed.level, -1, 0, 9);
    if (level < 0) return `${str(listed.name)} has no level on ${c.name}'s sheet`;
    if (payload.level !== undefined && payload.level !== level) {
      return `${str(listed.name)} is a ${level === 0 ? 'cantrip' : `${ordinal(level)}-level spell`}, not ${payload.level === 0 ? 'a cantrip' : `${ordinal(payload.level)} level`}`;
    }
    return { name: str(listed.name), level, ritual: listed.ritual === true };
  }
  if (payload.level === undefined) {
    return `${name} is not on ${c.name}'s spell list: add it, or give its level`;
  }
  return { name, level: payload.level, ritual: payload.ritual === true };
}

/**
 * The slot a spell is cast with ("Spellcasting: Spell Slots", "Casting a Spell at a Higher
 * Level"): the slot level asked for, or the lowest level at or above the spell's with a slot
 * left; Pact Magic slots when asked for, or when no other slot is left.
 * @param {Creature} c
 * @param {{ name: string, level: number }} spell
 * @param {Obj} payload
 * @returns {{ pool: 'slots' | 'pact', level: number } | string}
 */
function chooseSlot(c, spell, payload) {
  const { slots, pact } = c.spell;
  const wanted = payload.slotLevel;
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 1 || wanted > 9)) {
    return 'slotLevel is a whole number from 1 to 9';
  }
  if (typeof wanted === 'number' && wanted < spell.level) {
    return `${spell.name} is ${ordinal(spell.level)} level: it cannot be cast with a ${ordinal(wanted)}-level slot`;
  }
  const pactFits =
    pact.left > 0 && pact.level >= spell.level && (wanted === undefined || wanted === pact.level);
  if (payload.pact === true) {
    if (pact.max === 0) return `${c.name} has no Pact Magic slots`;
    if (pact.level < spell.level)
      return `${c.name}'s pact slots are ${ordinal(pact.level)} level, below ${spell.name}'s ${ordinal(spell.level)}`;
    if (pact.left === 0)
      return `${c.name} has no Pact Magic slot left (0/${pact.max}); they come back on a short or long rest`;
    return { pool: 'pact', level: pact.level };
  }
  if (typeof wanted === 'number') {
    const slot = slots[wanted] ?? { max: 0, left: 0 };
    if (slot.left > 0) return { pool: 'slots', level: wanted };
    if (pactFits) return { pool: 'pact', level: pact.level };
    return slot.max === 0
      ? `${c.name} has no ${ordinal(wanted)}-level spell slots`
      : `${c.name} has no ${ordinal(wanted)}-level slot left (0/${slot.max})`;
  }
  for (let level = Math.max(1, spell.level); level <= 9; level++) {
    if ((slots[level]?.left ?? 0) > 0) return { pool: 'slots', level };
  }
  if (pactFits) return { pool: 'pact', level: pact.level };
  return `${c.name} has no spell slot of ${ordinal(spell.level)} level or higher left; a long rest restores them`;
}

/**
 * srd5e:cast `{ actorId, spell, level?, slotLevel?, pact?, ritual? }`: spends a slot of the
 * spell's level or higher, and refuses when none is left. Cantrips and rituals spend none.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateCast(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:cast',
    payload,
    ['actorId', 'spell'],
    ['level', 'slotLevel', 'pact', 'ritual'],
  );
  if (shape !== null) return refuse(shape);
  const acting = actingAs(intent, state, payload.actorId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  const unable = cannotAct(c);
  if (unable !== null) return refuse(unable);
  const spell = spellOf(c, payload);
  if (typeof spell === 'string') return refuse(spell);
  if (spell.level === 0) return OK;
  if (payload.ritual === true) {
    return spell.ritual || !Array.isArray(c.data.spells)
      ? OK
      : refuse(`${spell.name} is not marked as a ritual on ${c.name}'s sheet`);
  }
  const slot = chooseSlot(c, spell, payload);
  return typeof slot === 'string' ? refuse(slot) : OK;
}

/**
 * srd5e:cast: spends the slot (or nothing, for a cantrip or a ritual).
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyCast(intent, payload, state, ctx) {
  const c = mustFind(state, payload.actorId);
  const spell = /** @type {{ name: string, level: number, ritual: boolean }} */ (
    spellOf(c, payload)
  );
  /** @type {Change[]} */
  const changes = [];
  let text;
  let slotLevel = 0;
  let pool = '';
  if (spell.level === 0) {
    text = `${c.name} casts ${spell.name} (a cantrip)`;
  } else if (payload.ritual === true) {
    text = `${c.name} casts ${spell.name} as a ritual (10 minutes longer, no slot spent)`;
  } else {
    const slot = /** @type {{ pool: 'slots' | 'pact', level: number }} */ (
      chooseSlot(c, spell, payload)
    );
    slotLevel = slot.level;
    pool = slot.pool;
    if (slot.pool === 'pact') {
      changes.push(setData(c.id, 'pactSlotsUsed', c.spell.pact.used + 1));
      text = `${c.name} casts ${spell.name} with a Pact Magic slot (${ordinal(slot.level)} level; ${c.spell.pact.left - 1}/${c.spell.pact.max} left)`;
    } else {
      const used = { ...obj(c.data.slotsUsed) };
      const slots = c.spell.slots[slot.level] ?? { max: 0, used: 0, left: 0 };
      used[slot.level] = slots.used + 1;
      changes.push(setData(c.id, 'slotsUsed', used));
      text = `${c.name} casts ${spell.name} with a ${ordinal(slot.level)}-level slot${slot.level > spell.level ? ` (cast at a higher level than its ${ordinal(spell.level)})` : ''}; ${slots.left - 1}/${slots.max} left`;
    }
  }
  const casting =
    c.spell.ability === null
      ? ''
      : ` Spell save DC ${c.spell.dc}, spell attack ${signed(c.spell.attack)}.`;
  ctx.log(text);
  const card = {
    kind: 'cast',
    intent: intent.id,
    spell: spell.name,
    level: spell.level,
    slotLevel,
    pool,
    text: `${text}.${casting}`,
  };
  return { changes, result: card };
}

module.exports = Object.freeze({
  validateCast,
  applyCast,
});
