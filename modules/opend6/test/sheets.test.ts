/**
 * The sheets and the compendium against the rules: every value a sheet shows is derived, every
 * roll button resolves to dice the app accepts and the roll hook reads as the right OpenD6 code
 * (a skill row is its attribute plus its added dice, less the wound penalty: "Skills", "Wound
 * Levels"), and every compendium entry makes a character the rules can read without a problem.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Card, MODULE_DIR } from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/** A character with skills and specializations under Agility, Wounded (-1D). */
const skilled = {
  attributes: {
    agility: {
      code: '3D+1',
      skills: [
        { name: 'dodge', adds: 3, specialization: '', bonus: 0 },
        { name: 'firearms', adds: 2, specialization: 'energy pistols', bonus: 4 },
      ],
    },
  },
  wounds: 2,
};

describe('the sheets', () => {
  it('has a character sheet and an NPC sheet', () => {
    expect(Object.keys(rules.sheets)).toEqual(['character', 'npc']);
  });

  it.each(['character', 'npc'])(
    'derives every value the %s sheet shows for a new actor, and its buttons resolve',
    async (type) => {
      const { rolls } = await rules.checkSheet(type);
      expect(rolls.length).toBeGreaterThan(7);
      for (const roll of rolls) expect(roll.notation).not.toContain('@');
    },
  );

  it('OpenD6 "Skills": a skill row rolls its attribute plus its dice, less the wound penalty', async () => {
    const actor = rules.newActor('character', { data: skilled as unknown as JsonObject });
    const { rolls } = await rules.checkSheet('character', actor);
    const codes = new Map<string, string[]>();
    const refused: string[] = [];
    for (const roll of rolls) {
      const outcome = await rules.call('roll', [{ notation: roll.notation }], { seed: 'ab' });
      if (!outcome.ok) {
        refused.push(`${roll.label}: ${outcome.error.message}`);
        continue;
      }
      const card = outcome.value as unknown as Card;
      codes.set(roll.label, [...(codes.get(roll.label) ?? []), card.code]);
    }
    // Agility 3D+1 (less 1D wounded: 2D+1); dodge +1D; firearms +2, energy pistols +1D+1 more.
    expect(codes.get('Agility roll')).toContain('2D+1');
    expect(codes.get('Skill roll')).toEqual(expect.arrayContaining(['3D+1', '3D']));
    expect(codes.get('Specialization roll')).toEqual(expect.arrayContaining(['4D+1']));
    // Every other attribute's default, 3D, less the wound penalty.
    expect(codes.get('Strength roll')).toEqual(['2D']);
    // Metaphysics, an Extranormal attribute, is 0D for most: a wounded character has nothing
    // to roll with it or its skills ("Attributes": Extranormal). Nothing else is refused.
    expect(refused).toContain(
      'Metaphysics roll: RangeError: the roll "0d6-1d6" comes to less than 0D',
    );
    for (const reason of refused)
      expect(reason).toMatch(/the roll "0d6[+0]*-1d6" comes to less than 0D$/);
  });

  it('derives the skill totals the sheet lists, from rows kept as pips', async () => {
    const actor = rules.newActor('character', { data: skilled as unknown as JsonObject });
    expect(await rules.derive(actor)).toMatchObject({
      skills: { agility: 'dodge 4D+1, firearms: energy pistols 5D+1' },
      woundPenalty: '1D',
      rolls: { agility: '3d6+1', strength: '3d6', metaphysics: '0d6' },
      rollPenalty: '1d6',
      problems: '',
    });
  });

  it('asks the roll buttons for a difficulty, the actions of the round and a Fate Point', async () => {
    const { rolls } = await rules.checkSheet('character');
    const sheet = rules.sheets.character as unknown as { prompts: Record<string, { key: string }> };
    expect(Object.values(sheet.prompts).map((prompt) => prompt.key)).toEqual([
      'difficulty',
      'actions',
      'fatePoint',
    ]);
    // What the prompts answer is a request the roll hook takes.
    const first = rolls[0]?.notation as string;
    const card = (await rules.roll(
      { notation: first, difficulty: 'moderate', actions: 2, fatePoint: false },
      { seed: 'ab' },
    )) as unknown as Card;
    expect(card.difficulty).toEqual({ value: 15, level: 'Moderate' });
    const none = await rules.roll({ notation: first, difficulty: 'none' }, { seed: 'ab' });
    expect(none).not.toHaveProperty('difficulty');
  });
});

