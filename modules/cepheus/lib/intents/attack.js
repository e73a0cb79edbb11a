// @ts-check
/**
 * cepheus:attack: the attack roll with every DM (skill, characteristic, difficulty by weapon and
 * range, aiming), and on a hit damage plus Effect, less armour (SRD Chapter 5, Attack, Range,
 * Damage and Armor).
 */

/**
 * @import { Change, Intent, JsonObject, ModuleContext, TableState as State } from '@meshtable/module-sdk'
 * @import { Character } from '../character.js'
 * @import { Physical } from '../characteristics.js'
 * @import { Weapon, WeaponRange } from '../equipment.js'
 * @import { RangeBand } from '../geometry.js'
 * @import { Mode, Modifier } from '../tasks.js'
 *
 * @typedef {{
 *   attacker: Character, target: Character, weapon: Weapon, band: RangeBand, measured: boolean,
 *   difficulty: string, mode: Mode, modifiers: Modifier[], laser: boolean, label: string,
 * }} AttackPlan
 */

const { healthOf, readCharacter } = require('../character.js');
const { characteristicDm, NAMES } = require('../characteristics.js');
const { afterArmor, takeDamage, woundChanges } = require('../damage.js');
const { armorRating, UNARMED } = require('../equipment.js');
const { RANGE_BANDS, rangeBetween } = require('../geometry.js');
const { asObject, idText, isPlainObject, isWholeNumber } = require('../read.js');
const { actorNamed, controls } = require('../table.js');
const { DIFFICULTIES, modeOf, rollTask, skillModifier } = require('../tasks.js');

/**
 * The Attack Difficulties by Weapon Type table (SRD Chapter 5, Range): the difficulty of an
 * attack by the weapon's range category and the range band, null where the weapon cannot reach.
 */
const ATTACK_DIFFICULTY = Object.freeze(
  /** @type {Record<WeaponRange, readonly (keyof typeof DIFFICULTIES | null)[]>} */ ({
    'close quarters': ['Average', 'Difficult', null, null, null, null, null],
    'extended reach': ['Difficult', 'Average', null, null, null, null, null],
    thrown: [null, 'Average', 'Difficult', 'Difficult', null, null, null],
    pistol: ['Difficult', 'Average', 'Average', 'Difficult', 'Very Difficult', null, null],
    rifle: [
      'Very Difficult',
      'Difficult',
      'Average',
      'Average',
      'Average',
      'Difficult',
      'Very Difficult',
    ],
    shotgun: ['Difficult', 'Average', 'Difficult', 'Difficult', 'Very Difficult', null, null],
    'assault weapon': [
      'Difficult',
      'Average',
      'Average',
      'Average',
      'Difficult',
      'Very Difficult',
      'Formidable',
    ],
    rocket: [
      'Very Difficult',
      'Difficult',
      'Difficult',
      'Average',
      'Average',
      'Difficult',
      'Very Difficult',
    ],
  }),
);

/**
 * Works out an attack, or why it cannot happen: who, with what, at which range, and every DM of
 * the roll (SRD Chapter 5, Attack: melee is 2D6 + melee skill + STR or DEX DM, the attacker's
 * choice; shooting 2D6 + gun skill + DEX DM; throwing 2D6 + Athletics + DEX DM; the difficulty
 * by weapon and range; aiming +1 per minor action, at most +6, Chapter 5, Aiming).
 * @param {Intent} intent
 * @param {State} state
 * @returns {AttackPlan | string}
 */
