/**
 * The template's rules, run in the real sandbox through the module SDK's harness: what a module
 * author's tests look like. Each hook is called as the table calls it (frozen JSON arguments,
 * a dice seed, the manifest's budget), and rolls are checked against the dice they drew.
 */
import {
  type Actor,
  derivedPathsOf,
  type Intent,
  type JsonObject,
  type TableState,
  type Token,
  valueAtPath,
} from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MODULE_DIR = new URL('..', import.meta.url);
/** Seeds for tests that check a rule over many rolls: fixed, so a failure can be replayed. */
const SEEDS = Array.from({ length: 40 }, (_, i) => `5eed${i.toString(16).padStart(4, '0')}`);

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

function character(id: string, data: Partial<JsonObject> = {}, owners = ['u-ana']): Actor {
  return {
    id,
    type: 'character',
    name: id[0]?.toUpperCase() + id.slice(1),
    owners,
    data: {
      level: 3,
      abilities: { might: 14, agility: 12, wits: 9 },
      hp: 20,
      armor: 2,
      weapon: { name: 'sword', damage: '1d8', reach: 1 },
      ...data,
    },
  };
}

const ana = character('ana');
const grub = character('grub', { abilities: { might: 12, agility: 8, wits: 6 }, armor: 1 }, []);

/** Ana and a goblin side by side on one scene, and a boulder two squares to the right. */
const tokens = {
  't-ana': { id: 't-ana', sceneId: 's1', actorId: 'ana', x: 0, y: 0 },
  't-grub': { id: 't-grub', sceneId: 's1', actorId: 'grub', x: 1, y: 1 },
  't-rock': { id: 't-rock', sceneId: 's1', actorId: null, x: 2, y: 0 },
} satisfies Record<string, Token>;
const state: TableState = { actors: { ana, grub }, tokens };
/** The same, with the goblin out of Ana's reach. */
const grubAway: TableState = {
  ...state,
  tokens: { ...tokens, 't-grub': { ...tokens['t-grub'], x: 3, y: 3 } },
};

let seq = 0;
function intent(kind: string, payload: JsonObject, author = 'u-ana'): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}

describe('the module', () => {
  it('loads with every hook and the /attack command', () => {
    expect(rules.manifest.id).toBe('template');
    expect(rules.hooks).toEqual(['derive', 'roll', 'initiative', 'validate', 'apply', 'command']);
    expect(rules.commands).toEqual([
      { name: 'attack', description: 'Attack a creature in reach: /attack <target id>' },
    ]);
  });

  it('has a character sheet that shows only values derive computes', async () => {
    const derived = await rules.derive(ana);
    const sheet = rules.sheets.character;
    if (sheet === undefined) throw new Error('module.json names no character sheet');
    const paths = derivedPathsOf(sheet);
    expect(paths).toContain('modifiers.might');
    for (const path of paths) expect(valueAtPath(derived, path), path).toBeDefined();
  });

  it('has sheet buttons that roll valid dice, for a new character and a compendium ogre', async () => {
    const fresh = await rules.checkSheet('character');
    expect(fresh.rolls.map((roll) => roll.notation)).toContain('1d4+0');
    const entry = rules.compendium.bestiary?.entries.find((candidate) => candidate.id === 'ogre');
    const ogre = rules.newActor('character', { name: 'Ogre', data: entry?.data });
    const { derived } = await rules.checkSheet('character', ogre);
    expect(derived).toMatchObject({ maxHp: 40, attack: 6 });
  });
});

describe('derive', () => {
  it('computes modifiers, hit points, defense and attack from the sheet', async () => {
    expect(await rules.derive(ana)).toEqual({
      modifiers: { might: 2, agility: 1, wits: -1 },
      proficiency: 2,
      maxHp: 24,
      defense: 13,
      attack: 4,
      speed: 6,
      bloodied: false,
    });
  });

  it('makes a character who is down easier to hit, and marks half hit points as bloodied', async () => {
    expect(await rules.derive(character('ana', { hp: 0 }))).toMatchObject({
      defense: 8,
      bloodied: true,
    });
    expect(await rules.derive(character('ana', { hp: 12 }))).toMatchObject({ bloodied: true });
    expect(await rules.derive(character('ana', { hp: 13 }))).toMatchObject({ bloodied: false });
  });
});

describe('roll', () => {
  it('reads a d20 check: natural, critical, fumble and success against the target', async () => {
    for (const seed of SEEDS) {
      const outcome = await rules.call('roll', [{ notation: '1d20+3', target: 15 }], { seed });
      if (!outcome.ok) throw outcome.error;
      const natural = outcome.draws[0]?.value as number;
      expect(outcome.value).toEqual({
        total: natural + 3,
        text: `1d20+3: [${natural}]+3 = ${natural + 3}`,
        natural,
        critical: natural === 20,
        fumble: natural === 1,
        success: natural === 20 || (natural !== 1 && natural + 3 >= 15),
      });
    }
  });

  it('keeps the higher of two d20 with advantage and the lower with disadvantage', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      for (const [mode, pick] of [
        ['advantage', Math.max],
        ['disadvantage', Math.min],
      ] as const) {
        const outcome = await rules.call('roll', [{ notation: '1d20+1', mode }], { seed });
        if (!outcome.ok) throw outcome.error;
        const [first, second] = outcome.draws.map((draw) => draw.value) as [number, number];
        expect(outcome.draws).toHaveLength(2);
        expect(outcome.value).toMatchObject({ natural: pick(first, second) });
        expect(outcome.value.total).toBe(pick(first, second) + 1);
      }
    }
  });

  it('rolls anything else as written', async () => {
    expect(await rules.roll({ notation: '2d6+1' }, { seed: 'ab' })).toEqual({
      total: expect.any(Number),
      text: expect.stringMatching(/^2d6\+1: \[\d, \d\]\+1 = \d+$/),
    });
  });

  it('is deterministic: the same request and seed give the same dice on every peer', async () => {
    await rules.checkDeterminism('roll', [{ notation: '1d20+5', mode: 'advantage' }], {
      seed: 'ab12',
    });
  });
});

