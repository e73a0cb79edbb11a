/**
 * Fixtures for srd5e's tests: a few characters and monsters with the numbers of SRD 5.1, a table
 * (members, a scene with a 5-ft square grid of 100-px cells, tokens) to put them on, intents, and
 * a seed finder.
 *
 * The seed finder is how a test checks a worked example with real dice: it walks fixed seeds in
 * order and returns the first whose dice stream gives the faces the example needs (a natural 20
 * on the attack, say). The stream is the one the sandbox hands `ctx.dice` (ChaCha20 from the
 * seed, one draw per die), and the tests also check the draws the sandbox recorded, so a change
 * in either fails loudly rather than quietly testing something else.
 */
import { createSeededDice, parseSeedHex } from '@meshtable/dice';
import type { Actor, Intent, JsonObject, TableState, Token } from '@meshtable/module-sdk';

/** The module folder. */
export const MODULE_DIR = new URL('..', import.meta.url);

/** Ana's player, another player and the GM. */
export const PLAYER = 'u-ana';
export const OTHER_PLAYER = 'u-bo';
export const GM = 'u-gm';

/** Pixels per grid cell on the test scene. */
export const CELL = 100;

/** Seeds for sweeps over many rolls: fixed, so a failure can be replayed. */
export const SEEDS = Array.from({ length: 40 }, (_, i) => `5d5e${i.toString(16).padStart(4, '0')}`);

/** An actor of type `type`, owned by `owners`. */
export function actor(
  id: string,
  type: 'character' | 'npc',
  name: string,
  data: JsonObject,
  owners: string[] = [],
): Actor {
  return { id, type, name, owners, data };
}

/**
 * Ana, a 3rd-level human fighter: Str 16, Dex 14, Con 14, chain mail and a shield (AC 18),
 * 28 hit points (10 + 2 at 1st level, 6 + 2 at 2nd and 3rd).
 */
export function ana(data: JsonObject = {}, owners: string[] = [PLAYER]): Actor {
  return actor(
    'ana',
    'character',
    'Ana',
    {
      classes: [{ name: 'Fighter', level: 3 }],
      abilities: { str: 16, dex: 14, con: 14, int: 10, wis: 12, cha: 8 },
      skills: { athletics: 'proficient', perception: 'proficient' },
      armor: {
        name: 'Chain mail',
        type: 'heavy',
        base: 16,
        strength: 13,
        stealthDisadvantage: true,
      },
      shield: true,
      hp: 28,
      tempHp: 0,
      speed: { walk: 30 },
      attacks: [
        {
          name: 'Longsword',
          kind: 'melee',
          damage: '1d8',
          damageType: 'slashing',
          versatile: '1d10',
          properties: 'versatile',
        },
        {
          name: 'Longbow',
          kind: 'ranged',
          damage: '1d8',
          damageType: 'piercing',
          range: 150,
          longRange: 600,
          properties: 'ammunition, heavy, two-handed',
        },
        {
          name: 'Dagger',
          kind: 'melee',
          damage: '1d4',
          damageType: 'piercing',
          range: 20,
          longRange: 60,
          properties: 'finesse, light, thrown',
        },
      ],
      ...data,
    },
    owners,
  );
}

/**
 * Bram, a 5th-level wizard: Int 16 (spell save DC 14, spell attack +6), slots 4/3/2, Fire Bolt
 * as a 5th-level cantrip (2d10).
 */
export function bram(data: JsonObject = {}, owners: string[] = [OTHER_PLAYER]): Actor {
  return actor(
    'bram',
    'character',
    'Bram',
    {
      classes: [{ name: 'Wizard', level: 5 }],
      abilities: { str: 8, dex: 14, con: 12, int: 16, wis: 12, cha: 10 },
      hp: 27,
      speed: { walk: 30 },
      spells: [
        { name: 'Fire Bolt', level: 0 },
        { name: 'Detect Magic', level: 1, ritual: true },
        { name: 'Magic Missile', level: 1 },
        { name: 'Misty Step', level: 2 },
        { name: 'Fireball', level: 3 },
      ],
      attacks: [
        {
          name: 'Fire Bolt',
          kind: 'spell',
          damage: '1d10',
          damageType: 'fire',
          range: 120,
          cantrip: true,
        },
        {
          name: 'Fireball',
          kind: 'save',
          damage: '8d6',
          damageType: 'fire',
          saveAbility: 'dex',
          saveEffect: 'half',
          range: 150,
        },
      ],
      ...data,
    },
    owners,
  );
}

