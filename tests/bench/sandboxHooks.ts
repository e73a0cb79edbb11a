/**
 * The first game-system module the sandbox benchmark runs, as source text (both engines run this
 * very text), and the data its hooks are called with (sandboxPathHooks.ts holds the second, a
 * pathfinding `validate`). Two hooks:
 *
 * - `validate`: a move intent checked as a rules module would check it: the token exists and the
 *   mover owns it (or is the GM), each step is one square inside the scene and off its walls,
 *   the path fits the movement left this turn (alternate diagonals cost double), and the last
 *   square is free. 709 characters of JSON (21 objects) in, `{"ok":true}` out: the call is mostly
 *   crossing the boundary.
 * - `derive`: a character sheet from an actor with 200 items: equipped items' effects on
 *   abilities, skills, saves and armour class, encumbrance, attacks and an inventory summary.
 *   53 KB of JSON (907 objects) in and 1.5 KB out: the engines' JSON and loops, not the hop.
 */

/** The module's `rules.js`. */
export const BENCH_RULES_SOURCE = String.raw`'use strict';
const ABILITIES = ['str', 'dex', 'con', 'int', 'wis', 'cha'];
const SKILLS = {
  acrobatics: 'dex', animalHandling: 'wis', arcana: 'int', athletics: 'str', deception: 'cha',
  history: 'int', insight: 'wis', intimidation: 'cha', investigation: 'int', medicine: 'wis',
  nature: 'int', perception: 'wis', performance: 'cha', persuasion: 'cha', religion: 'int',
  sleightOfHand: 'dex', stealth: 'dex', survival: 'wis',
};

function modifier(score) {
  return Math.floor((score - 10) / 2);
}

function isStep(from, to) {
  const dx = Math.abs(to.x - from.x);
  const dy = Math.abs(to.y - from.y);
  return dx <= 1 && dy <= 1 && dx + dy > 0;
}

exports.validate = function validate(intent, state) {
  if (intent.kind !== 'move') return { ok: true };
  const token = state.tokens[intent.tokenId];
  if (token === undefined) return { ok: false, reason: 'there is no such token' };
  const player = state.players[intent.by];
  if (player === undefined) return { ok: false, reason: 'unknown player' };
  if (token.owner !== intent.by && !player.gm) {
    return { ok: false, reason: 'you do not control this token' };
  }
  const scene = state.scenes[token.scene];
  const combat = state.combat;
  if (combat.active && combat.turn !== intent.tokenId && !player.gm) {
    return { ok: false, reason: 'it is not this token\'s turn' };
  }
  const path = intent.path;
  if (!Array.isArray(path) || path.length === 0 || path.length > 100) {
    return { ok: false, reason: 'a move needs a path of 1 to 100 squares' };
  }
  let at = { x: token.x, y: token.y };
  let squares = 0;
  let diagonals = 0;
  for (const step of path) {
    if (!isStep(at, step)) return { ok: false, reason: 'a path moves one square at a time' };
    if (step.x < 0 || step.y < 0 || step.x >= scene.width || step.y >= scene.height) {
      return { ok: false, reason: 'the path leaves the scene' };
    }
    if (scene.walls.includes(step.y * scene.width + step.x)) {
      return { ok: false, reason: 'a wall is in the way' };
    }
    if (step.x !== at.x && step.y !== at.y) {
      diagonals++;
      squares += diagonals % 2 === 0 ? 2 : 1;
    } else {
      squares += 1;
    }
    at = step;
  }
  const feet = squares * scene.gridFeet;
  const left = combat.active ? token.speed - token.movedThisTurn : token.speed;
  if (feet > left) {
    const reason = 'the move costs ' + feet + ' ft; ' + left + ' ft are left this turn';
    return { ok: false, reason };
  }
  for (const id in state.tokens) {
    const other = state.tokens[id];
    const here = other.scene === token.scene && other.x === at.x && other.y === at.y;
    if (id !== intent.tokenId && here) {
      return { ok: false, reason: 'that square is taken' };
    }
  }
  return { ok: true };
};

exports.derive = function derive(actor) {
  const level = actor.level;
  const proficiency = 2 + Math.floor((level - 1) / 4);
  const bonus = {};
  const add = (target, value) => {
    bonus[target] = (bonus[target] || 0) + value;
  };
  const byKind = {};
  let carried = 0;
  for (const item of actor.items) {
    const weight = item.weight * item.quantity;
    carried += weight;
    const kind = byKind[item.kind] || (byKind[item.kind] = { count: 0, weight: 0 });
    kind.count += item.quantity;
    kind.weight += weight;
    if (!item.equipped || (item.attunement && !item.attuned)) continue;
    for (const effect of item.effects) add(effect.target, effect.value);
  }
  const scores = {};
  const mods = {};
  const saves = {};
  for (const ability of ABILITIES) {
    const score = Math.min(30, actor.abilities[ability] + (bonus['ability.' + ability] || 0));
    scores[ability] = score;
    mods[ability] = modifier(score);
    saves[ability] =
      mods[ability] +
      (actor.saveProficiencies.includes(ability) ? proficiency : 0) +
      (bonus['save.' + ability] || 0) +
      (bonus['save.all'] || 0);
  }
  const skills = {};
  for (const skill of Object.keys(SKILLS)) {
    const trained =
      actor.expertise.includes(skill) ? 2 : actor.skillProficiencies.includes(skill) ? 1 : 0;
    skills[skill] =
      mods[SKILLS[skill]] +
      trained * proficiency +
      (bonus['skill.' + skill] || 0) +
      (bonus['skill.all'] || 0);
  }
  let armor = 10 + mods.dex;
  let shield = 0;
  for (const item of actor.items) {
    if (!item.equipped) continue;
    if (item.kind === 'armor') {
      const dex = item.maxDex === null ? mods.dex : Math.min(mods.dex, item.maxDex);
      armor = Math.max(armor, item.armor + dex);
    } else if (item.kind === 'shield') {
      shield = Math.max(shield, item.armor);
    }
  }
  const attacks = [];
  for (const item of actor.items) {
    if (item.kind !== 'weapon' || !item.equipped) continue;
    const finesse = item.properties.includes('finesse');
    const ranged = item.properties.includes('ammunition');
    const ability = ranged ? 'dex' : finesse && mods.dex > mods.str ? 'dex' : 'str';
    const magic = item.effects.reduce((sum, e) => (e.target === 'weapon' ? sum + e.value : sum), 0);
    const damageBonus = mods[ability] + magic;
    attacks.push({
      id: item.id,
      name: item.name,
      toHit: mods[ability] + proficiency + magic + (bonus['attack.all'] || 0),
      damage: item.damage + (damageBonus === 0 ? '' : (damageBonus > 0 ? '+' : '') + damageBonus),
      range: ranged ? item.range : 5,
    });
  }
  attacks.sort((a, b) => b.toHit - a.toHit || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const heaviest = actor.items
    .slice()
    .sort((a, b) => b.weight * b.quantity - a.weight * a.quantity)
    .slice(0, 5)
    .map((item) => item.name);
  const capacity = scores.str * 15;
  return {
    level,
    proficiency,
    scores,
    mods,
    saves,
    skills,
    armorClass: armor + shield + (bonus.ac || 0),
    initiative: mods.dex + (bonus.initiative || 0),
    hitPoints: actor.hitDice * (actor.hitDie / 2 + 1) + mods.con * level + (bonus.hp || 0),
    encumbrance: {
      carried: Math.round(carried * 10) / 10,
      capacity,
      level:
        carried > capacity
          ? 'over'
          : carried > (capacity * 2) / 3
            ? 'heavy'
            : carried > capacity / 3
              ? 'medium'
              : 'light',
    },
    attacks,
    inventory: byKind,
    heaviest,
  };
};
`;

