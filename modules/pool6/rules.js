// @ts-check
/**
 * The rules of pool6: a cyberpunk-fantasy game of d6 dice pools (reference/*.md has the rules as
 * players read them; every number below is stated there, with worked examples that the tests
 * replay).
 *
 * The whole game in one breath: a test rolls a pool of d6 (attribute + skill); each 5 or 6 is a
 * hit; a limit caps the hits; more than half the dice showing 1 is a glitch. Luck (the game's
 * edge-style resource) adds dice, makes sixes explode and ignores the limit. Damage fills boxes
 * on a physical and a stun condition monitor, and every full 3 boxes cost a die on every pool.
 *
 * Sandbox rules this file lives by (docs/modules/README.md): one script, no imports, no clock,
 * no Math.random; every die comes from `ctx.dice`, so any peer replays a ruling from its seed.
 * Arguments are frozen and nothing is kept between calls: module-level values are frozen
 * constants. The file is long because a module's rules must be one script; the sections below
 * each hold one idea (data, dice, measuring, damage, intents, commands).
 */

/**
 * @import { ApplyHook, Change, ChatCommand, CommandInput, DeriveHook, InitiativeHook, Intent } from '@meshtable/module-sdk'
 * @import { ModuleContext, RollHook, TableState, Token, ValidateHook, ValidateResult } from '@meshtable/module-sdk'
 * @import { Actor, JsonObject, JsonValue } from '@meshtable/module-sdk'
 *
 * @typedef {'body' | 'agility' | 'reaction' | 'strength' | 'willpower' | 'logic' | 'intuition' | 'charisma' | 'luck' | 'magic'} Attribute
 * @typedef {'physical' | 'mental' | 'social'} LimitKind
 * @typedef {'physical' | 'stun'} Track
 * @typedef {'ok' | 'wounded' | 'unconscious' | 'dying' | 'dead'} Condition
 * @typedef {{ physical: number, stun: number, overflow: number }} Damage
 * @typedef {{ name: string, key: string, attribute: Attribute, rating: number, limit: LimitKind | null, pool: number }} Skill
 * @typedef {{
 *   name: string, skill: string, attribute: Attribute, pool: number, limit: number | null,
 *   damage: number, type: Track, ap: number, range: number, text: string,
 * }} Weapon
 * @typedef {{ faces: number[], hits: number, luck: boolean }} DieChain
 * @typedef {{
 *   dice: number, luckDice: number, luck: boolean, chains: DieChain[], rawHits: number,
 *   hits: number, ones: number, glitch: boolean, criticalGlitch: boolean,
 *   limit: number | null, limitApplied: boolean,
 * }} PoolRoll
 * @typedef {{ dice: number, threshold?: number, limit?: number, luck?: number, vs?: number }} PoolNotation
 */

/* ------------------------------------------------------------------------------------------ */
/* Constants                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** @type {readonly Attribute[]} */
const ATTRIBUTES = Object.freeze([
  'body',
  'agility',
  'reaction',
  'strength',
  'willpower',
  'logic',
  'intuition',
  'charisma',
  'luck',
  'magic',
]);

/**
 * Which limit caps a test made with an attribute (the first attribute of the test). Luck has
 * none: a luck test is pure fortune. Magic is a mental discipline.
 * @type {Readonly<Record<Attribute, LimitKind | null>>}
 */
const LIMIT_OF = Object.freeze({
  body: 'physical',
  agility: 'physical',
  reaction: 'physical',
  strength: 'physical',
  willpower: 'mental',
  logic: 'mental',
  intuition: 'mental',
  magic: 'mental',
  charisma: 'social',
  luck: null,
});

/** The intent kinds pool6 defines. */
const KINDS = Object.freeze({
  attack: 'pool6:attack',
  test: 'pool6:test',
  spendLuck: 'pool6:spend-luck',
  recover: 'pool6:recover',
});

/** The core kinds; the core checks ownership before `validate` hears of them. */
const CORE_KINDS = Object.freeze([
  'token.move',
  'roll',
  'damage.apply',
  'sheet.edit',
  'chat.command',
]);

/** The token conditions pool6 manages; a token's other conditions are left alone. */
const MANAGED_CONDITIONS = Object.freeze(['wounded', 'unconscious', 'dying', 'dead']);

/** The most dice one pool may hold (a sane table never gets near it; the sandbox allows 1,000). */
const MAX_POOL = 100;
/** The most rerolls one exploding die may chain: a chain of 50 sixes has odds of 6^-50. */
const MAX_CHAIN = 50;
/** The largest threshold, limit, modifier and damage a payload may name. */
const MAX_VALUE = 100;

/** What a character without weapons hits with: Strength as damage value, stun, no AP. */
const UNARMED = Object.freeze({
  name: 'Unarmed',
  skill: 'Unarmed Combat',
  attribute: 'agility',
  damage: 0,
  addStrength: true,
  type: 'stun',
  ap: 0,
  range: 1,
});

/** Metres per unit of a scene grid's distance; an unknown unit is read as metres. */
const METRES_PER_UNIT = Object.freeze({
  m: 1,
  metre: 1,
  metres: 1,
  meter: 1,
  meters: 1,
  km: 1000,
  ft: 0.3048,
  feet: 0.3048,
  foot: 0.3048,
  yd: 0.9144,
  yard: 0.9144,
  yards: 0.9144,
});

/**
 * Top-level keys of `data` that derive computes: storing them would be shadowed by derive, so a
 * sheet edit of one is refused.
 */
const DERIVED_KEYS = Object.freeze([
  'limits',
  'pools',
  'monitors',
  'woundModifier',
  'initiative',
  'defense',
  'soak',
  'movement',
  'condition',
  'down',
  'armorTotal',
  'attributePools',
  'skillSummary',
  'weaponSummary',
  'luck',
]);

/** Keys of `data` that only intents (or the GM) change: damage, luck points, the NPC rating. */
const GM_KEYS = Object.freeze(['damage', 'luckPoints', 'professionalRating']);

/* ------------------------------------------------------------------------------------------ */
/* Reading an actor: one place for each formula (reference/dice-pools.md and damage.md).       */
/* ------------------------------------------------------------------------------------------ */

/**
 * Everything pool6 computes about an actor from its data. Missing or malformed fields fall back
 * to safe defaults (attribute 1, no skills, no damage), so a half-filled sheet still derives.
 * @param {Actor} actor
 */
function stats(actor) {
  const data = asObject(actor.data);
  const npc = actor.type === 'npc';
  const professionalRating = npc ? whole(data.professionalRating, 0, 0, 12) : null;
  const given = asObject(data.attributes);
  /** @type {Record<Attribute, number>} */
  const attributes = {
    body: 1,
    agility: 1,
    reaction: 1,
    strength: 1,
    willpower: 1,
    logic: 1,
    intuition: 1,
    charisma: 1,
    luck: 1,
    magic: 0,
  };
  for (const name of ATTRIBUTES) attributes[name] = whole(given[name], attributes[name], 0, 99);
  // A grunt's luck is its professional rating: training and numbers stand in for fortune.
  if (professionalRating !== null) attributes.luck = professionalRating;

  const limits = limitsOf(attributes);
  const physicalMax = 8 + Math.ceil(attributes.body / 2);
  const stunMax = 8 + Math.ceil(attributes.willpower / 2);
  const overflowMax = attributes.body;
  const stored = asObject(data.damage);
  /** @type {Damage} */
  const damage = {
    physical: whole(stored.physical, 0, 0, physicalMax),
    stun: whole(stored.stun, 0, 0, stunMax),
    overflow: whole(stored.overflow, 0, 0, overflowMax + 1),
  };
  const woundModifier = woundModifierOf(damage);
  const condition = conditionOf(damage, { physicalMax, stunMax, overflowMax });
  const armor = armorOf(data.armor);
  const luckPoints = whole(data.luckPoints, attributes.luck, 0, attributes.luck);
  /** @param {number} dice */
  const wounded = (dice) => Math.max(0, dice + woundModifier);

  const skills = skillsOf(data.skills, attributes, wounded);
  /** @type {Record<string, number>} */
  const pools = {};
  for (const skill of skills) pools[skill.key] = skill.pool;

  return {
    npc,
    professionalRating,
    attributes,
    limits,
    monitors: {
      physical: { max: physicalMax, damage: damage.physical },
      stun: { max: stunMax, damage: damage.stun },
      overflow: { max: overflowMax, damage: damage.overflow },
    },
    damage,
    woundModifier,
    condition,
    canAct: condition === 'ok' || condition === 'wounded',
    armor,
    luck: { max: attributes.luck, points: luckPoints },
    initiative: {
      score: attributes.reaction + attributes.intuition,
      dice: whole(data.initiativeDice, 1, 1, 5),
    },
    defense: wounded(attributes.reaction + attributes.intuition),
    soak: attributes.body + armor,
    movement: { walk: attributes.agility * 2, run: attributes.agility * 4 },
    skills,
    pools,
    weapons: weaponsOf(data.weapons, attributes, limits, skills, wounded),
    wounded,
  };
}

