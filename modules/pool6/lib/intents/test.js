// @ts-check
/**
 * pool6:test (reference/dice-pools.md "Tests"): a test of a skill or of attributes on the
 * actor's sheet, its pool, limit and threshold read from the sheet, luck spent if asked.
 */

/**
 * @import { Actor, Change, Intent, JsonObject, ModuleContext, TableState, ValidateResult } from '@meshtable/module-sdk'
 * @import { Attribute, LimitKind } from '../constants.js'
 * @import { Stats } from '../stats.js'
 */

const { checkPayload, refuse } = require('../checks.js');
const { KINDS, LIMIT_OF, MAX_POOL, MAX_VALUE } = require('../constants.js');
const { luckChange } = require('../luck.js');
const { againstThreshold, poolCard, poolText, rollPool } = require('../pool.js');
const { asObject, isAttribute, keyOf } = require('../read.js');
const { basePool, stats } = require('../stats.js');
const { actorOf, controls } = require('../table.js');
const { plural, title } = require('../text.js');

/**
 * A test: a number of dice, a skill on the sheet, a skill defaulted on a named attribute, or
 * one or two attributes; a threshold, a limit, a luck point the actor still has.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateTest(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.test, payload, {
    actorId: { type: 'id', required: true },
    dice: { type: 'integer', min: 0, max: MAX_POOL },
    skill: { type: 'name' },
    attribute: { type: 'attribute' },
    attributes: { type: 'attributes' },
    threshold: { type: 'integer', min: 1, max: MAX_VALUE },
    limit: { type: 'limit' },
    luck: { type: 'boolean' },
    modifier: { type: 'integer', min: -MAX_VALUE, max: MAX_VALUE },
    label: { type: 'name' },
  });
  if (shape !== null) return refuse(shape);
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (!controls(state, actor, intent.author)) return refuse(`you do not control ${actor.name}`);
  const s = stats(actor);
  if (!s.canAct) return refuse(`${actor.name} is ${s.condition} and cannot act`);
  const plan = testPlan(s, actor, payload);
  if (!plan.ok) return refuse(plan.reason);
  if (payload.luck === true && s.luck.points < 1) return refuse(`${actor.name} has no luck left`);
  return { ok: true };
}

/**
 * A test on the actor's sheet: it changes nothing but the luck point it may spend, and its roll
 * card is the result.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyTest(payload, state, ctx) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const s = stats(actor);
  const plan = testPlan(s, actor, payload);
  if (!plan.ok) throw new RangeError(plan.reason);
  const luck = payload.luck === true;
  const roll = rollPool(ctx, {
    dice: plan.dice,
    luckDice: luck ? s.attributes.luck : 0,
    luck,
    limit: plan.limit,
  });
  const label = typeof payload.label === 'string' ? payload.label : plan.label;
  /** @type {JsonObject} */
  const record = { kind: 'test', label, ...poolCard(roll), total: roll.hits };
  let text = `${actor.name}, ${label}${plan.defaulted ? ' (defaulting)' : ''}: ${poolText(roll)}`;
  if (typeof payload.threshold === 'number') {
    const outcome = againstThreshold(roll.hits, payload.threshold);
    Object.assign(record, outcome);
    text += `; threshold ${payload.threshold}: ${outcome.success ? `success, ${plural(outcome.netHits, 'net hit')}` : 'failure'}`;
  }
  record.text = text;
  ctx.log(text);
  return { changes: luck ? [luckChange(actor, s.luck.points - 1)] : [], result: record };
}

/**
 * What a test rolls: the pool before luck (wounds and the modifier applied), its limit and
 * label. A skill the sheet lacks defaults on the named attribute; attributes alone add up. A
 * number of dice is the pool as the player counted it (as `/test 8` rolls it: wounds are not
 * taken off again), with no limit unless one is named.
 * @param {Stats} s
 * @param {Actor} actor
 * @param {JsonObject} payload
 * @returns {{ ok: true, dice: number, limit: number | null, label: string, defaulted: boolean } | { ok: false, reason: string }}
 */
function testPlan(s, actor, payload) {
  const modifier = /** @type {number} */ (payload.modifier ?? 0);
  /** @type {number} */
  let base;
  /** @type {Attribute | null} */
  let lead;
  let label;
  let defaulted = false;
  let counted = false;
  if (typeof payload.dice === 'number') {
    if (
      payload.skill !== undefined ||
      payload.attribute !== undefined ||
      payload.attributes !== undefined
    ) {
      return {
        ok: false,
        reason: `${KINDS.test} rolls "dice" or a "skill", an "attribute" or "attributes", not both`,
      };
    }
    base = payload.dice;
    counted = true;
    lead = null;
    label = 'Test';
  } else if (typeof payload.skill === 'string') {
    const skill = s.skills.find(
      (known) => known.key === keyOf(/** @type {string} */ (payload.skill)),
    );
    const attribute = isAttribute(payload.attribute) ? payload.attribute : skill?.attribute;
    if (attribute === undefined) {
      return {
        ok: false,
        reason: `${actor.name} has no skill "${payload.skill}"; name the attribute to default on`,
      };
    }
    const rating = skill?.rating ?? 0;
    base = basePool(s.attributes[attribute], rating);
    defaulted = rating === 0;
    lead = attribute;
    label = skill?.name ?? payload.skill.trim();
  } else {
    const names = /** @type {Attribute[]} */ (
      Array.isArray(payload.attributes)
        ? payload.attributes
        : isAttribute(payload.attribute)
          ? [payload.attribute]
          : []
    );
    const [first] = names;
    if (first === undefined) {
      return {
        ok: false,
        reason: `${KINDS.test} needs "dice", a "skill", an "attribute" or "attributes"`,
      };
    }
    base = names.reduce((sum, name) => sum + s.attributes[name], 0);
    lead = first;
    label = names.map(title).join(' + ');
  }
  const kind =
    typeof payload.limit === 'string' ? payload.limit : lead === null ? null : LIMIT_OF[lead];
  const limit =
    typeof payload.limit === 'number'
      ? payload.limit
      : kind === 'none' || kind === null
        ? null
        : s.limits[/** @type {LimitKind} */ (kind)];
  const dice = Math.max(0, (counted ? base : s.wounded(base)) + modifier);
  if (dice > MAX_POOL)
    return { ok: false, reason: `a pool has at most ${MAX_POOL} dice; that is ${dice}` };
  return { ok: true, dice, limit, label, defaulted };
}

module.exports = Object.freeze({
  validateTest,
  applyTest,
});
