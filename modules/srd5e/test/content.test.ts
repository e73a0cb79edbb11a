/**
 * The module's data against its rules: every monster of the compendium derives the stat block
 * SRD 5.1 prints (the numbers below are copied from the SRD's stat blocks, not computed), every
 * weapon and armor of the equipment list works on a sheet, and both sheets are filled by derive.
 */
import { readFile } from 'node:fs/promises';
import type { Actor, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, ana, bram, GM, goblin, intent, MODULE_DIR, table } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

// biome-ignore lint/suspicious/noExplicitAny: derive's output is free-form JSON.
type Derived = Record<string, any>;

/** An attack as a stat block prints it: name, bonus to hit (null for a save), damage. */
type Printed = [string, number | null, string];

/**
 * The stat blocks of SRD 5.1 "Monsters" and "Appendix MM-B: Nonplayer Characters": AC, hit
 * points, passive Perception, attacks, and the saving throw and skill lines where there are any.
 */
const STAT_BLOCKS: [string, number, number, number, Printed[], string?, string?][] = [
  [
    'goblin',
    15,
    7,
    9,
    [
      ['Scimitar', 4, '1d6+2 slashing'],
      ['Shortbow', 4, '1d6+2 piercing'],
    ],
    undefined,
    'Stealth +6',
  ],
  [
    'hobgoblin',
    18,
    11,
    10,
    [
      ['Longsword', 3, '1d8+1 slashing'],
      ['Longbow', 3, '1d8+1 piercing'],
    ],
  ],
  [
    'orc',
    13,
    15,
    10,
    [
      ['Greataxe', 5, '1d12+3 slashing'],
      ['Javelin', 5, '1d6+3 piercing'],
    ],
    undefined,
    'Intimidation +2',
  ],
  [
    'skeleton',
    13,
    13,
    9,
    [
      ['Shortsword', 4, '1d6+2 piercing'],
      ['Shortbow', 4, '1d6+2 piercing'],
    ],
  ],
  ['zombie', 8, 22, 8, [['Slam', 3, '1d6+1 bludgeoning']], 'Wis +0'],
  ['wolf', 13, 11, 13, [['Bite', 4, '2d4+2 piercing']], undefined, 'Perception +3, Stealth +4'],
  [
    'dire-wolf',
    14,
    37,
    13,
    [['Bite', 5, '2d6+3 piercing']],
    undefined,
    'Perception +3, Stealth +4',
  ],
  [
    'bandit',
    12,
    11,
    10,
    [
      ['Scimitar', 3, '1d6+1 slashing'],
      ['Light Crossbow', 3, '1d8+1 piercing'],
    ],
  ],
  [
    'bandit-captain',
    15,
    65,
    10,
    [
      ['Scimitar', 5, '1d6+3 slashing'],
      ['Dagger', 5, '1d4+3 piercing'],
    ],
    'Str +4, Dex +5, Wis +2',
    'Athletics +4, Deception +4',
  ],
  ['guard', 16, 11, 12, [['Spear', 3, '1d6+1 piercing']], undefined, 'Perception +2'],
  [
    'veteran',
    17,
    58,
    12,
    [
      ['Longsword', 5, '1d8+3 slashing'],
      ['Shortsword', 5, '1d6+3 piercing'],
      ['Heavy Crossbow', 3, '1d10+1 piercing'],
    ],
    undefined,
    'Athletics +5, Perception +2',
  ],
  [
    'cultist',
    12,
    9,
    10,
    [['Scimitar', 3, '1d6+1 slashing']],
    undefined,
    'Deception +2, Religion +2',
  ],
  [
    'kobold',
    12,
    5,
    8,
    [
      ['Dagger', 4, '1d4+2 piercing'],
      ['Sling', 4, '1d4+2 bludgeoning'],
    ],
  ],
  ['giant-rat', 12, 7, 10, [['Bite', 4, '1d4+2 piercing']]],
  [
    'giant-spider',
    14,
    26,
    10,
    [['Bite', 5, '1d8+3 piercing plus 2d8 poison']],
    undefined,
    'Stealth +7',
  ],
  [
    'ogre',
    11,
    59,
    8,
    [
      ['Greatclub', 6, '2d8+4 bludgeoning'],
      ['Javelin', 6, '2d6+4 piercing'],
    ],
  ],
  [
    'troll',
    15,
    84,
    12,
    [
      ['Bite', 7, '1d6+4 piercing'],
      ['Claw', 7, '2d6+4 slashing'],
    ],
    undefined,
    'Perception +2',
  ],
  [
    'owlbear',
    13,
    59,
    13,
    [
      ['Beak', 7, '1d10+5 piercing'],
      ['Claws', 7, '2d8+5 slashing'],
    ],
    undefined,
    'Perception +3',
  ],
  [
    'brown-bear',
    11,
    34,
    13,
    [
      ['Bite', 6, '1d8+4 piercing'],
      ['Claws', 6, '2d6+4 slashing'],
    ],
    undefined,
    'Perception +3',
  ],
  [
    'ghoul',
    12,
    22,
    10,
    [
      ['Bite', 2, '2d6+2 piercing'],
      ['Claws', 4, '2d4+2 slashing'],
    ],
  ],
  [
    'gnoll',
    15,
    22,
    10,
    [
      ['Bite', 4, '1d4+2 piercing'],
      ['Spear', 4, '1d6+2 piercing'],
      ['Longbow', 3, '1d8+1 piercing'],
    ],
  ],
  [
    'bugbear',
    16,
    27,
    10,
    [
      ['Morningstar', 4, '2d8+2 piercing'],
      ['Javelin (melee)', 4, '2d6+2 piercing'],
      ['Javelin (thrown)', 4, '1d6+2 piercing'],
    ],
    undefined,
    'Stealth +6, Survival +2',
  ],
  [
    'mimic',
    12,
    58,
    11,
    [
      ['Pseudopod', 5, '1d8+3 bludgeoning'],
      ['Bite', 5, '1d8+3 piercing plus 1d8 acid'],
    ],
    undefined,
    'Stealth +5',
  ],
  [
    'young-red-dragon',
    18,
    178,
    18,
    [
      ['Bite', 10, '2d10+6 piercing plus 1d6 fire'],
      ['Claw', 10, '2d6+6 slashing'],
      ['Fire Breath (Recharge 5–6)', null, '16d6 fire'],
    ],
    'Dex +4, Con +9, Wis +4, Cha +8',
    'Perception +8, Stealth +4',
  ],
  [
    'acolyte',
    10,
    9,
    12,
    [
      ['Club', 2, '1d4 bludgeoning'],
      ['Sacred Flame', null, '1d8 radiant'],
    ],
    undefined,
    'Medicine +4, Religion +2',
  ],
  [
    'mage',
    12,
    40,
    11,
    [
      ['Dagger', 5, '1d4+2 piercing'],
      ['Fire Bolt', 6, '2d10 fire'],
      ['Fireball', null, '8d6 fire'],
    ],
    'Int +6, Wis +4',
    'Arcana +6, History +6',
  ],
  [
    'thug',
    11,
    32,
    10,
    [
      ['Mace', 4, '1d6+2 bludgeoning'],
      ['Heavy Crossbow', 2, '1d10 piercing'],
    ],
    undefined,
    'Intimidation +2',
  ],
  [
    'scout',
    13,
    16,
    15,
    [
      ['Shortsword', 4, '1d6+2 piercing'],
      ['Longbow', 4, '1d8+2 piercing'],
    ],
    undefined,
    'Nature +4, Perception +5, Stealth +6, Survival +5',
  ],
  [
    'knight',
    18,
    52,
    10,
    [
      ['Greatsword', 5, '2d6+3 slashing'],
      ['Heavy Crossbow', 2, '1d10 piercing'],
    ],
    'Con +4, Wis +2',
  ],
  ['berserker', 13, 67, 10, [['Greataxe', 5, '1d12+3 slashing']]],
  ['commoner', 10, 4, 10, [['Club', 2, '1d4 bludgeoning']]],
  [
    'lizardfolk',
    15,
    22,
    13,
    [
      ['Bite', 4, '1d6+2 piercing'],
      ['Heavy Club', 4, '1d6+2 bludgeoning'],
      ['Javelin', 4, '1d6+2 piercing'],
      ['Spiked Shield', 4, '1d6+2 piercing'],
    ],
    undefined,
    'Perception +3, Stealth +4, Survival +5',
  ],
  ['gelatinous-cube', 6, 84, 8, [['Pseudopod', 4, '3d6 acid']]],
  [
    'minotaur',
    14,
    76,
    17,
    [
      ['Greataxe', 6, '2d12+4 slashing'],
      ['Gore', 6, '2d8+4 piercing'],
    ],
    undefined,
    'Perception +7',
  ],
  [
    'giant-poisonous-snake',
    14,
    11,
    12,
    [['Bite', 6, '1d4+4 piercing plus 3d6 poison']],
    undefined,
    'Perception +2',
  ],
];

