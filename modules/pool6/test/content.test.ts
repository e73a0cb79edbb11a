/**
 * The data files against the rules: each sheet fits what derive returns (every derived value it
 * shows exists, every roll button resolves to dice the roll hook reads as the pool it means),
 * every compendium actor derives, the compendium's gear matches the worked examples, and the
 * text stays clear of trademarked names.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { JsonObject } from '@meshtable/module-sdk';
import { ITEM_TYPE } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_DIR } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

describe('the module', () => {
  it('loads with every hook, its commands, two sheets, three compendium files and three pages', () => {
    expect(rules.manifest).toMatchObject({ id: 'pool6', license: 'MIT' });
    expect(rules.hooks).toEqual(['derive', 'initiative', 'roll', 'validate', 'apply', 'command']);
    expect(rules.commands.map((command) => command.name)).toEqual([
      'test',
      'attack',
      'soak',
      'luck',
    ]);
    expect(Object.keys(rules.sheets)).toEqual(['runner', 'npc']);
    expect(Object.keys(rules.compendium)).toEqual(['npcs', 'gear', 'runners']);
  });
});

describe('sheets', () => {
  it.each(['runner', 'npc'])(
    'the %s sheet shows only what derive computes, and its rolls are pools',
    async (type) => {
      const { rolls } = await rules.checkSheet(type);
      expect(rolls.length).toBeGreaterThan(8);
      for (const roll of rolls) {
        // A new actor: attributes 3, no damage. Attribute buttons roll 3 dice, defense 6, soak 3.
        const card = (await rules.roll({ notation: roll.notation }, { seed: 'ab' })) as JsonObject;
        expect(card.kind === 'pool' || roll.notation.includes('d6')).toBe(true);
      }
      const notations = rolls.map((roll) => roll.notation);
      expect(notations).toContain('3'); // Body test
      expect(notations).toContain('6'); // defense: Reaction + Intuition
      expect(notations).toContain('6+1d6'); // initiative, added up
    },
  );

  it("a hurt runner's buttons roll fewer dice: the wound modifier is in every pool", async () => {
    const actor = rules.newActor('runner', {
      data: { damage: { physical: 3, stun: 3, overflow: 0 } },
    });
    const { rolls, derived } = await rules.checkSheet('runner', actor);
    expect(derived.woundModifier).toBe(-2);
    expect(rolls.map((roll) => roll.notation)).toEqual(
      expect.arrayContaining(['1', '4', '-2', '4+1d6']),
    );
    // "Roll dice" on the wound modifier: 6 dice asked for, 2 taken off.
    const outcome = await rules.call('roll', [{ notation: '-2', modifier: 6 }], { seed: 'ab' });
    expect(outcome.draws).toHaveLength(4);
  });
});

describe('compendium', () => {
  it('every actor entry derives and fits its sheet', async () => {
    for (const [name, compendium] of Object.entries(rules.compendium)) {
      for (const entry of compendium.entries) {
        if (entry.type === ITEM_TYPE) continue;
        const actor = rules.newActor(entry.type, {
          id: entry.id,
          name: entry.name,
          data: entry.data as JsonObject,
        });
        await rules.checkSheet(entry.type, actor).catch((error: Error) => {
          throw new Error(`compendium ${name}, entry "${entry.id}": ${error.message}`);
        });
      }
    }
  });

  it('holds a dozen grunts, guards, gangers and mages, with ratings from 1 to 5', () => {
    const npcs = rules.compendium.npcs?.entries ?? [];
    expect(npcs.length).toBeGreaterThanOrEqual(12);
    const tags = new Set(npcs.flatMap((entry) => entry.tags ?? []));
    for (const tag of ['grunt', 'guard', 'ganger', 'mage']) expect(tags).toContain(tag);
    expect(new Set(npcs.map((entry) => entry.data.professionalRating))).toEqual(
      new Set([1, 2, 3, 4, 5]),
    );
  });

  it('combat.md "Attacking": the pregenerated Kestrel derives as the reference pages say', async () => {
    const entry = rules.compendium.runners?.entries.find((e) => e.id === 'kestrel');
    const actor = rules.newActor('runner', {
      id: 'kestrel',
      name: 'Kestrel',
      data: entry?.data as JsonObject,
    });
    const derived = await rules.derive(actor);
    expect(derived).toMatchObject({
      limits: { physical: 5, mental: 6, social: 4 },
      pools: { pistols: 10, sneaking: 9, perception: 8 },
      monitors: { physical: { max: 10 }, stun: { max: 10 } },
      initiative: { score: 9, dice: 1 },
      movement: { walk: 10, run: 20 },
      defense: 9,
      soak: 8,
      armorTotal: 4,
    });
    expect(derived.weapons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Heavy pistol', pool: 10, limit: 5, text: '5P AP −1' }),
      ]),
    );
  });

  it('combat.md "Attacking": the ganger of the worked example is the compendium\'s street ganger', async () => {
    const entry = rules.compendium.npcs?.entries.find((e) => e.id === 'street-ganger');
    const actor = rules.newActor('npc', { data: entry?.data as JsonObject });
    expect(await rules.derive(actor)).toMatchObject({
      defense: 6,
      soak: 8,
      monitors: { physical: { max: 10 } },
      luck: { max: 1, points: 1 },
    });
  });

  it('gear states damage values, AP and armor values, as the worked examples use them', () => {
    const gear = Object.fromEntries(
      (rules.compendium.gear?.entries ?? []).map((e) => [e.id, e.data]),
    );
    expect(gear['heavy-pistol']).toMatchObject({
      damage: 5,
      type: 'physical',
      ap: -1,
      accuracy: 5,
    });
    expect(gear['hold-out-pistol']).toMatchObject({ damage: 3, ap: 0 });
    expect(gear['riot-armor']).toMatchObject({ value: 9 });
    expect(gear['street-jacket']).toMatchObject({ value: 4 });
    for (const item of Object.values(gear)) {
      if (item.kind === 'weapon')
        expect(item).toEqual(
          expect.objectContaining({ damage: expect.any(Number), ap: expect.any(Number) }),
        );
      else
        expect(item).toEqual(expect.objectContaining({ kind: 'armor', value: expect.any(Number) }));
    }
  });

  it("a mage's spells roll Magic + Sorcery against the mental limit", async () => {
    const entry = rules.compendium.npcs?.entries.find((e) => e.id === 'street-mage');
    const derived = await rules.derive(rules.newActor('npc', { data: entry?.data as JsonObject }));
    expect(derived.weapons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Force bolt', attribute: 'magic', pool: 9, limit: 6 }),
      ]),
    );
  });
});

describe('the text', () => {
  it('names no trademarked game or setting term; luck is only called "edge-style"', async () => {
    const files: string[] = ['rules.js', 'module.json'];
    for (const folder of ['lib', 'lib/intents', 'reference', 'sheets', 'compendium']) {
      for (const entry of await readdir(new URL(`${folder}/`, MODULE_DIR), { withFileTypes: true }))
        if (entry.isFile()) files.push(`${folder}/${entry.name}`);
    }
    expect(files).toContain('lib/intents/test.js');
    for (const file of files) {
      const text = await readFile(new URL(file, MODULE_DIR), 'utf8');
      expect(text, file).not.toMatch(/shadowrun|sixth world|matrix|decker|essence|awakened|nuyen/i);
      expect(text.replace(/edge-style/g, ''), file).not.toMatch(/\bedge\b/i);
    }
  });
});
