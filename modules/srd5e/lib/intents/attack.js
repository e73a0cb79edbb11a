// @ts-check
/**
 * srd5e:attack: an attack roll against a target's AC, or a saving-throw action against one or
 * more targets, then the damage (SRD 5.1 "Combat: Making an Attack", "Attack Rolls", "Damage
 * Rolls", "Critical Hits", "Ranged Attacks"). Reach and range are measured on the scene when
 * both creatures stand on it.
 */

/**
 * @import { Actor, Change, Intent, ModuleContext, TableState, Token } from '@meshtable/module-sdk'
 * @import { ValidateResult } from '@meshtable/module-sdk'
 * @import { AttackStats, SaveSpec } from '../attacks.js'
 * @import { Creature } from '../creature.js'
 * @import { ModeSources } from '../dice.js'
 * @import { Obj } from '../read.js'
 * @import { Applied } from '../table.js'
 */

const { isRangedUse, pickAttack, rangeProblem } = require('../attacks.js');
const { ABILITY_NAMES } = require('../constants.js');
const { creature } = require('../creature.js');
const {
  askedSources,
  d20Test,
  emptySources,
  modeNote,
  rollDamage,
  rollSave,
} = require('../dice.js');
const { feetBetween, gridOf } = require('../geometry.js');
const { OK, actingAs, cannotAct, refuse, shapeProblem } = require('../refusals.js');
const { actorById, findCreature, tokensOf } = require('../table.js');
const { hurt } = require('../vitals.js');

/**
 * The attacker's and the target's tokens, when both stand on one measured scene: the pair that
 * stands closest. Null when a distance cannot be known (no tokens, no grid), which leaves
 * reach and range to the table.
 * @param {TableState} state
 * @param {Actor} attacker
 * @param {{ actor: Actor, token: Token | null }} target
 * @returns {{ feet: number } | { problem: string } | null}
 */
function distanceBetween(state, attacker, target) {
  const mine = tokensOf(state, attacker.id);
  const theirs = target.token === null ? tokensOf(state, target.actor.id) : [target.token];
  if (mine.length === 0 || theirs.length === 0) return null;
  let best = null;
  for (const a of mine) {
    for (const b of theirs) {
      if (a.sceneId !== b.sceneId) continue;
      const grid = gridOf(state, a.sceneId);
      if (grid === null) return null;
      const feet = feetBetween(grid, a, b);
      if (best === null || feet < best) best = feet;
    }
  }
  if (best === null)
    return { problem: `${attacker.name} and ${target.actor.name} are not on the same scene` };
  return { feet: best };
}

/**
 * The targets of an attack payload (`targetId`, or `targetIds` for an area), resolved.
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {{ actor: Actor, token: Token | null }[] | string}
 */
function pickTargets(payload, state) {
  if (payload.targetId !== undefined && payload.targetIds !== undefined) {
    return 'name the target with targetId, or several with targetIds, not both';
  }
  const refs = payload.targetIds !== undefined ? payload.targetIds : [payload.targetId];
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 20) {
    return 'targetIds lists 1 to 20 creatures';
  }
  /** @type {{ actor: Actor, token: Token | null }[]} */
  const targets = [];
  for (const ref of refs) {
    const found = findCreature(state, ref);
    if ('problem' in found) return found.problem;
    if (targets.some((t) => t.actor.id === found.actor.id)) {
      return `${found.actor.name} is named twice`;
    }
    targets.push(found);
  }
  return targets;
}

