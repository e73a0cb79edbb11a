/**
 * derive: every value a sheet shows, checked against the numbers SRD 5.1 gives (the section is
 * named in each test).
 */
import type { Actor, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, ana, bram, goblin, MODULE_DIR } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

// biome-ignore lint/suspicious/noExplicitAny: derive's output is free-form JSON; tests read into it.
type Derived = Record<string, any>;
const derive = async (a: Actor): Promise<Derived> => (await rules.derive(a)) as Derived;

/** A character of one class and level with these scores (10 elsewhere) and data. */
function hero(className: string, level: number, scores: JsonObject = {}, data: JsonObject = {}) {
  return actor('hero', 'character', 'Hero', {
    classes: [{ name: className, level }],
    abilities: { str: 10, dex: 10, con: 10, int: 10, wis: 10, cha: 10, ...scores },
    ...data,
  });
}

describe('abilities and proficiency', () => {
  it('SRD 5.1 "Ability Scores and Modifiers": 1 gives −5, 10 and 11 give +0, 15 gives +2, 7 gives −2, 30 gives +10', async () => {
    const derived = await derive(
      hero('Fighter', 1, { str: 1, dex: 10, con: 11, int: 15, wis: 30, cha: 7 }),
    );
    expect(derived.modifiers).toEqual({ str: -5, dex: 0, con: 0, int: 2, wis: 10, cha: -2 });
  });

  it('SRD 5.1 "Proficiency Bonus" (Character Advancement): +2 at 1st–4th, +3 at 5th, +4 at 9th, +5 at 13th, +6 at 17th–20th', async () => {
    const expected: [number, number][] = [
      [1, 2],
      [4, 2],
      [5, 3],
      [8, 3],
      [9, 4],
      [12, 4],
      [13, 5],
      [16, 5],
      [17, 6],
      [20, 6],
    ];
    for (const [level, bonus] of expected) {
      expect((await derive(hero('Rogue', level))).proficiency, `level ${level}`).toBe(bonus);
    }
  });

  it('SRD 5.1 "Multiclassing: Experience Points": the proficiency bonus follows the total character level', async () => {
    const multi = actor('m', 'character', 'Multi', {
      classes: [
        { name: 'Fighter', level: 3 },
        { name: 'Wizard', level: 2 },
      ],
    });
    const derived = await derive(multi);
    expect(derived.level).toBe(5);
    expect(derived.proficiency).toBe(3);
    expect(derived.classesText).toBe('Fighter 3 / Wizard 2');
  });

  it('SRD 5.1 "Monsters: Challenge": the proficiency bonus and experience points follow the challenge rating', async () => {
    const expected: [number | string, number, number][] = [
      [0, 2, 10],
      ['1/8', 2, 25],
      ['1/4', 2, 50],
      ['1/2', 2, 100],
      [4, 2, 1100],
      [5, 3, 1800],
      [10, 4, 5900],
      [17, 6, 18000],
      [30, 9, 155000],
    ];
    for (const [cr, bonus, xp] of expected) {
      const derived = await derive(actor('m', 'npc', 'Monster', { cr }));
      expect([derived.proficiency, derived.xp], `CR ${cr}`).toEqual([bonus, xp]);
    }
  });
});