function attackPlan(intent, state) {
  const payload = asObject(intent.payload);
  if (!isPlainObject(intent.payload)) return 'an attack needs { attackerId, targetId }';
  const attackerActor = actorNamed(state, payload.attackerId);
  if (attackerActor === undefined) return `there is no attacker "${idText(payload.attackerId)}"`;
  if (!controls(state, intent.author, attackerActor)) {
    return `you do not control ${attackerActor.name}`;
  }
  const targetActor = actorNamed(state, payload.targetId);
  if (targetActor === undefined) return `there is no target "${idText(payload.targetId)}"`;
  if (targetActor.id === attackerActor.id) return `${attackerActor.name} cannot attack themselves`;
  const attacker = readCharacter(attackerActor);
  const target = readCharacter(targetActor);
  const attackerHealth = healthOf(attacker);
  if (attackerHealth.dead || attackerHealth.unconscious) {
    return `${attacker.name} is ${attackerHealth.condition} and cannot attack`;
  }
  if (healthOf(target).dead) return `${target.name} is already dead`;

  const weapon = weaponNamed(attacker, payload.weapon);
  if (typeof weapon === 'string') return weapon;
  if (payload.thrown !== undefined && typeof payload.thrown !== 'boolean') {
    return '"thrown" is true or false';
  }
  const thrown = payload.thrown === true || weapon.range === 'thrown';
  if (thrown && !weapon.thrown) return `${weapon.name} cannot be thrown`;
  const category = thrown ? 'thrown' : weapon.range;

  let band = rangeBetween(state, attacker.id, target.id);
  const measured = band !== null;
  if (band === null) {
    const named = RANGE_BANDS.find((name) => name === payload.range);
    if (named === undefined) {
      return `${attacker.name} and ${target.name} are not on one scene: give the range band (${RANGE_BANDS.join(', ')})`;
    }
    band = named;
  }
  const difficultyName = ATTACK_DIFFICULTY[category][RANGE_BANDS.indexOf(band)] ?? null;
  if (difficultyName === null) {
    return `${target.name} is at ${band} range, which a ${thrown ? 'thrown weapon' : `${category} weapon`} like ${weapon.name} cannot reach`;
  }

  for (const flag of ['boon', 'bane']) {
    if (payload[flag] !== undefined && typeof payload[flag] !== 'boolean') {
      return `"${flag}" is true or false`;
    }
  }
  if (payload.aim !== undefined && !isWholeNumber(payload.aim, 0, 6)) {
    return 'aiming is 0 to 6 minor actions, +1 each';
  }
  if (payload.dm !== undefined && !isWholeNumber(payload.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  const melee = category === 'close quarters' || category === 'extended reach';
  if (payload.characteristic !== undefined) {
    if (!melee) return 'only a melee attack may choose its characteristic';
    if (payload.characteristic !== 'str' && payload.characteristic !== 'dex') {
      return 'a melee attack uses "str" or "dex"';
    }
  }
  /** @type {Physical} */
  const characteristic = !melee
    ? 'dex'
    : payload.characteristic === 'str' || payload.characteristic === 'dex'
      ? payload.characteristic
      : characteristicDm(attacker.current.dex) > characteristicDm(attacker.current.str)
        ? 'dex'
        : 'str';
  const skill = /** @type {Modifier} */ (
    skillModifier(attacker, thrown ? 'Athletics' : (weapon.skill ?? `${weapon.name} skill`))
  );
  const aim = typeof payload.aim === 'number' ? payload.aim : 0;
  const dm = typeof payload.dm === 'number' ? payload.dm : 0;
  return {
    attacker,
    target,
    weapon,
    band,
    measured,
    difficulty: difficultyName,
    mode: modeOf(payload.boon === true, payload.bane === true),
    modifiers: [
      skill,
      { label: NAMES[characteristic], value: characteristicDm(attacker.current[characteristic]) },
      { label: `${difficultyName} (${band} range)`, value: DIFFICULTIES[difficultyName] },
      { label: 'aiming', value: aim },
      { label: 'DM', value: dm },
    ],
    laser: weapon.laser,
    label: `${attacker.name} attacks ${target.name} with ${weapon.name}`,
  };
}

/**
 * The attack roll; on a hit the weapon's dice plus the Effect, less armour (SRD Chapter 5,
 * Damage and Armor), then the wounds. The result is the roll card the table sees.
 * @param {AttackPlan} plan
 * @param {State} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyAttack(plan, state, ctx) {
  const card = {
    ...rollTask(ctx, {
      kind: 'attack',
      label: plan.label,
      mode: plan.mode,
      modifiers: plan.modifiers,
    }),
    weapon: plan.weapon.name,
    range: plan.band,
    difficulty: plan.difficulty,
  };
  ctx.log(card.text);
  if (!card.success) {
    return { changes: [], result: { ...card, hit: false, text: `${card.text}: a miss` } };
  }
  const rolled = ctx.dice.roll(plan.weapon.damage);
  const armor = armorRating(plan.target, plan.laser);
  const dealt = afterArmor(rolled.total + card.effect, armor, card.effect);
  const wounds = takeDamage(plan.target, dealt);
  const health = healthOf({ ...plan.target, current: wounds.current });
  const damageText =
    `damage ${rolled.text} + Effect ${card.effect} - armour ${armor} = ${dealt}` +
    `: ${plan.target.name} is ${health.condition}`;
  ctx.log(damageText);
  const result = {
    ...card,
    hit: true,
    damage: {
      notation: rolled.notation,
      dice: rolled.rolls
        .flatMap((term) => (term.kind === 'dice' ? term.dice : []))
        .map((die) => die.value),
      rolled: rolled.total,
      effect: card.effect,
      armor,
      dealt,
      taken: wounds.taken,
      condition: health.condition,
    },
    text: `${card.text}: a hit; ${damageText}`,
  };
  return { changes: woundChanges(state, plan.target, wounds.current), result };
}

/**
 * A weapon of the attacker by name (any case) or position in the list; the first weapon when
 * none is named, and the unarmed strike everyone has.
 * @param {Character} attacker
 * @param {unknown} wanted
 * @returns {Weapon | string}
 */
function weaponNamed(attacker, wanted) {
  if (wanted === undefined || wanted === null || wanted === '') {
    return attacker.weapons[0] ?? UNARMED;
  }
  if (typeof wanted === 'number') {
    return (
      attacker.weapons[wanted] ?? `${attacker.name} has no weapon number ${wanted} on the sheet`
    );
  }
  if (typeof wanted !== 'string') return 'the weapon is named by its name or its place in the list';
  const key = wanted.trim().toLowerCase();
  const found = attacker.weapons.find((weapon) => weapon.name.toLowerCase() === key);
  if (found !== undefined) return found;
  if (key === 'unarmed' || key === 'unarmed strike') return UNARMED;
  return `${attacker.name} has no weapon called "${wanted.slice(0, 60)}"`;
}

module.exports = Object.freeze({
  attackPlan,
  applyAttack,
});
