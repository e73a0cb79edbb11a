// @ts-check
/**
 * The rules of the template module: a small d20 skirmish game (reference/rules.md has the rules
 * as players read them). Copy this folder to start a game system.
 *
 * How a module runs (docs/modules/README.md has the details):
 * - This file is a script evaluated once per sandbox worker, in its own SES compartment. It
 *   sees only `exports` and `module`: no require, no import, no timers, no console.
 * - Every hook is synchronous and pure. It may use its arguments and `ctx`, nothing else:
 *   Date.now() and Math.random() throw, and every die comes from `ctx.dice`, which draws from
 *   the call's seed, so any peer can re-run a ruling and get the same dice.
 * - Arguments are frozen: build new objects, never change the ones you were given.
 * - Keep nothing between calls. Module-level constants are fine; a module-level variable that
 *   a hook changes is a bug: the worker may be replaced between any two calls, and peers run
 *   calls in other orders. The harness's checkDeterminism() catches it.
 * - Return plain data (objects, arrays, strings, finite numbers, booleans, null). The host
 *   checks every result against the hook's schema.
 *
 * The JSDoc types below come from @meshtable/module-sdk: with `// @ts-check`, an editor (and
 * the project's type check) flags a hook that returns the wrong shape. They are brought in with
 * `@import` tags: SES refuses anything that looks like a dynamic import, even in a comment.
 */

/**
 * @import { ApplyHook, Change, ChatCommand, DeriveHook, InitiativeHook, Intent } from '@meshtable/module-sdk'
 * @import { ModuleContext, RollHook, RollResult, TableState, ValidateHook } from '@meshtable/module-sdk'
 * @import { Actor, ValidateResult } from '@meshtable/module-sdk'
 *
 * @typedef {Actor<CharacterData>} Character
 * @typedef {'might' | 'agility' | 'wits'} Ability
 * @typedef {{ name: string, damage: string, reach: number }} Weapon
 * @typedef {{
 *   level: number,
 *   abilities: { might: number, agility: number, wits: number },
 *   hp: number,
 *   armor: number,
 *   weapon: Weapon,
 * }} CharacterData
 * @typedef {{ tokenId: string, x: number, y: number }} MovePayload
 * @typedef {{ attackerId: string, targetId: string }} AttackPayload
 */

// Constants are fine at module level. The sandbox freezes the global object before this file
// runs and its exports once it has loaded, but not the objects its variables hold: freeze those,
// so no hook can change one.
/** @type {readonly Ability[]} */
const ABILITIES = Object.freeze(['might', 'agility', 'wits']);
/** Squares a character moves in one move intent (the grid is 5 ft squares: 30 ft). */
const SPEED = 6;
/** The weapon of a character whose sheet names none. */
const UNARMED = Object.freeze({ name: 'fists', damage: '1d3', reach: 1 });

/* ------------------------------------------------------------------------------------------ */
/* Derived values: one place for each formula, used by every hook below.                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * The modifier of an ability score: 10 and 11 give +0, every 2 points more +1, less −1.
 * @param {number} score
 */
const modifier = (score) => Math.floor((score - 10) / 2);

/**
 * The proficiency bonus of a level: +2 at levels 1 to 4, +3 at 5 to 8, +4 from 9 on.
 * @param {number} level
 */
const proficiency = (level) => 2 + Math.floor((level - 1) / 4);

/**
 * Everything a sheet shows beside what players type, computed from the sheet's own fields.
 * @param {CharacterData} data
 */
function stats(data) {
  /** @type {Record<Ability, number>} */
  const modifiers = { might: 0, agility: 0, wits: 0 };
  for (const ability of ABILITIES) modifiers[ability] = modifier(data.abilities[ability]);
  const maxHp = Math.max(1, data.level * (6 + modifiers.might));
  return {
    modifiers,
    proficiency: proficiency(data.level),
    maxHp,
    // Armor adds to defense; a character who is down (0 hp) is easier to hit.
    defense: 10 + modifiers.agility + data.armor - (data.hp <= 0 ? 5 : 0),
    attack: modifiers.might + proficiency(data.level),
    speed: SPEED,
    bloodied: data.hp <= maxHp / 2,
  };
}

/**
 * `derive(actor, ctx)`: the computed fields of a sheet. The app calls it whenever an actor
 * changes; pure arithmetic, no dice.
 * @type {DeriveHook}
 */
exports.derive = (actor) => stats(/** @type {Character} */ (actor).data);