describe('saving throws, skills and passive checks', () => {
  it('SRD 5.1 "Saving Throws": a fighter adds proficiency to Strength and Constitution saves only', async () => {
    const { saves } = await derive(ana());
    expect(
      Object.fromEntries(Object.entries(saves).map(([k, v]) => [k, (v as Derived).bonus])),
    ).toEqual({ str: 5, dex: 2, con: 4, int: 0, wis: 1, cha: -1 });
    expect(saves.con.proficient).toBe(true);
    expect(saves.dex.proficient).toBe(false);
  });

  it('SRD 5.1 "Multiclassing": only the first class gives its saving throw proficiencies; a sheet may list its own', async () => {
    const multi = actor('m', 'character', 'Multi', {
      classes: [
        { name: 'Wizard', level: 1 },
        { name: 'Fighter', level: 1 },
      ],
    });
    const { saves } = await derive(multi);
    expect([saves.int.proficient, saves.wis.proficient, saves.str.proficient]).toEqual([
      true,
      true,
      false,
    ]);
    const listed = await derive(actor('m', 'character', 'Multi', { saves: ['dex', 'cha'] }));
    expect([listed.saves.dex.bonus, listed.saves.cha.bonus, listed.saves.str.bonus]).toEqual([
      2, 2, 0,
    ]);
  });

  it('SRD 5.1 "Skills": proficiency adds the bonus, expertise doubles it, and the skill uses its ability', async () => {
    const rogue = hero(
      'Rogue',
      3,
      { dex: 16, int: 12 },
      { skills: { stealth: 'expertise', investigation: 'proficient' } },
    );
    const { skills } = await derive(rogue);
    expect(Object.keys(skills)).toHaveLength(18);
    expect(skills.stealth).toMatchObject({
      ability: 'dex',
      bonus: 3 + 4,
      proficiency: 'expertise',
    });
    expect(skills.investigation).toMatchObject({ ability: 'int', bonus: 1 + 2 });
    expect(skills.acrobatics).toMatchObject({ ability: 'dex', bonus: 3, proficiency: 'none' });
    expect(skills.sleightOfHand.name).toBe('Sleight of Hand');
  });

  it('SRD 5.1 "Bard: Jack of All Trades": half the proficiency bonus, rounded down, on checks without proficiency, initiative too', async () => {
    const bard = hero(
      'Bard',
      5,
      { dex: 14 },
      { jackOfAllTrades: true, skills: { performance: 'proficient' } },
    );
    const derived = await derive(bard);
    // Proficiency +3: half is 1 (rounded down).
    expect(derived.skills.arcana.bonus).toBe(1);
    expect(derived.skills.performance.bonus).toBe(3);
    expect(derived.initiative).toBe(2 + 1);
  });

  it('SRD 5.1 "Passive Checks": passive Perception is 10 + the Perception bonus', async () => {
    expect((await derive(ana())).passivePerception).toBe(10 + 1 + 2);
    expect((await derive(goblin())).passivePerception).toBe(9);
  });
});

describe('armor class', () => {
  const cases: [string, JsonObject, JsonObject, number, string][] = [
    ['unarmored: 10 + Dex', { dex: 14 }, {}, 12, '12'],
    [
      'leather (light, 11 + Dex)',
      { dex: 16 },
      { armor: { type: 'light', base: 11, name: 'Leather' } },
      14,
      '14 (Leather)',
    ],
    [
      'studded leather (light, 12 + Dex)',
      { dex: 18 },
      { armor: { type: 'light', base: 12 } },
      16,
      '16 (light armor)',
    ],
    [
      'hide (medium: Dex counts at most +2)',
      { dex: 18 },
      { armor: { type: 'medium', base: 12 } },
      14,
      '14 (medium armor)',
    ],
    [
      'half plate (medium, 15 + Dex up to 2)',
      { dex: 12 },
      { armor: { type: 'medium', base: 15 } },
      16,
      '16 (medium armor)',
    ],
    [
      'chain mail (heavy: no Dex)',
      { dex: 18, str: 13 },
      { armor: { type: 'heavy', base: 16 } },
      16,
      '16 (heavy armor)',
    ],
    [
      'plate and a shield (+2)',
      { str: 15 },
      { armor: { type: 'heavy', base: 18, name: 'Plate' }, shield: true },
      20,
      '20 (Plate, shield)',
    ],
    [
      'a +1 ring (acBonus) over leather',
      { dex: 12 },
      { armor: { type: 'light', base: 11 }, acBonus: 1 },
      13,
      '13 (light armor)',
    ],
    [
      'a +2 breastplate (medium 14, magic 2)',
      { dex: 14 },
      { armor: { type: 'medium', base: 14, magic: 2 } },
      18,
      '18 (medium armor)',
    ],
    [
      'barbarian Unarmored Defense: 10 + Dex + Con, shield allowed',
      { dex: 14, con: 16 },
      { unarmoredDefense: 'con', shield: true },
      17,
      '17 (Unarmored Defense, shield)',
    ],
    [
      'monk Unarmored Defense: 10 + Dex + Wis',
      { dex: 16, wis: 16 },
      { unarmoredDefense: 'wis' },
      16,
      '16 (Unarmored Defense)',
    ],
    [
      'monk Unarmored Defense is lost behind a shield',
      { dex: 16, wis: 16 },
      { unarmoredDefense: 'wis', shield: true },
      15,
      '15 (shield)',
    ],
    [
      'natural armor as the stat block prints it',
      { dex: 13 },
      { armor: { type: 'natural', base: 15 } },
      15,
      '15 (natural armor)',
    ],
  ];
  it.each(cases)('SRD 5.1 "Armor and Shields": %s', async (_what, scores, data, ac, text) => {
    const derived = await derive(hero('Fighter', 1, scores, data));
    expect([derived.ac, derived.acText]).toEqual([ac, text]);
  });

  it('SRD 5.1 "Armor: Heavy Armor": a wearer without the Strength the armor needs is 10 feet slower', async () => {
    const weak = hero(
      'Fighter',
      1,
      { str: 12 },
      { armor: { type: 'heavy', base: 16, strength: 13 } },
    );
    expect((await derive(weak)).speed).toBe(20);
    const strong = hero(
      'Fighter',
      1,
      { str: 13 },
      { armor: { type: 'heavy', base: 16, strength: 13 } },
    );
    expect((await derive(strong)).speed).toBe(30);
  });

  it('SRD 5.1 "Armor": armor that hinders Stealth is flagged, and a Stealth check with it has disadvantage (see intents)', async () => {
    expect((await derive(ana())).stealthDisadvantage).toBe(true);
  });
});

