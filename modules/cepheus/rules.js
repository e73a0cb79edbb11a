// @ts-check
/**
 * The rules of the `cepheus` module: the classic 2d6 science-fiction rules of the Cepheus Engine
 * System Reference Document (Samardan Press, 2016, Open Game Content under the OGL 1.0a; see
 * LICENSE). reference/*.md has them as players read them; each rule below cites the SRD chapter
 * and section it follows ("SRD Introduction, Die Rolls" is the Introduction chapter's section).
 *
 * One file because a module's entry is one script (docs/modules/README.md): the sections below
 * are the ideas a package would split into files. Read top to bottom, each builds on the last:
 *   1. characteristics, pseudo-hexadecimal and the UPP
 *   2. reading an actor's sheet, its condition, derive
 *   3. tasks (2d6 + DMs against 8, Effect, boon and bane), the roll hook, initiative
 *   4. damage, armour and healing
 *   5. intents: validate and apply
 *   6. distances on a scene
 *   7. chat commands
 *
 * Every hook is pure: its result depends on its arguments and ctx.dice alone (no clock, no
 * Math.random, nothing kept between calls), so any peer can re-run a ruling.
 */

/**
 * @import { Actor, ApplyHook, Change, ChatCommand, DeriveHook, InitiativeHook } from '@meshtable/module-sdk'
 * @import { Intent, JsonObject, JsonValue, ModuleContext, RollHook, RollResult } from '@meshtable/module-sdk'
 * @import { Scene, TableState as State, Token, ValidateHook, ValidateResult } from '@meshtable/module-sdk'
 *
 * @typedef {'str' | 'dex' | 'end' | 'int' | 'edu' | 'soc'} Characteristic
 * @typedef {'str' | 'dex' | 'end'} Physical
 * @typedef {Record<Characteristic, number>} Scores
 * @typedef {'close quarters' | 'extended reach' | 'thrown' | 'pistol' | 'rifle' | 'shotgun' | 'assault weapon' | 'rocket'} WeaponRange
 * @typedef {'personal' | 'close' | 'short' | 'medium' | 'long' | 'very long' | 'distant'} RangeBand
 * @typedef {{ name: string, level: number }} Skill
 * @typedef {{ name: string, damage: string, range: WeaponRange, skill: string | null, laser: boolean, thrown: boolean }} Weapon
 * @typedef {{ name: string, protection: number, laser: number, worn: boolean }} Armor
 * @typedef {'healthy' | 'wounded' | 'seriously wounded' | 'unconscious' | 'dead'} Condition
 * @typedef {{
 *   id: string, name: string, owners: readonly string[], scores: Scores, current: Scores,
 *   psi: number | null, skills: Skill[], weapons: Weapon[], armor: Armor[], speed: number,
 *   damageTo: 'str' | 'dex' | null,
 * }} Character
 * @typedef {'normal' | 'boon' | 'bane'} Mode
 * @typedef {{ label: string, value: number }} Modifier
 * @typedef {'exceptional failure' | 'failure' | 'success' | 'exceptional success'} Degree
 * @typedef {{
 *   kind: string, label: string, notation: string, mode: Mode,
 *   dice: { value: number, kept: boolean }[], kept: number[], dropped: number[], natural: number,
 *   modifiers: Modifier[], modifier: number, total: number, target: number, effect: number,
 *   degree: Degree, success: boolean, text: string,
 * }} TaskCard
 */

/* ------------------------------------------------------------------------------------------ */
/* 1. Characteristics, pseudo-hexadecimal and the UPP                                          */
/* ------------------------------------------------------------------------------------------ */

/** The six characteristics in UPP order (SRD Chapter 1, The Universal Persona Profile). */
const CHARACTERISTICS = /** @type {readonly Characteristic[]} */ (
  Object.freeze(['str', 'dex', 'end', 'int', 'edu', 'soc'])
);
/** The physical characteristics, which damage lowers (SRD Chapter 5, Damage). */
const PHYSICAL = /** @type {readonly Physical[]} */ (Object.freeze(['str', 'dex', 'end']));
/** How characteristics are written in messages. */
const NAMES = Object.freeze({
  str: 'STR',
  dex: 'DEX',
  end: 'END',
  int: 'INT',
  edu: 'EDU',
  soc: 'SOC',
});
/**
 * Pseudo-hexadecimal digits, 0 to 33 (SRD Introduction, Pseudo-Hexadecimal Notation): as
 * hexadecimal up to F, then on through the alphabet, skipping I and O, which read like 1 and 0.
 */
const PSEUDO_HEX = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** The highest value pseudo-hexadecimal can write (Z). */
const MAX_SCORE = PSEUDO_HEX.length - 1;
/** An average human's score, for a sheet that leaves a characteristic out (SRD Introduction). */
const AVERAGE_SCORE = 7;

/**
 * The DM of a characteristic score: the score divided by three, fractions dropped, minus two
 * (SRD Chapter 1, Characteristic Modifiers): 0–2 → −2, 3–5 → −1, 6–8 → +0, 9–11 → +1, 12–14 →
 * +2, 15–17 → +3, and on to +9 at 33 (Z).
 * @param {number} score
 */
function characteristicDm(score) {
  return Math.floor(Math.max(0, score) / 3) - 2;
}

/**
 * One pseudo-hexadecimal digit.
 * @param {number} value 0 to 33
 */
function toPseudoHex(value) {
  return PSEUDO_HEX.charAt(clampInt(value, 0, MAX_SCORE));
}

/**
 * A UPP: the six scores as pseudo-hexadecimal digits, and `-P` for Psionic Strength when the
 * character has one (SRD Chapter 1, The Universal Persona Profile: `687B9C`, `687B9C-4`).
 * @param {Scores} scores
 * @param {number | null} [psi]
 */
function formatUpp(scores, psi = null) {
  const digits = CHARACTERISTICS.map((key) => toPseudoHex(scores[key])).join('');
  return psi === null ? digits : `${digits}-${toPseudoHex(psi)}`;
}

/**
 * Reads a UPP, refusing anything that is not exactly one: six pseudo-hexadecimal digits, then
 * optionally `-` and a seventh for Psionic Strength. Lower case is read as upper case.
 * @param {unknown} text
 * @returns {{ ok: true, scores: Scores, psi: number | null, upp: string } | { ok: false, reason: string }}
 */
function parseUpp(text) {
  const shown = JSON.stringify(String(text).slice(0, 24));
  const usage =
    'a UPP is six pseudo-hexadecimal digits in the order STR DEX END INT EDU SOC, such as 786A9A, ' +
    'optionally followed by -P for Psionic Strength (786A9A-4)';
  if (typeof text !== 'string') return { ok: false, reason: `not a UPP: ${usage}` };
  const upp = text.trim().toUpperCase();
  const match = /^([0-9A-Z]{6})(?:-([0-9A-Z]))?$/.exec(upp);
  if (match === null) return { ok: false, reason: `${shown} is not a UPP: ${usage}` };
  for (const digit of upp.replace('-', '')) {
    if (!PSEUDO_HEX.includes(digit)) {
      return {
        ok: false,
        reason: `${shown} is not a UPP: pseudo-hexadecimal has no ${digit} (it skips I and O, which read like 1 and 0)`,
      };
    }
  }
  const digits = /** @type {string} */ (match[1]);
  const scores = /** @type {Scores} */ ({});
  CHARACTERISTICS.forEach((key, index) => {
    scores[key] = PSEUDO_HEX.indexOf(digits.charAt(index));
  });
  const psi = match[2] === undefined ? null : PSEUDO_HEX.indexOf(match[2]);
  return { ok: true, scores, psi, upp };
}

/* ------------------------------------------------------------------------------------------ */
/* 2. Reading a sheet, the character's condition, derive                                       */
/* ------------------------------------------------------------------------------------------ */

/** The weapon everyone has (SRD Chapter 4, Common Melee Personal Weapons: Unarmed Strike). */
const UNARMED = Object.freeze(
  /** @type {Weapon} */ ({
    name: 'Unarmed Strike',
    damage: '1d6',
    range: 'close quarters',
    skill: 'Natural Weapons',
    laser: false,
    thrown: false,
  }),
);
/** The weapon range categories of the SRD's weapon tables, as the sheet stores them. */
const WEAPON_RANGES = /** @type {readonly WeaponRange[]} */ (
  Object.freeze([
    'close quarters',
    'extended reach',
    'thrown',
    'pistol',
    'rifle',
    'shotgun',
    'assault weapon',
    'rocket',
  ])
);
/** Metres a character moves with one minor action (SRD Chapter 5, Minor Actions: Movement). */
const HUMAN_SPEED = 6;
/** Minor actions a round holds when the significant action is given up (SRD Introduction). */
const MINOR_ACTIONS_PER_ROUND = 3;
/** How far a seriously wounded character hobbles in a round (SRD Chapter 5, Injury and Recovery). */
const HOBBLE_METRES = 1.5;

/**
 * An actor's sheet as the rules read it: every value checked and clamped, so a half-filled or
 * hand-edited sheet still gives answers (validate refuses the bad edits themselves).
 * @param {Actor} actor
 * @returns {Character}
 */
