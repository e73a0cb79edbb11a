/**
 * The table the intent-to-commit benchmarks (in Node, and on 8 Chromium pages) play on, and its
 * small rules module (as source text, for the real sandbox). One 40 × 30 scene of 70 px squares; each player's token has a row of
 * its own, 24 NPC tokens share the last two; each player has a character sheet of about 1 KB.
 */
import { type RulesHost, toYValue } from '@meshtable/campaign';
import { createModuleBundle, moduleFilesFromText, type Sandbox } from '@meshtable/sandbox';
import { type Actor, type Scene, TABLE_MAPS, type Token } from '@meshtable/schema';
import type * as Y from 'yjs';

/** The scene every token stands on. */
export const BENCH_SCENE: Scene = {
  id: 'battle',
  name: 'The flooded crypt',
  order: 0,
  width: 40 * 70,
  height: 30 * 70,
  background: null,
  grid: {
    type: 'square',
    size: 70,
    offsetX: 0,
    offsetY: 0,
    color: '#000000',
    distance: 5,
    units: 'ft',
  },
};

/** A token on square (column, row), moved by `owners` (and the GM). */
export function benchToken(id: string, column: number, row: number, owners: string[]): Token {
  return {
    id,
    sceneId: BENCH_SCENE.id,
    actorId: null,
    name: id,
    image: null,
    x: column * BENCH_SCENE.grid.size,
    y: row * BENCH_SCENE.grid.size,
    size: 1,
    rotation: 0,
    bars: [{ value: 17, max: 24, color: '#cc2222' }],
    conditions: [],
    owners,
  };
}

/** The GM's tokens: 24 on every other square of the last two rows. */
export const BENCH_NPC_TOKENS: readonly Token[] = Array.from({ length: 24 }, (_, i) =>
  benchToken(`npc-${i}`, (i >> 1) * 2, 28 + (i % 2), []),
);

const SKILLS = [
  'acrobatics',
  'arcana',
  'athletics',
  'deception',
  'history',
  'insight',
  'intimidation',
  'investigation',
  'medicine',
  'nature',
  'perception',
  'performance',
  'persuasion',
  'religion',
  'stealth',
  'survival',
];

/** A player character's sheet: abilities, skills, hit points and a short inventory. */
export function benchActor(id: string, owner: string): Actor {
  return {
    id,
    type: 'character',
    name: `Hero ${id}`,
    image: null,
    owners: [owner],
    data: {
      level: 5,
      abilities: { str: 10, dex: 16, con: 14, int: 12, wis: 13, cha: 8 },
      hp: { value: 17, max: 24, temp: 0 },
      skills: Object.fromEntries(SKILLS.map((skill, i) => [skill, { proficient: i % 3 === 0 }])),
      items: Array.from({ length: 8 }, (_, i) => ({
        name: `Item ${i}`,
        weight: i + 1,
        equipped: i < 3,
      })),
    },
  };
}

/**
 * The module's manifest. Its budget is the largest a manifest may ask for: the sandbox's
 * watchdog starts when a call is sent, so on a loaded machine a call of well under a millisecond
 * can outlast the default 250 ms while the host's thread or the worker waits for a core, and the
 * move is then refused (the rules failed, MODULE_TIMEOUT) and the run stops.
 */
export const MOVE_RULES_MANIFEST = {
  id: 'bench-moves',
  name: 'Benchmark moves',
  version: '1.0.0',
  api: 1,
  entry: 'rules.js',
  budgetMs: 5000,
};

/**
 * A module that rules on moves as a small game system would: the mover owns the token or is a
 * GM, the token stays on its scene and on the grid, moves at most 6 squares, and does not end on
 * another token's square. `apply` moves it.
 */
export const MOVE_RULES_SOURCE = `'use strict';
exports.validate = function validate(intent, state) {
  if (intent.kind !== 'token.move') return { ok: true };
  const { tokenId, x, y } = intent.payload;
  const token = state.tokens[tokenId];
  if (token === undefined) return { ok: false, reason: 'there is no such token' };
  const mover = state.members[intent.author];
  if (!token.owners.includes(intent.author) && !(mover !== undefined && mover.role === 'gm')) {
    return { ok: false, reason: 'you do not control this token' };
  }
  const scene = state.scenes[token.sceneId];
  if (scene === undefined) return { ok: false, reason: 'the token is on no scene' };
  const cell = scene.grid.size;
  if (x % cell !== 0 || y % cell !== 0) return { ok: false, reason: 'a token stands on a square' };
  if (x < 0 || y < 0 || x + token.size * cell > scene.width || y + token.size * cell > scene.height) {
    return { ok: false, reason: 'that is off the scene' };
  }
  const squares = Math.max(Math.abs(x - token.x), Math.abs(y - token.y)) / cell;
  if (squares > 6) return { ok: false, reason: 'that is ' + squares + ' squares; you move 6' };
  for (const id of Object.keys(state.tokens)) {
    const other = state.tokens[id];
    if (id !== tokenId && other.sceneId === token.sceneId && other.x === x && other.y === y) {
      return { ok: false, reason: 'that square is taken' };
    }
  }
  return { ok: true };
};
exports.apply = function apply(intent) {
  if (intent.kind !== 'token.move') return [];
  const { tokenId, x, y } = intent.payload;
  return [
    { op: 'set', collection: 'tokens', id: tokenId, path: ['x'], value: x },
    { op: 'set', collection: 'tokens', id: tokenId, path: ['y'], value: y },
  ];
};
`;

/**
 * Writes the table in one transaction of `origin`: the scene, for the player `players[p]` a sheet
 * `pc-p` and a token `pc-p` on row p, and the NPC tokens. Returns how many tokens it holds.
 */
export function writeBenchTable(
  table: Y.Doc,
  players: readonly string[],
  origin?: unknown,
): number {
  const tokens = table.getMap(TABLE_MAPS.tokens);
  table.transact(() => {
    table.getMap(TABLE_MAPS.scenes).set(BENCH_SCENE.id, toYValue(BENCH_SCENE));
    players.forEach((userId, p) => {
      const actor = benchActor(`pc-${p}`, userId);
      table.getMap(TABLE_MAPS.actors).set(actor.id, toYValue(actor));
      const token = benchToken(`pc-${p}`, 0, p, [userId]);
      tokens.set(token.id, toYValue(token));
    });
    for (const token of BENCH_NPC_TOKENS) tokens.set(token.id, toYValue(token));
  }, origin);
  return tokens.size;
}

/** Loads the small rules module into `sandbox`. */
export async function loadMoveRules(sandbox: Sandbox): Promise<RulesHost> {
  return await sandbox.load(
    createModuleBundle(
      moduleFilesFromText({
        'module.json': JSON.stringify(MOVE_RULES_MANIFEST),
        'rules.js': MOVE_RULES_SOURCE,
      }),
    ),
  );
}