describe('hit points', () => {
  it('SRD 5.1 "Fighter: Hit Points": 10 + Con at 1st level, then 6 + Con per level (a Con 14 fighter 3 has 28)', async () => {
    expect((await derive(ana())).maxHp).toBe(28);
    expect((await derive(hero('Fighter', 1, { con: 14 }))).maxHp).toBe(12);
  });

  it('SRD 5.1 "Multiclassing: Hit Points and Hit Dice": only the first class gives its full die at 1st level', async () => {
    const multi = actor('m', 'character', 'Multi', {
      abilities: { con: 12 },
      classes: [
        { name: 'Fighter', level: 1 },
        { name: 'Wizard', level: 1 },
      ],
    });
    const derived = await derive(multi);
    expect(derived.maxHp).toBe(10 + 1 + (4 + 1));
    expect(derived.hitDice).toEqual({
      d10: { max: 1, used: 0, left: 1 },
      d6: { max: 1, used: 0, left: 1 },
    });
    expect(derived.hitDiceText).toBe('1/1 d10, 1/1 d6');
  });

  it('rolled hit points replace the formula (maxHpOverride); a low Con never costs a level its last hit point', async () => {
    expect((await derive(ana({ maxHpOverride: 31 }))).maxHp).toBe(31);
    // Wizard d6 with Con 3 (−4): 6 − 4 = 2 at 1st level, then 4 − 4 = 0, counted as 1.
    expect((await derive(hero('Wizard', 3, { con: 3 }))).maxHp).toBe(2 + 1 + 1);
  });

  it('SRD 5.1 "Monsters: Hit Points": 2d8 Hit Dice with Con 12 give 2d8 + 2, 11 on average', async () => {
    const derived = await derive(
      actor('m', 'npc', 'Monster', { hitDice: '2d8', abilities: { con: 12 } }),
    );
    expect([derived.maxHp, derived.maxHpText]).toEqual([11, '11 (2d8 + 2)']);
    const dragon = await derive(
      actor('d', 'npc', 'Young Red Dragon', {
        size: 'large',
        hitDice: '17d10',
        abilities: { con: 21 },
      }),
    );
    expect([dragon.maxHp, dragon.maxHpText]).toEqual([178, '178 (17d10 + 85)']);
    // A kobold: 2d6 with Con 9 gives 2d6 − 2, 5.
    const kobold = await derive(
      actor('k', 'npc', 'Kobold', { hitDice: '2d6', abilities: { con: 9 } }),
    );
    expect([kobold.maxHp, kobold.maxHpText]).toEqual([5, '5 (2d6 − 2)']);
  });

  it('SRD 5.1 "Monsters: Hit Points": the Hit Die follows the size when the sheet gives only a count', async () => {
    const large = await derive(actor('m', 'npc', 'Monster', { size: 'large', hitDice: '4' }));
    expect(large.maxHp).toBe(22); // 4d10: 4 × 5.5
  });

  it('SRD 5.1 "Exhaustion": at level 4 the hit point maximum is halved', async () => {
    expect((await derive(ana({ exhaustion: 4 }))).maxHp).toBe(14);
  });

  it('shows hit points with temporary hit points, and the creature’s state', async () => {
    const derived = await derive(ana({ hp: 12, tempHp: 5 }));
    expect(derived.hpText).toBe('12 / 28 (+5 temporary)');
    expect([derived.bloodied, derived.status]).toEqual([true, 'bloodied']);
    expect((await derive(ana({ hp: 0, conditions: ['unconscious'] }))).status).toBe('dying');
    expect((await derive(ana({ hp: 0, stable: true }))).status).toBe('stable');
    expect((await derive(ana({ hp: 0, dead: true }))).status).toBe('dead');
  });
});