function readCharacter(actor) {
  const data = asObject(actor.data);
  const { scores, current } = readScores(data);
  const speed = data.speed;
  return {
    id: actor.id,
    name: actor.name,
    owners: actor.owners,
    scores,
    current,
    psi: typeof data.psi === 'number' && Number.isFinite(data.psi) ? toScore(data.psi, 0) : null,
    skills: readSkills(data.skills),
    weapons: asArray(data.weapons).flatMap((row) => {
      const weapon = readWeapon(row);
      return typeof weapon === 'string' ? [] : [weapon];
    }),
    armor: asArray(data.armor).flatMap((row) => {
      const armor = readArmor(row);
      return typeof armor === 'string' ? [] : [armor];
    }),
    speed:
      typeof speed === 'number' && Number.isFinite(speed) && speed >= 0 && speed <= 120
        ? speed
        : HUMAN_SPEED,
    // 'auto' (and no choice at all) leaves it to the rules: the higher of the two.
    damageTo: data.damageTo === 'str' || data.damageTo === 'dex' ? data.damageTo : null,
  };
}

/**
 * The scores and current values of a sheet's data: a score left out is an average 7; a current
 * value left out is the score (no damage), and is never above it (an edit that raised the score
 * leaves the damage where it was).
 * @param {Record<string, JsonValue | undefined>} data
 * @returns {{ scores: Scores, current: Scores }}
 */
function readScores(data) {
  const rawScores = asObject(data.characteristics);
  const rawCurrent = asObject(data.current);
  const scores = /** @type {Scores} */ ({});
  const current = /** @type {Scores} */ ({});
  for (const key of CHARACTERISTICS) {
    const score = toScore(rawScores[key], AVERAGE_SCORE);
    scores[key] = score;
    current[key] = Math.min(score, toScore(rawCurrent[key], score));
  }
  return { scores, current };
}

/**
 * @param {unknown} value
 * @returns {Skill[]}
 */
function readSkills(value) {
  return asArray(value).flatMap((row) => {
    const skill = asObject(row);
    if (typeof skill.name !== 'string' || skill.name.trim() === '') return [];
    if (typeof skill.level !== 'number' || !Number.isFinite(skill.level)) return [];
    return [{ name: skill.name.trim(), level: clampInt(skill.level, 0, 15) }];
  });
}

/**
 * A weapon row, or why it is not one. Damage is a number of six-sided dice, maybe with a
 * modifier (SRD Chapter 4, Weapons: the Damage column); the SRD writes it `3D6`.
 * @param {unknown} value
 * @returns {Weapon | string}
 */
function readWeapon(value) {
  const row = asObject(value);
  if (typeof row.name !== 'string' || row.name.trim() === '' || row.name.length > 100) {
    return 'a weapon needs a name (at most 100 characters)';
  }
  const name = row.name.trim();
  const damage = typeof row.damage === 'string' ? row.damage.replace(/\s+/g, '') : '';
  if (!/^[1-9]\d?[dD]6([+-]\d{1,2})?$/.test(damage)) {
    return `the damage of ${name} must be a number of six-sided dice such as 3D6 or 2D6+2`;
  }
  const range = normalizeWeaponRange(row.range);
  if (range === null) {
    return `the range of ${name} must be one of: ${WEAPON_RANGES.join(', ')}`;
  }
  if (row.skill !== undefined && row.skill !== null && typeof row.skill !== 'string') {
    return `the skill of ${name} must be a skill's name`;
  }
  return {
    name,
    damage: damage.toLowerCase(),
    range,
    skill: typeof row.skill === 'string' && row.skill.trim() !== '' ? row.skill.trim() : null,
    laser: row.laser === true,
    thrown: row.thrown === true || range === 'thrown',
  };
}

/**
 * An armour row, or why it is not one (SRD Chapter 4, Armor: a rating, and a second one against
 * lasers when the table gives two, as `3/8` for ablat).
 * @param {unknown} value
 * @returns {Armor | string}
 */
function readArmor(value) {
  const row = asObject(value);
  if (typeof row.name !== 'string' || row.name.trim() === '' || row.name.length > 100) {
    return 'armour needs a name (at most 100 characters)';
  }
  const name = row.name.trim();
  if (!isWholeNumber(row.protection, 0, 50)) {
    return `the protection of ${name} must be a whole number from 0 to 50`;
  }
  if (row.laser !== undefined && !isWholeNumber(row.laser, 0, 50)) {
    return `the protection of ${name} against lasers must be a whole number from 0 to 50`;
  }
  if (row.worn !== undefined && typeof row.worn !== 'boolean') {
    return `whether ${name} is worn must be true or false`;
  }
  const protection = /** @type {number} */ (row.protection);
  // The SRD gives a second figure only where lasers meet more armour (ablat 3/8, reflec 0/14),
  // so a laser figure below the protection (a new row's 0) is read as "the same".
  return {
    name,
    protection,
    laser: Math.max(protection, typeof row.laser === 'number' ? row.laser : 0),
    worn: row.worn !== false,
  };
}

/**
 * `melee (close quarters)`, `Pistol`, `ranged (assault weapon)` → the category.
 * @param {unknown} value
 * @returns {WeaponRange | null}
 */
function normalizeWeaponRange(value) {
  if (typeof value !== 'string') return null;
  const plain = value
    .toLowerCase()
    .replace(/^\s*(melee|ranged)\s*\(\s*/, '')
    .replace(/\s*\)\s*$/, '')
    .trim();
  return WEAPON_RANGES.find((range) => range === plain) ?? null;
}

/**
 * Where the character stands, from the Damage Results table (SRD Chapter 5, Damage): any
 * physical characteristic damaged → wounded; all three damaged → seriously wounded; two at
 * zero → unconscious; three at zero → dead.
 * @param {Character} character
 */
function healthOf(character) {
  let atZero = 0;
  let damaged = 0;
  for (const key of PHYSICAL) {
    if (character.current[key] <= 0) atZero++;
    if (character.current[key] < character.scores[key]) damaged++;
  }
  const dead = atZero >= 3;
  const unconscious = !dead && atZero >= 2;
  const seriouslyWounded = damaged >= 3;
  /** @type {Condition} */
  const condition = dead
    ? 'dead'
    : unconscious
      ? 'unconscious'
      : seriouslyWounded
        ? 'seriously wounded'
        : damaged > 0
          ? 'wounded'
          : 'healthy';
  return { condition, dead, unconscious, seriouslyWounded, wounded: damaged > 0 };
}

/**
 * Metres the character may move in one combat round: three minor actions of movement (SRD
 * Introduction, The Combat Round; Chapter 5, Movement), 1.5 m when seriously wounded (SRD
 * Chapter 5, Injury and Recovery), nothing when unconscious or dead.
 * @param {Character} character
 */
function movementPerRound(character) {
  const health = healthOf(character);
  if (health.dead || health.unconscious) return 0;
  if (health.seriouslyWounded) return Math.min(HOBBLE_METRES, character.speed);
  return MINOR_ACTIONS_PER_ROUND * character.speed;
}

/**
 * The total armour rating of what the character wears; armour worn in layers is resolved from
 * the outside in (SRD Chapter 4, Armor), which takes off the same points as their sum.
 * @param {Character} character
 * @param {boolean} laser against a laser (the second rating of ablat and reflec)
 */
function armorRating(character, laser) {
  return character.armor
    .filter((armor) => armor.worn)
    .reduce((sum, armor) => sum + (laser ? armor.laser : armor.protection), 0);
}

/**
 * `derive(actor)`: what the sheet shows beside what players type. DMs follow the current
 * (damaged) values: "whenever a characteristic score changes, you will need to determine the
 * new characteristic modifier" (SRD Chapter 1, Altering Characteristic Scores).
 * @type {DeriveHook}
 */
exports.derive = (actor) => {
  const character = readCharacter(actor);
  const health = healthOf(character);
  /** @type {Record<string, number>} */
  const dms = {};
  /** @type {Record<string, number>} */
  const damage = {};
  for (const key of CHARACTERISTICS) {
    dms[key] = characteristicDm(character.current[key]);
    damage[key] = character.scores[key] - character.current[key];
  }
  return {
    upp: formatUpp(character.scores, character.psi),
    currentUpp: formatUpp(character.current, character.psi),
    current: { ...character.current },
    dms,
    damage,
    ...(character.psi === null ? {} : { psiDm: characteristicDm(character.psi) }),
    condition: health.condition,
    wounded: health.wounded,
    seriouslyWounded: health.seriouslyWounded,
    unconscious: health.unconscious,
    dead: health.dead,
    initiativeDm: dms.dex ?? 0,
    movement: movementPerRound(character),
    armor: armorRating(character, false),
    armorVsLaser: armorRating(character, true),
    skillTotal: character.skills.reduce((sum, skill) => sum + skill.level, 0),
  };
};

/* ------------------------------------------------------------------------------------------ */
/* 3. Tasks, the roll hook, initiative                                                         */
/* ------------------------------------------------------------------------------------------ */

/** Every check is 2d6 + DMs against 8 (SRD Introduction, The Core Task Resolution System). */
const TARGET = 8;
/** The Task Difficulties table (SRD Introduction, Difficulty and Effect). */
const DIFFICULTIES = Object.freeze({
  Simple: 6,
  Easy: 4,
  Routine: 2,
  Average: 0,
  Difficult: -2,
  'Very Difficult': -4,
  Formidable: -6,
});
/** The DM for a skill the character does not have (SRD Chapter 2, Untrained and Zero-Level Skills). */
const UNSKILLED_DM = -3;
/** The dice of a check: boon keeps the best two of three, bane the worst two (a variant rule). */
const CHECK_DICE = Object.freeze({ normal: '2d6', boon: '3d6kh2', bane: '3d6kl2' });
/** A check's dice as a notation may write them, then its DMs: `3d6kh2+1-2`, `2D6 + -1`. */
const CHECK_NOTATION = /^(2d6|3d6kh2|3d6kl2)((?:[+-][+-]?\d{1,3})*)$/i;

