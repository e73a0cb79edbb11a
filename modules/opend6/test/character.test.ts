/**
 * The character as the rules read it (OpenD6 "Character Basics": "Attributes", "Skills",
 * "Move", "Strength Damage"), initiative ("Game Basics": "Initiative"), and the checks on
 * sheet edits and token moves.
 */

import type { JsonObject, Scene, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANA,
  actor,
  attributes,
  BO,
  drawn,
  GM,
  intent,
  MODULE_DIR,
  SEEDS,
  sheet,
  splitWild,
  table,
} from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const ana = actor('ana');

describe('derive', () => {
  it('adds every skill to its attribute and every specialization to its skill', async () => {
    expect(await rules.derive(ana)).toMatchObject({
      attributes: {
        agility: '3D+1',
        strength: '3D',
        mechanical: '2D+2',
        knowledge: '3D',
        perception: '3D+1',
        technical: '2D+2',
        metaphysics: '0D',
      },
      skills: {
        agility: 'dodge 4D+1, firearms 4D+1, firearms: energy pistols 5D+1, melee combat 4D',
        strength: 'stamina 4D',
        mechanical: '',
      },
      skillCodes: {
        dodge: '4D+1',
        firearms: '4D+1',
        'firearms: energy pistols': '5D+1',
        'melee combat': '4D',
        search: '4D+1',
        medicine: '3D+2',
      },
      strengthDamage: '2D',
      resistance: '4D',
      armor: '+1D',
      passiveDefense: 10,
      move: 10,
      freeMove: 5,
      initiative: '3D+1',
      woundLevel: 'Healthy',
      woundPenalty: '0D',
      canAct: true,
      down: false,
      characterPoints: 5,
      fatePoints: 1,
      cpLimit: '5 per roll',
      weapons: 'energy pistol: firearms: energy pistols 5D+1, damage 4D, 3-10/30/120 m',
      problems: '',
    });
  });

  it('OpenD6 "Skills": Physique 3D+1 with one pip more lifts at 3D+2, with two at 4D', async () => {
    for (const [adds, code] of [
      ['0D+1', '3D+2'],
      ['0D+2', '4D'],
    ] as const) {
      const lifter = actor(
        'lifter',
        sheet({
          attributes: attributes(
            { strength: '3D+1' },
            { strength: [{ name: 'lift', adds, specialization: '', bonus: '0D' }] },
          ),
        }),
      );
      expect(((await rules.derive(lifter)).skillCodes as JsonObject).lift).toBe(code);
    }
  });

  it('OpenD6 "Skills": demolitions 3D+2 with a +1 vehicles specialization rolls 4D', async () => {
    const sapper = actor(
      'sapper',
      sheet({
        attributes: attributes(
          { knowledge: '3D' },
          {
            knowledge: [
              { name: 'demolitions', adds: '0D+2', specialization: '', bonus: '0D' },
              { name: 'demolitions', adds: '0D+2', specialization: 'vehicles', bonus: '0D+1' },
            ],
          },
        ),
      }),
    );
    expect((await rules.derive(sapper)).skillCodes).toEqual({
      demolitions: '3D+2',
      'demolitions: vehicles': '4D',
    });
  });

  it('OpenD6 "Strength Damage": 3D Strength gives 2D; a 6D+2 lift gives 3D', async () => {
    const strong = (code: string, lift?: string) =>
      actor(
        'strong',
        sheet({
          attributes: attributes(
            { strength: code },
            lift === undefined
              ? {}
              : { strength: [{ name: 'lift', adds: lift, specialization: '', bonus: '0D' }] },
          ),
          equipment: [],
        }),
      );
    expect(await rules.derive(strong('3D'))).toMatchObject({ strengthDamage: '2D' });
    expect(await rules.derive(strong('4D', '2D+2'))).toMatchObject({ strengthDamage: '3D' });
    expect(await rules.derive(strong('1D+2'))).toMatchObject({ strengthDamage: '1D' });
  });

  it('OpenD6 "Wound Levels": shows the level and its penalty', async () => {
    const levels = [
      ['Healthy', '0D', ''],
      ['Stunned', '1D', '-1D to all actions this round and next'],
      ['Wounded', '1D', '-1D to all actions until healed'],
      ['Severely Wounded', '2D', '-2D to all actions until healed'],
      ['Incapacitated', '3D', '-3D to all actions (stayed up)'],
      ['Mortally Wounded', '0D', 'unconscious and dying: roll Strength each round'],
      ['Dead', '0D', 'dead'],
    ];
    for (const [wounds, [woundLevel, woundPenalty, woundEffect]] of levels.entries()) {
      expect(await rules.derive(actor('ana', sheet({ wounds })))).toMatchObject({
        woundLevel,
        woundPenalty,
        woundEffect,
        canAct: wounds < 5,
        down: wounds >= 4,
      });
    }
  });

  it('still shows a sheet with a malformed code, and says what is wrong', async () => {
    const typing = actor('ana', sheet({ attributes: attributes({ agility: '3X' }) }));
    expect(await rules.derive(typing)).toMatchObject({
      attributes: { agility: '0D' },
      problems: 'Agility "3X" cannot contain "X": write it like "3D+2"',
    });
  });
});