/**
 * The three limits: twice the leading attribute plus two supporting ones, divided by 3 and
 * rounded up (reference/dice-pools.md "Limits").
 * @param {Record<Attribute, number>} a
 * @returns {Record<LimitKind, number>}
 */
function limitsOf(a) {
  return {
    physical: Math.ceil((2 * a.strength + a.body + a.reaction) / 3),
    mental: Math.ceil((2 * a.logic + a.intuition + a.willpower) / 3),
    social: Math.ceil((2 * a.charisma + a.willpower + a.intuition) / 3),
  };
}

/**
 * Dice lost to wounds: one per full 3 boxes on each track, the two tracks added (a negative
 * number, or 0). Overflow boxes add nothing: a character in overflow is down anyway.
 * @param {Damage} damage
 */
function woundModifierOf(damage) {
  return -(Math.floor(damage.physical / 3) + Math.floor(damage.stun / 3));
}

/**
 * The worst state the damage puts a character in (reference/damage.md "Condition").
 * @param {Damage} damage
 * @param {{ physicalMax: number, stunMax: number, overflowMax: number }} max
 * @returns {Condition}
 */
function conditionOf(damage, max) {
  if (damage.overflow > max.overflowMax) return 'dead';
  if (damage.physical >= max.physicalMax) return 'dying';
  if (damage.stun >= max.stunMax) return 'unconscious';
  return woundModifierOf(damage) < 0 ? 'wounded' : 'ok';
}

/**
 * The armor a character wears: the sum of the worn pieces' values.
 * @param {unknown} list
 */
function armorOf(list) {
  let total = 0;
  for (const item of asArray(list)) {
    const piece = asObject(item);
    if (piece.worn !== false) total += whole(piece.value, 0, 0, 99);
  }
  return total;
}

/**
 * The skills of the sheet, each with its pool (attribute + rating, wounds taken off). A skill
 * at rating 0 is untrained: it defaults to attribute − 1.
 * @param {unknown} list
 * @param {Record<Attribute, number>} attributes
 * @param {(dice: number) => number} wounded
 * @returns {Skill[]}
 */
function skillsOf(list, attributes, wounded) {
  /** @type {Skill[]} */
  const skills = [];
  for (const item of asArray(list)) {
    const row = asObject(item);
    if (typeof row.name !== 'string' || row.name.trim() === '') continue;
    const attribute = isAttribute(row.attribute) ? row.attribute : 'agility';
    const rating = whole(row.rating, 0, 0, 99);
    skills.push({
      name: row.name.trim(),
      key: keyOf(row.name),
      attribute,
      rating,
      limit: LIMIT_OF[attribute],
      pool: wounded(basePool(attributes[attribute], rating)),
    });
  }
  return skills;
}

/**
 * Attribute + rating, or attribute − 1 for an untrained skill (never below 0).
 * @param {number} attribute
 * @param {number} rating
 */
function basePool(attribute, rating) {
  return rating > 0 ? attribute + rating : Math.max(0, attribute - 1);
}

/**
 * The weapons of the sheet, read for an attack: the pool of their skill, their accuracy as the
 * limit (else the limit of the skill's attribute), damage value, type, AP and range.
 * @param {unknown} list
 * @param {Record<Attribute, number>} attributes
 * @param {Record<LimitKind, number>} limits
 * @param {Skill[]} skills
 * @param {(dice: number) => number} wounded
 * @returns {Weapon[]}
 */
function weaponsOf(list, attributes, limits, skills, wounded) {
  const rows = asArray(list).filter((item) => typeof asObject(item).name === 'string');
  /** @type {Weapon[]} */
  const weapons = [];
  for (const item of rows.length === 0 ? [UNARMED] : rows) {
    const row = asObject(item);
    const skillName =
      typeof row.skill === 'string' && row.skill.trim() !== '' ? row.skill : 'Unarmed Combat';
    const skill = skills.find((known) => known.key === keyOf(skillName));
    const attribute = skill?.attribute ?? (isAttribute(row.attribute) ? row.attribute : 'agility');
    const pool = skill?.pool ?? wounded(basePool(attributes[attribute], 0));
    const limitKind = LIMIT_OF[attribute];
    const accuracy = whole(row.accuracy, 0, 0, 99);
    const damage =
      whole(row.damage, 0, 0, 99) + (row.addStrength === true ? attributes.strength : 0);
    /** @type {Track} */
    const type = row.type === 'stun' ? 'stun' : 'physical';
    const ap = whole(row.ap, 0, -99, 0);
    weapons.push({
      name: String(row.name),
      skill: skill?.name ?? skillName,
      attribute,
      pool,
      limit: accuracy > 0 ? accuracy : limitKind === null ? null : limits[limitKind],
      damage,
      type,
      ap,
      range: typeof row.range === 'number' && row.range > 0 ? row.range : 1,
      text: `${damage}${type === 'stun' ? 'S' : 'P'}${ap < 0 ? ` AP ${signed(ap)}` : ''}`,
    });
  }
  return weapons;
}

/* ------------------------------------------------------------------------------------------ */
/* derive and initiative                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * `derive(actor)`: what the sheet shows beside what players type. Pools already carry the wound
 * modifier: they are the dice to pick up now.
 * @type {DeriveHook}
 */
exports.derive = (actor) => {
  const s = stats(actor);
  return {
    attributes: s.attributes,
    limits: s.limits,
    monitors: s.monitors,
    woundModifier: s.woundModifier,
    condition: s.condition,
    // True while the character takes no action (unconscious, dying, dead): the sheet warns.
    down: !s.canAct,
    armorTotal: s.armor,
    luck: s.luck,
    initiative: {
      score: s.initiative.score,
      dice: s.initiative.dice,
      text: `${s.initiative.score} + ${s.initiative.dice}d6`,
      // What a sheet's initiative button rolls (added up): the score less wounds, plus the dice.
      roll: `${Math.max(0, s.initiative.score + s.woundModifier)}+${s.initiative.dice}d6`,
    },
    defense: s.defense,
    soak: s.soak,
    movement: s.movement,
    pools: s.pools,
    attributePools: Object.fromEntries(
      ATTRIBUTES.map((name) => [name, s.wounded(s.attributes[name])]),
    ),
    skills: s.skills.map((skill) => ({ ...skill })),
    weapons: s.weapons.map((weapon) => ({ ...weapon })),
    professionalRating: s.professionalRating,
    // One line each for the sheet, since a list row cannot show what derive computes for it.
    skillSummary: s.skills
      .map(
        (skill) =>
          `${skill.name} ${skill.pool}${skill.limit === null ? '' : ` [${s.limits[skill.limit]}]`}`,
      )
      .join(' · '),
    weaponSummary: s.weapons
      .map(
        (weapon) =>
          `${weapon.name} ${weapon.pool}${weapon.limit === null ? '' : ` [${weapon.limit}]`}, ${weapon.text}`,
      )
      .join(' · '),
  };
};