describe('attacks', () => {
  it('SRD 5.1 "Making an Attack": melee weapons use Strength, ranged Dexterity, finesse the better; proficiency adds to the roll only', async () => {
    const { attacks } = await derive(ana());
    expect(attacks.map((a: Derived) => [a.name, a.toHit, a.damage])).toEqual([
      ['Longsword', 5, '1d8+3 slashing'],
      ['Longbow', 4, '1d8+2 piercing'],
      ['Dagger', 5, '1d4+3 piercing'],
    ]);
    expect(attacks[0].text).toBe('Longsword: +5 to hit, reach 5 ft., 1d8+3 slashing');
    expect(attacks[1].text).toBe('Longbow: +4 to hit, range 150/600 ft., 1d8+2 piercing');
    expect(attacks[2].text).toBe(
      'Dagger: +5 to hit, reach 5 ft. or range 20/60 ft., 1d4+3 piercing',
    );
  });

  it('SRD 5.1 "Weapon Properties: Finesse": a nimble rogue uses Dexterity for a dagger', async () => {
    const rogue = hero(
      'Rogue',
      1,
      { str: 10, dex: 18 },
      {
        attacks: [
          {
            name: 'Dagger',
            damage: '1d4',
            damageType: 'piercing',
            properties: ['finesse', 'light'],
          },
        ],
      },
    );
    expect((await derive(rogue)).attacks[0]).toMatchObject({ toHit: 6, damage: '1d4+4 piercing' });
  });

  it('SRD 5.1 "Magic Items: Weapon, +1": a magic bonus adds to attack and damage; without proficiency no bonus is added', async () => {
    const sheet = ana({
      attacks: [
        { name: 'Longsword +1', damage: '1d8', damageType: 'slashing', magic: 1 },
        {
          name: 'Whip',
          damage: '1d4',
          damageType: 'slashing',
          proficient: false,
          properties: 'finesse, reach',
        },
      ],
    });
    const { attacks } = await derive(sheet);
    expect(attacks[0]).toMatchObject({ toHit: 6, damage: '1d8+4 slashing' });
    expect(attacks[1]).toMatchObject({ toHit: 3, damage: '1d4+3 slashing' });
    expect(attacks[1].text).toContain('reach 10 ft.');
  });

  it('a stat block’s printed numbers win over the formula (the ghoul’s bite is +2 to hit)', async () => {
    const ghoul = actor('g', 'npc', 'Ghoul', {
      cr: 1,
      abilities: { str: 13, dex: 15 },
      attacks: [
        { name: 'Bite', damage: '2d6', damageType: 'piercing', ability: 'dex', attackBonus: 2 },
      ],
    });
    expect((await derive(ghoul)).attacks[0]).toMatchObject({ toHit: 2, damage: '2d6+2 piercing' });
  });

  it('explains an attack it cannot use, instead of failing', async () => {
    const derived = await derive(
      ana({ attacks: [{ name: 'Odd', damage: '1d8x', damageType: 'slashing' }] }),
    );
    expect(derived.attacks[0].problem).toBe('its damage "1d8x" is not dice such as 1d8 or 2d6+1d4');
    expect(derived.problems).toContain('Odd: its damage "1d8x"');
  });
});