describe('the compendium', () => {
  it('holds a dozen characters and creatures, and weapons, armor and gear', () => {
    const characters = rules.compendium.characters?.entries ?? [];
    expect(characters.length).toBeGreaterThanOrEqual(12);
    expect(new Set(characters.map((entry) => entry.type))).toEqual(new Set(['character', 'npc']));
    const gear = rules.compendium.gear?.entries ?? [];
    expect(new Set(gear.map((entry) => (entry.data as { kind: string }).kind))).toEqual(
      new Set(['weapon', 'armor', 'gear']),
    );
  });

  it('makes characters the rules read without a problem, and that fit their sheets', async () => {
    for (const entry of rules.compendium.characters?.entries ?? []) {
      const actor = rules.newActor(entry.type, {
        id: entry.id,
        name: entry.name,
        data: entry.data,
      });
      const { derived } = await rules.checkSheet(entry.type, actor);
      expect(derived.problems, entry.id).toBe('');
    }
  });

  it('gives the sample characters the codes their sheets add up to', async () => {
    const derive = async (id: string) => {
      const entry = rules.compendium.characters?.entries.find((one) => one.id === id);
      if (entry === undefined) throw new Error(`no ${id}`);
      return rules.derive(rules.newActor(entry.type, { id, name: entry.name, data: entry.data }));
    };
    // Agility 3D+1, firearms +2 pips, energy pistols +1D: 5D.
    expect(await derive('rook-tamsin')).toMatchObject({
      weapons: 'energy pistol: firearms: energy pistols 5D, damage 4D, 3-10/30/100 m',
      resistance: '3D+3', // Strength 2D+2 and the jacket's +1D+1
    });
    // Strength 3D, combat armor +2D; firearms 3D + 1D.
    expect(await derive('security-trooper')).toMatchObject({
      resistance: '5D',
      skillCodes: { firearms: '4D', dodge: '3D+2', 'security regulations': '3D' },
    });
    // Strength 3D+2 gives 2D Strength Damage; the claws add 1D+1.
    expect(await derive('cave-stalker')).toMatchObject({
      strengthDamage: '2D',
      weapons: 'claws and fangs: brawling 5D+1, damage 3D+1',
      move: 15,
    });
  });

  it('has gear whose codes the rules read when it is carried', async () => {
    const equipment = (rules.compendium.gear?.entries ?? []).map((entry) => entry.data);
    const carrier = rules.newActor('character', { data: { equipment } as JsonObject });
    const derived = await rules.derive(carrier);
    expect(derived.problems).toBe('');
    // Every armor worn adds up: +1D, +1D+1 and +2D.
    expect(derived.armor).toBe('+4D+1');
  });
});

describe('the reference pages and the licence', () => {
  it('has dice, combat and damage pages, each citing the OpenD6 sections it restates', () => {
    expect(Object.keys(rules.reference)).toEqual([
      'reference/dice.md',
      'reference/combat.md',
      'reference/damage.md',
    ]);
    for (const [path, text] of Object.entries(rules.reference)) {
      expect(text.startsWith('# '), path).toBe(true);
      expect(text, path).toMatch(/\*OpenD6 "[A-Z][^"]+"/);
    }
  });

  it("calls them Fate Points, naming the 1987 game's word for them only in passing", () => {
    const dice = rules.reference['reference/dice.md'] as string;
    expect(dice).toContain('The d6 space-opera game of 1987 called these points\nForce Points');
  });

  it('uses no trademark of the 1987 game, and ships the OGL with its Section 15 notice', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir(MODULE_DIR, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath}/${entry.name}`);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // The banned words are assembled here so that this file does not contain them either.
      for (const word of [
        ['Star', 'Wars'].join(' '),
        ['Je', 'di'].join(''),
        ['Lucas', 'film'].join(''),
      ]) {
        expect(text.includes(word), `${file} names ${word}`).toBe(false);
      }
    }
    const license = await readFile(new URL('LICENSE', MODULE_DIR), 'utf8');
    expect(license).toContain('OPEN GAME LICENSE Version 1.0a');
    expect(license).toContain('15 COPYRIGHT NOTICE');
    expect(license).toContain('D6 Space (WEG51012), Copyright 2004, Purgatory Publishing Inc.');
    expect(license).toContain('Open Game Content: everything in this module folder');
    expect(rules.manifest.license).toBe('OGL-1.0a');
  });
});