describe('initiative', () => {
  it('OpenD6 "Initiative": a Perception roll with the Wild Die; ties go by Perception, search, Agility, dodge', async () => {
    for (const seed of SEEDS.slice(0, 40)) {
      const { value, dice } = await drawn<number>(rules, 'initiative', [ana], seed);
      const { wild, normal } = splitWild(dice, 2);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      const total =
        wild[0] === 1 ? sum(normal) - Math.max(...normal) + 1 : sum(wild) + sum(normal) + 1;
      // Perception 3D+1 (10 pips), search 4D+1 (13), Agility 3D+1 (10), dodge 4D+1 (13).
      expect(value).toBeCloseTo(total + 0.10131013, 9);
    }
  });

  it('OpenD6 "Ties/No Rolls": of two equal rolls, the better search goes first', async () => {
    const sharp = actor('sharp');
    const dull = actor(
      'dull',
      sheet({
        attributes: {
          ...(sheet().attributes as JsonObject),
          perception: { code: '3D+1', skills: [] },
        },
      }),
    );
    for (const seed of SEEDS.slice(0, 10)) {
      const first = await rules.initiative(sharp, { seed });
      const second = await rules.initiative(dull, { seed });
      expect(Math.floor(first)).toBe(Math.floor(second));
      expect(first).toBeGreaterThan(second);
    }
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('initiative', [ana], { seed: 'beef' });
  });
});