/** The actor the app makes from a compendium entry: the sheet's defaults under the entry. */
function fromCompendium(file: string, id: string): Actor {
  const entry = rules.compendium[file]?.entries.find((e) => e.id === id);
  if (entry === undefined) throw new Error(`no ${id} in ${file}`);
  return rules.newActor(entry.type, {
    id: entry.id,
    name: entry.name,
    data: entry.data as JsonObject,
  });
}

describe('the bestiary (compendium/monsters.json)', () => {
  it('holds a few dozen SRD 5.1 monsters, each an NPC', () => {
    const entries = rules.compendium.monsters?.entries ?? [];
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(entries.map((e) => e.id).sort()).toEqual(STAT_BLOCKS.map(([id]) => id).sort());
    for (const entry of entries) expect(entry.type).toBe('npc');
  });

  it('every monster derives without a problem, fills its sheet, and starts unhurt', async () => {
    for (const entry of rules.compendium.monsters?.entries ?? []) {
      const monster = fromCompendium('monsters', entry.id);
      const { derived } = await rules.checkSheet('npc', monster);
      expect(derived.problems, entry.id).toBe('');
      expect(derived.hp, entry.id).toBe(derived.maxHp);
    }
  });

  it.each(STAT_BLOCKS)(
    'SRD 5.1 "Monsters": %s derives its printed stat block',
    async (id, ac, hp, passive, attacks, saves, skills) => {
      const derived = (await rules.derive(fromCompendium('monsters', id))) as Derived;
      expect([derived.ac, derived.maxHp, derived.passivePerception]).toEqual([ac, hp, passive]);
      expect(
        derived.attacks.map((a: Derived) => [a.name, a.kind === 'save' ? null : a.toHit, a.damage]),
      ).toEqual(attacks);
      expect(derived.savesText).toBe(saves ?? 'none');
      expect(derived.skillsText).toBe(skills ?? 'none');
    },
  );

  it('SRD 5.1 "Monsters: Challenge": the challenge rating gives the experience points and the proficiency bonus', async () => {
    const expected: [string, number, number][] = [
      ['commoner', 10, 2],
      ['kobold', 25, 2],
      ['goblin', 50, 2],
      ['orc', 100, 2],
      ['bugbear', 200, 2],
      ['ogre', 450, 2],
      ['owlbear', 700, 2],
      ['troll', 1800, 3],
      ['mage', 2300, 3],
      ['young-red-dragon', 5900, 4],
    ];
    for (const [id, xp, proficiency] of expected) {
      const derived = (await rules.derive(fromCompendium('monsters', id))) as Derived;
      expect([derived.xp, derived.proficiency], id).toEqual([xp, proficiency]);
    }
  });

  it('SRD 5.1 "Mage" and "Acolyte": spellcasters derive their save DC, attack bonus and slots', async () => {
    const mage = (await rules.derive(fromCompendium('monsters', 'mage'))) as Derived;
    expect([mage.spellcasting.dc, mage.spellcasting.attack, mage.slotsText]).toEqual([
      14,
      6,
      '1st: 4/4, 2nd: 3/3, 3rd: 3/3, 4th: 3/3, 5th: 1/1',
    ]);
    const acolyte = (await rules.derive(fromCompendium('monsters', 'acolyte'))) as Derived;
    expect([acolyte.spellcasting.dc, acolyte.spellcasting.attack, acolyte.slotsText]).toEqual([
      12,
      4,
      '1st: 3/3',
    ]);
    expect(acolyte.attacks[1].text).toBe('Sacred Flame: Dexterity save DC 12, 1d8 radiant');
  });

  it('every attack of every monster can be made at the table', async () => {
    for (const entry of rules.compendium.monsters?.entries ?? []) {
      const monster = fromCompendium('monsters', entry.id);
      const target = ana({}, []);
      const attacks = (entry.data.attacks ?? []) as JsonObject[];
      for (const [weapon] of attacks.entries()) {
        const request = intent(
          'srd5e:attack',
          { attackerId: monster.id, targetId: 'ana', weapon },
          GM,
        );
        const state = table([monster, target], []);
        expect(await rules.validate(request, state), `${entry.id} #${weapon}`).toEqual({
          ok: true,
        });
        const outcome = await rules.call('apply', [request, state], { seed: 'c0ffee' });
        expect(
          outcome.ok,
          `${entry.id} #${weapon}: ${outcome.ok ? '' : outcome.error.message}`,
        ).toBe(true);
      }
    }
  });
});

