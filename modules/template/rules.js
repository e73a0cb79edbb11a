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
 * @import { JsonObject, ModuleContext, RollHook, RollResult, TableState } from '@meshtable/module-sdk'
 * @import { Actor, Scene, Token, ValidateHook, ValidateResult } from '@meshtable/module-sdk'
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
 *
 * The payloads of the intents this module rules on: two core kinds (a move's x and y are the
 * token's new top-left corner in scene pixels; a negative amount of damage heals) and its own
 * `template:attack`.
 * @typedef {{ tokenId: string, x: number, y: number }} MovePayload
 * @typedef {{ actorId: string, amount: number, type?: string }} DamagePayload
 * @typedef {{ attackerId: string, targetId: string }} AttackPayload
 */

// Constants are fine at module level. The sandbox freezes the global object before this file
// runs and its exports once it has loaded, but not the objects its variables hold: freeze those,
// so no hook can change one.
/** @type {readonly Ability[]} */
const ABILITIES = Object.freeze(['might', 'agility', 'wits']);
/** Squares a character moves in one move (the grid is 5 ft squares: 30 ft). */
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
 * The kinds every table knows (docs/modules/README.md, "Intents: who rules on what"). By the
 * time validate sees one, the core has checked its payload and that the sender may touch what
 * it names (owns the token or the actor, or is a GM).
 */
const CORE_KINDS = Object.freeze([
  'token.move',
  'roll',
  'damage.apply',
  'sheet.edit',
  'chat.command',
]);

/**
 * `validate(intent, state, ctx)`: may this happen? It is asked for every intent. For a core kind
 * it adds the game's own rules (a move within the character's speed) or answers ok; its own
 * kinds it alone admits, so it checks everything about them. A refusal's reason is what the
 * player reads: make it one they can act on.
 * @type {ValidateHook}
 */
exports.validate = (intent, state) => {
  if (intent.kind === 'token.move') {
    return validateMove(intent, /** @type {MovePayload} */ (intent.payload), state);
  }
  if (intent.kind === 'template:attack') {
    return validateAttack(intent, /** @type {AttackPayload} */ (intent.payload), state);
  }
  // Rolls, sheet edits, damage and chat commands: the core's checks are all this game needs.
  if (CORE_KINDS.includes(intent.kind)) return { ok: true };
  return refuse(`the template rules know no "${intent.kind}" intent`);
};

/**
 * A character moves at most its speed at a time, not while down, and never onto another token.
 * A GM places tokens freely (setting up a scene is not a move), as does anyone moving a token
 * that stands for no character.
 * @param {Intent} intent
 * @param {MovePayload} move
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateMove(intent, move, state) {
  const token = /** @type {Token} */ (state.tokens?.[move.tokenId]);
  const actor = token.actorId === null ? undefined : character(state, token.actorId);
  if (actor === undefined || isGm(state, intent.author)) return { ok: true };
  if (actor.data.hp <= 0) return refuse(`${actor.name} is down and cannot move`);
  const squares = distance(state, token, move);
  if (squares > SPEED) {
    return refuse(`${actor.name} moves at most ${SPEED} squares; that is ${squares}`);
  }
  const blocker = Object.values(state.tokens ?? {}).find(
    (other) =>
      other.id !== token.id &&
      other.sceneId === token.sceneId &&
      other.x === move.x &&
      other.y === move.y,
  );
  if (blocker !== undefined) return refuse(`that square is taken by "${blocker.id}"`);
  return { ok: true };
}

/**
 * An attack is this module's own kind, so nothing has checked it yet: its payload, who sends it
 * (the attacker's owner, or a GM for the monsters), that both stand, and that the target is in
 * reach.
 * @param {Intent} intent
 * @param {AttackPayload} attack
 * @param {TableState} state
 * @returns {ValidateResult}
 */