/** A goblin as SRD 5.1 prints it: AC 15, 7 (2d6) hit points, scimitar +4 (1d6+2 slashing). */
export function goblin(id = 'goblin', data: JsonObject = {}): Actor {
  return actor(id, 'npc', id === 'goblin' ? 'Goblin' : `Goblin ${id.slice(-1)}`, {
    size: 'small',
    cr: '1/4',
    abilities: { str: 8, dex: 14, con: 10, int: 10, wis: 8, cha: 8 },
    skills: { stealth: 'expertise' },
    armor: { name: 'Leather armor', type: 'light', base: 11 },
    shield: true,
    hitDice: '2d6',
    hp: 7,
    speed: { walk: 30 },
    attacks: [
      {
        name: 'Scimitar',
        kind: 'melee',
        damage: '1d6',
        damageType: 'slashing',
        properties: 'finesse, light',
      },
      {
        name: 'Shortbow',
        kind: 'ranged',
        damage: '1d6',
        damageType: 'piercing',
        range: 80,
        longRange: 320,
      },
    ],
    ...data,
  });
}

/** A token at cell (col, row) of scene s1. */
export function token(
  id: string,
  actorId: string | null,
  col: number,
  row: number,
  size = 1,
): Token {
  return {
    id,
    sceneId: 's1',
    actorId,
    name: id,
    image: null,
    x: col * CELL,
    y: row * CELL,
    size,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
  } as unknown as Token;
}

/** The test scene: square cells of 100 px and 5 ft. */
export const SCENE = {
  id: 's1',
  name: 'Crossroads',
  order: 0,
  width: 4000,
  height: 4000,
  background: null,
  grid: {
    type: 'square',
    size: CELL,
    offsetX: 0,
    offsetY: 0,
    color: '#000000',
    distance: 5,
    units: 'ft',
  },
};

/** The members as the validator summarizes them. */
export const MEMBERS = {
  [PLAYER]: { name: 'Ana’s player', role: 'player', status: 'member' },
  [OTHER_PLAYER]: { name: 'Bram’s player', role: 'player', status: 'member' },
  [GM]: { name: 'The GM', role: 'gm', status: 'member' },
};

/**
 * A table: these actors, these tokens (by default Ana at (0,0), Bram at (0,2) and the goblin
 * next to Ana at (1,0)), the scene and the members.
 */
export function table(actors: Actor[], tokens?: Token[]): TableState {
  const placed = tokens ?? [
    token('t-ana', 'ana', 0, 0),
    token('t-bram', 'bram', 0, 2),
    token('t-goblin', 'goblin', 1, 0),
  ];
  return {
    actors: Object.fromEntries(actors.map((a) => [a.id, a])),
    tokens: Object.fromEntries(
      placed.filter((t) => actors.some((a) => a.id === t.actorId)).map((t) => [t.id, t]),
    ),
    scenes: { s1: SCENE },
    members: MEMBERS,
  } as unknown as TableState;
}

let seq = 0;
/** An intent of `kind` by `author`. */
export function intent(kind: string, payload: JsonObject, author = PLAYER): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}

/**
 * The first seed, in a fixed order (`5eed000000`, `5eed000001`, …), whose dice for these sides
 * (one draw each, in order) satisfy `wanted`.
 */
export function seedWhere<const T extends readonly number[]>(
  sides: T,
  wanted: (faces: { -readonly [K in keyof T]: number }) => boolean,
): string {
  for (let i = 0; i < 500_000; i++) {
    const seed = `5eed${i.toString(16).padStart(6, '0')}`;
    if (wanted(facesOf(seed, sides) as { -readonly [K in keyof T]: number })) return seed;
  }
  throw new Error('no seed of the first 500,000 gives those dice');
}

/** The faces a seed gives for dice of these sides, in order. */
export function facesOf(seed: string, sides: readonly number[]): number[] {
  const dice = createSeededDice(parseSeedHex(seed));
  return sides.map((s) => dice.nextInt(s));
}

/** A change of an `apply` result, as the tests read it. */
export interface AppliedChange {
  readonly op: string;
  readonly collection: string;
  readonly id: string;
  readonly path: readonly string[];
  readonly value?: unknown;
}

/**
 * The changes and the roll card of an `apply` result: a list of changes, or
 * `{ changes, result }` when the ruling also shows the table a result.
 */
export function appliedOf(value: unknown): { changes: AppliedChange[]; result: unknown } {
  if (Array.isArray(value)) return { changes: value as AppliedChange[], result: undefined };
  const { changes, result } = value as { changes: AppliedChange[]; result?: unknown };
  return { changes, result };
}

/** The `data` field changes of one actor, as { key: value }. */
export function dataChanges(
  changes: readonly AppliedChange[],
  actorId: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.collection === 'actors' && change.id === actorId && change.path[0] === 'data') {
      out[change.path.slice(1).join('.')] = change.op === 'set' ? change.value : undefined;
    }
  }
  return out;
}