describe('the equipment (compendium/items.json)', () => {
  const items = () => rules.compendium.items?.entries ?? [];
  const ofCategory = (category: string) =>
    items().filter((item) => item.data.category === category);

  it('lists the SRD weapons, armor, potions of healing and adventuring gear, each with a weight', () => {
    expect(ofCategory('weapon')).toHaveLength(36);
    expect(ofCategory('armor')).toHaveLength(12);
    expect(ofCategory('shield')).toHaveLength(1);
    expect(ofCategory('potion').map((p) => p.data.healing)).toEqual([
      '2d4+2',
      '4d4+4',
      '8d4+8',
      '10d4+20',
    ]);
    for (const item of items()) {
      expect(item.type, item.id).toBe('item');
      expect(typeof item.data.weight, item.id).toBe('number');
      expect(item.data.inventory, item.id).toMatchObject({
        name: item.name,
        quantity: 1,
        weight: item.data.weight,
      });
    }
  });

  it('SRD 5.1 "Weapons": every weapon works on a sheet, with the ability its properties call for', async () => {
    const hero = (attack: JsonObject) =>
      actor('h', 'character', 'Hero', {
        classes: [{ name: 'Fighter', level: 1 }],
        abilities: { str: 16, dex: 12 },
        attacks: [attack],
      });
    for (const weapon of ofCategory('weapon')) {
      const attack = weapon.data.attack as JsonObject;
      const derived = (await rules.derive(hero(attack))) as Derived;
      const line = derived.attacks[0];
      expect(line.problem, weapon.id).toBe('');
      // Ranged weapons use Dex (+1), melee weapons Str (+3); a finesse weapon, even a ranged
      // one such as the dart, takes the better of the two.
      const finesse = String(attack.properties).includes('finesse');
      const mod = attack.kind === 'ranged' && !finesse ? 1 : 3;
      expect(line.toHit, weapon.id).toBe(mod + 2);
      expect(line.damage, weapon.id).toBe(`${attack.damage}+${mod} ${attack.damageType}`);
    }
    const longsword = items().find((item) => item.id === 'longsword')?.data.attack as JsonObject;
    expect(longsword).toMatchObject({ damage: '1d8', damageType: 'slashing', versatile: '1d10' });
    const glaive = items().find((item) => item.id === 'glaive')?.data.attack as JsonObject;
    expect(glaive.reach).toBe(10);
  });

  it('SRD 5.1 "Armor": every armor gives its AC (light + Dex, medium + Dex up to 2, heavy alone)', async () => {
    const expected: Record<string, number> = {
      'padded-armor': 14,
      'leather-armor': 14,
      'studded-leather-armor': 15,
      'hide-armor': 14,
      'chain-shirt': 15,
      'scale-mail': 16,
      breastplate: 16,
      'half-plate': 17,
      'ring-mail': 14,
      'chain-mail': 16,
      'splint-armor': 17,
      'plate-armor': 18,
    };
    for (const armor of ofCategory('armor')) {
      const wearer = actor('w', 'character', 'Wearer', {
        abilities: { str: 15, dex: 16 },
        armor: armor.data.armor as JsonObject,
      });
      expect(((await rules.derive(wearer)) as Derived).ac, armor.id).toBe(expected[armor.id]);
    }
  });

  it('SRD 5.1 "Potion of Healing": each potion’s healing rolls', async () => {
    for (const potion of ofCategory('potion')) {
      const outcome = await rules.call(
        'roll',
        [{ notation: potion.data.healing as string, label: potion.name }],
        { seed: 'aa' },
      );
      expect(outcome.ok, potion.id).toBe(true);
    }
  });
});