describe('sheet edits', () => {
  const state = table([ana]);
  const edit = (path: string[], value: unknown, author = ANA) =>
    intent('sheet.edit', { actorId: 'ana', path, value } as JsonObject, author);

  it('accepts an owner raising a skill', async () => {
    const path = ['attributes', 'agility', 'skills', '0', 'adds'];
    expect(await rules.validate(edit(path, '2D'), state)).toEqual({ ok: true });
  });

  it.each([
    [
      'a malformed attribute code',
      ['attributes', 'agility', 'code'],
      '3X',
      'Agility "3X" cannot contain "X": write it like "3D+2"',
    ],
    [
      'a code without a number of dice',
      ['attributes', 'agility', 'skills', '0', 'adds'],
      'D+1',
      `dodge's added dice "D+1": a die code starts with its number of dice ("1D", not "D")`,
    ],
    [
      'a skill list with a bad row',
      ['attributes', 'strength', 'skills'],
      [{ name: 'lift', adds: '1d8', specialization: '', bonus: '0D' }],
      `lift's added dice "1d8": OpenD6 rolls six-sided dice only, not d8`,
    ],
    [
      'an attribute OpenD6 does not have',
      ['attributes', 'charisma'],
      { code: '3D', skills: [] },
      '"charisma" is not an attribute (they are agility, strength, mechanical, knowledge, perception, technical, metaphysics)',
    ],
    ['a field the sheet does not have', ['hp'], 12, '"hp" is not a field of an OpenD6 sheet'],
    [
      'a weapon range that is not a range listing',
      ['equipment', '0', 'ranges'],
      'far',
      'ranges "far" must read short/medium/long in metres, like "3-10/30/120"',
    ],
    [
      'its own wound level',
      ['wounds'],
      0,
      'only the GM changes the wound level; the rules keep it',
    ],
    [
      'its own Character Points',
      ['characterPoints'],
      50,
      'only the GM changes Character Points; the rules keep it',
    ],
    [
      'the Critical Failure rule',
      ['criticalFailure'],
      'flag',
      'only the GM changes what a Critical Failure does; the rules keep it',
    ],
  ])('refuses a player editing %s, saying why', async (_what, path, value, reason) => {
    expect(await rules.validate(edit(path, value), state)).toEqual({ ok: false, reason });
  });

  it('lets the GM set a wound level, within the levels', async () => {
    expect(await rules.validate(edit(['wounds'], 2, GM), state)).toEqual({ ok: true });
    expect(await rules.validate(edit(['wounds'], 7, GM), state)).toEqual({
      ok: false,
      reason: 'wounds must be a whole number from 0 to 6',
    });
  });
});

describe('token moves', () => {
  // One grid cell is 50 px and 1.5 m: Ana's Move of 10 m is 333 px.
  const state = table([ana, actor('bo', sheet(), [BO])]);
  const move = (x: number, y: number, author = ANA, tokenId = 't-ana') =>
    intent('token.move', { tokenId, x, y }, author);

  it('OpenD6 "Move": accepts a move within the Move of 10 m a round', async () => {
    expect(await rules.validate(move(300, 0), state)).toEqual({ ok: true });
    expect(await rules.validate(move(200, 200), state)).toEqual({ ok: true }); // 8.5 m
  });

  it('OpenD6 "Running": refuses a player moving 20 m, which takes a running roll', async () => {
    expect(await rules.validate(move(667, 0), state)).toEqual({
      ok: false,
      reason:
        'Ana moves at most 10 m a round; that move is 20 m (running farther takes a running roll the GM calls for)',
    });
  });

  it('measures a diagonal as long as it is (metres, not squares)', async () => {
    expect(await rules.validate(move(250, 250), state)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('that move is 10.6 m'),
    });
  });

  it('lets the GM move any token any distance', async () => {
    expect(await rules.validate(move(2000, 0, GM), state)).toEqual({ ok: true });
  });

  it('refuses a move of a character who is out of action', async () => {
    const dying = table([actor('ana', sheet({ wounds: 5, unconscious: true }))]);
    expect(await rules.validate(move(50, 0), dying)).toEqual({
      ok: false,
      reason: 'Ana is Mortally Wounded and unconscious and cannot move',
    });
  });

  it('converts a grid measured in feet, and refuses one measured in no length', async () => {
    const scene = state.scenes?.s1 as Scene;
    const grid = (units: string, distance: number): TableState => ({
      ...state,
      scenes: { s1: { ...scene, grid: { ...scene.grid, distance, units } } },
    });
    // 6.6 cells of 5 ft are 10.06 m.
    expect(await rules.validate(move(330, 0), grid('ft', 5))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('that move is 10.1 m'),
    });
    expect(await rules.validate(move(320, 0), grid('ft', 5))).toEqual({ ok: true });
    expect(await rules.validate(move(50, 0), grid('squares', 1))).toEqual({
      ok: false,
      reason:
        'this scene\'s grid measures in "squares"; OpenD6 moves in metres: set the grid\'s units to m or ft',
    });
  });
});
