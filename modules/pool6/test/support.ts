/**
 * Fixtures for pool6's tests: the characters of the reference pages (Kestrel, the street ganger),
 * a table to put them on, and a seed finder.
 *
 * The seed finder is how a test checks a worked example with real dice: it walks fixed seeds in
 * order and returns the first whose dice stream shows the faces the example needs (three ones in
 * five dice, say). The stream is the one the sandbox gives `ctx.dice` (ChaCha20 from the seed, a
 * d6 per `nextInt(6)`), and every test also checks the draws the sandbox recorded, so a change in
 * either would fail loudly rather than test something else.
 */
import { createSeededDice, parseSeedHex } from '@meshtable/dice';
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

/** The module folder. */
export const MODULE_DIR = new URL('..', import.meta.url);

/** Kestrel's player, a second player and the GM. */
export const PLAYER = 'u-ana';
export const OTHER_PLAYER = 'u-bo';
export const GM = 'u-gm';

/** Seeds for sweeps over many rolls: fixed, so a failure can be replayed. */
export const SEEDS = Array.from({ length: 40 }, (_, i) => `9001${i.toString(16).padStart(4, '0')}`);

/** Kestrel, the example runner of reference/dice-pools.md. */
export function kestrel(data: JsonObject = {}, owners: string[] = [PLAYER]): Actor {
  return {
    id: 'kestrel',
    type: 'runner',
    name: 'Kestrel',
    owners,
    data: {
      attributes: {
        body: 4,
        agility: 5,
        reaction: 4,
        strength: 3,
        willpower: 3,
        logic: 4,
        intuition: 5,
        charisma: 2,
        luck: 3,
        magic: 0,
      },
      luckPoints: 3,
      initiativeDice: 1,
      skills: [
        { name: 'Pistols', attribute: 'agility', rating: 5 },
        { name: 'Sneaking', attribute: 'agility', rating: 4 },
        { name: 'Perception', attribute: 'intuition', rating: 3 },
      ],
      weapons: [
        {
          name: 'Heavy pistol',
          skill: 'Pistols',
          damage: 5,
          type: 'physical',
          ap: -1,
          accuracy: 5,
          range: 50,
        },
        {
          name: 'Hold-out pistol',
          skill: 'Pistols',
          damage: 3,
          type: 'physical',
          ap: 0,
          accuracy: 4,
          range: 15,
        },
      ],
      armor: [{ name: 'Street jacket', value: 4, worn: true }],
      damage: { physical: 0, stun: 0, overflow: 0 },
      ...data,
    },
  };
}

/** The street ganger of reference/combat.md: a grunt of professional rating 1. */
export function ganger(data: JsonObject = {}, id = 'ganger'): Actor {
  return {
    id,
    type: 'npc',
    name: 'Ganger',
    owners: [],
    data: {
      professionalRating: 1,
      attributes: {
        body: 4,
        agility: 3,
        reaction: 3,
        strength: 3,
        willpower: 2,
        logic: 2,
        intuition: 3,
        charisma: 2,
        luck: 1,
        magic: 0,
      },
      skills: [{ name: 'Close Combat', attribute: 'agility', rating: 2 }],
      weapons: [
        {
          name: 'Knife',
          skill: 'Close Combat',
          damage: 1,
          addStrength: true,
          type: 'physical',
          ap: -1,
          accuracy: 5,
          range: 1,
        },
      ],
      armor: [{ name: 'Street jacket', value: 4, worn: true }],
      damage: { physical: 0, stun: 0, overflow: 0 },
      ...data,
    },
  };
}

/** A token, 1 cell big, at a pixel position on scene s1. */
export function token(
  id: string,
  actorId: string | null,
  x: number,
  y: number,
  more: Partial<Token> = {},
): Token {
  return {
    id,
    sceneId: 's1',
    actorId,
    x,
    y,
    size: 1,
    conditions: [],
    owners: actorId === 'kestrel' ? [PLAYER] : [],
    ...more,
  };
}

/** The scene of the examples: 1 m cells drawn 50 pixels wide. */
export const SCENE: Scene = {
  id: 's1',
  name: 'Docks',
  width: 2000,
  height: 2000,
  grid: { type: 'square', size: 50, offsetX: 0, offsetY: 0, distance: 1, units: 'm' },
};

/**
 * A table with these actors and tokens, the scene above, and its members: Ana and Bo play,
 * Gail runs the game.
 */
export function table(
  actors: Actor[],
  tokens: Token[] = [],
  scenes: Scene[] = [SCENE],
): TableState {
  return {
    actors: Object.fromEntries(actors.map((actor) => [actor.id, actor])),
    tokens: Object.fromEntries(tokens.map((t) => [t.id, t])),
    scenes: Object.fromEntries(scenes.map((scene) => [scene.id, scene])),
    members: {
      [PLAYER]: { name: 'Ana', role: 'player', status: 'member' },
      [OTHER_PLAYER]: { name: 'Bo', role: 'player', status: 'member' },
      [GM]: { name: 'Gail', role: 'gm', status: 'member' },
    },
  };
}

/** apply's answer as `{ changes, result }`, whichever of its two forms it came in. */
export function ruled(value: HookResults['apply']): { changes: Change[]; result?: JsonValue } {
  return Array.isArray(value) ? { changes: value } : value;
}

let seq = 0;
/** An intent as the GM's validator hands it to the rules. */
export function intent(kind: string, payload: JsonValue, author = PLAYER): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}

/** Hits among faces: 5s and 6s. */
export const hitsOf = (faces: readonly number[]) => faces.filter((face) => face >= 5).length;
/** Ones among faces. */
export const onesOf = (faces: readonly number[]) => faces.filter((face) => face === 1).length;

/**
 * The first seed, in a fixed order (`600d000000`, `600d000001`, …), whose first `count` d6
 * satisfy `wanted`.
 * @throws when none of the first 200,000 does (the wish is too unlikely: ask for less)
 */
export function seedWhere(count: number, wanted: (faces: number[]) => boolean): string {
  for (let i = 0; i < 200_000; i++) {
    const seed = `600d${i.toString(16).padStart(6, '0')}`;
    const dice = createSeededDice(parseSeedHex(seed));
    const faces = Array.from({ length: count }, () => dice.nextInt(6));
    if (wanted(faces)) return seed;
  }
  throw new Error('no seed of the first 200,000 gives those dice');
}

/** The first `count` d6 a seed gives. */
export function facesOf(seed: string, count: number): number[] {
  const dice = createSeededDice(parseSeedHex(seed));
  return Array.from({ length: count }, () => dice.nextInt(6));
}