/**
 * `initiative(actor)`: initiative score + the sum of the actor's initiative dice, wounds taken
 * off (never below 0). The luck attribute, as hundredths, breaks ties the same way on every peer.
 * @type {InitiativeHook}
 */
exports.initiative = (actor, ctx) => {
  const s = stats(actor);
  const rolled = ctx.dice.pool(s.initiative.dice, 6).reduce((sum, face) => sum + face, 0);
  return Math.max(0, s.initiative.score + rolled + s.woundModifier) + s.attributes.luck / 100;
};

/* ------------------------------------------------------------------------------------------ */
/* Dice pools (reference/dice-pools.md)                                                        */
/* ------------------------------------------------------------------------------------------ */

/**
 * Rolls a pool. Draw order, which the tests rely on: the pool's dice, then the luck dice, then,
 * when luck is used, each die's explosion chain in turn (a six rerolls, and so does a six that
 * comes up on the reroll). Hits are 5s and 6s on every face of a chain; ones count on first
 * faces only, against the number of dice picked up (explosions never make or unmake a glitch).
 * @param {ModuleContext} ctx
 * @param {{ dice: number, luckDice?: number, luck?: boolean, limit?: number | null }} spec
 * @returns {PoolRoll}
 */
function rollPool(ctx, spec) {
  const luckDice = spec.luckDice ?? 0;
  const luck = spec.luck === true || luckDice > 0;
  const limit = spec.limit ?? null;
  /** @type {DieChain[]} */
  const chains = [
    ...ctx.dice.pool(spec.dice, 6).map((face) => ({ faces: [face], hits: 0, luck: false })),
    ...ctx.dice.pool(luckDice, 6).map((face) => ({ faces: [face], hits: 0, luck: true })),
  ];
  for (const chain of chains) {
    while (luck && chain.faces[chain.faces.length - 1] === 6 && chain.faces.length <= MAX_CHAIN) {
      chain.faces.push(ctx.dice.die(6));
    }
    chain.hits = chain.faces.filter((face) => face >= 5).length;
  }
  const rawHits = chains.reduce((sum, chain) => sum + chain.hits, 0);
  const ones = chains.filter((chain) => chain.faces[0] === 1).length;
  const glitch = ones > chains.length / 2;
  const limitApplied = limit !== null && !luck && rawHits > limit;
  return {
    dice: spec.dice,
    luckDice,
    luck,
    chains,
    rawHits,
    hits: limitApplied && limit !== null ? limit : rawHits,
    ones,
    glitch,
    criticalGlitch: glitch && rawHits === 0,
    limit,
    limitApplied,
  };
}

/**
 * A pool roll as a roll card shows it: every die (each explosion chain), the counts and flags.
 * @param {PoolRoll} roll
 */
function poolCard(roll) {
  return {
    pool: roll.dice,
    luckDice: roll.luckDice,
    luckUsed: roll.luck,
    dice: roll.chains.map((chain) => ({ faces: chain.faces, hits: chain.hits, luck: chain.luck })),
    rawHits: roll.rawHits,
    hits: roll.hits,
    ones: roll.ones,
    glitch: roll.glitch,
    criticalGlitch: roll.criticalGlitch,
    limit: roll.limit,
    limitApplied: roll.limitApplied,
  };
}

/**
 * One line for a pool roll: `8d6 [6 5 4 1 1 3 2 5] = 3 hits`, explosion chains as `6→6→2`.
 * @param {PoolRoll} roll
 */
function poolText(roll) {
  /** @param {DieChain[]} chains */
  const faces = (chains) => chains.map((chain) => chain.faces.join('→')).join(' ');
  const own = roll.chains.filter((chain) => !chain.luck);
  const lucky = roll.chains.filter((chain) => chain.luck);
  let text = `${roll.dice}d6 [${faces(own)}]`;
  if (roll.luckDice > 0) text += ` + luck ${roll.luckDice}d6 [${faces(lucky)}]`;
  text += ` = ${plural(roll.hits, 'hit')}`;
  if (roll.limitApplied) text += ` (${roll.rawHits} capped by limit ${roll.limit})`;
  else if (roll.luck && roll.limit !== null) text += ` (limit ${roll.limit} ignored: luck)`;
  if (roll.criticalGlitch) text += ', CRITICAL GLITCH';
  else if (roll.glitch) text += ', glitch';
  return text;
}

/**
 * Reads a pool notation: a number of dice (`8`, `8d6`, `8d6>=5`) or a sum of plain numbers (`5+3`,
 * `4+-1`, as a sheet writes attribute + skill), followed by options `th<n>` (threshold),
 * `lim<n>` (limit), `luck<n>` (luck dice) and `vs<n>` (an opposing pool) in any order, spaces and
 * case free: `9d6 th2 lim4`. Returns null for anything else (`2d6+3`, `1d100`), which the roll
 * hook adds up as written.
 * @param {string} notation
 * @returns {PoolNotation | null}
 */
function parsePoolNotation(notation) {
  const text = notation.replace(/\s+/g, '').toLowerCase();
  const split = /^(.*?)((?:(?:th|lim|luck|vs)\d{1,4})*)$/.exec(text);
  const head = split?.[1] ?? '';
  const options = split?.[2] ?? '';
  /** @type {number} */
  let dice;
  const single = /^(\d{1,4})d6(?:>=5)?$/.exec(head);
  if (single !== null) {
    dice = Number(single[1]);
  } else if (/^[+-]*\d{1,4}(?:[+-]+\d{1,4})*$/.test(head)) {
    dice = 0;
    for (const [, signs = '', count = '0'] of head.matchAll(/([+-]*)(\d{1,4})/g)) {
      const negative = [...signs].filter((sign) => sign === '-').length % 2 === 1;
      dice += negative ? -Number(count) : Number(count);
    }
  } else {
    return null;
  }
  /** @type {PoolNotation} */
  // Kept signed: a sheet's "@woundModifier" (say -2) plus the dice asked for is the pool, so the
  // floor at 0 comes after the request's modifier (poolRequest), not here.
  const parsed = { dice };
  for (const [, name, value] of options.matchAll(/(th|lim|luck|vs)(\d{1,4})/g)) {
    const key =
      name === 'th' ? 'threshold' : name === 'lim' ? 'limit' : name === 'luck' ? 'luck' : 'vs';
    if (parsed[key] !== undefined) return null;
    parsed[key] = Number(value);
  }
  return parsed;
}

/**
 * The pool a roll request asks for: its notation's counts and options, then the request's own
 * fields (`threshold`, `limit`, `luck`, `vs`, `modifier`), which win over the notation's.
 * @param {JsonObject} request
 * @param {PoolNotation} parsed
 * @returns {{ ok: true, value: { dice: number, modifier: number, threshold: number | null, limit: number | null, luck: number, vs: number | null } } | { ok: false, reason: string }}
 */
function poolRequest(request, parsed) {
  // 0 means "none" for a threshold, a limit or an opposing pool: a sheet's number question
  // cannot be left empty, so its 0 stands for "no threshold".
  /** @param {unknown} value */
  const noneIfZero = (value) => (value === 0 ? null : value);
  const fields = {
    threshold: noneIfZero(request.threshold ?? parsed.threshold ?? null),
    limit: noneIfZero(request.limit ?? parsed.limit ?? null),
    luck: request.luck ?? parsed.luck ?? 0,
    vs: noneIfZero(request.vs ?? parsed.vs ?? null),
    modifier: request.modifier ?? 0,
  };
  const problem =
    checkWhole('threshold', fields.threshold, 1, MAX_VALUE, true) ??
    checkWhole('limit', fields.limit, 1, MAX_VALUE, true) ??
    checkWhole('luck', fields.luck, 0, 20, false, 'the number of luck dice') ??
    checkWhole('vs', fields.vs, 1, MAX_POOL, true, 'the opposing pool') ??
    checkWhole('modifier', fields.modifier, -MAX_VALUE, MAX_VALUE, false, 'dice added or taken');
  if (problem !== null) return { ok: false, reason: problem };
  if (fields.threshold !== null && fields.vs !== null) {
    return { ok: false, reason: 'a test has a threshold or an opposing pool, not both' };
  }
  const dice = Math.max(0, parsed.dice + /** @type {number} */ (fields.modifier));
  if (dice > MAX_POOL)
    return { ok: false, reason: `a pool has at most ${MAX_POOL} dice; that is ${dice}` };
  return {
    ok: true,
    value: {
      dice,
      modifier: /** @type {number} */ (fields.modifier),
      threshold: /** @type {number | null} */ (fields.threshold),
      limit: /** @type {number | null} */ (fields.limit),
      luck: /** @type {number} */ (fields.luck),
      vs: /** @type {number | null} */ (fields.vs),
    },
  };
}