/* ------------------------------------------------------------------------------------------ */
/* Rolls                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * `roll(request, ctx)`: rolls a notation and reads it the way this game does. A request that
 * starts with 1d20 is a check: `mode` rolls two d20 and keeps the higher ("advantage") or the
 * lower ("disadvantage"); a natural 20 is a critical and always succeeds, a natural 1 always
 * fails; with a `target`, the result says whether the check succeeded. Anything else (damage,
 * say) is rolled as written.
 * @type {RollHook}
 */
exports.roll = (request, ctx) => {
  const isCheck = /^1?d20(?![0-9])/.test(request.notation);
  if (!isCheck) {
    const result = ctx.dice.roll(request.notation);
    return { total: result.total, text: result.text };
  }
  const keep =
    request.mode === 'advantage' ? '2d20kh1' : request.mode === 'disadvantage' ? '2d20kl1' : '1d20';
  const result = ctx.dice.roll(request.notation.replace(/^1?d20/, keep));
  const natural = keptD20(result);
  /** @type {{ total: number, text: string, natural: number, critical: boolean, fumble: boolean, success?: boolean }} */
  const read = {
    total: result.total,
    text: result.text,
    natural,
    critical: natural === 20,
    fumble: natural === 1,
  };
  if (typeof request.target === 'number') {
    read.success = natural === 20 || (natural !== 1 && result.total >= request.target);
  }
  return read;
};

/**
 * The face of the d20 that counts in a check: the kept die of its first dice term.
 * @param {RollResult} result
 */
function keptD20(result) {
  const term = result.rolls[0];
  if (term === undefined || term.kind !== 'dice') return 0;
  const kept = term.dice.find((die) => die.kept);
  return kept === undefined ? 0 : kept.value;
}

/**
 * `initiative(actor, ctx)`: d20 + agility modifier. The agility score, as hundredths, breaks
 * ties, so the order is the same on every peer without a second roll.
 * @type {InitiativeHook}
 */
exports.initiative = (actor, ctx) => {
  const { abilities } = /** @type {Character} */ (actor).data;
  return ctx.dice.die(20) + modifier(abilities.agility) + abilities.agility / 100;
};

/* ------------------------------------------------------------------------------------------ */
/* Intents: validate says whether one may happen, apply says what it changes.                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * `validate(intent, state, ctx)`: may this player do this? Everything a player could get wrong
 * or try to cheat with is checked here, with a reason the player can act on. The GM's validator
 * only calls `apply` for intents that passed.
 * @type {ValidateHook}
 */
exports.validate = (intent, state) => {
  switch (intent.kind) {
    case 'move':
      return validateMove(intent, /** @type {MovePayload} */ (intent.payload), state);
    case 'attack':
      return validateAttack(intent, /** @type {AttackPayload} */ (intent.payload), state);
    default:
      return refuse(`the template rules know no "${intent.kind}" intent (only move and attack)`);
  }
};

/**
 * @param {Intent} intent
 * @param {MovePayload} move
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, move, state) {
  const token = state.tokens?.[move.tokenId];
  if (token === undefined) return refuse(`there is no token "${move.tokenId}"`);
  const actor = token.actorId === null ? undefined : character(state, token.actorId);
  if (actor === undefined || !actor.owners.includes(intent.author)) {
    return refuse(`you do not control the token "${token.id}"`);
  }
  if (!Number.isInteger(move.x) || !Number.isInteger(move.y)) {
    return refuse('a move ends on a square: x and y are whole numbers');
  }
  if (actor.data.hp <= 0) return refuse(`${actor.name} is down and cannot move`);
  const squares = distance(token, move);
  if (squares > SPEED) {
    return refuse(`${actor.name} moves at most ${SPEED} squares; that is ${squares}`);
  }
  const blocker = tokensOnScene(state, token.sceneId).find(
    (other) => other.id !== token.id && other.x === move.x && other.y === move.y,
  );
  if (blocker !== undefined) return refuse(`that square is taken by "${blocker.id}"`);
  return { ok: true };
}

/**
 * @param {Intent} intent
 * @param {AttackPayload} attack
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, attack, state) {
  const attacker = character(state, attack.attackerId);
  if (attacker === undefined || !attacker.owners.includes(intent.author)) {
    return refuse(`you do not control "${attack.attackerId}"`);
  }
  const target = character(state, attack.targetId);
  if (target === undefined) return refuse(`there is no "${attack.targetId}" to attack`);
  if (target.id === attacker.id) return refuse(`${attacker.name} cannot attack themselves`);
  if (attacker.data.hp <= 0) return refuse(`${attacker.name} is down and cannot attack`);
  if (target.data.hp <= 0) return refuse(`${target.name} is already down`);
  const from = tokenOf(state, attacker.id);
  const to = tokenOf(state, target.id);
  if (from === undefined || to === undefined || from.sceneId !== to.sceneId) {
    return refuse(`${attacker.name} and ${target.name} are not on the same scene`);
  }
  const weapon = attacker.data.weapon ?? UNARMED;
  if (distance(from, to) > weapon.reach) {
    return refuse(`${target.name} is out of reach of ${attacker.name}'s ${weapon.name}`);
  }
  return { ok: true };
}

/**
 * `apply(intent, state, ctx)`: what a validated intent changes, as a list of changes the GM's
 * peer commits in one transaction. Dice are rolled here, from the seed the validator gives
 * the call, so every peer can check the ruling. ctx.log lines explain the roll to the author.
 * @type {ApplyHook}
 */