describe('the sheets', () => {
  it('a new character and a new NPC fill every value their sheets show', async () => {
    await rules.checkSheet('character');
    await rules.checkSheet('npc');
  });

  it('the test characters, laid over the defaults, fit and fill the character sheet', async () => {
    for (const who of [ana(), bram()]) {
      const made = rules.newActor('character', {
        id: who.id,
        name: who.name,
        data: withRows(who.data),
      });
      const { rolls } = await rules.checkSheet('character', made);
      expect(rolls.length).toBeGreaterThan(30);
    }
    const npc = rules.newActor('npc', {
      id: 'goblin',
      name: 'Goblin',
      data: withRows(goblin().data),
    });
    await rules.checkSheet('npc', npc);
  });

  it('every roll button of the character sheet makes a request the rules accept', async () => {
    const { rolls } = await rules.checkSheet('character');
    for (const roll of rolls) {
      const outcome = await rules.call(
        'roll',
        [{ notation: roll.notation, mode: 'advantage', dc: 12 }],
        { seed: 'ab' },
      );
      expect(outcome.ok, `${roll.label}: ${roll.notation}`).toBe(true);
    }
  });
});

describe('the licence and the reference pages', () => {
  const ATTRIBUTION =
    'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by Wizards\nof the Coast LLC';

  it('declares CC-BY-4.0 and carries the SRD 5.1 attribution in NOTICE', async () => {
    expect(rules.manifest.license).toBe('CC-BY-4.0');
    const notice = await readFile(new URL('NOTICE', MODULE_DIR), 'utf8');
    expect(notice.replace(/\s+/g, ' ')).toContain(
      'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by Wizards of the Coast LLC',
    );
    expect(notice).toContain('https://creativecommons.org/licenses/by/4.0/legalcode');
  });

  it('has the conditions, combat and abilities pages, each citing the SRD and ending with the attribution', () => {
    expect(Object.keys(rules.reference)).toEqual([
      'reference/abilities-and-checks.md',
      'reference/combat.md',
      'reference/conditions.md',
      'reference/spells-and-resting.md',
    ]);
    for (const [path, text] of Object.entries(rules.reference)) {
      expect(text, path).toMatch(/^# /);
      expect(text, path).toContain('SRD 5.1 "');
      expect(text, path).toContain(ATTRIBUTION);
    }
  });

  it('lists every SRD condition on the conditions page', () => {
    const page = rules.reference['reference/conditions.md'] ?? '';
    for (const condition of [
      'Blinded',
      'Charmed',
      'Deafened',
      'Frightened',
      'Grappled',
      'Incapacitated',
      'Invisible',
      'Paralyzed',
      'Petrified',
      'Poisoned',
      'Prone',
      'Restrained',
      'Stunned',
      'Unconscious',
      'Exhaustion',
    ]) {
      expect(page).toContain(`## ${condition}`);
    }
  });
});

/** The fixtures' attack rows with every field the sheets' attack list shows. */
function withRows(data: JsonObject): JsonObject {
  const attacks = ((data.attacks ?? []) as JsonObject[]).map((attack) => ({
    versatile: '',
    properties: '',
    ability: 'auto',
    reach: 5,
    range: 0,
    longRange: 0,
    magic: 0,
    proficient: true,
    saveAbility: 'none',
    saveDc: 0,
    saveEffect: 'none',
    ...attack,
  }));
  const spells = ((data.spells ?? []) as JsonObject[]).map((spell) => ({
    ritual: false,
    prepared: true,
    notes: '',
    ...spell,
  }));
  const size = data.size ?? 'medium';
  return {
    ...data,
    attacks,
    spells,
    size,
    cr: data.cr === '1/4' ? 0.25 : (data.cr ?? 0),
  } as JsonObject;
}