/**
 * A test's outcome against a threshold: success when the hits reach it, and the hits beyond it
 * as net hits.
 * @param {number} hits
 * @param {number} threshold
 */
function againstThreshold(hits, threshold) {
  const success = hits >= threshold;
  return { threshold, success, netHits: success ? hits - threshold : 0 };
}

/**
 * `roll(request)`: a pool notation is a test (hits, glitches, limit, luck, threshold, an opposing
 * pool); anything else (`2d8`, `1d100`) is rolled as written and summed. `total` is the hits
 * (after the limit) of a test, the sum otherwise.
 * @type {RollHook}
 */
exports.roll = (request, ctx) => {
  const label = typeof request.label === 'string' ? request.label.trim() : '';
  const prefix = label === '' ? '' : `${label}: `;
  const parsed = request.mode === 'sum' ? null : parsePoolNotation(request.notation);
  if (parsed === null) {
    if (request.mode === 'pool') {
      throw new RangeError(
        `"${request.notation}" is not a dice pool (write "8d6" or "8d6 th2 lim4")`,
      );
    }
    const result = ctx.dice.roll(request.notation);
    return {
      kind: 'sum',
      notation: result.notation,
      total: result.total,
      rolls: /** @type {JsonValue} */ (/** @type {unknown} */ (result.rolls)),
      text: `${prefix}${result.text}`,
    };
  }
  const asked = poolRequest(request, parsed);
  if (!asked.ok) throw new RangeError(asked.reason);
  const { dice, threshold, limit, luck, vs } = asked.value;
  const roll = rollPool(ctx, { dice, luckDice: luck, luck: luck > 0, limit });
  /** @type {JsonObject} */
  const card = { kind: 'pool', notation: request.notation, ...poolCard(roll), total: roll.hits };
  if (label !== '') card.label = label;
  let text = `${prefix}${poolText(roll)}`;
  if (threshold !== null) {
    const outcome = againstThreshold(roll.hits, threshold);
    Object.assign(card, outcome);
    text += `; threshold ${threshold}: ${outcome.success ? `success, ${plural(outcome.netHits, 'net hit')}` : 'failure'}`;
  }
  if (vs !== null) {
    const opposed = rollPool(ctx, { dice: vs });
    const net = roll.hits - opposed.hits;
    Object.assign(card, {
      opposed: poolCard(opposed),
      net,
      success: net > 0,
      netHits: Math.max(0, net),
    });
    text += `; against ${poolText(opposed)}: ${net > 0 ? `success, ${plural(net, 'net hit')}` : 'failure (ties go to the defender)'}`;
  }
  card.text = text;
  return card;
};

/* ------------------------------------------------------------------------------------------ */
/* Measuring a scene (reference/combat.md "Moving" and "Range")                                */
/* ------------------------------------------------------------------------------------------ */

/**
 * The metres one cell of a scene measures, or null when the scene or its grid is missing.
 * @param {TableState} state
 * @param {string} sceneId
 */
function sceneScale(state, sceneId) {
  const scene = asObject(state.scenes?.[sceneId]);
  const grid = asObject(scene.grid);
  if (typeof grid.size !== 'number' || grid.size <= 0 || typeof grid.distance !== 'number') {
    return null;
  }
  const unit = typeof grid.units === 'string' ? grid.units.trim().toLowerCase() : 'm';
  const perUnit = Object.hasOwn(METRES_PER_UNIT, unit)
    ? METRES_PER_UNIT[/** @type {keyof typeof METRES_PER_UNIT} */ (unit)]
    : 1;
  return { pixelsPerCell: grid.size, metresPerCell: grid.distance * perUnit };
}

/**
 * The gap in metres between two tokens' edges (0 when they touch or overlap), measured
 * between their centres, less half of each token's size.
 * @param {Token} a
 * @param {Token} b
 * @param {{ pixelsPerCell: number, metresPerCell: number }} scale
 */
function gapBetween(a, b, scale) {
  const sizeA = tokenSize(a);
  const sizeB = tokenSize(b);
  const half = scale.pixelsPerCell / 2;
  const dx = a.x + sizeA * half - (b.x + sizeB * half);
  const dy = a.y + sizeA * half - (b.y + sizeB * half);
  const cells = Math.hypot(dx, dy) / scale.pixelsPerCell - (sizeA + sizeB) / 2;
  return Math.max(0, cells) * scale.metresPerCell;
}

/** @param {Token} token */
function tokenSize(token) {
  const size = /** @type {{ size?: unknown }} */ (token).size;
  return typeof size === 'number' && size > 0 ? size : 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Damage (reference/damage.md)                                                                */
/* ------------------------------------------------------------------------------------------ */

/**
 * Boxes of damage (or, negative, healing) on one track. Stun beyond the stun track spills into
 * the physical track box for box; physical beyond its track is overflow, which stops one box past
 * Body (dead is dead). Healing physical clears overflow first.
 * @param {ReturnType<typeof stats>} s
 * @param {Track} track
 * @param {number} amount
 * @returns {Damage}
 */
function addDamage(s, track, amount) {
  let { physical, stun, overflow } = s.damage;
  const physicalMax = s.monitors.physical.max;
  if (amount >= 0) {
    if (track === 'stun') {
      stun += amount;
      if (stun > s.monitors.stun.max) {
        physical += stun - s.monitors.stun.max;
        stun = s.monitors.stun.max;
      }
    } else {
      physical += amount;
    }
    if (physical > physicalMax) {
      overflow = Math.min(s.monitors.overflow.max + 1, overflow + physical - physicalMax);
      physical = physicalMax;
    }
    return { physical, stun, overflow };
  }
  let healing = -amount;
  if (track === 'stun') return { physical, stun: Math.max(0, stun - healing), overflow };
  const fromOverflow = Math.min(overflow, healing);
  healing -= fromOverflow;
  return { physical: Math.max(0, physical - healing), stun, overflow: overflow - fromOverflow };
}

/**
 * The changes that store new damage on an actor and show its condition on each of its tokens.
 * @param {TableState} state
 * @param {Actor} actor
 * @param {Damage} damage
 * @returns {Change[]}
 */
function damageChanges(state, actor, damage) {
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  /** @type {Change[]} */
  const changes = [
    { op: 'set', collection: 'actors', id: actor.id, path: ['data', 'damage'], value: damage },
  ];
  const shown = conditionTags(after.condition);
  for (const token of tokensOf(state, actor.id)) {
    const current = asArray(/** @type {{ conditions?: unknown }} */ (token).conditions).filter(
      (tag) => typeof tag === 'string',
    );
    const next = [...current.filter((tag) => !MANAGED_CONDITIONS.includes(tag)), ...shown];
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      changes.push({
        op: 'set',
        collection: 'tokens',
        id: token.id,
        path: ['conditions'],
        value: next,
      });
    }
  }
  return changes;
}

/**
 * The token conditions a state shows: a dying character is also unconscious.
 * @param {Condition} condition
 * @returns {string[]}
 */
function conditionTags(condition) {
  if (condition === 'ok') return [];
  if (condition === 'dying') return ['unconscious', 'dying'];
  return [condition];
}