/** The module's manifest. */
export const BENCH_MANIFEST = {
  id: 'bench',
  name: 'Bench',
  version: '1.0.0',
  api: 1,
  entry: 'rules.js',
};

/** A small table: a GM, two players, a 30 × 20 scene with a wall, four tokens, combat running. */
export const BENCH_STATE = {
  players: {
    gm: { name: 'Game master', gm: true },
    ana: { name: 'Ana', gm: false },
    ben: { name: 'Ben', gm: false },
  },
  scenes: {
    crypt: {
      width: 30,
      height: 20,
      gridFeet: 5,
      walls: Array.from({ length: 12 }, (_, i) => (4 + i) * 30 + 15),
    },
  },
  tokens: {
    t1: { scene: 'crypt', owner: 'ana', x: 3, y: 4, speed: 30, movedThisTurn: 5 },
    t2: { scene: 'crypt', owner: 'ben', x: 8, y: 9, speed: 25, movedThisTurn: 0 },
    t3: { scene: 'crypt', owner: 'gm', x: 20, y: 6, speed: 30, movedThisTurn: 0 },
    t4: { scene: 'crypt', owner: 'gm', x: 21, y: 7, speed: 40, movedThisTurn: 0 },
  },
  combat: { active: true, round: 2, turn: 't1' },
};