describe('spellcasting', () => {
  it('SRD 5.1 "Spellcasting": spell save DC = 8 + proficiency + modifier, spell attack = proficiency + modifier', async () => {
    const derived = await derive(bram());
    expect(derived.spellcasting).toEqual({
      caster: true,
      ability: 'int',
      abilityName: 'Intelligence',
      dc: 14,
      attack: 6,
      casterLevel: 5,
    });
    expect(derived.attacks[0]).toMatchObject({ name: 'Fire Bolt', toHit: 6, damage: '2d10 fire' });
    expect(derived.attacks[1].text).toBe(
      'Fireball: Dexterity save DC 14, half on a success, 8d6 fire',
    );
  });

  it('SRD 5.1 "Fire Bolt": a cantrip gains a die at 5th, 11th and 17th level', async () => {
    for (const [level, dice] of [
      [1, '1d10'],
      [4, '1d10'],
      [5, '2d10'],
      [11, '3d10'],
      [17, '4d10'],
    ] as const) {
      const derived = await derive(bram({ classes: [{ name: 'Wizard', level }] }));
      expect(derived.attacks[0].damage, `level ${level}`).toBe(`${dice} fire`);
    }
  });

  const slots = (derived: Derived) =>
    Object.values(derived.slots as Record<string, { max: number }>)
      .map((slot) => slot.max)
      .filter((max) => max > 0);

  it('SRD 5.1 "Wizard" table: a full caster’s slots by level', async () => {
    const expected: [number, number[]][] = [
      [1, [2]],
      [2, [3]],
      [3, [4, 2]],
      [5, [4, 3, 2]],
      [9, [4, 3, 3, 3, 1]],
      [11, [4, 3, 3, 3, 2, 1]],
      [17, [4, 3, 3, 3, 2, 1, 1, 1, 1]],
      [18, [4, 3, 3, 3, 3, 1, 1, 1, 1]],
      [20, [4, 3, 3, 3, 3, 2, 2, 1, 1]],
    ];
    for (const [level, max] of expected) {
      expect(slots(await derive(hero('Wizard', level))), `wizard ${level}`).toEqual(max);
    }
  });

  it('SRD 5.1 "Paladin" and "Ranger" tables: half casters have no slots at 1st level, then follow half their level rounded up', async () => {
    const expected: [string, number, number[]][] = [
      ['Paladin', 1, []],
      ['Paladin', 2, [2]],
      ['Paladin', 3, [3]],
      ['Paladin', 5, [4, 2]],
      ['Paladin', 9, [4, 3, 2]],
      ['Ranger', 13, [4, 3, 3, 1]],
      ['Ranger', 17, [4, 3, 3, 3, 1]],
      ['Ranger', 20, [4, 3, 3, 3, 2]],
    ];
    for (const [name, level, max] of expected) {
      expect(slots(await derive(hero(name, level))), `${name} ${level}`).toEqual(max);
    }
  });

  it('third casters (a class marked "third") start at 3rd level and follow a third of their level, rounded up', async () => {
    const third = (level: number) =>
      actor('t', 'character', 'Knight', {
        classes: [{ name: 'Fighter', level, caster: 'third', spellAbility: 'int' }],
      });
    expect(slots(await derive(third(2)))).toEqual([]);
    expect(slots(await derive(third(3)))).toEqual([2]);
    expect(slots(await derive(third(4)))).toEqual([3]);
    expect(slots(await derive(third(7)))).toEqual([4, 2]);
    expect(slots(await derive(third(19)))).toEqual([4, 3, 3, 1]);
  });

  it('SRD 5.1 "Warlock: Pact Magic": slots by warlock level, all of one level', async () => {
    const expected: [number, number, number][] = [
      [1, 1, 1],
      [2, 2, 1],
      [3, 2, 2],
      [5, 2, 3],
      [9, 2, 5],
      [11, 3, 5],
      [17, 4, 5],
    ];
    for (const [level, count, slotLevel] of expected) {
      const derived = await derive(hero('Warlock', level));
      expect([derived.pact.max, derived.pact.level], `warlock ${level}`).toEqual([
        count,
        slotLevel,
      ]);
      expect(slots(derived)).toEqual([]);
    }
  });

  it('SRD 5.1 "Multiclassing: Spell Slots": a ranger 4 / sorcerer 3 casts as a 5th-level caster (4, 3 and 2 slots)', async () => {
    const multi = actor('m', 'character', 'Multi', {
      abilities: { cha: 16 },
      classes: [
        { name: 'Ranger', level: 4 },
        { name: 'Sorcerer', level: 3 },
      ],
    });
    const derived = await derive(multi);
    expect(derived.spellcasting.casterLevel).toBe(5);
    expect(slots(derived)).toEqual([4, 3, 2]);
  });

  it('SRD 5.1 "Multiclassing: Pact Magic": warlock slots stay apart from the other classes’ slots', async () => {
    const multi = actor('m', 'character', 'Multi', {
      classes: [
        { name: 'Warlock', level: 3 },
        { name: 'Sorcerer', level: 2 },
      ],
      slotsUsed: { 1: 1 },
      pactSlotsUsed: 1,
    });
    const derived = await derive(multi);
    expect(slots(derived)).toEqual([3]);
    expect(derived.pact).toEqual({ level: 2, max: 2, used: 1, left: 1 });
    expect(derived.slotsText).toBe('1st: 2/3, pact (2nd): 1/2');
  });

  it('an NPC spellcaster has the slots its stat block lists (the acolyte: three 1st-level slots)', async () => {
    const acolyte = actor('a', 'npc', 'Acolyte', {
      cr: '1/4',
      abilities: { wis: 14 },
      spellcasting: { ability: 'wis', level: 1, slots: { 1: 3 } },
    });
    const derived = await derive(acolyte);
    expect(slots(derived)).toEqual([3]);
    expect([derived.spellcasting.dc, derived.spellcasting.attack]).toEqual([12, 4]);
  });
});