/**
 * A track named by a damage type: `physical`/`p` or `stun`/`s` (any case); absent is physical.
 * @param {unknown} type
 * @returns {Track | null}
 */
function trackOf(type) {
  if (type === undefined) return 'physical';
  if (typeof type !== 'string') return null;
  const name = type.trim().toLowerCase();
  if (name === 'physical' || name === 'p') return 'physical';
  if (name === 'stun' || name === 's') return 'stun';
  return null;
}

/* ------------------------------------------------------------------------------------------ */
/* validate                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * `validate(intent, state)`: the game's rules on every intent. The core has already checked who
 * may touch what for its own kinds; pool6 refuses for game reasons (a move past the run rate, a
 * test by an unconscious character, luck that is spent) and checks its own kinds' payloads.
 * @type {ValidateHook}
 */
exports.validate = (intent, state) => validateIntent(intent, state);

/**
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateIntent(intent, state) {
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, state);
    case 'roll':
      return validateRoll(intent.payload);
    case 'sheet.edit':
      return validateSheetEdit(intent, state);
    case 'damage.apply':
      return validateDamage(intent, state);
    case KINDS.attack:
      return validateAttack(intent, state);
    case KINDS.test:
      return validateTest(intent, state);
    case KINDS.spendLuck:
      return validateSpendLuck(intent, state);
    case KINDS.recover:
      return validateRecover(intent, state);
    default:
      if (CORE_KINDS.includes(intent.kind)) return { ok: true };
      return refuse(
        `pool6 knows no "${intent.kind}" intent (its own are ${Object.values(KINDS).join(', ')})`,
      );
  }
}

/**
 * A move: players go at most their run rate (Agility × 4 m) per move, and not at all while
 * unconscious. The GM moves anything anywhere. A token that stands for no actor moves freely.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, state) {
  const move = asObject(intent.payload);
  const token = typeof move.tokenId === 'string' ? state.tokens?.[move.tokenId] : undefined;
  if (token === undefined) return refuse(`there is no token "${String(move.tokenId)}"`);
  if (!isNumber(move.x) || !isNumber(move.y))
    return refuse('a move needs a position: x and y in pixels');
  if (isGm(state, intent.author)) return { ok: true };
  const actor = token.actorId === null ? undefined : state.actors?.[token.actorId];
  if (actor === undefined) return { ok: true };
  const s = stats(actor);
  if (!s.canAct) return refuse(`${actor.name} is ${s.condition} and cannot move`);
  const scale = sceneScale(state, token.sceneId);
  if (scale === null)
    return refuse(`the scene "${token.sceneId}" has no grid to measure the move on`);
  const metres =
    (Math.hypot(move.x - token.x, move.y - token.y) / scale.pixelsPerCell) * scale.metresPerCell;
  // A hair of slack for the binary rounding of pixel positions.
  if (metres > s.movement.run + 1e-6) {
    return refuse(
      `${actor.name} runs at most ${s.movement.run} m (walks ${s.movement.walk} m); that move is ${round1(metres)} m`,
    );
  }
  return { ok: true };
}

/**
 * A roll: a pool notation's options must make sense (a limit of at least 1, at most 100 dice).
 * Other notations are the dice language's to judge.
 * @param {JsonValue} payload
 * @returns {ValidateResult}
 */
function validateRoll(payload) {
  const request = asObject(payload);
  if (typeof request.notation !== 'string') return refuse('a roll needs a notation');
  if (request.mode !== undefined && request.mode !== 'pool' && request.mode !== 'sum') {
    return refuse('a roll\'s mode is "pool" (a test) or "sum" (dice added up)');
  }
  const parsed = request.mode === 'sum' ? null : parsePoolNotation(request.notation);
  if (parsed === null) {
    return request.mode === 'pool'
      ? refuse(`"${request.notation}" is not a dice pool (write "8d6" or "8d6 th2 lim4")`)
      : { ok: true };
  }
  const asked = poolRequest(request, parsed);
  return asked.ok ? { ok: true } : refuse(asked.reason);
}

/**
 * A sheet edit: nobody stores what derive computes; players leave damage and luck points to the
 * intents that keep them honest; attributes are whole numbers.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSheetEdit(intent, state) {
  const edit = asObject(intent.payload);
  const path = asArray(edit.path);
  const [first, second] = path;
  if (typeof first !== 'string') return refuse('a sheet edit needs a field path');
  if (DERIVED_KEYS.includes(first)) {
    return refuse(`"${first}" is computed from the other fields of the sheet; edit those instead`);
  }
  if (GM_KEYS.includes(first) && !isGm(state, intent.author)) {
    const how = {
      damage: 'damage goes through damage.apply, /attack or the GM',
      luckPoints: 'luck is spent with /luck and restored by the GM',
      professionalRating: "the professional rating is the GM's to set",
    };
    return refuse(`only the GM edits "${first}": ${how[/** @type {keyof typeof how} */ (first)]}`);
  }
  if (first === 'attributes' && path.length === 2) {
    if (!isAttribute(second)) return refuse(`pool6 has no attribute "${String(second)}"`);
    const low = second === 'magic' ? 0 : 1;
    if (
      !Number.isInteger(edit.value) ||
      /** @type {number} */ (edit.value) < low ||
      /** @type {number} */ (edit.value) > 12
    ) {
      return refuse(`${second} is a whole number from ${low} to 12`);
    }
  }
  if (first === 'initiativeDice' && path.length === 1) {
    if (
      !Number.isInteger(edit.value) ||
      /** @type {number} */ (edit.value) < 1 ||
      /** @type {number} */ (edit.value) > 5
    ) {
      return refuse('initiative dice are a whole number from 1 to 5');
    }
  }
  return { ok: true };
}

/**
 * Damage or healing in whole boxes on a named track. Only the GM raises the dead.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (
    !Number.isInteger(payload.amount) ||
    Math.abs(/** @type {number} */ (payload.amount)) > MAX_VALUE
  ) {
    return refuse(
      `damage is a whole number of boxes from −${MAX_VALUE} to ${MAX_VALUE} (negative heals)`,
    );
  }
  if (trackOf(payload.type) === null) {
    return refuse(`pool6 damage is "physical" or "stun", not "${String(payload.type)}"`);
  }
  if (
    /** @type {number} */ (payload.amount) < 0 &&
    stats(actor).condition === 'dead' &&
    !isGm(state, intent.author)
  ) {
    return refuse(`${actor.name} is dead; only the GM can undo that`);
  }
  return { ok: true };
}

/**
 * An attack: the attacker is the author's (or the GM's) and able to act; the target is someone
 * else, not dead, in range when both stand on a scene; the weapon is on the attacker's sheet.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.attack, payload, {
    attackerId: { type: 'id', required: true },
    targetId: { type: 'id', required: true },
    weapon: { type: 'weapon' },
    luck: { type: 'boolean' },
    modifier: { type: 'integer', min: -20, max: 20 },
    defenseModifier: { type: 'integer', min: -20, max: 20 },
  });
  if (shape !== null) return refuse(shape);
  const attacker = actorOf(state, payload.attackerId);
  if (attacker === undefined)
    return refuse(`there is no character "${String(payload.attackerId)}"`);
  if (!controls(state, attacker, intent.author))
    return refuse(`you do not control ${attacker.name}`);
  const target = actorOf(state, payload.targetId);
  if (target === undefined) return refuse(`there is no "${String(payload.targetId)}" to attack`);
  if (target.id === attacker.id) return refuse(`${attacker.name} cannot attack themselves`);
  const a = stats(attacker);
  if (!a.canAct) return refuse(`${attacker.name} is ${a.condition} and cannot attack`);
  if (stats(target).condition === 'dead') return refuse(`${target.name} is already dead`);
  const weapon = pickWeapon(a.weapons, payload.weapon);
  if (weapon === undefined) {
    return refuse(
      `${attacker.name} has no weapon "${String(payload.weapon)}" (${a.weapons.map((w) => w.name).join(', ')})`,
    );
  }
  if (payload.luck === true && a.luck.points < 1)
    return refuse(`${attacker.name} has no luck left`);
  const from = tokensOf(state, attacker.id)[0];
  const to = tokensOf(state, target.id)[0];
  if (from !== undefined && to !== undefined) {
    if (from.sceneId !== to.sceneId)
      return refuse(`${attacker.name} and ${target.name} are not on the same scene`);
    const scale = sceneScale(state, from.sceneId);
    if (scale !== null) {
      const gap = gapBetween(from, to, scale);
      if (gap > weapon.range + 1e-6) {
        return refuse(
          `${target.name} is ${round1(gap)} m away, beyond the ${weapon.range} m of ${attacker.name}'s ${weapon.name}`,
        );
      }
    }
  }
  return { ok: true };
}