/** Ana moves her token four squares, two of them diagonal: 25 ft of her 25 left. Valid. */
export const BENCH_MOVE_INTENT = {
  kind: 'move',
  by: 'ana',
  tokenId: 't1',
  path: [
    { x: 4, y: 5 },
    { x: 5, y: 5 },
    { x: 6, y: 6 },
    { x: 7, y: 6 },
  ],
};

const KINDS = ['weapon', 'armor', 'shield', 'gear', 'consumable', 'treasure'] as const;
const TARGETS = [
  'ability.str',
  'ability.dex',
  'ability.con',
  'save.all',
  'skill.stealth',
  'skill.perception',
  'skill.all',
  'ac',
  'initiative',
  'attack.all',
  'weapon',
  'hp',
];

/** A level-9 character with 200 items, a tenth of them equipped. Deterministic. */
export function makeBenchActor() {
  const items = Array.from({ length: 200 }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    return {
      id: `item-${i}`,
      name: `${kind} ${(i * 37) % 200}`,
      kind,
      quantity: 1 + (i % 3),
      weight: ((i * 13) % 50) / 5,
      equipped: i % 10 === 0 || i % 10 === 1,
      attunement: i % 7 === 0,
      attuned: i % 14 === 0,
      armor: kind === 'armor' ? 11 + (i % 8) : kind === 'shield' ? 2 : 0,
      maxDex: kind === 'armor' ? (i % 3 === 0 ? null : i % 3) : null,
      damage: kind === 'weapon' ? `1d${[4, 6, 8, 10, 12][i % 5]}` : null,
      range: kind === 'weapon' ? 80 + (i % 4) * 40 : null,
      properties:
        kind === 'weapon' ? (['finesse', 'light', 'ammunition'].slice(i % 3) as string[]) : [],
      effects: Array.from({ length: i % 4 }, (_, j) => ({
        target: TARGETS[(i + j * 5) % TARGETS.length] as string,
        value: 1 + ((i + j) % 2),
      })),
    };
  });
  return {
    id: 'actor-ana',
    name: 'Ana of the Crypt',
    level: 9,
    hitDice: 9,
    hitDie: 8,
    abilities: { str: 12, dex: 17, con: 14, int: 10, wis: 13, cha: 8 },
    saveProficiencies: ['dex', 'int'],
    skillProficiencies: ['acrobatics', 'perception', 'stealth', 'investigation'],
    expertise: ['stealth'],
    items,
  };
}