describe('initiative', () => {
  it('is d20 + agility modifier, with the agility score breaking ties', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await rules.call('initiative', [ana], { seed });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.value).toBeCloseTo((outcome.draws[0]?.value as number) + 1 + 0.12, 10);
    }
  });
});

describe('validate', () => {
  it('accepts a move of up to 6 squares to a free square', async () => {
    const move = intent('move', { tokenId: 't-ana', x: 6, y: -6 });
    expect(await rules.validate(move, state)).toEqual({ ok: true });
  });

  it.each([
    [
      'beyond the speed',
      intent('move', { tokenId: 't-ana', x: 7, y: 0 }),
      'Ana moves at most 6 squares; that is 7',
    ],
    [
      'onto a taken square',
      intent('move', { tokenId: 't-ana', x: 2, y: 0 }),
      'that square is taken by "t-rock"',
    ],
    [
      "another player's token",
      intent('move', { tokenId: 't-grub', x: 2, y: 2 }),
      'you do not control the token "t-grub"',
    ],
    [
      'a token that does not exist',
      intent('move', { tokenId: 't-nope', x: 0, y: 1 }),
      'there is no token "t-nope"',
    ],
    [
      'half a square',
      intent('move', { tokenId: 't-ana', x: 0.5, y: 1 }),
      'a move ends on a square: x and y are whole numbers',
    ],
    [
      'an attack out of reach',
      intent('attack', { attackerId: 'ana', targetId: 'grub' }),
      "Grub is out of reach of Ana's sword",
    ],
    [
      'an attack with a character the player does not control',
      intent('attack', { attackerId: 'grub', targetId: 'ana' }),
      'you do not control "grub"',
    ],
    [
      'an intent the rules do not know',
      intent('fly', {}),
      'the template rules know no "fly" intent (only move and attack)',
    ],
  ])('refuses %s, saying why', async (_what, refused, reason) => {
    expect(await rules.validate(refused, grubAway)).toEqual({ ok: false, reason });
  });

  it('accepts an attack in reach, and refuses one on a target that is down', async () => {
    const attack = intent('attack', { attackerId: 'ana', targetId: 'grub' });
    expect(await rules.validate(attack, state)).toEqual({ ok: true });
    const down: TableState = { ...state, actors: { ana, grub: character('grub', { hp: 0 }, []) } };
    expect(await rules.validate(attack, down)).toEqual({
      ok: false,
      reason: 'Grub is already down',
    });
  });
});

describe('apply', () => {
  it('moves the token', async () => {
    expect(await rules.apply(intent('move', { tokenId: 't-ana', x: 3, y: 1 }), state)).toEqual([
      { op: 'set', collection: 'tokens', id: 't-ana', path: ['x'], value: 3 },
      { op: 'set', collection: 'tokens', id: 't-ana', path: ['y'], value: 1 },
    ]);
  });

  it('resolves an attack from its dice: hit on the defense, damage plus might, crits roll twice', async () => {
    const attack = intent('attack', { attackerId: 'ana', targetId: 'grub' });
    // Ana: attack +4, might +2, sword 1d8. Grub: defense 10 - 1 + 1 = 10, 20 hp.
    const outcomes = { hit: 0, miss: 0, critical: 0 };
    for (const seed of SEEDS) {
      const outcome = await rules.call('apply', [attack, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const [d20, ...damage] = outcome.draws.map((draw) => draw.value) as [number, ...number[]];
      const hits = d20 === 20 || (d20 !== 1 && d20 + 4 >= 10);
      if (!hits) {
        outcomes.miss++;
        expect(outcome.value).toEqual([]);
        expect(damage).toEqual([]);
        continue;
      }
      outcomes[d20 === 20 ? 'critical' : 'hit']++;
      expect(damage).toHaveLength(d20 === 20 ? 2 : 1);
      const dealt = Math.max(1, damage.reduce((sum, face) => sum + face, 0) + 2);
      expect(outcome.value).toEqual([
        { op: 'set', collection: 'actors', id: 'grub', path: ['data', 'hp'], value: 20 - dealt },
      ]);
      expect(outcome.logs[1]).toContain(`hit for ${dealt}: Grub 20 → ${20 - dealt} hp`);
    }
    // The seeds cover both branches (a fixed list: this cannot flake).
    expect(outcomes.hit).toBeGreaterThan(0);
    expect(outcomes.miss).toBeGreaterThan(0);
  });

  it('is deterministic, as every peer re-running the ruling needs', async () => {
    const attack = intent('attack', { attackerId: 'ana', targetId: 'grub' });
    await rules.checkDeterminism('apply', [attack, state], { seed: 'feed' });
  });
});

describe('/attack', () => {
  it('asks for an attack with the character the player speaks as', async () => {
    expect(await rules.command('attack', { text: ' grub ', actor: ana })).toEqual({
      message: 'Ana attacks grub.',
      intent: { kind: 'attack', payload: { attackerId: 'ana', targetId: 'grub' } },
    });
  });

  it('explains itself without a target or a character', async () => {
    expect(await rules.command('attack', { text: '', actor: ana })).toEqual({
      message: 'Usage: /attack <target id>',
    });
    expect(await rules.command('attack', { text: 'grub' })).toEqual({
      message: 'Select the character you attack with first.',
    });
  });
});