/**
 * A difficulty by name (`Very Difficult`, `very-difficult`, `formidable`) or as its DM (`-4`,
 * a whole number from −12 to +12). Undefined and null are Average, the SRD's default.
 * @param {unknown} value
 * @returns {{ name: string, dm: number } | null}
 */
function parseDifficulty(value) {
  if (value === undefined || value === null || value === '') return { name: 'Average', dm: 0 };
  if (typeof value === 'string' && /^\s*[+-]?\d{1,2}\s*$/.test(value)) {
    return parseDifficulty(Number(value));
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -12 || value > 12) return null;
    const named = Object.entries(DIFFICULTIES).find(([, dm]) => dm === value);
    return { name: named === undefined ? `DM${signed(value)}` : named[0], dm: value };
  }
  if (typeof value !== 'string') return null;
  const wanted = value.toLowerCase().replace(/[^a-z]/g, '');
  const named = Object.entries(DIFFICULTIES).find(
    ([name]) => name.toLowerCase().replace(/[^a-z]/g, '') === wanted,
  );
  return named === undefined ? null : { name: named[0], dm: named[1] };
}

/** The reason a difficulty is refused, naming the ones there are. */
const DIFFICULTY_HELP = `a difficulty is one of ${Object.entries(DIFFICULTIES)
  .map(([name, dm]) => `${name} (${signed(dm)})`)
  .join(', ')}, or a DM from -12 to +12`;

/**
 * Boon and bane cancel each other; two of a kind count once.
 * @param {boolean} boon
 * @param {boolean} bane
 * @returns {Mode}
 */
function modeOf(boon, bane) {
  if (boon === bane) return 'normal';
  return boon ? 'boon' : 'bane';
}

/**
 * The Degrees of Success table (SRD Introduction, Difficulty and Effect). A natural 12 is no
 * automatic success and a natural 2 no automatic failure (SRD Introduction, Die Rolls): the
 * degree follows the Effect alone.
 * @param {number} effect
 * @returns {Degree}
 */
function degreeOf(effect) {
  if (effect >= 6) return 'exceptional success';
  if (effect >= 0) return 'success';
  if (effect > -6) return 'failure';
  return 'exceptional failure';
}

/**
 * The DM a skill gives a check: its level; −3 without it, less one per level of
 * Jack-of-all-Trades, which never turns into a bonus (SRD Chapter 2, Untrained and Zero-Level
 * Skills; Jack-of-All-Trades). No skill named means a characteristic check: no DM.
 * @param {Character} character
 * @param {string | null} name
 * @returns {Modifier | null}
 */
function skillModifier(character, name) {
  if (name === null) return null;
  const skill = findSkill(character, name);
  if (skill !== undefined) return { label: `${skill.name}-${skill.level}`, value: skill.level };
  const jack = findSkill(character, 'Jack-of-all-Trades');
  const value = Math.min(0, UNSKILLED_DM + (jack?.level ?? 0));
  return { label: `${name} (unskilled)`, value };
}

/**
 * A skill by name, ignoring case, spaces and punctuation (`zero g` finds Zero-G). Jack-of-all-
 * Trades also answers to its SRD short names, Jack o' Trades and JoT.
 * @param {Character} character
 * @param {string} name
 */
function findSkill(character, name) {
  const key = skillKey(name);
  return character.skills.find((skill) => skillKey(skill.name) === key);
}

/** @param {string} name */
function skillKey(name) {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return key === 'jot' || key === 'jackotrades' ? 'jackofalltrades' : key;
}

/**
 * Rolls a check and reads it: the dice (every one, kept or dropped), the DMs, the total, the
 * Effect against 8 and its degree.
 * @param {ModuleContext} ctx
 * @param {{ kind: string, label: string, mode: Mode, modifiers: readonly Modifier[], target?: number }} spec
 * @returns {TaskCard}
 */
function rollTask(ctx, spec) {
  const modifiers = spec.modifiers.filter((modifier) => modifier.value !== 0);
  const notation =
    CHECK_DICE[spec.mode] + modifiers.map((modifier) => signed(modifier.value)).join('');
  return readTask(ctx.dice.roll(notation), { ...spec, modifiers });
}

/**
 * @param {RollResult} result
 * @param {{ kind: string, label: string, mode: Mode, modifiers: readonly Modifier[], target?: number }} spec
 * @returns {TaskCard}
 */
function readTask(result, spec) {
  const term = result.rolls[0];
  const dice =
    term !== undefined && term.kind === 'dice'
      ? term.dice.map((die) => ({ value: die.value, kept: die.kept }))
      : [];
  const kept = dice.filter((die) => die.kept).map((die) => die.value);
  const natural = kept.reduce((sum, value) => sum + value, 0);
  const target = spec.target ?? TARGET;
  const effect = result.total - target;
  const degree = degreeOf(effect);
  const prefix = spec.label === '' ? '' : `${spec.label}: `;
  return {
    kind: spec.kind,
    label: spec.label,
    notation: result.notation,
    mode: spec.mode,
    dice,
    kept,
    dropped: dice.filter((die) => !die.kept).map((die) => die.value),
    natural,
    modifiers: spec.modifiers.map((modifier) => ({ ...modifier })),
    modifier: result.total - natural,
    total: result.total,
    target,
    effect,
    degree,
    success: effect >= 0,
    text: `${prefix}${result.text} vs ${target}: Effect ${signed(effect)}, ${degree}`,
  };
}

/**
 * `roll(request)`: the module's dice.
 * - A check, `2d6` (or `3d6kh2`, `3d6kl2`) plus DMs, is read against 8: Effect and degree. The
 *   request may add `difficulty` (a name or DM), `dm`, `boon`/`bane` (or `mode`), a `label`, and
 *   a `target` other than 8; `task: false` rolls it as a plain roll instead.
 * - `D66` rolls two dice read as tens and units (SRD Introduction, Important Terms: D66).
 * - Anything else is rolled as written; `3D6` is read as `3d6`, as the SRD writes dice.
 * @type {RollHook}
 */
exports.roll = (request, ctx) => {
  const options = checkRollOptions(request);
  if (typeof options === 'string') throw new RangeError(options);
  const label = typeof request.label === 'string' ? request.label : '';
  const notation = request.notation.replace(/\s+/g, '');
  if (/^d66$/i.test(notation)) return rollD66(ctx, label);

  const check = CHECK_NOTATION.exec(notation);
  if (check !== null && request.task !== false) {
    const dice = /** @type {string} */ (check[1]).toLowerCase();
    const written = [...(check[2] ?? '').matchAll(/([+-])([+-]?)(\d+)/g)].map((term) => {
      const sign = (term[1] === '-' ? -1 : 1) * (term[2] === '-' ? -1 : 1);
      return { label: 'DM', value: sign * Number(term[3]) };
    });
    const difficulty = /** @type {{ name: string, dm: number }} */ (
      parseDifficulty(request.difficulty)
    );
    const modifiers = [
      ...written,
      ...(difficulty.dm === 0 ? [] : [{ label: difficulty.name, value: difficulty.dm }]),
      ...(typeof request.dm === 'number' && request.dm !== 0
        ? [{ label: 'DM', value: request.dm }]
        : []),
    ];
    const mode = modeOf(
      dice === '3d6kh2' || request.boon === true || request.mode === 'boon',
      dice === '3d6kl2' || request.bane === true || request.mode === 'bane',
    );
    const card = rollTask(ctx, {
      kind: 'task',
      label,
      mode,
      modifiers,
      ...(typeof request.target === 'number' ? { target: request.target } : {}),
    });
    return { ...card, task: true };
  }

  const result = ctx.dice.roll(notation.replace(/(^|[^A-Za-z])D(?=[0-9%F])/g, '$1d'));
  return {
    total: result.total,
    text: label === '' ? result.text : `${label}: ${result.text}`,
    notation: result.notation,
    ...(label === '' ? {} : { label }),
    terms: result.rolls.map((term) =>
      term.kind === 'dice'
        ? {
            notation: term.notation,
            value: term.value,
            dice: term.dice.map((die) => ({
              value: die.value,
              kept: die.kept,
              exploded: die.exploded,
              rerolls: [...die.rerolls],
            })),
          }
        : { notation: term.notation, value: term.value, dice: [] },
    ),
  };
};

/**
 * The options a roll request may carry, checked; a string says what is wrong.
 * @param {{ readonly [key: string]: JsonValue | undefined }} request
 * @returns {string | null}
 */
