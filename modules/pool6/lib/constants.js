// @ts-check
/**
 * The game's fixed tables: the attributes and the limit each one leads, the intent kinds pool6
 * defines, the token conditions it manages, the caps a payload must stay under, what an unarmed
 * character hits with, the units a scene may measure in, and the sheet keys that derive owns or
 * that only the GM edits. Every value is frozen when the module loads: module-level values
 * outlive a call, so a change would leak into the next ruling.
 */

/**
 * @typedef {'body' | 'agility' | 'reaction' | 'strength' | 'willpower' | 'logic' | 'intuition' | 'charisma' | 'luck' | 'magic'} Attribute
 * @typedef {'physical' | 'mental' | 'social'} LimitKind
 * @typedef {'physical' | 'stun'} Track
 * @typedef {'ok' | 'wounded' | 'unconscious' | 'dying' | 'dead'} Condition
 * @typedef {{ physical: number, stun: number, overflow: number }} Damage
 */

/**
 * The ten attributes, in the order sheets list them.
 * @type {readonly Attribute[]}
 */
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

module.exports = Object.freeze({
  ATTRIBUTES,
  LIMIT_OF,
  KINDS,
  CORE_KINDS,
  MANAGED_CONDITIONS,
  MAX_POOL,
  MAX_CHAIN,
  MAX_VALUE,
  UNARMED,
  METRES_PER_UNIT,
  DERIVED_KEYS,
  GM_KEYS,
});