function validateAttack(intent, attack, state) {
  if (typeof attack?.attackerId !== 'string' || typeof attack.targetId !== 'string') {
    return refuse('an attack names its attacker and its target: { attackerId, targetId }');
  }
  const attacker = character(state, attack.attackerId);
  if (attacker === undefined) return refuse(`there is no "${attack.attackerId}" to attack with`);
  if (!attacker.owners.includes(intent.author) && !isGm(state, intent.author)) {
    return refuse(`you do not control ${attacker.name}`);
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
  if (distance(state, from, to) > weapon.reach) {
    return refuse(`${target.name} is out of reach of ${attacker.name}'s ${weapon.name}`);
  }
  return { ok: true };
}

/**
 * `apply(intent, state, ctx)`: what a validated intent changes. It is asked for this module's own
 * kinds and for `damage.apply` (the core applies moves, sheet edits, rolls and commands). It
 * returns the changes the GM's peer commits in one transaction and the `result` the receipt
 * shows the table (the roll card). Dice come from the ruling's seed, so every peer can check
 * the ruling.
 * @type {ApplyHook}
 */
exports.apply = (intent, state, ctx) => {
  if (intent.kind === 'template:attack') {
    return applyAttack(/** @type {AttackPayload} */ (intent.payload), state, ctx);
  }
  if (intent.kind === 'damage.apply') {
    return applyDamage(/** @type {DamagePayload} */ (intent.payload), state);
  }
  // validate refuses every other kind of its own, and the core applies the rest.
  throw new TypeError(`apply: unknown intent "${intent.kind}"`);
};

/**
 * An attack roll (d20 + attack) against the target's defense; on a hit, the weapon's damage
 * plus the might modifier (at least 1), and on a natural 20 the damage dice are rolled twice.
 * The result is the roll card: both rolls with every die, whether it hit, the hit points left.
 * @param {AttackPayload} attack
 * @param {TableState} state
 * @param {ModuleContext} ctx
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyAttack(attack, state, ctx) {
  const attacker = /** @type {Character} */ (character(state, attack.attackerId));
  const target = /** @type {Character} */ (character(state, attack.targetId));
  const { attack: bonus, modifiers } = stats(attacker.data);
  const { defense } = stats(target.data);
  const weapon = attacker.data.weapon ?? UNARMED;

  const roll = ctx.dice.roll(`1d20${signed(bonus)}`);
  const natural = keptD20(roll);
  const critical = natural === 20;
  const hit = critical || (natural !== 1 && roll.total >= defense);
  const outcome = critical ? 'a critical hit' : hit ? 'a hit' : 'a miss';
  // A line for the author (`meshtable module call` prints it on stderr); players see the result.
  ctx.log(`attack ${roll.text} against defense ${defense}`);
  const card = {
    attackerId: attacker.id,
    targetId: target.id,
    weapon: weapon.name,
    defense,
    attack: plain(roll),
    natural,
    hit,
    critical,
    total: roll.total,
    text: `${attacker.name} attacks ${target.name} (${weapon.name}): ${roll.text} against defense ${defense}, ${outcome}`,
  };
  if (!hit) return { changes: [], result: card };

  // On a critical the weapon's dice twice ("1d8+1d8"), the might modifier once.
  const dice = critical ? `${weapon.damage}+${weapon.damage}` : weapon.damage;
  const damage = ctx.dice.roll(`${dice}${signed(modifiers.might)}`);
  const dealt = Math.max(1, damage.total);
  const hp = Math.max(0, target.data.hp - dealt);
  return {
    changes: [setHp(target.id, hp)],
    result: {
      ...card,
      damage: plain(damage),
      dealt,
      hp,
      text: `${card.text}; ${damage.text}: ${dealt} damage, ${target.name} ${target.data.hp} → ${hp} hp`,
    },
  };
}

/**
 * Damage dealt outside an attack (a trap, the GM's damage button), or healing as a negative
 * amount: hit points never drop below 0, and healing stops at the maximum. This game has no
 * damage types or resistances; a system that has them reads `payload.type` here.
 * @param {DamagePayload} payload
 * @param {TableState} state
 * @returns {{ changes: Change[], result: JsonObject }}
 */
function applyDamage(payload, state) {
  const target = /** @type {Character} */ (character(state, payload.actorId));
  const before = target.data.hp;
  const { maxHp } = stats(target.data);
  const hp =
    payload.amount >= 0
      ? Math.max(0, before - payload.amount)
      : Math.max(before, Math.min(maxHp, before - payload.amount));
  const what = payload.amount >= 0 ? `takes ${payload.amount} damage` : `heals ${-payload.amount}`;
  return {
    changes: [setHp(target.id, hp)],
    result: {
      actorId: target.id,
      hp,
      change: hp - before,
      text: `${target.name} ${what}: ${before} → ${hp} hp`,
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Chat commands                                                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * `/attack <target id>`: turns a chat line into a `template:attack` intent for the character the
 * player speaks as. A command never changes the table itself; the intent it returns goes
 * through validate and apply like any other, and the receipt shows its roll card.
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
        intent: { kind: 'template:attack', payload: { attackerId: input.actor.id, targetId } },
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
 * Whether the author of an intent is a GM of the table.
 * @param {TableState} state
 * @param {string} userId
 */
function isGm(state, userId) {
  return state.members?.[userId]?.role === 'gm';
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
 * Squares between two positions on one scene. Positions are top-left corners in scene pixels,
 * and the scene's grid says how many pixels a square is. Diagonals count as one square (the
 * manifest's "equal" diagonals); part of a square counts as a whole one.
 * @param {TableState} state
 * @param {{ sceneId: string, x: number, y: number }} a
 * @param {{ x: number, y: number }} b
 */
function distance(state, a, b) {
  const scene = /** @type {Scene | undefined} */ (state.scenes?.[a.sceneId]);
  if (scene === undefined) throw new RangeError(`there is no scene "${a.sceneId}"`);
  return Math.ceil(Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)) / scene.grid.size);
}

/**
 * @param {string} id
 * @param {number} hp
 * @returns {Change}
 */
function setHp(id, hp) {
  return { op: 'set', collection: 'actors', id, path: ['data', 'hp'], value: hp };
}

/**
 * A modifier as a notation writes it: `+2`, `-1`.
 * @param {number} n
 */
function signed(n) {
  return n < 0 ? `${n}` : `+${n}`;
}

/**
 * A roll as plain JSON for a result. A RollResult is JSON already (every die with its flags,
 * the total, the text line); TypeScript only needs telling, as its arrays are read-only.
 * @param {RollResult} roll
 * @returns {JsonObject}
 */
function plain(roll) {
  return /** @type {JsonObject} */ (/** @type {unknown} */ (roll));
}
