/**
 * The sandbox benchmark's second module, as source text (both engines run this very text), and
 * the data its hook is called with: a `validate` for a move given only its destination, as a VTT
 * sends when a token is dragged and dropped. The rules find the cheapest path themselves, on a
 * 60 × 60 dungeon with walls and difficult terrain (Dijkstra over square and diagonal parity, for
 * the alternate-diagonal rule), and check that it fits the movement left. 3.3 KB of JSON in (284
 * wall and 253 difficult squares as index lists), `{"ok":true}` out: the call is the engine's loops
 * and arrays, not the boundary.
 *
 * A module of its own rather than a case of the first module's `validate`, to keep each source
 * short enough to read; a game system would hold both intents in one `validate`.
 */

/** The module's `rules.js`. */
export const PATH_RULES_SOURCE = String.raw`'use strict';
const OPEN = 0;
const DIFFICULT = 1;
const WALL = 2;
// The eight steps, orthogonal ones first.
const STEP_X = [1, -1, 0, 0, 1, 1, -1, -1];
const STEP_Y = [0, 0, 1, -1, 1, -1, 1, -1];

/** The scene's squares by index (y * width + x): OPEN, DIFFICULT or WALL. */
function terrainOf(scene) {
  const terrain = new Array(scene.width * scene.height).fill(OPEN);
  for (const square of scene.difficult) terrain[square] = DIFFICULT;
  for (const square of scene.walls) terrain[square] = WALL;
  return terrain;
}

/**
 * The cost in squares of the cheapest path from one square to another, or -1 when no path costs
 * at most limit. Under the alternate-diagonal rule the first diagonal of a move costs one square,
 * the second two, the third one again: a step's cost depends on the path before it, so the search
 * runs over (square, whether the path so far took an odd number of diagonals). Entering difficult
 * terrain costs double; a diagonal may not cut the corner of a wall.
 */
function cheapestPath(scene, terrain, from, to, limit) {
  const width = scene.width;
  const height = scene.height;
  const states = width * height * 2;
  const best = new Array(states).fill(Infinity);
  // A binary min-heap of cost * states + state: one number that orders by cost and names the state.
  const heap = [];
  const push = (entry) => {
    let at = heap.length;
    heap.push(entry);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (heap[parent] <= entry) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = entry;
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      let at = 0;
      for (;;) {
        let child = at * 2 + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = last;
    }
    return top;
  };

  const start = (from.y * width + from.x) * 2;
  const target = to.y * width + to.x;
  best[start] = 0;
  push(start);
  while (heap.length > 0) {
    const entry = pop();
    const cost = Math.floor(entry / states);
    const state = entry - cost * states;
    if (cost > best[state]) continue;
    const square = state >> 1;
    if (square === target) return cost;
    const odd = state & 1;
    const x = square % width;
    const y = (square - x) / width;
    for (let step = 0; step < 8; step++) {
      const nx = x + STEP_X[step];
      const ny = y + STEP_Y[step];
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const next = ny * width + nx;
      if (terrain[next] === WALL) continue;
      const diagonal = step >= 4;
      if (diagonal && (terrain[y * width + nx] === WALL || terrain[ny * width + x] === WALL)) {
        continue;
      }
      let squares = diagonal ? 1 + odd : 1;
      if (terrain[next] === DIFFICULT) squares *= 2;
      const total = cost + squares;
      if (total > limit) continue;
      const nextState = next * 2 + (diagonal ? 1 - odd : odd);
      if (total < best[nextState]) {
        best[nextState] = total;
        push(total * states + nextState);
      }
    }
  }
  return -1;
}

exports.validate = function validate(intent, state) {
  if (intent.kind !== 'moveTo') return { ok: true };
  const token = state.tokens[intent.tokenId];
  if (token === undefined) return { ok: false, reason: 'there is no such token' };
  const player = state.players[intent.by];
  if (player === undefined) return { ok: false, reason: 'unknown player' };
  if (token.owner !== intent.by && !player.gm) {
    return { ok: false, reason: 'you do not control this token' };
  }
  const combat = state.combat;
  if (combat.active && combat.turn !== intent.tokenId && !player.gm) {
    return { ok: false, reason: 'it is not this token\'s turn' };
  }
  const scene = state.scenes[token.scene];
  const to = intent.to;
  if (!Number.isInteger(to.x) || !Number.isInteger(to.y)) {
    return { ok: false, reason: 'a destination is a square' };
  }
  if (to.x < 0 || to.y < 0 || to.x >= scene.width || to.y >= scene.height) {
    return { ok: false, reason: 'that square is outside the scene' };
  }
  if (to.x === token.x && to.y === token.y) return { ok: false, reason: 'the token is there' };
  for (const id in state.tokens) {
    const other = state.tokens[id];
    const here = other.scene === token.scene && other.x === to.x && other.y === to.y;
    if (id !== intent.tokenId && here) return { ok: false, reason: 'that square is taken' };
  }
  const terrain = terrainOf(scene);
  if (terrain[to.y * scene.width + to.x] === WALL) {
    return { ok: false, reason: 'that square is a wall' };
  }
  // A token that took the Dash action this turn has twice its speed.
  const speed = token.dashed ? token.speed * 2 : token.speed;
  const left = combat.active ? speed - token.movedThisTurn : speed;
  if (cheapestPath(scene, terrain, token, to, Math.floor(left / scene.gridFeet)) < 0) {
    const reason = 'no path of at most ' + left + ' ft (what is left this turn) gets there';
    return { ok: false, reason };
  }
  return { ok: true };
};
`;