function checkRollOptions(request) {
  if (typeof request.notation !== 'string' || request.notation.trim() === '') {
    return 'a roll needs a notation, such as 2d6+1';
  }
  for (const flag of ['boon', 'bane', 'task']) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      return `"${flag}" is true or false`;
    }
  }
  if (
    request.mode !== undefined &&
    request.mode !== 'normal' &&
    request.mode !== 'boon' &&
    request.mode !== 'bane'
  ) {
    return '"mode" is normal, boon or bane';
  }
  if (parseDifficulty(request.difficulty) === null) return DIFFICULTY_HELP;
  if (request.dm !== undefined && !isWholeNumber(request.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  if (request.target !== undefined && !isWholeNumber(request.target, 2, 30)) {
    return '"target" is a whole number from 2 to 30';
  }
  if (request.label !== undefined && typeof request.label !== 'string') {
    return '"label" is text';
  }
  return null;
}

/**
 * @param {ModuleContext} ctx
 * @param {string} label
 */
function rollD66(ctx, label) {
  const [tens, units] = /** @type {[number, number]} */ (ctx.dice.pool(2, 6));
  const total = tens * 10 + units;
  return {
    total,
    text: `${label === '' ? '' : `${label}: `}D66: [${tens}, ${units}] = ${total}`,
    notation: 'D66',
    ...(label === '' ? {} : { label }),
    dice: [
      { value: tens, kept: true, place: 'tens' },
      { value: units, kept: true, place: 'units' },
    ],
  };
}

/**
 * `initiative(actor)`: 2D6 + the Dexterity DM (SRD Chapter 5, Initiative). On a tie the higher
 * Dexterity acts first (SRD Chapter 5, The Combat Round), so DEX/100 is added (at most 0.33, never
 * enough to pass a whole point). The SRD has characters still tied act simultaneously; a turn
 * order needs one of them first, so a fixed hash of the actor's id, below 0.001, decides,
 * the same on every peer.
 * @type {InitiativeHook}
 */
exports.initiative = (actor, ctx) => {
  const character = readCharacter(/** @type {Actor} */ (actor));
  const [first, second] = /** @type {[number, number]} */ (ctx.dice.pool(2, 6));
  const dex = character.current.dex;
  return first + second + characteristicDm(dex) + dex / 100 + (hashOf(actor.id) % 1000) / 1e6;
};

/* ------------------------------------------------------------------------------------------ */
/* 4. Damage, armour and healing                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * Takes damage off the physical characteristics (SRD Chapter 5, Damage): Endurance first; once
 * it is 0, Strength or Dexterity, whichever the character chose (`damageTo`; without a choice,
 * the higher, to stay conscious longest); once that is 0 too the character is unconscious and
 * the rest comes off the last one. The SRD lets a character who is already hurt spread later
 * damage as they like: this module keeps to the same order unless the player picks otherwise.
 * @param {Character} character
 * @param {number} amount points of damage, at least 0
 * @returns {{ current: Scores, taken: Record<Physical, number> }}
 */
function takeDamage(character, amount) {
  const current = { ...character.current };
  const taken = { str: 0, dex: 0, end: 0 };
  const second =
    character.damageTo ?? (character.current.dex > character.current.str ? 'dex' : 'str');
  const order = /** @type {Physical[]} */ (['end', second, second === 'str' ? 'dex' : 'str']);
  let left = amount;
  for (const key of order) {
    const off = Math.min(left, current[key]);
    current[key] -= off;
    taken[key] += off;
    left -= off;
  }
  return { current, taken };
}

/**
 * Gives back characteristic points. With a priority, each characteristic in turn is filled up
 * (the player's choice, SRD Chapter 5, Injury and Recovery); without one, the points are divided
 * evenly, one at a time among the damaged ones, Endurance first (as medical care divides them,
 * SRD Chapter 5, Medical Treatment).
 * @param {Character} character
 * @param {number} points at least 0
 * @param {readonly Physical[] | null} priority
 * @returns {{ current: Scores, restored: Record<Physical, number> }}
 */
function restorePoints(character, points, priority) {
  const current = { ...character.current };
  const restored = { str: 0, dex: 0, end: 0 };
  let left = points;
  /** @param {Physical} key */
  const room = (key) => character.scores[key] - current[key];
  if (priority !== null) {
    for (const key of priority) {
      const back = Math.min(left, room(key));
      current[key] += back;
      restored[key] += back;
      left -= back;
    }
    return { current, restored };
  }
  const order = /** @type {Physical[]} */ (['end', 'str', 'dex']);
  while (left > 0 && order.some((key) => room(key) > 0)) {
    for (const key of order) {
      if (left > 0 && room(key) > 0) {
        current[key] += 1;
        restored[key] += 1;
        left -= 1;
      }
    }
  }
  return { current, restored };
}

/**
 * Damage after armour: armour takes off its rating, but a hit with an Effect of 6 or more always
 * does at least one point (SRD Chapter 5, Armor).
 * @param {number} damage
 * @param {number} armor
 * @param {number | null} effect the attack's Effect, when there was an attack roll
 */
function afterArmor(damage, armor, effect) {
  const through = Math.max(0, damage - armor);
  return effect !== null && effect >= 6 ? Math.max(1, through) : through;
}

/**
 * The changes that set a character's physical values, and the conditions of its tokens.
 * @param {State} state
 * @param {Character} character
 * @param {Scores} current
 * @returns {Change[]}
 */
function woundChanges(state, character, current) {
  /** @type {Change[]} */
  const changes = [];
  for (const key of CHARACTERISTICS) {
    if (current[key] !== character.current[key]) {
      changes.push(set('actors', character.id, ['data', 'current', key], current[key]));
    }
  }
  const health = healthOf({ ...character, current });
  const shown = health.dead ? 'dead' : health.unconscious ? 'unconscious' : null;
  for (const token of tokensOf(state, character.id)) {
    const before = Array.isArray(token.conditions) ? token.conditions : [];
    const kept = before.filter((condition) => condition !== 'dead' && condition !== 'unconscious');
    const after = shown === null ? kept : [...kept, shown];
    if (after.length !== before.length || after.some((value, i) => value !== before[i])) {
      changes.push(set('tokens', token.id, ['conditions'], after));
    }
  }
  return changes;
}

/* ------------------------------------------------------------------------------------------ */
/* 5. Intents: validate and apply                                                              */
/* ------------------------------------------------------------------------------------------ */

/** The module's own intent kinds. */
const KINDS = Object.freeze(['cepheus:attack', 'cepheus:task', 'cepheus:heal', 'cepheus:set-upp']);
/** What `damage.apply`'s type may be: armour stops physical damage, its laser rating lasers. */
const DAMAGE_TYPES = Object.freeze(['physical', 'laser', 'direct']);
/** The ways to heal (SRD Chapter 5, Natural Healing and Medical Treatment). */
const HEAL_METHODS = Object.freeze(['firstAid', 'surgery', 'medicalCare', 'rest', 'activeRest']);
/** Performing first aid or surgery on yourself (SRD Chapter 5, Medical Treatment). */
const SELF_TREATMENT_DM = Object.freeze({ firstAid: -2, surgery: -4 });
/** What derive computes: never stored, so never edited. */
const DERIVED_KEYS = Object.freeze([
  'upp',
  'currentUpp',
  'dms',
  'damage',
  'condition',
  'wounded',
  'seriouslyWounded',
  'unconscious',
  'dead',
  'initiativeDm',
  'movement',
  'skillTotal',
  'psiDm',
]);
const OK = Object.freeze({ ok: /** @type {const} */ (true) });

/**
 * `validate(intent, state)`: may this happen? Asked for every intent after the core's own checks
 * (an owner or a GM, a payload of the right shape for core kinds); answers with a reason the
 * player can act on.
 * @type {ValidateHook}
 */
exports.validate = (intent, state) => {
  switch (intent.kind) {
    case 'token.move':
      return validateMove(intent, state);
    case 'sheet.edit':
      return validateSheetEdit(intent, state);
    case 'damage.apply':
      return validateDamage(intent, state);
    case 'roll': {
      const problem = checkRollOptions(asObject(intent.payload));
      return problem === null ? OK : refuse(problem);
    }
    case 'chat.command':
      return OK;
    case 'cepheus:attack':
      return checked(attackPlan(intent, state));
    case 'cepheus:task':
      return checked(taskPlan(intent, state));
    case 'cepheus:heal':
      return checked(healPlan(intent, state));
    case 'cepheus:set-upp':
      return checked(uppPlan(intent, state));
    default:
      return refuse(
        `the Cepheus Engine rules know no "${String(intent.kind).slice(0, 60)}" intent (they know ${KINDS.join(', ')})`,
      );
  }
};

/**
 * `apply(intent, state, ctx)`: what a validated intent changes, and the `result` the receipt
 * shows the table (an attack's, task's or treatment's roll card; what damage did). Each plan is
 * worked out again from the state (validate's answer is not kept between calls), so a bad
 * payload still fails here with its reason.
 * @type {ApplyHook}
 */
exports.apply = (intent, state, ctx) => {
  switch (intent.kind) {
    case 'damage.apply':
      return applyDamage(intent, state);
    case 'cepheus:attack':
      return applyAttack(planned(attackPlan(intent, state)), state, ctx);
    case 'cepheus:task':
      return applyTask(planned(taskPlan(intent, state)), ctx);
    case 'cepheus:heal':
      return applyHeal(planned(healPlan(intent, state)), state, ctx);
    case 'cepheus:set-upp':
      return applySetUpp(planned(uppPlan(intent, state)));
    default:
      throw new TypeError(`apply: the Cepheus Engine rules do not apply "${intent.kind}"`);
  }
};

/* --- token.move --------------------------------------------------------------------------- */

/**
 * A player's move in a fight is limited to what a combat round allows; outside a fight tokens
 * move freely, as a table exploring a map expects. A GM moves anything anywhere. Characters who
 * are unconscious or dead do not move at all.
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateMove(intent, state) {
  const move = asObject(intent.payload);
  const token = typeof move.tokenId === 'string' ? state.tokens?.[move.tokenId] : undefined;
  if (token === undefined || token.actorId === null || isGm(state, intent.author)) return OK;
  const actor = state.actors?.[token.actorId];
  if (actor === undefined) return OK;
  const character = readCharacter(actor);
  const health = healthOf(character);
  if (health.dead || health.unconscious) {
    return refuse(`${character.name} is ${health.condition} and cannot move`);
  }
  if (!inCombat(state, token)) return OK;
  const scene = state.scenes?.[token.sceneId];
  const metres = metresBetweenCorners(token, asObject(move), scene);
  if (metres === null) return OK;
  const limit = movementPerRound(character);
  if (metres <= limit + 1e-9) return OK;
  const why = health.seriouslyWounded
    ? `is seriously wounded and can only hobble ${metresText(limit)} in a combat round`
    : `moves at most ${metresText(limit)} in a combat round (three minor actions of ${metresText(character.speed)})`;
  return refuse(`${character.name} ${why}; that move is ${metresText(metres)}`);
}

/* --- sheet.edit --------------------------------------------------------------------------- */

/**
 * What a sheet edit may write. The core already checked that the author owns the actor; this
 * keeps the values playable (a UPP digit, a current value not above its score, a weapon whose
 * damage rolls) and the rules' own fields out of players' hands.
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateSheetEdit(intent, state) {
  const edit = asObject(intent.payload);
  const actor = typeof edit.actorId === 'string' ? state.actors?.[edit.actorId] : undefined;
  const path = Array.isArray(edit.path) ? /** @type {string[]} */ (edit.path) : [];
  if (actor === undefined || path.length === 0) return OK;
  if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) {
    return refuse(`a sheet has no field "${path.join('.')}"`);
  }
  const top = /** @type {string} */ (path[0]);
  if (DERIVED_KEYS.includes(top)) {
    return refuse(
      top === 'upp' || top === 'currentUpp'
        ? 'the UPP is computed from the characteristics: edit those, or type /upp 786A9A'
        : `"${top}" is computed by the rules from the rest of the sheet`,
    );
  }
  if (top === 'speed' && !isGm(state, intent.author)) {
    return refuse('only the referee changes how fast a character moves');
  }
  const data = asObject(actor.data);
  const next = setIn(data[top], path.slice(1), edit.value ?? null);
  const problem = checkSheetValue(top, next, data);
  return problem === null ? OK : refuse(problem);
}

