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
  type Scene,
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

/** A 5 ft square grid of 50-pixel squares: token positions are top-left corners in pixels. */
const SQUARE = 50;
const scene: Scene = {
  id: 's1',
  name: 'Crossroads',
  width: 1000,
  height: 1000,
  grid: { type: 'square', size: SQUARE, offsetX: 0, offsetY: 0, distance: 5, units: 'ft' },
};
function token(id: string, actorId: string | null, x: number, y: number, owners: string[] = []) {
  return { id, sceneId: 's1', actorId, x: x * SQUARE, y: y * SQUARE, size: 1, owners };
}
/** Ana and a goblin side by side, and a boulder two squares to Ana's right. */
const tokens: Record<string, Token> = {
  't-ana': token('t-ana', 'ana', 0, 0, ['u-ana']),
  't-grub': token('t-grub', 'grub', 1, 1),
  't-rock': token('t-rock', null, 2, 0),
};
const members: TableState['members'] = {
  'u-ana': { name: 'Ana', role: 'player', status: 'member' },
  'u-gm': { name: 'Gwen', role: 'gm', status: 'member' },
};
const state: TableState = { actors: { ana, grub }, tokens, scenes: { s1: scene }, members };
/** The same, with the goblin out of Ana's reach. */
const grubAway: TableState = {
  ...state,
  tokens: { ...tokens, 't-grub': token('t-grub', 'grub', 3, 3) },
};

let seq = 0;
function intent(kind: string, payload: JsonObject, author = 'u-ana'): Intent {
  seq++;
  return { id: `i${seq}`, kind, payload, author, seq };
}
/** A move of Ana's token to a square, as the app sends it: the square's corner in pixels. */
const moveAna = (x: number, y: number, author = 'u-ana') =>
  intent('token.move', { tokenId: 't-ana', x: x * SQUARE, y: y * SQUARE }, author);
const attack = (attackerId: string, targetId: string, author = 'u-ana') =>
  intent('template:attack', { attackerId, targetId }, author);

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
  it('"On your turn": accepts a move of up to 6 squares, diagonals counting as one', async () => {
    expect(await rules.validate(moveAna(6, -6), state)).toEqual({ ok: true });
    expect(await rules.validate(moveAna(0, 6), state)).toEqual({ ok: true });
  });

  it.each([
    ['beyond the speed', moveAna(7, 0), 'Ana moves at most 6 squares; that is 7'],
    [
      'a part of a square beyond it',
      intent('token.move', { tokenId: 't-ana', x: 6 * SQUARE + 10, y: 0 }),
      'Ana moves at most 6 squares; that is 7',
    ],
    ['onto a taken square', moveAna(2, 0), 'that square is taken by "t-rock"'],
    ['an attack out of reach', attack('ana', 'grub'), "Grub is out of reach of Ana's sword"],
    [
      'an attack with a character the player does not control',
      attack('grub', 'ana'),
      'you do not control Grub',
    ],
    ['an attack on no one', attack('ana', 'nobody'), 'there is no "nobody" to attack'],
    [
      'an attack without its payload',
      intent('template:attack', { target: 'grub' }),
      'an attack names its attacker and its target: { attackerId, targetId }',
    ],
    [
      'a kind of its own it does not know',
      intent('template:fly', {}),
      'the template rules know no "template:fly" intent',
    ],
    ['any other unknown kind', intent('fly', {}), 'the template rules know no "fly" intent'],
  ])('refuses %s, saying why', async (_what, refused, reason) => {
    expect(await rules.validate(refused, grubAway)).toEqual({ ok: false, reason });
  });

  it('refuses a move of a character who is down', async () => {
    const down: TableState = { ...state, actors: { ana: character('ana', { hp: 0 }), grub } };
    expect(await rules.validate(moveAna(1, 0), down)).toEqual({
      ok: false,
      reason: 'Ana is down and cannot move',
    });
  });

  it('lets a GM place tokens anywhere, and anyone move a token that is no character', async () => {
    expect(await rules.validate(moveAna(12, 0, 'u-gm'), state)).toEqual({ ok: true });
    const rock = intent('token.move', { tokenId: 't-rock', x: 900, y: 900 });
    expect(await rules.validate(rock, state)).toEqual({ ok: true });
  });

  it('has no rule on the other core kinds: the core checks them alone', async () => {
    for (const ok of [
      intent('roll', { notation: '1d20+2', label: 'Might check' }),
      intent('sheet.edit', { actorId: 'ana', path: ['notes'], value: 'hello' }),
      intent('chat.command', { name: 'attack', text: 'grub', actorId: 'ana' }),
      intent('damage.apply', { actorId: 'grub', amount: 3 }),
    ]) {
      expect(await rules.validate(ok, state), ok.kind).toEqual({ ok: true });
    }
  });

  it('accepts an attack in reach, a GM attacking with a monster, and no attack on the fallen', async () => {
    expect(await rules.validate(attack('ana', 'grub'), state)).toEqual({ ok: true });
    expect(await rules.validate(attack('grub', 'ana', 'u-gm'), state)).toEqual({ ok: true });
    const down: TableState = { ...state, actors: { ana, grub: character('grub', { hp: 0 }, []) } };
    expect(await rules.validate(attack('ana', 'grub'), down)).toEqual({
      ok: false,
      reason: 'Grub is already down',
    });
  });
});