/**
 * A test: a skill on the sheet, a skill defaulted on a named attribute, or one or two
 * attributes; a threshold, a limit, a luck point the actor still has.
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateTest(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.test, payload, {
    actorId: { type: 'id', required: true },
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
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateSpendLuck(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.spendLuck, payload, {
    actorId: { type: 'id', required: true },
    reason: { type: 'name' },
  });
  if (shape !== null) return refuse(shape);
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (!controls(state, actor, intent.author)) return refuse(`you do not control ${actor.name}`);
  if (stats(actor).luck.points < 1) return refuse(`${actor.name} has no luck left`);
  return { ok: true };
}

/**
 * Recovery is the GM's ruling (rest, first aid, a medkit, a doctor): boxes of stun or physical
 * healed and luck points restored, each a whole number or "all".
 * @param {Intent} intent
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateRecover(intent, state) {
  const payload = asObject(intent.payload);
  const shape = checkPayload(KINDS.recover, payload, {
    actorId: { type: 'id', required: true },
    stun: { type: 'amount' },
    physical: { type: 'amount' },
    luck: { type: 'amount' },
  });
  if (shape !== null) return refuse(shape);
  if (payload.stun === undefined && payload.physical === undefined && payload.luck === undefined) {
    return refuse(
      `${KINDS.recover} heals "stun" or "physical" boxes or restores "luck" points: name at least one`,
    );
  }
  const actor = actorOf(state, payload.actorId);
  if (actor === undefined) return refuse(`there is no character "${String(payload.actorId)}"`);
  if (!isGm(state, intent.author)) return refuse('only the GM rules on recovery');
  return { ok: true };
}

/* ------------------------------------------------------------------------------------------ */
/* apply                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * `apply(intent, state, ctx)`: what an intent changes, and the `result` the receipt shows the
 * table (the roll card of an attack or a test: every die of every pool; what damage, luck or
 * recovery did). The validator asks only after `validate` said yes, but apply checks again and
 * throws the same reason rather than trust its caller.
 * @type {ApplyHook}
 */
exports.apply = (intent, state, ctx) => {
  const verdict = validateIntent(intent, state);
  if (!verdict.ok) throw new RangeError(verdict.reason);
  const payload = asObject(intent.payload);
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(payload, state, ctx);
    case KINDS.attack:
      return applyAttack(payload, state, ctx);
    case KINDS.test:
      return applyTest(payload, state, ctx);
    case KINDS.spendLuck: {
      const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
      const left = stats(actor).luck.points - 1;
      const why = typeof payload.reason === 'string' ? ` (${payload.reason})` : '';
      return {
        changes: [luckChange(actor, left)],
        result: {
          kind: 'luck',
          actorId: actor.id,
          luckPoints: left,
          text: `${actor.name} spends a luck point${why}: ${plural(left, 'point')} left`,
        },
      };
    }
    case KINDS.recover:
      return applyRecover(payload, state);
    default:
      throw new TypeError(
        `pool6 applies only damage.apply and its own kinds, not "${intent.kind}"`,
      );
  }
};

/**
 * Boxes of damage on a track, or healed with a negative amount; the result says what the
 * monitors hold after, and the condition.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyDamage(payload, state, ctx) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const track = /** @type {Track} */ (trackOf(payload.type));
  const amount = /** @type {number} */ (payload.amount);
  const before = stats(actor);
  const damage = addDamage(before, track, amount);
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  ctx.log(`${actor.name}: ${signed(amount)} ${track}`, damage);
  let text = `${actor.name} ${amount >= 0 ? `takes ${plural(amount, 'box', 'boxes')} of` : `heals ${plural(-amount, 'box', 'boxes')} of`} ${track}`;
  if (after.condition !== before.condition) text += ` and is ${after.condition}`;
  return {
    changes: damageChanges(state, actor, damage),
    result: {
      kind: 'damage',
      actorId: actor.id,
      track,
      amount,
      damage,
      condition: after.condition,
      text,
    },
  };
}

/**
 * An attack, as reference/combat.md "Attacking" tells it: attack test (limited by accuracy)
 * against the defense test; net hits add to the damage value; the defender soaks with Body +
 * armor (AP taken off the armor); what is left fills boxes. Draw order: attack pool, luck dice
 * and explosions, defense pool, then (on a hit) soak pool. The result is the roll card of the
 * three tests.
 * @param {JsonObject} payload
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyAttack(payload, state, ctx) {
  const attacker = /** @type {Actor} */ (actorOf(state, payload.attackerId));
  const target = /** @type {Actor} */ (actorOf(state, payload.targetId));
  const a = stats(attacker);
  const t = stats(target);
  const weapon = /** @type {Weapon} */ (pickWeapon(a.weapons, payload.weapon));
  const luck = payload.luck === true;
  const modifier = /** @type {number} */ (payload.modifier ?? 0);
  const attack = rollPool(ctx, {
    dice: Math.max(0, weapon.pool + modifier),
    luckDice: luck ? a.attributes.luck : 0,
    luck,
    limit: weapon.limit,
  });
  // Someone who is out cold cannot dodge: they defend with no dice at all.
  const defenseModifier = /** @type {number} */ (payload.defenseModifier ?? 0);
  const defense = rollPool(ctx, { dice: t.canAct ? Math.max(0, t.defense + defenseModifier) : 0 });
  const net = attack.hits - defense.hits;
  /** @type {JsonObject} */
  const record = {
    kind: 'attack',
    label: `${attacker.name} attacks ${target.name} with ${weapon.name}`,
    targetId: target.id,
    weapon: weapon.name,
    attack: poolCard(attack),
    defense: poolCard(defense),
    net,
    hit: net > 0,
  };
  let text = `${record.label}: ${poolText(attack)} against ${poolText(defense)}`;
  /** @type {Change[]} */
  const changes = [];
  if (net <= 0) {
    text += ': miss';
  } else {
    const damageValue = weapon.damage + net;
    const armor = Math.max(0, t.armor + weapon.ap);
    // Armor that outweighs the blow stops the wound: physical damage lands as bruising (stun).
    const type = weapon.type === 'physical' && damageValue < armor ? 'stun' : weapon.type;
    const soak = rollPool(ctx, { dice: t.attributes.body + armor });
    const boxes = Math.max(0, damageValue - soak.hits);
    const damage = addDamage(t, type, boxes);
    const after = stats({ ...target, data: { ...asObject(target.data), damage } });
    Object.assign(record, {
      damageValue,
      armor,
      type,
      soak: poolCard(soak),
      boxes,
      condition: after.condition,
    });
    text += `: ${plural(net, 'net hit')}, ${damageValue}${type === 'stun' ? 'S' : 'P'} against armor ${armor}; soak ${poolText(soak)}; ${target.name} takes ${boxes} ${type}`;
    if (after.condition !== t.condition) text += ` and is ${after.condition}`;
    changes.push(...damageChanges(state, target, damage));
  }
  record.text = text;
  ctx.log(text);
  if (luck) changes.push(luckChange(attacker, a.luck.points - 1));
  return { changes, result: record };
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
 * label. A skill the sheet lacks defaults on the named attribute; attributes alone add up.
 * @param {ReturnType<typeof stats>} s
 * @param {Actor} actor
 * @param {JsonObject} payload
 * @returns {{ ok: true, dice: number, limit: number | null, label: string, defaulted: boolean } | { ok: false, reason: string }}
 */