describe('movement, carrying and conditions', () => {
  it('SRD 5.1 "Lifting and Carrying": capacity is Strength × 15 lb, push, drag or lift twice that; Tiny halves, Large doubles', async () => {
    expect((await derive(ana())).carrying).toMatchObject({ capacity: 240, pushDragLift: 480 });
    const tiny = await derive(actor('t', 'npc', 'Tiny', { size: 'tiny', abilities: { str: 4 } }));
    expect(tiny.carrying.capacity).toBe(30);
    const large = await derive(
      actor('l', 'npc', 'Large', { size: 'large', abilities: { str: 19 } }),
    );
    expect(large.carrying.capacity).toBe(570);
  });

  it('counts the weight of the inventory against the capacity', async () => {
    const loaded = ana({
      abilities: { str: 8 },
      inventory: [
        { name: 'Chain mail', quantity: 1, weight: 55 },
        { name: 'Rations (1 day)', quantity: 10, weight: 2 },
        { name: 'Rope, hempen (50 feet)', quantity: 1, weight: '10 lb.' },
        { name: 'Arrow', quantity: 20, weight: 0.05 },
      ],
    });
    const { carrying } = await derive(loaded);
    expect(carrying.carried).toBeCloseTo(55 + 20 + 10 + 1, 6);
    expect(carrying.capacity).toBe(120);
    expect(carrying.encumbered).toBe(false);
    const heavier = await derive(
      ana({ abilities: { str: 3 }, inventory: [{ name: 'Anvil', weight: 50 }] }),
    );
    expect(heavier.carrying.encumbered).toBe(true);
  });

  it('SRD 5.1 "Exhaustion": level 2 halves speed, level 5 makes it 0; grappled and restrained creatures have speed 0', async () => {
    expect((await derive(ana({ exhaustion: 2 }))).speed).toBe(15);
    expect((await derive(ana({ exhaustion: 5 }))).speed).toBe(0);
    expect((await derive(ana({ conditions: ['grappled'] }))).speed).toBe(0);
    expect((await derive(ana({ conditions: ['restrained'] }))).speed).toBe(0);
    const spider = await derive(
      actor('s', 'npc', 'Giant Spider', { speed: { walk: 30, climb: 30 } }),
    );
    expect(spider.speedText).toBe('30 ft., climb 30 ft.');
  });

  it('lists conditions and exhaustion for the sheet', async () => {
    const derived = await derive(
      ana({ conditions: ['prone', 'poisoned', 'sleepy'], exhaustion: 1 }),
    );
    expect(derived.conditionsText).toBe('prone, poisoned, exhaustion 1');
  });
});

describe('a sheet typed by people', () => {
  it('reads an empty sheet as a 1st-level character with scores of 10', async () => {
    const derived = await derive(actor('x', 'character', 'Blank', {}));
    // A class the sheet does not name has a d8 Hit Die: 8 hit points at 1st level.
    expect(derived).toMatchObject({ level: 1, proficiency: 2, ac: 10, maxHp: 8, speed: 30 });
  });

  it('reads mistyped values as their defaults instead of failing', async () => {
    const junk = actor('x', 'character', 'Junk', {
      classes: 'fighter',
      abilities: { str: 'strong', dex: null, con: 99, int: -4 },
      armor: 'plate',
      shield: 'yes',
      skills: { stealth: 'ninja', perception: true },
      attacks: [null, 3, { name: 7 }],
      inventory: 'lots',
      hp: 'full',
      conditions: 'prone',
      exhaustion: 9,
    } as unknown as JsonObject);
    const derived = await derive(junk);
    expect(derived.modifiers).toMatchObject({ str: 0, dex: 0, con: 10, int: -5 });
    expect(derived.skills.stealth.proficiency).toBe('none');
    expect(derived.skills.perception.proficiency).toBe('proficient');
    expect(derived.attacks).toHaveLength(3);
    expect(derived.exhaustion).toBe(6);
    expect(derived.conditionsText).toBe('prone, exhaustion 6');
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('derive', [bram()], { seed: '00' });
  });
});
