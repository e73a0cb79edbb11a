/**
 * Shared characters, table state and helpers of the OpenD6 tests. The numbers of the worked
 * examples come from the OpenD6 text; the characters are this module's own.
 */
import type {
  Actor,
  HookResults,
  Intent,
  JsonObject,
  JsonValue,
  TableState,
  Token,
} from '@meshtable/module-sdk';
import type { ModuleHarness } from '@meshtable/module-sdk/harness';
import { expect } from 'vitest';

export const MODULE_DIR = new URL('..', import.meta.url);

/** Fixed seeds for tests that check a rule over many rolls: a failure can be replayed. */
export const SEEDS = Array.from({ length: 120 }, (_, i) => `d6${i.toString(16).padStart(4, '0')}`);

export const GM = 'u-gm';
export const ANA = 'u-ana';
export const BO = 'u-bo';

/** A character's data: the six attributes, some skills, gear. */
export function sheet(overrides: JsonObject = {}): JsonObject {
  return {
    attributes: {
      agility: {
        code: '3D+1',
        skills: [
          { name: 'dodge', adds: '1D', specialization: '', bonus: '0D' },
          { name: 'firearms', adds: '1D', specialization: '', bonus: '0D' },
          { name: 'firearms', adds: '1D', specialization: 'energy pistols', bonus: '1D' },
          { name: 'melee combat', adds: '0D+2', specialization: '', bonus: '0D' },
        ],
      },
      strength: {
        code: '3D',
        skills: [{ name: 'stamina', adds: '1D', specialization: '', bonus: '0D' }],
      },
      mechanical: { code: '2D+2', skills: [] },
      knowledge: {
        code: '3D',
        skills: [{ name: 'willpower', adds: '0D+1', specialization: '', bonus: '0D' }],
      },
      perception: {
        code: '3D+1',
        skills: [{ name: 'search', adds: '1D', specialization: '', bonus: '0D' }],
      },
      technical: {
        code: '2D+2',
        skills: [{ name: 'medicine', adds: '1D', specialization: '', bonus: '0D' }],
      },
      metaphysics: { code: '0D', skills: [] },
    },
    move: 10,
    wounds: 0,
    unconscious: false,
    characterPoints: 5,
    fatePoints: 1,
    fateActive: false,
    fateRound: null,
    cpLimit: 5,
    criticalFailure: 'remove',
    equipment: [
      {
        name: 'energy pistol',
        kind: 'weapon',
        skill: 'firearms: energy pistols',
        damage: '4D',
        ranges: '3-10/30/120',
        armor: '',
        stun: false,
        equipped: true,
        notes: '',
      },
      {
        name: 'padded vest',
        kind: 'armor',
        skill: '',
        damage: '',
        ranges: '',
        armor: '+1D',
        stun: false,
        equipped: true,
        notes: '',
      },
    ],
    defense: null,
    lastRoll: null,
    species: 'human',
    concept: 'courier',
    notes: '',
    ...overrides,
  };
}

export function actor(
  id: string,
  data: JsonObject = sheet(),
  owners: string[] = [ANA],
  type = 'character',
): Actor {
  return { id, type, name: id[0]?.toUpperCase() + id.slice(1), owners, data };
}

/** Attributes only, for characters whose numbers a worked example gives. */
export function attributes(codes: Record<string, string>, skills: JsonObject = {}): JsonObject {
  const result: JsonObject = {};
  for (const [key, code] of Object.entries(codes)) {
    result[key] = { code, skills: (skills[key] as JsonValue) ?? [] };
  }
  return result;
}

/** A scene whose grid cell is 50 px and 1.5 m, and two tokens on it. */
export function table(
  actors: Actor[],
  positions: Record<string, [number, number]> = {},
): TableState {
  const tokens: Record<string, Token> = {};
  for (const one of actors) {
    const [x, y] = positions[one.id] ?? [0, 0];
    tokens[`t-${one.id}`] = {
      id: `t-${one.id}`,
      sceneId: 's1',
      actorId: one.id,
      name: one.name,
      x,
      y,
      size: 1,
      conditions: [],
      owners: [...one.owners],
    };
  }
  return {
    actors: Object.fromEntries(actors.map((one) => [one.id, one])),
    tokens,
    scenes: {
      s1: {
        id: 's1',
        name: 'Spaceport',
        width: 2000,
        height: 2000,
        grid: { type: 'square', size: 50, offsetX: 0, offsetY: 0, distance: 1.5, units: 'm' },
      },
    },
    combat: {},
    members: {
      [GM]: { name: 'Gail', role: 'gm', status: 'member' },
      [ANA]: { name: 'Ana', role: 'player', status: 'member' },
      [BO]: { name: 'Bo', role: 'player', status: 'member' },
    },
  };
}

/** The same table with an active combat on the scene, in the given round. */
export function inCombat(state: TableState, round = 1): TableState {
  return {
    ...state,
    combat: { c1: { id: 'c1', sceneId: 's1', active: true, round, turn: 0, combatants: [] } },
  };
}

let seq = 0;
export function intent(kind: string, payload: JsonValue, author = ANA): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}

/** The values of the dice a call drew, in order. */
export function faces(draws: readonly { value: number }[]): number[] {
  return draws.map((draw) => draw.value);
}

/** Calls a hook and returns the value and the faces drawn; fails the test on an error. */
export async function drawn<T>(
  rules: ModuleHarness,
  hook: 'roll' | 'apply' | 'initiative',
  args: unknown[],
  seed: string,
): Promise<{ value: T; dice: number[] }> {
  const outcome = await rules.call(hook, args as never, { seed });
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return { value: outcome.value as T, dice: faces(outcome.draws) };
}

/** What apply answers: its changes, or `{ changes, result }`. */
export type Applied = HookResults['apply'];

/** The `set` changes of an apply (in either form), as { "collection id path": value }. */
export function changed(applied: Applied): Record<string, JsonValue> {
  const changes: readonly JsonObject[] = Array.isArray(applied)
    ? applied
    : (applied as { changes: JsonObject[] }).changes;
  const out: Record<string, JsonValue> = {};
  for (const change of changes) {
    expect(change.op).toBe('set');
    out[`${change.collection} ${change.id} ${(change.path as string[]).join('.')}`] =
      change.value as JsonValue;
  }
  return out;
}

/** The result of an apply: what the receipt shows the table, a roll card for a roll. */
export function resultOf(applied: Applied): JsonObject {
  if (Array.isArray(applied)) throw new Error('apply gave no result');
  return (applied as { result: JsonObject }).result;
}

/** A roll card's shape, for reading results in tests. */
export interface Card {
  total: number;
  text: string;
  code: string;
  rolled: string;
  dice: {
    normal: number[];
    wild: {
      rolls: number[];
      total: number;
      criticalSuccess: boolean;
      criticalFailure: boolean;
    } | null;
    characterPoints: { rolls: number[]; total: number }[];
  };
  removed: { die: string; index: number; value: number }[];
  criticalFailure: boolean;
  criticalSuccess: boolean;
  complication: boolean;
  success?: boolean;
  margin?: number;
  difficulty?: { value: number; level: string };
  pips: number;
}

/**
 * Splits the faces of a roll into the Wild Die's chain (drawn first: it rolls on while it
 * shows 6), the normal dice and what follows.
 */
export function splitWild(dice: number[], normalCount: number) {
  let end = 0;
  while (dice[end] === 6) end++;
  const wild = dice.slice(0, end + 1);
  return {
    wild,
    normal: dice.slice(end + 1, end + 1 + normalCount),
    rest: dice.slice(end + 1 + normalCount),
  };
}