describe('apply', () => {
  it('"On your turn": an attack hits on the defense, deals damage plus might, crits roll the dice twice', async () => {
    // Ana: attack +4, might +2, sword 1d8. Grub: defense 10 - 1 + 1 = 10, 20 hp.
    const seen = { hit: 0, miss: 0, critical: 0 };
    for (const seed of SEEDS) {
      const outcome = await rules.call('apply', [attack('ana', 'grub'), state], { seed });
      if (!outcome.ok) throw outcome.error;
      const [d20, ...damage] = outcome.draws.map((draw) => draw.value) as [number, ...number[]];
      const critical = d20 === 20;
      const hit = critical || (d20 !== 1 && d20 + 4 >= 10);
      const card = {
        attackerId: 'ana',
        targetId: 'grub',
        weapon: 'sword',
        defense: 10,
        attack: expect.objectContaining({ notation: '1d20+4', total: d20 + 4 }),
        natural: d20,
        hit,
        critical,
        total: d20 + 4,
      };
      if (!hit) {
        seen.miss++;
        expect(damage).toEqual([]);
        expect(outcome.value).toEqual({
          changes: [],
          result: {
            ...card,
            text: `Ana attacks Grub (sword): 1d20+4: [${d20}]+4 = ${d20 + 4} against defense 10, a miss`,
          },
        });
        continue;
      }
      seen[critical ? 'critical' : 'hit']++;
      expect(damage).toHaveLength(critical ? 2 : 1);
      const dealt = Math.max(1, damage.reduce((sum, face) => sum + face, 0) + 2);
      expect(outcome.value).toEqual({
        changes: [
          { op: 'set', collection: 'actors', id: 'grub', path: ['data', 'hp'], value: 20 - dealt },
        ],
        result: {
          ...card,
          damage: expect.objectContaining({
            notation: critical ? '1d8+1d8+2' : '1d8+2',
            total: dealt,
          }),
          dealt,
          hp: 20 - dealt,
          text: expect.stringMatching(
            new RegExp(
              `, a (critical )?hit; .* = ${dealt}: ${dealt} damage, Grub 20 → ${20 - dealt} hp$`,
            ),
          ),
        },
      });
    }
    // The seeds cover every branch (a fixed list: this cannot flake).
    expect(seen.hit).toBeGreaterThan(0);
    expect(seen.miss).toBeGreaterThan(0);
    expect(seen.critical).toBeGreaterThan(0);
  });

  it('shows every die of the attack on the roll card', async () => {
    const { result } = await rules.ruling(attack('ana', 'grub'), state, { seed: SEEDS[0] });
    expect(result).toMatchObject({
      attack: { rolls: [{ kind: 'dice', dice: [{ sides: 20, kept: true }] }] },
    });
  });

  it('applies damage to hit points, never below 0, and heals up to the maximum', async () => {
    // Ana: 20 of 24 hit points.
    expect(
      await rules.ruling(intent('damage.apply', { actorId: 'ana', amount: 5 }), state),
    ).toEqual({
      changes: [{ op: 'set', collection: 'actors', id: 'ana', path: ['data', 'hp'], value: 15 }],
      result: { actorId: 'ana', hp: 15, change: -5, text: 'Ana takes 5 damage: 20 → 15 hp' },
    });
    expect(
      await rules.apply(intent('damage.apply', { actorId: 'ana', amount: 99 }), state),
    ).toEqual([{ op: 'set', collection: 'actors', id: 'ana', path: ['data', 'hp'], value: 0 }]);
    expect(
      await rules.ruling(intent('damage.apply', { actorId: 'ana', amount: -10 }), state),
    ).toEqual({
      changes: [{ op: 'set', collection: 'actors', id: 'ana', path: ['data', 'hp'], value: 24 }],
      result: { actorId: 'ana', hp: 24, change: 4, text: 'Ana heals 10: 20 → 24 hp' },
    });
  });

  it('is deterministic, as every peer re-running the ruling needs', async () => {
    await rules.checkDeterminism('apply', [attack('ana', 'grub'), state], { seed: 'feed' });
  });
});

describe('/attack', () => {
  it('asks for a template:attack with the character the player speaks as', async () => {
    expect(await rules.command('attack', { text: ' grub ', actor: ana })).toEqual({
      intent: { kind: 'template:attack', payload: { attackerId: 'ana', targetId: 'grub' } },
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
