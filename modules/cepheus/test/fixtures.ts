/**
 * Shared test fixtures: a small crew and a thug on a scene of 1.5 m squares, intents, and the
 * table state as the GM validator hands it to the module (with its member summary).
 */
import type {
  Actor,
  Change,
  HookResults,
  Intent,
  JsonObject,
  JsonValue,
  Scene,
  TableState,
  Token,
} from '@meshtable/module-sdk';

/** The module folder, for loadModule. */
export const MODULE_DIR = new URL('..', import.meta.url);

/** Fixed seeds for rules checked over many rolls: a failure can be replayed. */
export const SEEDS = Array.from({ length: 80 }, (_, i) => `ce${i.toString(16).padStart(4, '0')}`);

/** Pixels per grid cell on the test scene; a cell is 1.5 m. */
export const CELL = 50;

/** A character sheet with every field the rules read, overridable field by field. */
export function character(
  id: string,
  data: Partial<JsonObject> = {},
  owners: string[] = ['u-ana'],
  type = 'character',
): Actor {
  return {
    id,
    type,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    owners,
    data: {
      characteristics: { str: 7, dex: 10, end: 8, int: 9, edu: 8, soc: 7 },
      current: { str: 7, dex: 10, end: 8, int: 9, edu: 8, soc: 7 },
      skills: [
        { name: 'Slug Pistol', level: 1 },
        { name: 'Medicine', level: 2 },
        { name: 'Athletics', level: 0 },
      ],
      weapons: [
        { name: 'Auto Pistol', damage: '2d6', range: 'ranged (pistol)', skill: 'Slug Pistol' },
        {
          name: 'Dagger',
          damage: '1d6',
          range: 'melee (close quarters)',
          skill: 'Piercing Weapons',
          thrown: true,
        },
        {
          name: 'Laser Pistol',
          damage: '4d6',
          range: 'ranged (pistol)',
          skill: 'Energy Pistol',
          laser: true,
        },
      ],
      armor: [{ name: 'Mesh', protection: 5 }],
      credits: 1000,
      ...data,
    },
  };
}

/** Ana, a player's character: UPP 7A8987, Slug Pistol-1, Medicine-2, Athletics-0, mesh. */
export const ana = character('ana');

/** Grub, the GM's thug: UPP 867543, Bludgeoning Weapons-1, a cudgel, a jack. */
export const grub = character(
  'grub',
  {
    characteristics: { str: 8, dex: 6, end: 7, int: 5, edu: 4, soc: 3 },
    current: { str: 8, dex: 6, end: 7, int: 5, edu: 4, soc: 3 },
    skills: [{ name: 'Bludgeoning Weapons', level: 1 }],
    weapons: [
      {
        name: 'Cudgel',
        damage: '3d6',
        range: 'melee (close quarters)',
        skill: 'Bludgeoning Weapons',
      },
    ],
    armor: [{ name: 'Jack', protection: 3 }],
  },
  [],
  'npc',
);

/** The members' summary: one GM, one player. */
export const members: TableState['members'] = {
  'u-gm': { name: 'Referee', role: 'gm', status: 'member' },
  'u-ana': { name: 'Ana', role: 'player', status: 'member' },
};

/** The test scene: 40 by 40 cells of 1.5 m. */
export const scene: Scene = {
  id: 's1',
  name: 'Docking bay',
  width: 40 * CELL,
  height: 40 * CELL,
  grid: { type: 'square', size: CELL, offsetX: 0, offsetY: 0, distance: 1.5, units: 'm' },
};

/** The test scene with another grid: `{ size: CELL, distance: 5, units: 'ft' }`. */
export function sceneWith(grid: Pick<Scene['grid'], 'distance' | 'units'>): Scene {
  return { ...scene, grid: { ...scene.grid, ...grid } };
}

/** A token standing for an actor, at a cell of the test scene. */
export function token(
  id: string,
  actorId: string | null,
  cellX: number,
  cellY: number,
  size = 1,
): Token {
  return {
    id,
    sceneId: 's1',
    actorId,
    name: id,
    x: cellX * CELL,
    y: cellY * CELL,
    size,
    rotation: 0,
    conditions: [],
    owners: actorId === 'ana' ? ['u-ana'] : [],
  };
}

/** A table state with Ana and Grub `cells` squares apart on one row of the scene. */
export function stateWith(
  actors: readonly Actor[] = [ana, grub],
  cells = 4,
  extra: Partial<TableState> = {},
): TableState {
  return {
    actors: Object.fromEntries(actors.map((actor) => [actor.id, actor])),
    tokens: {
      't-ana': token('t-ana', 'ana', 0, 0),
      't-grub': token('t-grub', 'grub', cells, 0),
    },
    scenes: { s1: scene },
    combat: {},
    members,
    ...extra,
  };
}

/** An active fight on the test scene between Ana and Grub. */
export const fight = {
  c1: {
    id: 'c1',
    sceneId: 's1',
    active: true,
    round: 1,
    turn: 0,
    combatants: [
      { id: 'k1', tokenId: 't-ana', actorId: 'ana', name: 'Ana', initiative: 9 },
      { id: 'k2', tokenId: 't-grub', actorId: 'grub', name: 'Grub', initiative: 7 },
    ],
  },
} satisfies Record<string, JsonObject>;

let seq = 0;
/** An intent as the validator passes it on. */
export function intent(kind: string, payload: JsonValue, author = 'u-ana'): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}

/** The sum of some draws' values. */
export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** apply's answer as `{ changes, result }`, whichever of its two forms it came in. */
export function ruled(value: HookResults['apply']): { changes: Change[]; result?: JsonValue } {
  return Array.isArray(value) ? { changes: value } : value;
}

/** The result of a ruling as the roll card it is. */
export function cardOf(ruling: { result?: JsonValue }): JsonObject {
  return ruling.result as JsonObject;
}

/** The value a change sets (undefined for a delete). */
export function setValue(change: Change | undefined): JsonValue | undefined {
  return change?.op === 'set' ? change.value : undefined;
}
