/**
 * The data files against the rules: each sheet shows only what derive computes and every roll
 * button resolves; the compendium holds the SRD's tables and examples as data, and what it holds
 * works at the table (a weapon from it shoots, armour from it stops damage).
 */
import type { Actor, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ana, cardOf, intent, MODULE_DIR, SEEDS, stateWith } from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/** A compendium entry, by file and id. */
function entry(file: string, id: string) {
  const found = rules.compendium[file]?.entries.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no ${id} in ${file}`);
  return found;
}

function actorOf(file: string, id: string, owners: string[] = []): Actor {
  const { type, name, data } = entry(file, id);
  return rules.newActor(type, { id, name, data: data as JsonObject, owners });
}

describe('the sheets', () => {
  it.each(['character', 'npc'])(
    'the %s sheet shows only values derive computes, and its roll buttons resolve to dice',
    async (actorType) => {
      const { rolls } = await rules.checkSheet(actorType);
      expect(rolls.map((roll) => roll.notation)).toContain('2d6+0');
    },
  );

  it('a new character is an average human: UPP 777777, healthy, 18 m a round', async () => {
    expect(await rules.derive(rules.newActor('character'))).toMatchObject({
      upp: '777777',
      condition: 'healthy',
      movement: 18,
    });
  });

  it('a characteristic button rolls a check the roll hook reads against 8, with the difficulty and boon asked', async () => {
    const { rolls } = await rules.checkSheet('character', {
      ...ana,
      data: {
        ...ana.data,
        damageTo: 'auto',
        speed: 6,
        notes: '',
        age: 30,
        careers: '',
        homeworld: '',
      },
    });
    const dex = rolls.find((roll) => roll.label === 'DEX check');
    expect(dex?.notation).toBe('2d6+1');
    const outcome = await rules.call(
      'roll',
      [{ notation: dex?.notation ?? '', difficulty: 'Difficult', dm: 1, mode: 'boon' }],
      { seed: '5a' },
    );
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({
      mode: 'boon',
      modifiers: [
        { label: 'DM', value: 1 },
        { label: 'Difficult', value: -2 },
        { label: 'DM', value: 1 },
      ],
    });
  });

  it("a weapon's damage button is a plain roll, never read as a check", async () => {
    const outcome = await rules.call('roll', [{ notation: '2d6', task: false }], { seed: '5b' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value.task).toBeUndefined();
  });
});

describe('the compendium', () => {
  it('SRD Ch. 1 "Universal Character Format": Bruce Ayala is 786A9A with Carousing-3 and Cr70,000', async () => {
    const bruce = actorOf('npcs', 'bruce-ayala');
    expect(await rules.derive(bruce)).toMatchObject({ upp: '786A9A', skillTotal: 11 });
    expect((bruce.data.skills as JsonObject[]).find((s) => s.name === 'Carousing')).toEqual({
      name: 'Carousing',
      level: 3,
    });
    expect(bruce.data.credits).toBe(70000);
  });

  it('SRD Ch. 13 "Universal Animal Format": the example eater is 6A5168, claws 2D6, hide 1, 6 m', async () => {
    const flyer = actorOf('animals', 'hill-flyer');
    expect(await rules.derive(flyer)).toMatchObject({ upp: '6A5168', armor: 1, movement: 18 });
    expect(flyer.data.weapons).toEqual([
      {
        name: 'Claws',
        damage: '2d6',
        range: 'extended reach',
        skill: 'Natural Weapons',
        laser: false,
        thrown: false,
      },
    ]);
  });

  it('holds a dozen people and animals, each a healthy NPC the rules read whole', async () => {
    const people = [
      ...(rules.compendium.npcs?.entries ?? []),
      ...(rules.compendium.animals?.entries ?? []),
    ];
    expect(people.length).toBeGreaterThanOrEqual(12);
    for (const person of people) {
      const actor = actorOf(
        person.id === 'hill-flyer' || (rules.compendium.animals?.entries ?? []).includes(person)
          ? 'animals'
          : 'npcs',
        person.id,
      );
      const derived = await rules.derive(actor);
      expect(derived.condition, person.id).toBe('healthy');
      // Every weapon and armour row is one the rules read (none dropped as malformed).
      const stats = actor.data as {
        weapons: unknown[];
        armor: Array<{ worn: boolean; protection: number }>;
      };
      const worn = stats.armor
        .filter((row) => row.worn)
        .reduce((sum, row) => sum + row.protection, 0);
      expect(derived.armor, person.id).toBe(worn);
    }
  });

  it('SRD Ch. 4 "Common Personal Ranged Weapons": the laser rifle is 5D6, rifle range, TL 9; the gauss rifle 4D6, TL 12', () => {
    expect(entry('weapons', 'laser-rifle').data).toMatchObject({
      damage: '5d6',
      range: 'rifle',
      tl: 9,
      laser: true,
      skill: 'Energy Rifle',
    });
    expect(entry('weapons', 'gauss-rifle').data).toMatchObject({
      damage: '4d6',
      range: 'rifle',
      tl: 12,
      rof: '1/4/10',
    });
    expect(entry('weapons', 'dagger').data).toMatchObject({
      damage: '1d6',
      range: 'close quarters',
      thrown: true,
    });
    expect(rules.compendium.weapons?.entries).toHaveLength(30);
  });

  it('SRD Ch. 4 "Common Personal Armor": reflec is 0/14, ablat 3/8, battle dress 18', () => {
    expect(entry('armor', 'reflec').data).toMatchObject({ protection: 0, laser: 14, tl: 10 });
    expect(entry('armor', 'ablat').data).toMatchObject({ protection: 3, laser: 8 });
    expect(entry('armor', 'battle-dress').data).toMatchObject({
      protection: 18,
      skillRequired: 'Battle Dress',
    });
    expect(rules.compendium.armor?.entries).toHaveLength(9);
  });

  it('a weapon and armour from the compendium work on a sheet: a laser rifle against reflec', async () => {
    // The items' data are sheet rows as they stand (their extra columns, TL and cost, are ignored).
    const rifle = entry('weapons', 'laser-rifle').data as JsonObject;
    const reflec = entry('armor', 'reflec').data as JsonObject;
    const sniper: Actor = { ...ana, data: { ...ana.data, weapons: [rifle] } };
    const marine = actorOf('npcs', 'marine');
    const target: Actor = { ...marine, id: 'grub', data: { ...marine.data, armor: [reflec] } };
    const state = stateWith([sniper, target], 20);
    const shot = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', dm: 6 });
    expect(await rules.validate(shot, state)).toEqual({ ok: true });
    for (const seed of SEEDS) {
      const card = cardOf(await rules.ruling(shot, state, { seed }));
      expect(card).toMatchObject({ weapon: 'Laser Rifle', range: 'medium', difficulty: 'Average' });
      if (card.hit === true) {
        expect((card.damage as JsonObject).armor).toBe(14);
        return;
      }
    }
    throw new Error('no hit in the seeds');
  });
});