function testPlan(s, actor, payload) {
  const modifier = /** @type {number} */ (payload.modifier ?? 0);
  /** @type {number} */
  let base;
  /** @type {Attribute} */
  let lead;
  let label;
  let defaulted = false;
  if (typeof payload.skill === 'string') {
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
      return { ok: false, reason: `${KINDS.test} needs a "skill", an "attribute" or "attributes"` };
    }
    base = names.reduce((sum, name) => sum + s.attributes[name], 0);
    lead = first;
    label = names.map(title).join(' + ');
  }
  const kind = typeof payload.limit === 'string' ? payload.limit : LIMIT_OF[lead];
  const limit =
    typeof payload.limit === 'number'
      ? payload.limit
      : kind === 'none' || kind === null
        ? null
        : s.limits[/** @type {LimitKind} */ (kind)];
  const dice = Math.max(0, s.wounded(base) + modifier);
  if (dice > MAX_POOL)
    return { ok: false, reason: `a pool has at most ${MAX_POOL} dice; that is ${dice}` };
  return { ok: true, dice, limit, label, defaulted };
}

/**
 * @param {JsonObject} payload
 * @param {TableState} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyRecover(payload, state) {
  const actor = /** @type {Actor} */ (actorOf(state, payload.actorId));
  const s = stats(actor);
  /** @param {unknown} amount @param {number} all */
  const boxes = (amount, all) => (amount === 'all' ? all : /** @type {number} */ (amount ?? 0));
  let damage = addDamage(s, 'stun', -boxes(payload.stun, s.damage.stun));
  damage = addDamage(
    { ...s, damage },
    'physical',
    -boxes(payload.physical, s.damage.physical + s.damage.overflow),
  );
  /** @type {Change[]} */
  const changes =
    payload.stun === undefined && payload.physical === undefined
      ? []
      : damageChanges(state, actor, damage);
  const luckPoints =
    payload.luck === undefined
      ? s.luck.points
      : Math.min(s.luck.max, s.luck.points + boxes(payload.luck, s.luck.max));
  if (payload.luck !== undefined) changes.push(luckChange(actor, luckPoints));
  const after = stats({ ...actor, data: { ...asObject(actor.data), damage } });
  return {
    changes,
    result: {
      kind: 'recovery',
      actorId: actor.id,
      damage,
      luckPoints,
      condition: after.condition,
      text: `${actor.name} recovers: ${damage.stun} stun, ${damage.physical} physical, ${plural(luckPoints, 'luck point')}; ${after.condition}`,
    },
  };
}

/**
 * @param {Actor} actor
 * @param {number} points
 * @returns {Change}
 */
function luckChange(actor, points) {
  return {
    op: 'set',
    collection: 'actors',
    id: actor.id,
    path: ['data', 'luckPoints'],
    value: points,
  };
}

/**
 * A weapon of the sheet by name (any case) or position; the first when none is named.
 * @param {Weapon[]} weapons
 * @param {unknown} wanted
 */
function pickWeapon(weapons, wanted) {
  if (wanted === undefined) return weapons[0];
  if (typeof wanted === 'number') return weapons[wanted];
  const key = keyOf(String(wanted));
  return weapons.find((weapon) => keyOf(weapon.name) === key);
}

/* ------------------------------------------------------------------------------------------ */
/* Chat commands                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * The chat: `/test`, `/attack`, `/soak`, `/luck`. A command changes nothing itself; its roll
 * goes through the roll hook and its intent through validate and apply.
 * @type {Record<string, ChatCommand>}
 */
exports.commands = {
  test: {
    description:
      'Roll a test: /test <dice or skill> [threshold] [limit] [luck], e.g. /test 8 2 4 or /test pistols 2 luck',
    run: (input) => testCommand(input),
  },
  attack: {
    description: 'Attack: /attack <target id> [weapon] [luck]',
    run: (input) => {
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const luck = words.some((word) => word.toLowerCase() === 'luck');
      const [targetId, ...rest] = words.filter((word) => word.toLowerCase() !== 'luck');
      if (targetId === undefined) return { message: 'Usage: /attack <target id> [weapon] [luck]' };
      if (input.actor === undefined)
        return { message: 'Select the character you attack with first.' };
      /** @type {JsonObject} */
      const payload = { attackerId: input.actor.id, targetId };
      if (rest.length > 0) payload.weapon = rest.join(' ');
      if (luck) payload.luck = true;
      return {
        message: `${input.actor.name} attacks ${targetId}${rest.length > 0 ? ` with ${rest.join(' ')}` : ''}${luck ? ', trusting to luck' : ''}.`,
        intent: { kind: KINDS.attack, payload },
      };
    },
  },
  soak: {
    description: 'Roll to soak damage: /soak <damage value>[P|S] [AP], e.g. /soak 7P -2',
    run: (input) => soakCommand(input),
  },
  luck: {
    description: 'Spend a luck point: /luck [what for]',
    run: (input) => {
      if (input.actor === undefined)
        return { message: 'Select the character whose luck you spend first.' };
      const reason = input.text.trim().slice(0, 100);
      /** @type {JsonObject} */
      const payload = { actorId: input.actor.id };
      if (reason !== '') payload.reason = reason;
      return {
        message: `${input.actor.name} spends a luck point${reason === '' ? '' : ` (${reason})`}.`,
        intent: {
          kind: KINDS.spendLuck,
          payload,
        },
      };
    },
  },
};

/**
 * `/test <dice or skill> [threshold] [limit] [luck]`. A number of dice rolls as it is; a skill or
 * attribute of the character spoken as brings its pool (wounds included) and its limit. With
 * `luck`, the roll adds the luck dice and asks to spend the point: the roll stands only if the
 * point does.
 * @param {CommandInput} input
 */
function testCommand(input) {
  const usage = { message: 'Usage: /test <dice or skill> [threshold] [limit] [luck]' };
  const words = input.text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const luck = words.some((word) => word.toLowerCase() === 'luck');
  const rest = words.filter((word) => word.toLowerCase() !== 'luck');
  const numbersFrom = rest.findIndex((word, index) => index > 0 && /^\d+$/.test(word));
  const head = numbersFrom === -1 ? rest : rest.slice(0, numbersFrom);
  const numbers = numbersFrom === -1 ? [] : rest.slice(numbersFrom);
  if (head.length === 0 || numbers.length > 2 || numbers.some((word) => !/^\d+$/.test(word)))
    return usage;
  const [threshold, limitGiven] = numbers.map(Number);
  if (threshold === 0 || limitGiven === 0)
    return { message: 'A threshold and a limit are at least 1.' };

  const s = input.actor === undefined ? undefined : stats(input.actor);
  let dice;
  let limit = limitGiven;
  let label = 'Test';
  if (head.length === 1 && /^\d+$/.test(head[0] ?? '')) {
    dice = Number(head[0]);
  } else {
    if (s === undefined)
      return { message: 'Select your character to test a skill, or give a number of dice.' };
    const name = head.join(' ');
    const skill = s.skills.find((known) => known.key === keyOf(name));
    const attribute = ATTRIBUTES.find((known) => known === name.toLowerCase());
    if (skill !== undefined) {
      dice = skill.pool;
      label = skill.name;
      if (limit === undefined && skill.limit !== null) limit = s.limits[skill.limit];
    } else if (attribute !== undefined) {
      dice = s.wounded(s.attributes[attribute]);
      label = title(attribute);
      const kind = LIMIT_OF[attribute];
      if (limit === undefined && kind !== null) limit = s.limits[kind];
    } else {
      return { message: `${input.actor?.name} has no skill or attribute "${name}".` };
    }
  }
  if (dice > MAX_POOL) return { message: `A pool has at most ${MAX_POOL} dice.` };
  // The pool is the notation; threshold, limit and luck dice go beside it as the roll hook's
  // options (the `th2 lim4` shorthand is for players typing a notation themselves).
  /** @type {JsonObject} */
  const options = {};
  if (threshold !== undefined) options.threshold = threshold;
  if (limit !== undefined) options.limit = limit;
  const notation = `${dice}d6`;
  if (!luck) {
    return { roll: { notation, label, ...(Object.keys(options).length > 0 ? { options } : {}) } };
  }
  if (input.actor === undefined || s === undefined)
    return { message: 'Select your character to spend luck.' };
  options.luck = s.attributes.luck;
  return {
    message: `${input.actor.name} spends a luck point on ${label}.`,
    roll: { notation, label: `${label} (luck)`, options },
    intent: { kind: KINDS.spendLuck, payload: { actorId: input.actor.id, reason: label } },
  };
}