/**
 * srd5e:attack `{ attackerId, targetId | targetIds, weapon?, mode?, twoHanded? }`: the
 * attacker can act, the attack exists and is sound, the target is alive and in reach or range.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, payload, state) {
  const shape = shapeProblem(
    'srd5e:attack',
    payload,
    ['attackerId'],
    ['targetId', 'targetIds', 'weapon', 'mode', 'advantage', 'disadvantage', 'twoHanded'],
  );
  if (shape !== null) return refuse(shape);
  if (payload.targetId === undefined && payload.targetIds === undefined) {
    return refuse('srd5e:attack needs a target (targetId)');
  }
  const acting = actingAs(intent, state, payload.attackerId);
  if ('problem' in acting) return refuse(acting.problem);
  const { c } = acting;
  const unable = cannotAct(c);
  if (unable !== null) return refuse(unable);
  const attack = pickAttack(c, payload.weapon);
  if (typeof attack === 'string') return refuse(attack);
  if (attack.problem !== null)
    return refuse(`${c.name}'s ${attack.name} cannot be used: ${attack.problem}`);
  if (attack.damageDice === '' && attack.onHit === null && attack.damageBonus <= 0) {
    return refuse(`${attack.name} deals no damage and has no effect to resolve`);
  }
  if (payload.twoHanded === true && attack.versatile === '') {
    return refuse(`${attack.name} is not versatile: it has no two-handed damage`);
  }
  const targets = pickTargets(payload, state);
  if (typeof targets === 'string') return refuse(targets);
  if (attack.kind !== 'save' && targets.length > 1) {
    return refuse(
      `${attack.name} is an attack roll against one target; only saving-throw actions take several`,
    );
  }
  for (const target of targets) {
    const t = creature(target.actor);
    if (t.id === c.id) return refuse(`${c.name} cannot attack themselves`);
    if (t.dead) return refuse(`${t.name} is already dead`);
    const distance = distanceBetween(state, acting.actor, target);
    if (distance === null) continue;
    if ('problem' in distance) return refuse(distance.problem);
    const reachProblem = rangeProblem(attack, distance.feet, t.name);
    if (reachProblem !== null) return refuse(reachProblem);
  }
  return OK;
}

/**
 * Advantage and disadvantage an attack roll gets from the attacker's and the target's
 * conditions and from range ("Appendix PH-A: Conditions", "Combat: Ranged Attacks").
 * @param {Creature} c
 * @param {Creature} t
 * @param {AttackStats} attack
 * @param {number | null} feet
 * @param {ModeSources} asked
 */
function attackSources(c, t, attack, feet, asked) {
  const adv = [...asked.advantage];
  const dis = [...asked.disadvantage];
  if (c.has('blinded')) dis.push('attacker blinded');
  if (c.has('invisible')) adv.push('attacker invisible');
  if (c.has('poisoned')) dis.push('attacker poisoned');
  if (c.has('prone')) dis.push('attacker prone');
  if (c.has('restrained')) dis.push('attacker restrained');
  if (c.exhaustion >= 3) dis.push(`attacker exhaustion ${c.exhaustion}`);
  if (t.has('blinded')) adv.push('target blinded');
  if (t.has('invisible')) dis.push('target invisible');
  for (const condition of ['paralyzed', 'petrified', 'restrained', 'stunned', 'unconscious']) {
    if (t.has(condition)) adv.push(`target ${condition}`);
  }
  const ranged = isRangedUse(attack, feet);
  const close = feet === null ? !ranged : feet <= 5;
  if (t.has('prone')) {
    if (close) adv.push('target prone within 5 ft');
    else dis.push('target prone beyond 5 ft');
  }
  if (ranged && feet !== null && attack.range > 0 && feet > attack.range) dis.push('long range');
  return { sources: { advantage: adv, disadvantage: dis }, close };
}

/**
 * srd5e:attack: an attack roll against the target's AC, or, for a saving-throw action, a save
 * by each target; then the damage, through the same rules as damage.apply.
 * @param {Intent} intent
 * @param {Obj} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Applied}
 */