/**
 * Checks the whole value a top-level field of the sheet would hold after an edit.
 * @param {string} key
 * @param {unknown} value
 * @param {Record<string, JsonValue | undefined>} data the sheet before the edit
 * @returns {string | null}
 */
function checkSheetValue(key, value, data) {
  switch (key) {
    case 'characteristics':
      return checkScores(value, () => MAX_SCORE, 'characteristic');
    case 'current': {
      const { scores } = readScores(data);
      return checkScores(value, (k) => scores[k], 'current');
    }
    case 'psi':
      return value === null || isWholeNumber(value, 0, MAX_SCORE)
        ? null
        : `Psionic Strength is a whole number from 0 to ${MAX_SCORE}, or empty`;
    case 'skills':
      return checkRows(value, 'skills', (row) => {
        const skill = asObject(row);
        if (typeof skill.name !== 'string' || skill.name.trim() === '' || skill.name.length > 64) {
          return 'a skill needs a name (at most 64 characters)';
        }
        return isWholeNumber(skill.level, 0, 15)
          ? null
          : `the level of ${skill.name} must be a whole number from 0 to 15`;
      });
    case 'weapons':
      return checkRows(value, 'weapons', (row) => {
        const weapon = readWeapon(row);
        if (typeof weapon === 'string') return weapon;
        // The sheet's damage button hands the code to the dice roller, which reads only `d`.
        return /D/.test(String(asObject(row).damage))
          ? `write the damage of ${weapon.name} with a small d (${weapon.damage}): the dice roller reads only that`
          : null;
      });
    case 'armor':
      return checkRows(value, 'armor', (row) => {
        const armor = readArmor(row);
        return typeof armor === 'string' ? armor : null;
      });
    case 'credits':
      return isWholeNumber(value, 0, 1e15) ? null : 'credits are a whole number, at least 0';
    case 'damageTo':
      return value === 'str' || value === 'dex' || value === 'auto' || value === null
        ? null
        : 'damage past Endurance goes to "str", "dex" or "auto" (the higher)';
    case 'speed':
      return typeof value === 'number' && value >= 0 && value <= 120
        ? null
        : 'speed is the metres moved with one minor action, from 0 to 120';
    default:
      return null;
  }
}

/**
 * @param {unknown} value
 * @param {(key: Characteristic) => number} max
 * @param {string} what
 */
function checkScores(value, max, what) {
  if (!isPlainObject(value))
    return `the ${what} values are an object of STR, DEX, END, INT, EDU and SOC`;
  for (const [key, score] of Object.entries(value)) {
    const characteristic = CHARACTERISTICS.find((name) => name === key);
    if (characteristic === undefined) return `there is no characteristic "${key.slice(0, 30)}"`;
    const top = max(characteristic);
    if (!isWholeNumber(score, 0, top)) {
      return what === 'current'
        ? `current ${NAMES[characteristic]} is a whole number from 0 to its score, ${top}`
        : `${NAMES[characteristic]} is a whole number from 0 to ${top} (Z in pseudo-hexadecimal)`;
    }
  }
  return null;
}

/**
 * Checks the rows of a list. A row whose name is still blank is one the player has just added
 * and is filling in: the rules ignore it until it has a name, so it is let through.
 * @param {unknown} value
 * @param {string} what
 * @param {(row: unknown) => string | null} check
 */
function checkRows(value, what, check) {
  if (!Array.isArray(value)) return `${what} are a list`;
  if (value.length > 200) return `a sheet holds at most 200 ${what}`;
  for (const row of value) {
    if (isPlainObject(row) && row.name === '') continue;
    const problem = check(row);
    if (problem !== null) return problem;
  }
  return null;
}

/* --- damage.apply ------------------------------------------------------------------------- */

/**
 * @param {Intent} intent
 * @param {State} state
 * @returns {ValidateResult}
 */
function validateDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = typeof payload.actorId === 'string' ? state.actors?.[payload.actorId] : undefined;
  if (actor === undefined) return refuse('there is no such character');
  if (!isWholeNumber(payload.amount, -1000, 1000)) {
    return refuse('damage is a whole number of points from -1000 to 1000 (negative heals)');
  }
  if (payload.type !== undefined && !DAMAGE_TYPES.includes(/** @type {string} */ (payload.type))) {
    return refuse(
      'the damage type is physical (armour stops it), laser (armour’s laser rating stops it) or direct (nothing stops it)',
    );
  }
  const character = readCharacter(actor);
  if (healthOf(character).dead) return refuse(`${character.name} is dead`);
  return OK;
}

/**
 * `damage.apply`: damage after armour goes onto the characteristics by the SRD's order; a
 * negative amount gives points back, divided evenly. The result says what armour stopped, which
 * characteristics took the rest, and the character's condition after.
 * @param {Intent} intent
 * @param {State} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyDamage(intent, state) {
  const payload = asObject(intent.payload);
  const actor = /** @type {Actor} */ (state.actors?.[/** @type {string} */ (payload.actorId)]);
  const character = readCharacter(actor);
  const amount = /** @type {number} */ (payload.amount);
  if (amount < 0) {
    const { current, restored } = restorePoints(character, -amount, null);
    const condition = healthOf({ ...character, current }).condition;
    return {
      changes: woundChanges(state, character, current),
      result: {
        actorId: character.id,
        restored,
        condition,
        text: `${character.name} regains ${pointsText(restored)}: ${formatUpp(current)}, ${condition}`,
      },
    };
  }
  const type = typeof payload.type === 'string' ? payload.type : 'physical';
  const armor = type === 'direct' ? 0 : armorRating(character, type === 'laser');
  const dealt = afterArmor(amount, armor, null);
  const { current, taken } = takeDamage(character, dealt);
  const condition = healthOf({ ...character, current }).condition;
  return {
    changes: woundChanges(state, character, current),
    result: {
      actorId: character.id,
      amount,
      type,
      armor,
      dealt,
      taken,
      condition,
      text: `${character.name} takes ${amount} ${type} damage, armour ${armor}: ${dealt} through (${pointsText(taken)}), ${condition}`,
    },
  };
}

/**
 * Points by characteristic, for a card's text: `END 4, STR 2`, or `no points`.
 * @param {Record<Physical, number>} points
 */
function pointsText(points) {
  const parts = PHYSICAL.filter((key) => points[key] > 0).map(
    (key) => `${NAMES[key]} ${points[key]}`,
  );
  return parts.length === 0 ? 'no points' : parts.join(', ');
}

/* --- cepheus:attack ----------------------------------------------------------------------- */

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
/** The range bands, nearest first (SRD Chapter 5, Personal Combat Range Bands). */
const RANGE_BANDS = /** @type {readonly RangeBand[]} */ (
  Object.freeze(['personal', 'close', 'short', 'medium', 'long', 'very long', 'distant'])
);

/**
 * @typedef {{
 *   attacker: Character, target: Character, weapon: Weapon, band: RangeBand, measured: boolean,
 *   difficulty: string, mode: Mode, modifiers: Modifier[], laser: boolean, label: string,
 * }} AttackPlan
 */

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

/* --- cepheus:task ------------------------------------------------------------------------- */

/**
 * @typedef {{ character: Character, mode: Mode, modifiers: Modifier[], label: string }} TaskPlan
 */

/**
 * A task for one character: a skill (or none, for a characteristic check), a characteristic, a
 * difficulty and any other DM (SRD Chapter 2, Skill Checks; Introduction, Types of Checks).
 * @param {Intent} intent
 * @param {State} state
 * @returns {TaskPlan | string}
 */
function taskPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'a task needs { actorId, characteristic }';
  const payload = asObject(intent.payload);
  const actor = actorNamed(state, payload.actorId);
  if (actor === undefined) return `there is no character "${idText(payload.actorId)}"`;
  if (!controls(state, intent.author, actor)) return `you do not control ${actor.name}`;
  const character = readCharacter(actor);
  const health = healthOf(character);
  if (health.dead) return `${character.name} is dead`;
  const characteristic = CHARACTERISTICS.find((key) => key === payload.characteristic);
  if (characteristic === undefined) {
    return 'a task names its characteristic: str, dex, end, int, edu or soc';
  }
  if (
    payload.skill !== undefined &&
    payload.skill !== null &&
    (typeof payload.skill !== 'string' || payload.skill.length > 64)
  ) {
    return 'the skill is a name of at most 64 characters, or null for a characteristic check';
  }
  const skillName =
    typeof payload.skill === 'string' && payload.skill.trim() !== '' ? payload.skill.trim() : null;
  // The one check an unconscious character makes: Endurance, each minute, to wake (SRD Chapter 5,
  // Unconsciousness).
  if (health.unconscious && (characteristic !== 'end' || skillName !== null)) {
    return `${character.name} is unconscious: the only check they make is Endurance, to wake`;
  }
  const difficulty = parseDifficulty(payload.difficulty);
  if (difficulty === null) return DIFFICULTY_HELP;
  for (const flag of ['boon', 'bane']) {
    if (payload[flag] !== undefined && typeof payload[flag] !== 'boolean') {
      return `"${flag}" is true or false`;
    }
  }
  if (payload.dm !== undefined && !isWholeNumber(payload.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  if (
    payload.label !== undefined &&
    (typeof payload.label !== 'string' || payload.label.length > 100)
  ) {
    return 'the label is text of at most 100 characters';
  }
  const skill = skillModifier(character, skillName);
  const modifiers = [
    ...(skill === null ? [] : [skill]),
    { label: NAMES[characteristic], value: characteristicDm(character.current[characteristic]) },
    { label: difficulty.name, value: difficulty.dm },
    { label: 'DM', value: typeof payload.dm === 'number' ? payload.dm : 0 },
  ];
  const what =
    skillName === null
      ? `${NAMES[characteristic]} check`
      : `${skillName} (${NAMES[characteristic]})`;
  return {
    character,
    mode: modeOf(payload.boon === true, payload.bane === true),
    modifiers,
    label:
      typeof payload.label === 'string' && payload.label.trim() !== ''
        ? payload.label.trim()
        : `${character.name}: ${what}, ${difficulty.name}`,
  };
}

/**
 * The task is rolled here, from the ruling's seed; it changes nothing, and its card is the
 * result the table sees.
 * @param {TaskPlan} plan
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: TaskCard }}
 */
function applyTask(plan, ctx) {
  const card = rollTask(ctx, {
    kind: 'task',
    label: plan.label,
    mode: plan.mode,
    modifiers: plan.modifiers,
  });
  ctx.log(card.text);
  return { changes: [], result: card };
}

/* --- cepheus:heal ------------------------------------------------------------------------- */

/**
 * @typedef {{
 *   method: string, patient: Character, healer: Character | null, days: number, late: boolean,
 *   priority: Physical[] | null, modifiers: Modifier[], mode: Mode,
 * }} HealPlan
 */

/**
 * Healing (SRD Chapter 5, Injury and Recovery):
 * - `firstAid`: a Medicine check; twice its Effect in points within five minutes of the injury,
 *   its Effect alone up to an hour after (`late`); Difficult (−2) on yourself.
 * - `surgery`: for the seriously wounded only; points as first aid, but a failure costs the
 *   patient points equal to the Effect; Very Difficult (−4) on yourself.
 * - `medicalCare`: 2 + the patient's END DM + the doctor's Medicine per day, divided evenly;
 *   not for the seriously wounded, who need surgery first.
 * - `rest`: 1D6 + END DM a day of full rest; only the END DM when seriously wounded, which a
 *   negative DM turns into a loss. `activeRest`: 1 + END DM a day while staying active.
 * The SRD leaves the characteristic of a Medicine check to the referee: EDU unless the payload
 * names another.
 * @param {Intent} intent
 * @param {State} state
 * @returns {HealPlan | string}
 */
function healPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'healing needs { patientId, method }';
  const payload = asObject(intent.payload);
  const method = HEAL_METHODS.find((name) => name === payload.method);
  if (method === undefined) return `the ways to heal are ${HEAL_METHODS.join(', ')}`;
  const patientActor = actorNamed(state, payload.patientId);
  if (patientActor === undefined) return `there is no patient "${idText(payload.patientId)}"`;
  const patient = readCharacter(patientActor);
  const health = healthOf(patient);
  if (health.dead) return `${patient.name} is dead; no medicine brings them back`;
  if (!health.wounded) return `${patient.name} is not hurt`;

  const treated = method === 'firstAid' || method === 'surgery' || method === 'medicalCare';
  /** @type {Character | null} */
  let healer = null;
  if (treated) {
    const healerActor = actorNamed(state, payload.healerId);
    if (healerActor === undefined) return `${method} needs the healer: healerId names a character`;
    if (!controls(state, intent.author, healerActor))
      return `you do not control ${healerActor.name}`;
    healer = healerActor.id === patient.id ? patient : readCharacter(healerActor);
    const healerHealth = healthOf(healer);
    if (healerHealth.dead || healerHealth.unconscious) {
      return `${healer.name} is ${healerHealth.condition} and cannot treat anyone`;
    }
  } else if (!controls(state, intent.author, patientActor)) {
    return `you do not control ${patient.name}`;
  }
  if (method === 'surgery' && !health.seriouslyWounded) {
    return `surgery only helps the seriously wounded, and ${patient.name} is ${health.condition}`;
  }
  if (method === 'medicalCare' && health.seriouslyWounded) {
    return `${patient.name} is seriously wounded and needs surgery before medical care helps`;
  }
  if (method === 'medicalCare' && healer !== null && findSkill(healer, 'Medicine') === undefined) {
    return `medical care needs a doctor with the Medicine skill, which ${healer.name} lacks`;
  }
  const daily = method === 'medicalCare' || method === 'rest' || method === 'activeRest';
  if (daily ? !isWholeNumber(payload.days ?? 1, 1, 28) : payload.days !== undefined) {
    return daily ? 'days are a whole number from 1 to 28' : `${method} takes no days`;
  }
  if (payload.late !== undefined && (method !== 'firstAid' || typeof payload.late !== 'boolean')) {
    return '"late" (first aid more than five minutes after the injury) is true or false, for first aid only';
  }
  const priority = readPriority(payload.priority);
  if (typeof priority === 'string') return priority;
  const characteristic =
    payload.characteristic === undefined
      ? 'edu'
      : CHARACTERISTICS.find((key) => key === payload.characteristic);
  if (characteristic === undefined) return 'the characteristic is str, dex, end, int, edu or soc';
  if (payload.dm !== undefined && !isWholeNumber(payload.dm, -20, 20)) {
    return '"dm" is a whole number from -20 to +20';
  }
  /** @type {Modifier[]} */
  let modifiers = [];
  if (healer !== null && (method === 'firstAid' || method === 'surgery')) {
    modifiers = [
      /** @type {Modifier} */ (skillModifier(healer, 'Medicine')),
      { label: NAMES[characteristic], value: characteristicDm(healer.current[characteristic]) },
      ...(healer.id === patient.id
        ? [{ label: 'on yourself', value: SELF_TREATMENT_DM[method] }]
        : []),
      { label: 'DM', value: typeof payload.dm === 'number' ? payload.dm : 0 },
    ];
  }
  return {
    method,
    patient,
    healer,
    days: typeof payload.days === 'number' ? payload.days : 1,
    late: payload.late === true,
    priority,
    modifiers,
    mode: 'normal',
  };
}

/**
 * @param {unknown} value
 * @returns {Physical[] | null | string}
 */
function readPriority(value) {
  if (value === undefined || value === null) return null;
  const order = Array.isArray(value) ? value : [];
  const keys = order.filter((key) => PHYSICAL.includes(/** @type {Physical} */ (key)));
  if (keys.length !== order.length || keys.length === 0 || new Set(keys).size !== keys.length) {
    return 'the priority lists physical characteristics to restore first: str, dex, end';
  }
  return /** @type {Physical[]} */ (keys);
}