/**
 * `/soak <damage value>[P|S] [AP]`: Body + armor (less the AP) dice; each hit stops a box. The
 * GM applies what gets through with damage.apply.
 * @param {CommandInput} input
 */
function soakCommand(input) {
  const match = /^(\d{1,3})\s*([ps])?(?:\s+(?:ap\s*)?([-+−]?\d{1,3}))?$/i.exec(input.text.trim());
  if (match === null) return { message: 'Usage: /soak <damage value>[P|S] [AP], e.g. /soak 7P -2' };
  if (input.actor === undefined)
    return { message: 'Select the character who soaks the damage first.' };
  const s = stats(input.actor);
  const damageValue = Number(match[1]);
  const ap = match[3] === undefined ? 0 : Math.min(0, Number(match[3].replace('−', '-')));
  const armor = Math.max(0, s.armor + ap);
  let type = (match[2] ?? 'p').toLowerCase() === 's' ? 'stun' : 'physical';
  if (type === 'physical' && damageValue < armor) type = 'stun';
  const dice = s.attributes.body + armor;
  const code = `${damageValue}${type === 'stun' ? 'S' : 'P'}`;
  return {
    message: `${input.actor.name} soaks ${code}${ap < 0 ? ` (AP ${signed(ap)})` : ''} with Body ${s.attributes.body} + armor ${armor}: each hit stops one box of ${type} damage.`,
    roll: { notation: `${dice}d6`, label: `Soak ${code}` },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason };
}

/**
 * Whether a member is a GM of the table (from the members summary the validator passes).
 * @param {TableState} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const members = asObject(/** @type {{ members?: unknown }} */ (state).members);
  return asObject(members[userId]).role === 'gm';
}

/**
 * @param {TableState} state
 * @param {Actor} actor
 * @param {string} userId
 */
function controls(state, actor, userId) {
  return isGm(state, userId) || actor.owners.includes(userId);
}

/**
 * @param {TableState} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorOf(state, id) {
  if (typeof id !== 'string' || state.actors === undefined || !Object.hasOwn(state.actors, id)) {
    return undefined;
  }
  return state.actors[id];
}

/**
 * The tokens that stand for an actor, in id order (the same on every peer).
 * @param {TableState} state
 * @param {string} actorId
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Checks a payload against a small spec, naming the first bad field and every unknown one.
 * @param {string} kind
 * @param {JsonObject} payload
 * @param {Record<string, { type: string, required?: boolean, min?: number, max?: number }>} spec
 * @returns {string | null}
 */
function checkPayload(kind, payload, spec) {
  const unknown = Object.keys(payload).filter((key) => !Object.hasOwn(spec, key));
  if (unknown.length > 0) {
    return `${kind} has no field ${unknown.map((key) => `"${key}"`).join(', ')} (it takes ${Object.keys(spec).join(', ')})`;
  }
  for (const [key, rule] of Object.entries(spec)) {
    const value = payload[key];
    if (value === undefined) {
      if (rule.required === true) return `${kind} needs "${key}"`;
      continue;
    }
    const problem = checkField(value, rule);
    if (problem !== null) return `${kind}: "${key}" ${problem}`;
  }
  return null;
}

/**
 * @param {JsonValue} value
 * @param {{ type: string, min?: number, max?: number }} rule
 * @returns {string | null} what is wrong, or null
 */
function checkField(value, rule) {
  switch (rule.type) {
    case 'id':
      return typeof value === 'string' && value.length > 0 && value.length <= 200
        ? null
        : 'must be an id';
    case 'name':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 200
        ? null
        : 'must be a text of 1 to 200 characters';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
      return Number.isInteger(value) &&
        /** @type {number} */ (value) >= (rule.min ?? 0) &&
        /** @type {number} */ (value) <= (rule.max ?? MAX_VALUE)
        ? null
        : `must be a whole number from ${rule.min} to ${rule.max}`;
    case 'weapon':
      return (typeof value === 'string' && value.trim() !== '' && value.length <= 200) ||
        (Number.isInteger(value) && /** @type {number} */ (value) >= 0)
        ? null
        : "must be the weapon's name or its position in the list (from 0)";
    case 'attribute':
      return isAttribute(value) ? null : `must be one of ${ATTRIBUTES.join(', ')}`;
    case 'attributes':
      return Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 2 &&
        value.every(isAttribute)
        ? null
        : 'must list one or two attributes';
    case 'limit':
      return value === 'physical' ||
        value === 'mental' ||
        value === 'social' ||
        value === 'none' ||
        (Number.isInteger(value) &&
          /** @type {number} */ (value) >= 1 &&
          /** @type {number} */ (value) <= MAX_VALUE)
        ? null
        : `must be "physical", "mental", "social", "none" or a whole number from 1 to ${MAX_VALUE}`;
    case 'amount':
      return value === 'all' ||
        (Number.isInteger(value) &&
          /** @type {number} */ (value) >= 0 &&
          /** @type {number} */ (value) <= MAX_VALUE)
        ? null
        : `must be "all" or a whole number from 0 to ${MAX_VALUE}`;
    default:
      return `has an unknown rule type "${rule.type}"`;
  }
}

/**
 * A whole number in a range (`null` allowed when `nullable`), or a reason naming the field.
 * @param {string} name
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 * @param {boolean} nullable
 * @param {string} [what]
 * @returns {string | null}
 */
function checkWhole(name, value, min, max, nullable, what) {
  if (value === null && nullable) return null;
  if (
    Number.isInteger(value) &&
    /** @type {number} */ (value) >= min &&
    /** @type {number} */ (value) <= max
  ) {
    return null;
  }
  return `${name}${what === undefined ? '' : ` (${what})`} must be a whole number from ${min} to ${max}`;
}

/**
 * A stored number as a whole number within bounds, or the fallback when it is not a number.
 * @param {unknown} value
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function whole(value, fallback, min, max) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/**
 * @param {unknown} value
 * @returns {JsonObject}
 */
function asObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {JsonObject} */ (value)
    : {};
}

/**
 * @param {unknown} value
 * @returns {readonly JsonValue[]}
 */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * @param {unknown} value
 * @returns {value is number}
 */
function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * @param {unknown} value
 * @returns {value is Attribute}
 */
function isAttribute(value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (ATTRIBUTES).includes(value);
}

/**
 * The key of a skill or weapon name: its words in camelCase (`Close Combat` → `closeCombat`), as
 * sheets and `/test` refer to it.
 * @param {string} name
 */
function keyOf(name) {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words
    .map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1)))
    .join('');
}

/** @param {string} name */
function title(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** @param {number} value */
function signed(value) {
  return value < 0 ? `−${-value}` : `+${value}`;
}

/** @param {number} value */
function round1(value) {
  return Math.round(value * 10) / 10;
}

/**
 * `3 hits`, `1 hit`, `2 boxes`.
 * @param {number} count
 * @param {string} noun
 * @param {string} [many] the plural, when it is not the noun and an s
 */
function plural(count, noun, many = `${noun}s`) {
  return `${count} ${count === 1 ? noun : many}`;
}