function applyAttack(intent, payload, state, ctx) {
  const attackerActor = /** @type {Actor} */ (actorById(state, payload.attackerId));
  const c = creature(attackerActor);
  const attack = /** @type {AttackStats} */ (pickAttack(c, payload.weapon));
  const targets = /** @type {{ actor: Actor, token: Token | null }[]} */ (
    pickTargets(payload, state)
  );
  const asked = askedSources(payload);
  const twoHanded = payload.twoHanded === true;
  /** @type {Change[]} */
  const changes = [];
  /** @type {string[]} */
  const lines = [];
  /** @type {Obj[]} */
  const results = [];

  if (attack.kind === 'save') {
    const save = /** @type {SaveSpec} */ (attack.save);
    // One damage roll for every target ("Combat: Damage Rolls": roll once for an area).
    const parts = damageParts(ctx, attack, twoHanded, false);
    lines.push(
      `${c.name} uses ${attack.name} (${ABILITY_NAMES[save.ability]} save DC ${save.dc})${parts.length > 0 ? `: ${parts.map((p) => p.text).join(' + ')}` : ''}`,
    );
    for (const target of targets) {
      const t = creature(target.actor);
      const saved = rollSave(ctx, t, save.ability, save.dc, emptySources());
      const taken = parts.map((part) => ({
        amount: saved.success
          ? save.effect === 'half'
            ? Math.floor(part.total / 2)
            : 0
          : part.total,
        type: part.type,
      }));
      const outcome = hurt(
        state,
        t,
        taken,
        false,
        saved.success === true ? null : (attack.onHit?.condition ?? null),
      );
      changes.push(...outcome.changes);
      lines.push(`${saved.text}; ${outcome.text}`);
      results.push({ target: t.id, save: saved, dealt: outcome.dealt, hp: outcome.hp });
    }
  } else {
    const target = /** @type {{ actor: Actor, token: Token | null }} */ (targets[0]);
    const t = creature(target.actor);
    const distance = distanceBetween(state, attackerActor, target);
    const feet = distance !== null && 'feet' in distance ? distance.feet : null;
    const { sources, close } = attackSources(c, t, attack, feet, asked);
    const roll = d20Test(ctx, attack.toHit ?? 0, sources);
    const natural = roll.natural;
    const hit = natural === 20 || (natural !== 1 && roll.total >= t.ac);
    // A hit on a paralyzed or unconscious creature from within 5 feet is a critical hit.
    const helpless = hit && close && (t.has('paralyzed') || t.has('unconscious'));
    const critical = hit && (natural === 20 || helpless);
    const verdict =
      natural === 1
        ? 'natural 1: miss'
        : !hit
          ? 'miss'
          : critical
            ? natural === 20
              ? 'natural 20: critical hit'
              : `critical hit (${t.has('paralyzed') ? 'paralyzed' : 'unconscious'} within 5 ft)`
            : 'hit';
    lines.push(
      `${c.name} attacks ${t.name} with ${attack.name}${modeNote(roll)}: ${roll.text} vs AC ${t.ac} — ${verdict}`,
    );
    /** @type {Obj} */
    const result = { target: t.id, roll, ac: t.ac, hit, critical, feet };
    if (hit) {
      const parts = damageParts(ctx, attack, twoHanded, critical);
      /** @type {{ amount: number, type: string }[]} */
      const taken = [];
      for (const part of parts) {
        if (part.save === null) {
          taken.push({ amount: part.total, type: part.type });
          continue;
        }
        const saved = rollSave(ctx, t, part.save.ability, part.save.dc, emptySources());
        part.text += ` (${saved.text.replace(`${t.name}: `, '')})`;
        taken.push({
          amount: saved.success
            ? part.save.effect === 'half'
              ? Math.floor(part.total / 2)
              : 0
            : part.total,
          type: part.type,
        });
      }
      let condition = null;
      if (attack.onHit !== null) {
        const saved =
          attack.onHit.save === null
            ? null
            : rollSave(ctx, t, attack.onHit.save.ability, attack.onHit.save.dc, emptySources());
        if (saved === null || saved.success !== true) condition = attack.onHit.condition;
        if (saved !== null) lines.push(`${saved.text} against ${attack.onHit.condition}`);
      }
      const outcome = hurt(state, t, taken, critical, condition);
      changes.push(...outcome.changes);
      if (parts.length > 0) lines.push(`Damage: ${parts.map((p) => p.text).join(' + ')}`);
      lines.push(outcome.text);
      result.damage = parts.map(({ save: _save, ...part }) => part);
      result.dealt = outcome.dealt;
      result.hp = outcome.hp;
    }
    results.push(result);
  }
  for (const line of lines) ctx.log(line);
  const card = {
    kind: 'attack',
    intent: intent.id,
    attack: attack.name,
    results,
    text: lines.join('\n'),
  };
  return { changes, result: card };
}

/**
 * The damage of an attack, rolled: its main damage (the two-handed dice for a versatile weapon
 * held in two hands) and any extra damage, each of its own type. A critical hit doubles every
 * die, extra dice included.
 * @param {ModuleContext} ctx
 * @param {AttackStats} attack
 * @param {boolean} twoHanded
 * @param {boolean} critical
 */
function damageParts(ctx, attack, twoHanded, critical) {
  const dice = twoHanded && attack.versatile !== '' ? attack.versatile : attack.damageDice;
  /** @type {(ReturnType<typeof rollDamage> & { save: SaveSpec | null })[]} */
  const parts = [];
  if (dice !== '' || attack.damageBonus > 0) {
    parts.push({
      ...rollDamage(ctx, dice, attack.damageBonus, attack.damageType, critical),
      save: null,
    });
  }
  for (const extra of attack.extra) {
    parts.push({
      ...rollDamage(ctx, extra.damage, 0, extra.damageType, critical),
      save: extra.save,
    });
  }
  return parts;
}

module.exports = Object.freeze({
  validateAttack,
  applyAttack,
});