/**
 * The treatment or the days of rest; the result is its card: the Medicine check, if any, and
 * the points restored (or lost).
 * @param {HealPlan} plan
 * @param {State} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyHeal(plan, state, ctx) {
  const { patient } = plan;
  if (plan.method === 'firstAid' || plan.method === 'surgery') {
    const healer = /** @type {Character} */ (plan.healer);
    const label = `${healer.name}: ${plan.method === 'firstAid' ? 'first aid' : 'surgery'} on ${patient.name}`;
    const card = rollTask(ctx, { kind: 'heal', label, mode: 'normal', modifiers: plan.modifiers });
    /** @type {Scores} */
    let current = patient.current;
    let summary = '';
    if (card.effect > 0) {
      const points = plan.late ? card.effect : 2 * card.effect;
      current = restorePoints(patient, points, plan.priority).current;
      summary = `${points} points restored`;
    } else if (card.effect < 0 && plan.method === 'surgery') {
      current = takeDamage(patient, -card.effect).current;
      summary = `the surgery fails: ${patient.name} loses ${-card.effect} points`;
    } else {
      summary = 'no points restored';
    }
    ctx.log(`${card.text}: ${summary}`);
    const after = { ...patient, current };
    return {
      changes: woundChanges(state, patient, current),
      result: {
        ...card,
        text: `${card.text}: ${summary}; ${patient.name} is ${healthOf(after).condition}`,
      },
    };
  }

  // A day at a time: the END DM that sets each day's points changes as Endurance heals.
  let day = patient;
  /** @type {number[]} */
  const perDay = [];
  /** @type {number[]} the d6 of each day of full rest */
  const dice = [];
  for (let n = 0; n < plan.days; n++) {
    const endDm = characteristicDm(day.current.end);
    const seriously = healthOf(day).seriouslyWounded;
    let points;
    if (plan.method === 'medicalCare') {
      const medicine = findSkill(/** @type {Character} */ (plan.healer), 'Medicine')?.level ?? 0;
      points = Math.max(0, 2 + endDm + medicine);
    } else if (seriously) {
      points = endDm;
    } else if (plan.method === 'rest') {
      const face = ctx.dice.die(6);
      dice.push(face);
      points = face + endDm;
    } else {
      points = 1 + endDm;
    }
    perDay.push(points);
    const current =
      points >= 0
        ? restorePoints(day, points, plan.priority).current
        : takeDamage(day, -points).current;
    // Intelligence and Education heal a point a day (SRD Chapter 5, Healing and Mental Characteristics).
    for (const key of /** @type {const} */ (['int', 'edu'])) {
      current[key] = Math.min(day.scores[key], current[key] + 1);
    }
    day = { ...day, current };
    if (healthOf(day).dead) break;
  }
  const text =
    `${patient.name}: ${plan.method === 'medicalCare' ? 'medical care' : plan.method === 'rest' ? 'full rest' : 'active rest'}` +
    ` for ${perDay.length} day(s): ${perDay.map(signed).join(', ')} points; ${formatUpp(day.current)} (${healthOf(day).condition})`;
  ctx.log(text);
  return {
    changes: woundChanges(state, patient, day.current),
    result: { kind: 'heal', label: text, perDay, dice, text },
  };
}

/* --- cepheus:set-upp ---------------------------------------------------------------------- */

/**
 * Sets the six characteristics (and Psionic Strength) from a UPP, as /upp 786A9A asks. Damage
 * already taken stays taken: each current value keeps its distance below the score.
 * @param {Intent} intent
 * @param {State} state
 * @returns {{ character: Character, scores: Scores, psi: number | null } | string}
 */
function uppPlan(intent, state) {
  if (!isPlainObject(intent.payload)) return 'setting a UPP needs { actorId, upp }';
  const payload = asObject(intent.payload);
  const actor = actorNamed(state, payload.actorId);
  if (actor === undefined) return `there is no character "${idText(payload.actorId)}"`;
  if (!controls(state, intent.author, actor)) return `you do not control ${actor.name}`;
  const parsed = parseUpp(payload.upp);
  if (!parsed.ok) return parsed.reason;
  return { character: readCharacter(actor), scores: parsed.scores, psi: parsed.psi };
}