exports.apply = (intent, state, ctx) => {
  if (intent.kind === 'move') {
    const move = /** @type {MovePayload} */ (intent.payload);
    return [
      { op: 'set', collection: 'tokens', id: move.tokenId, path: ['x'], value: move.x },
      { op: 'set', collection: 'tokens', id: move.tokenId, path: ['y'], value: move.y },
    ];
  }
  if (intent.kind === 'attack') {
    return applyAttack(/** @type {AttackPayload} */ (intent.payload), state, ctx);
  }
  // validate refuses every other kind, so apply is never called with one.
  throw new TypeError(`apply: unknown intent "${intent.kind}"`);
};

/**
 * An attack roll (d20 + attack) against the target's defense; on a hit, the weapon's damage
 * plus the might modifier (at least 1), and on a natural 20 the damage dice are rolled twice.
 * @param {AttackPayload} attack
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {Change[]}
 */
function applyAttack(attack, state, ctx) {
  const attacker = /** @type {Character} */ (character(state, attack.attackerId));
  const target = /** @type {Character} */ (character(state, attack.targetId));
  const { attack: bonus, modifiers } = stats(attacker.data);
  const { defense } = stats(target.data);

  const hit = ctx.dice.roll(`1d20+${bonus}`);
  const natural = keptD20(hit);
  ctx.log(`attack ${hit.text} against defense ${defense}`);
  if (natural === 1 || (natural !== 20 && hit.total < defense)) return [];

  const weapon = attacker.data.weapon ?? UNARMED;
  let dice = ctx.dice.roll(weapon.damage).total;
  if (natural === 20) dice += ctx.dice.roll(weapon.damage).total;
  const damage = Math.max(1, dice + modifiers.might);
  const hp = Math.max(0, target.data.hp - damage);
  ctx.log(
    `${natural === 20 ? 'critical ' : ''}hit for ${damage}: ${target.name} ${target.data.hp} → ${hp} hp`,
  );
  return [{ op: 'set', collection: 'actors', id: target.id, path: ['data', 'hp'], value: hp }];
}

/* ------------------------------------------------------------------------------------------ */
/* Chat commands                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * `/attack <target id>`: turns a chat line into an attack intent for the character the player
 * speaks as. A command never changes the table itself; the intent it returns goes through
 * validate and apply like any other.
 * @type {Record<string, ChatCommand>}
 */
exports.commands = {
  attack: {
    description: 'Attack a creature in reach: /attack <target id>',
    run: (input) => {
      const targetId = input.text.trim();
      if (targetId === '') return { message: 'Usage: /attack <target id>' };
      if (input.actor === undefined) {
        return { message: 'Select the character you attack with first.' };
      }
      return {
        message: `${input.actor.name} attacks ${targetId}.`,
        intent: { kind: 'attack', payload: { attackerId: input.actor.id, targetId } },
      };
    },
  },
};

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * A refusal with the reason the player sees.
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function refuse(reason) {
  return { ok: false, reason };
}

/**
 * The character with this id, if any.
 * @param {TableState} state
 * @param {string} id
 * @returns {Character | undefined}
 */
function character(state, id) {
  return /** @type {Character | undefined} */ (state.actors?.[id]);
}

/**
 * The token that stands for an actor, if any.
 * @param {TableState} state
 * @param {string} actorId
 */
function tokenOf(state, actorId) {
  return Object.values(state.tokens ?? {}).find((token) => token.actorId === actorId);
}

/**
 * @param {TableState} state
 * @param {string} sceneId
 */
function tokensOnScene(state, sceneId) {
  return Object.values(state.tokens ?? {}).filter((token) => token.sceneId === sceneId);
}

/**
 * Squares between two positions, diagonals counting as one (the manifest's "equal" diagonals).
 * @param {{ x: number, y: number }} a
 * @param {{ x: number, y: number }} b
 */
function distance(a, b) {
  return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y));
}