/** The module's manifest. */
export const PATH_MANIFEST = {
  id: 'bench-path',
  name: 'Bench pathfinding',
  version: '1.0.0',
  api: 1,
  entry: 'rules.js',
};

const SIDE = 60;
const at = (x: number, y: number) => y * SIDE + x;

/**
 * A 60 × 60 dungeon of nine rooms: walls along x = 19 and 40 and y = 19 and 40 with two-square
 * doors, pillars in the middle hall, rubble in three rooms and a stream of shallow water (both
 * difficult terrain). Deterministic.
 */
function makeDungeon() {
  const walls = new Set<number>();
  const doors = new Set<number>();
  const line = (from: number, to: number, square: (i: number) => number) => {
    for (let i = from; i <= to; i++) walls.add(square(i));
  };
  for (const fixed of [19, 40]) {
    line(0, SIDE - 1, (i) => at(fixed, i));
    line(0, SIDE - 1, (i) => at(i, fixed));
  }
  // Doors: each two squares wide, in the walls between rooms.
  for (const [x, y, across] of [
    [19, 8, false],
    [40, 30, false],
    [19, 50, false],
    [8, 40, true],
    [30, 19, true],
    [50, 40, true],
    [40, 12, false],
    [28, 40, true],
  ] as const) {
    for (let i = 0; i < 2; i++) doors.add(across ? at(x + i, y) : at(x, y + i));
  }
  for (const door of doors) walls.delete(door);
  for (let y = 23; y <= 36; y += 4) {
    for (let x = 23; x <= 36; x += 4) {
      for (const square of [at(x, y), at(x + 1, y), at(x, y + 1), at(x + 1, y + 1)]) {
        walls.add(square);
      }
    }
  }
  const difficult = new Set<number>();
  for (const [x0, y0, w, h] of [
    [4, 24, 8, 6],
    [44, 4, 10, 5],
    [25, 45, 7, 9],
  ] as const) {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) difficult.add(at(x, y));
  }
  for (let i = 0; i < SIDE; i++) {
    const x = Math.floor(SIDE / 2 + 12 * Math.sin(i / 7));
    for (const square of [at(x, i), at(x + 1, i)]) if (!walls.has(square)) difficult.add(square);
  }
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return {
    width: SIDE,
    height: SIDE,
    gridFeet: 5,
    walls: sorted(walls),
    difficult: sorted(difficult),
  };
}

/** A GM, two players, the dungeon, four tokens; combat running and Ana's turn. */
export const PATH_STATE = {
  players: {
    gm: { name: 'Game master', gm: true },
    ana: { name: 'Ana', gm: false },
    ben: { name: 'Ben', gm: false },
  },
  scenes: { dungeon: makeDungeon() },
  tokens: {
    t1: { scene: 'dungeon', owner: 'ana', x: 10, y: 10, speed: 30, movedThisTurn: 0, dashed: true },
    t2: { scene: 'dungeon', owner: 'ben', x: 12, y: 9, speed: 25, movedThisTurn: 0, dashed: false },
    t3: { scene: 'dungeon', owner: 'gm', x: 30, y: 25, speed: 30, movedThisTurn: 0, dashed: false },
    t4: { scene: 'dungeon', owner: 'gm', x: 45, y: 50, speed: 40, movedThisTurn: 0, dashed: false },
  },
  combat: { active: true, round: 3, turn: 't1' },
};

/**
 * Ana, who took the Dash action, drops her token in the next room: the cheapest path, through the
 * door, costs exactly the 60 ft she has. Valid; the search goes through most of her room (746
 * entries leave the heap) before it reaches the destination.
 */
export const PATH_MOVE_INTENT = { kind: 'moveTo', by: 'ana', tokenId: 't1', to: { x: 22, y: 9 } };