/**
 * @param {{ character: Character, scores: Scores, psi: number | null }} plan
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applySetUpp(plan) {
  const { character, scores, psi } = plan;
  /** @type {Record<string, number>} */
  const current = {};
  for (const key of CHARACTERISTICS) {
    const lost = character.scores[key] - character.current[key];
    current[key] = Math.max(0, scores[key] - lost);
  }
  const upp = formatUpp(scores, psi);
  return {
    changes: [
      set('actors', character.id, ['data', 'characteristics'], { ...scores }),
      set('actors', character.id, ['data', 'current'], current),
      ...(psi === null && character.psi === null
        ? []
        : [set('actors', character.id, ['data', 'psi'], psi)]),
    ],
    result: { actorId: character.id, upp, text: `${character.name}: UPP ${upp}` },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* 6. Distances on a scene                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** A grid square is 1.5 m (SRD Chapter 5, Movement); a scene in metres or feet says its own. */
const SQUARE_METRES = 1.5;

/**
 * Metres per cell of a scene's grid: its own distance when it counts in metres or feet, else the
 * SRD's 1.5 m square.
 * @param {Scene | undefined} scene
 */
function metresPerCell(scene) {
  const distance = scene?.grid?.distance;
  const units = (scene?.grid?.units ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (typeof distance !== 'number' || !(distance > 0)) return SQUARE_METRES;
  if (['m', 'meter', 'meters', 'metre', 'metres'].includes(units)) return distance;
  if (['ft', 'foot', 'feet'].includes(units)) return distance * 0.3048;
  return SQUARE_METRES;
}

/**
 * How far a token's top-left corner moves, in metres, or null when the scene has no grid to
 * measure by. Straight-line distance: the SRD counts metres, not squares.
 * @param {{ x: number, y: number }} from
 * @param {Record<string, JsonValue | undefined>} to
 * @param {Scene | undefined} scene
 */
function metresBetweenCorners(from, to, scene) {
  const size = scene?.grid?.size;
  if (typeof size !== 'number' || !(size > 0)) return null;
  if (typeof to.x !== 'number' || typeof to.y !== 'number') return null;
  return (Math.hypot(to.x - from.x, to.y - from.y) / size) * metresPerCell(scene);
}

/**
 * The range band between two actors' tokens on one scene, or null when they share none. The
 * distance runs from edge to edge for tokens larger than a square, and is read in squares of
 * 1.5 m against the Squares to Target column (SRD Chapter 5, Personal Combat Range Bands):
 * less than one square is Personal, up to 2 Close, 8 Short, 34 Medium, 166 Long, 334 Very Long.
 * @param {State} state
 * @param {string} fromId
 * @param {string} toId
 * @returns {RangeBand | null}
 */
function rangeBetween(state, fromId, toId) {
  for (const from of tokensOf(state, fromId)) {
    for (const to of tokensOf(state, toId)) {
      if (from.sceneId !== to.sceneId) continue;
      const scene = state.scenes?.[from.sceneId];
      const cell = scene?.grid?.size;
      if (typeof cell !== 'number' || !(cell > 0)) continue;
      const sizeFrom = typeof from.size === 'number' ? from.size : 1;
      const sizeTo = typeof to.size === 'number' ? to.size : 1;
      const centres = Math.hypot(
        to.x + (sizeTo * cell) / 2 - (from.x + (sizeFrom * cell) / 2),
        to.y + (sizeTo * cell) / 2 - (from.y + (sizeFrom * cell) / 2),
      );
      const cells = Math.max(0, centres / cell - (sizeFrom - 1) / 2 - (sizeTo - 1) / 2);
      return bandOfSquares((cells * metresPerCell(scene)) / SQUARE_METRES);
    }
  }
  return null;
}

/** The most squares of each band but Distant, nearest first (Personal is under one). */
const BAND_LIMITS = Object.freeze([
  ['close', 2],
  ['short', 8],
  ['medium', 34],
  ['long', 166],
  ['very long', 334],
]);

/**
 * The band of a distance in squares. Distances come from pixel arithmetic, so a hair's breadth
 * either side of a whole square counts as that square.
 * @param {number} squares
 * @returns {RangeBand}
 */
function bandOfSquares(squares) {
  const EPSILON = 1e-9;
  if (squares < 1 - EPSILON) return 'personal';
  for (const [band, most] of BAND_LIMITS) {
    if (squares <= /** @type {number} */ (most) + EPSILON) return /** @type {RangeBand} */ (band);
  }
  return 'distant';
}

/**
 * Whether the token is in an active fight on its scene.
 * @param {State} state
 * @param {Token} token
 */
function inCombat(state, token) {
  return Object.values(state.combat ?? {}).some((combat) => {
    if (combat.active !== true || combat.sceneId !== token.sceneId) return false;
    return asArray(combat.combatants).some((entry) => {
      const combatant = asObject(entry);
      return (
        combatant.tokenId === token.id ||
        (token.actorId !== null && combatant.actorId === token.actorId)
      );
    });
  });
}

/**
 * The tokens that stand for an actor, in id order (so every peer picks the same one first).
 * @param {State} state
 * @param {string} actorId
 * @returns {Token[]}
 */
function tokensOf(state, actorId) {
  return Object.values(state.tokens ?? {})
    .filter((token) => token.actorId === actorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/* ------------------------------------------------------------------------------------------ */
/* 7. Chat commands                                                                            */
/* ------------------------------------------------------------------------------------------ */

const TASK_USAGE =
  'Usage: /task <skill or -> <STR|DEX|END|INT|EDU|SOC> [difficulty] [boon|bane], e.g. /task Medicine EDU difficult';
const ATTACK_USAGE =
  'Usage: /attack <target id> [weapon] [aim N] [thrown] [boon|bane], e.g. /attack grub Auto Pistol aim 1';
const HEAL_USAGE = 'Usage: /heal <patient id> <first-aid|surgery|care|rest|active> [days] [late]';

/**
 * Chat commands. A command never changes the table: it posts a message or sends an intent that
 * is ruled like any other, whose roll card the receipt shows.
 * @type {Record<string, ChatCommand>}
 */
exports.commands = {
  task: {
    description:
      'A task: /task <skill or -> <characteristic> [difficulty] [boon|bane], e.g. /task Medicine EDU difficult',
    run: (input) => {
      if (input.actor === undefined)
        return { message: 'Select the character who attempts the task first.' };
      const parsed = parseTaskWords(input.text);
      if (typeof parsed === 'string') return { message: `${parsed}. ${TASK_USAGE}` };
      // A cepheus:task, not a roll: the rules read the DMs off the sheet as the GM's peer holds
      // it, and a task's limits (the unconscious only try to wake) hold for /task too.
      /** @type {Record<string, JsonValue>} */
      const payload = {
        actorId: input.actor.id,
        skill: parsed.skill,
        characteristic: parsed.characteristic,
        difficulty: parsed.difficulty.dm,
      };
      if (parsed.boon) payload.boon = true;
      if (parsed.bane) payload.bane = true;
      return { intent: { kind: 'cepheus:task', payload } };
    },
  },
  attack: {
    description: 'Attack: /attack <target id> [weapon] [aim N] [thrown] [boon|bane]',
    run: (input) => {
      if (input.actor === undefined) return { message: 'Select the character who attacks first.' };
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const targetId = words.shift();
      if (targetId === undefined) return { message: ATTACK_USAGE };
      /** @type {Record<string, JsonValue>} */
      const payload = { attackerId: input.actor.id, targetId };
      const weaponWords = [];
      for (let i = 0; i < words.length; i++) {
        const word = /** @type {string} */ (words[i]);
        const lower = word.toLowerCase();
        if (lower === 'boon' || lower === 'bane' || lower === 'thrown') payload[lower] = true;
        else if (lower === 'aim' && /^\d$/.test(words[i + 1] ?? ''))
          payload.aim = Number(words[++i]);
        else weaponWords.push(word);
      }
      if (weaponWords.length > 0) payload.weapon = weaponWords.join(' ');
      const weapon = weaponWords.length > 0 ? ` with ${weaponWords.join(' ')}` : '';
      return {
        message: `${input.actor.name} attacks ${targetId}${weapon}.`,
        intent: { kind: 'cepheus:attack', payload },
      };
    },
  },
  upp: {
    description: 'Show the UPP of your character, or set it: /upp [786A9A]',
    run: (input) => {
      if (input.actor === undefined) return { message: 'Select a character first.' };
      const character = readCharacter(input.actor);
      if (input.text.trim() === '') return { message: describeUpp(character) };
      const parsed = parseUpp(input.text);
      if (!parsed.ok) return { message: `${parsed.reason}.` };
      return {
        message: `${character.name}'s characteristics become ${parsed.upp}.`,
        intent: { kind: 'cepheus:set-upp', payload: { actorId: character.id, upp: parsed.upp } },
      };
    },
  },
  heal: {
    description: 'Heal: /heal <patient id> <first-aid|surgery|care|rest|active> [days] [late]',
    run: (input) => {
      const words = input.text
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '');
      const [patientId, how, ...rest] = words;
      /** @type {Record<string, string>} */
      const methods = {
        'first-aid': 'firstAid',
        firstaid: 'firstAid',
        surgery: 'surgery',
        care: 'medicalCare',
        'medical-care': 'medicalCare',
        rest: 'rest',
        active: 'activeRest',
      };
      const method = how === undefined ? undefined : methods[how.toLowerCase()];
      if (patientId === undefined || method === undefined) return { message: HEAL_USAGE };
      /** @type {Record<string, JsonValue>} */
      const payload = { patientId, method };
      if (method === 'firstAid' || method === 'surgery' || method === 'medicalCare') {
        if (input.actor === undefined)
          return { message: 'Select the character who treats the patient first.' };
        payload.healerId = input.actor.id;
      }
      for (const word of rest) {
        if (/^\d{1,2}$/.test(word)) payload.days = Number(word);
        else if (word.toLowerCase() === 'late') payload.late = true;
        else return { message: HEAL_USAGE };
      }
      return { intent: { kind: 'cepheus:heal', payload } };
    },
  },
};

/**
 * Reads `/task` words from the end: flags and a difficulty may follow the characteristic in any
 * order; what comes before it is the skill (`-` or `none` for a characteristic check).
 * @param {string} text
 * @returns {{ skill: string | null, characteristic: Characteristic, difficulty: { name: string, dm: number }, boon: boolean, bane: boolean } | string}
 */
function parseTaskWords(text) {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  let boon = false;
  let bane = false;
  /** @type {{ name: string, dm: number } | null} */
  let difficulty = null;
  for (;;) {
    const last = words.at(-1)?.toLowerCase();
    if (last === 'boon' || last === 'bane') {
      if (last === 'boon') boon = true;
      else bane = true;
      words.pop();
      continue;
    }
    if (difficulty === null && words.length >= 2) {
      const pair = words.slice(-2).join(' ').toLowerCase();
      if (pair === 'very difficult') {
        difficulty = { name: 'Very Difficult', dm: DIFFICULTIES['Very Difficult'] };
        words.splice(-2);
        continue;
      }
    }
    const single = last === undefined ? null : parseDifficulty(last);
    if (
      difficulty === null &&
      single !== null &&
      last !== undefined &&
      !isCharacteristicWord(last)
    ) {
      difficulty = single;
      words.pop();
      continue;
    }
    break;
  }
  const named = words.pop()?.toLowerCase();
  const characteristic = CHARACTERISTICS.find((key) => key === named);
  if (characteristic === undefined) return 'Name the characteristic after the skill';
  const skill = words.join(' ');
  return {
    skill: skill === '' || skill === '-' || skill.toLowerCase() === 'none' ? null : skill,
    characteristic,
    difficulty: difficulty ?? { name: 'Average', dm: 0 },
    boon,
    bane,
  };
}

/** @param {string} word */
function isCharacteristicWord(word) {
  return CHARACTERISTICS.some((key) => key === word);
}

/**
 * `/upp`'s answer: the UPP, each characteristic with its DM, and the damaged values if any.
 * @param {Character} character
 */
function describeUpp(character) {
  const list = CHARACTERISTICS.map(
    (key) =>
      `${NAMES[key]} ${character.current[key]}${character.current[key] < character.scores[key] ? ` of ${character.scores[key]}` : ''} (${signed(characteristicDm(character.current[key]))})`,
  ).join(', ');
  const upp = formatUpp(character.scores, character.psi);
  const now = formatUpp(character.current, character.psi);
  return `${character.name}: UPP ${upp}${now === upp ? '' : `, ${now} after damage`}. ${list}.`;
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason: reason.slice(0, 1000) };
}

/**
 * A plan's verdict for validate.
 * @param {object | string} plan
 * @returns {ValidateResult}
 */
function checked(plan) {
  return typeof plan === 'string' ? refuse(plan) : OK;
}

/**
 * A plan for apply: validate refused the intent already if it has none, so this only throws when
 * apply is called without validate.
 * @template T
 * @param {T | string} plan
 * @returns {T}
 */
function planned(plan) {
  if (typeof plan === 'string') throw new RangeError(plan);
  return plan;
}

/**
 * @param {'actors' | 'tokens'} collection
 * @param {string} id
 * @param {string[]} path
 * @param {unknown} value
 * @returns {Change}
 */
function set(collection, id, path, value) {
  return { op: 'set', collection, id, path, value: /** @type {JsonValue} */ (value) };
}

/**
 * Is this member a GM of the table? (`state.members` as the validator summarises them.)
 * @param {State} state
 * @param {string} userId
 */
function isGm(state, userId) {
  const member = state.members?.[userId];
  return member?.role === 'gm' && (member.status === undefined || member.status === 'member');
}

/**
 * May this member act for this actor? Its owners and GMs may.
 * @param {State} state
 * @param {string} userId
 * @param {Actor} actor
 */
function controls(state, userId, actor) {
  return actor.owners.includes(userId) || isGm(state, userId);
}

/**
 * @param {State} state
 * @param {unknown} id
 * @returns {Actor | undefined}
 */
function actorNamed(state, id) {
  if (typeof id !== 'string' || state.actors === undefined) return undefined;
  return Object.hasOwn(state.actors, id) ? state.actors[id] : undefined;
}

/** @param {unknown} id */
function idText(id) {
  return String(id).slice(0, 60);
}

/**
 * A copy of `base` with `value` at `path` (arrays stay arrays); `base` itself is frozen.
 * @param {unknown} base
 * @param {readonly string[]} path
 * @param {unknown} value
 * @returns {unknown}
 */
function setIn(base, path, value) {
  if (path.length === 0) return value;
  const [head, ...rest] = /** @type {[string, ...string[]]} */ (path);
  if (Array.isArray(base) && /^\d+$/.test(head)) {
    const copy = base.slice();
    copy[Number(head)] = setIn(base[Number(head)], rest, value);
    return copy;
  }
  /** @type {Record<string, unknown>} */
  const copy = isPlainObject(base) ? { ...base } : {};
  copy[head] = setIn(copy[head], rest, value);
  return copy;
}

/**
 * @param {unknown} value
 * @returns {Record<string, JsonValue | undefined>}
 */
function asObject(value) {
  return isPlainObject(value) ? /** @type {Record<string, JsonValue | undefined>} */ (value) : {};
}

/**
 * @param {unknown} value
 * @returns {readonly unknown[]}
 */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 * @returns {value is number}
 */
function isWholeNumber(value, min, max) {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * A characteristic score from a sheet: a whole number from 0 to 33, else the fallback.
 * @param {unknown} value
 * @param {number} fallback
 */
function toScore(value, fallback) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return clampInt(value, 0, MAX_SCORE);
}

/**
 * @param {number} value
 * @param {number} min
 * @param {number} max
 */
function clampInt(value, min, max) {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** @param {number} value */
function signed(value) {
  return value < 0 ? `${value}` : `+${value}`;
}

/** @param {number} metres */
function metresText(metres) {
  return `${Math.round(metres * 10) / 10} m`;
}

/**
 * FNV-1a, 32 bits: a fixed number from a string, the same on every peer.
 * @param {string} text
 */
function hashOf(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
