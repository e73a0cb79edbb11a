/**
 * derive and initiative against the reference pages: limits, pools, defaulting, condition
 * monitors, wound modifiers, movement and the initiative roll, on Kestrel and the ganger.
 */
import type { Actor, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ganger, kestrel, MODULE_DIR, SEEDS } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/** Kestrel with this damage. */
const hurt = (physical: number, stun: number, overflow = 0) =>
  kestrel({ damage: { physical, stun, overflow } });

describe('derive', () => {
  it('dice-pools.md "Limits": Kestrel has physical 5, mental 6, social 4', async () => {
    expect((await rules.derive(kestrel())).limits).toEqual({ physical: 5, mental: 6, social: 4 });
  });

  it('dice-pools.md "Skills": a pool is attribute + rating (Pistols 5 + Agility 5 = 10)', async () => {
    const derived = await rules.derive(kestrel());
    expect(derived.pools).toEqual({ pistols: 10, sneaking: 9, perception: 8 });
    expect(derived.skills).toEqual([
      {
        name: 'Pistols',
        key: 'pistols',
        attribute: 'agility',
        rating: 5,
        limit: 'physical',
        pool: 10,
      },
      {
        name: 'Sneaking',
        key: 'sneaking',
        attribute: 'agility',
        rating: 4,
        limit: 'physical',
        pool: 9,
      },
      {
        name: 'Perception',
        key: 'perception',
        attribute: 'intuition',
        rating: 3,
        limit: 'mental',
        pool: 8,
      },
    ]);
    expect(derived.skillSummary).toBe('Pistols 10 [5] · Sneaking 9 [5] · Perception 8 [6]');
  });

  it('dice-pools.md "Defaulting": a skill at rating 0 rolls attribute − 1 (Charisma 2 gives 1)', async () => {
    const skills = [
      { name: 'Negotiation', attribute: 'charisma', rating: 0 },
      { name: 'Close Combat', attribute: 'agility', rating: 0 },
    ];
    const derived = await rules.derive(kestrel({ skills }));
    expect(derived.pools).toEqual({ negotiation: 1, closeCombat: 4 });
  });

  it('combat.md "Attacking": a weapon rolls its skill, limited by accuracy; no weapon is unarmed', async () => {
    const derived = await rules.derive(kestrel());
    expect(derived.weapons).toEqual([
      expect.objectContaining({
        name: 'Heavy pistol',
        pool: 10,
        limit: 5,
        damage: 5,
        ap: -1,
        text: '5P AP −1',
      }),
      expect.objectContaining({
        name: 'Hold-out pistol',
        pool: 10,
        limit: 4,
        damage: 3,
        ap: 0,
        text: '3P',
      }),
    ]);
    // The ganger's knife adds his Strength 3; unarmed Kestrel defaults on Agility (5 − 1).
    expect((await rules.derive(ganger())).weapons).toEqual([
      expect.objectContaining({ name: 'Knife', pool: 5, damage: 4, type: 'physical', range: 1 }),
    ]);
    expect((await rules.derive(kestrel({ weapons: [] }))).weapons).toEqual([
      expect.objectContaining({
        name: 'Unarmed',
        skill: 'Unarmed Combat',
        pool: 4,
        limit: 5,
        damage: 3,
        type: 'stun',
        text: '3S',
      }),
    ]);
  });

  it('damage.md "Condition monitors": 8 + half Body and 8 + half Willpower, rounded up', async () => {
    const derived = await rules.derive(kestrel());
    expect(derived.monitors).toEqual({
      physical: { max: 10, damage: 0 },
      stun: { max: 10, damage: 0 },
      overflow: { max: 4, damage: 0 },
    });
    const bruiser = kestrel({ attributes: { body: 5, willpower: 6 } });
    expect((await rules.derive(bruiser)).monitors).toMatchObject({
      physical: { max: 11 },
      stun: { max: 11 },
    });
  });

  it.each([
    [2, 0, 0],
    [3, 0, -1],
    [4, 5, -2],
    [6, 6, -4],
  ])(
    'damage.md "Wound modifiers": %i physical and %i stun cost %i dice',
    async (p, s, modifier) => {
      const derived = await rules.derive(hurt(p, s));
      expect(derived.woundModifier).toBe(modifier);
      expect((derived.pools as JsonObject).pistols).toBe(10 + modifier);
      expect(derived.defense).toBe(9 + modifier);
      expect((derived.attributePools as JsonObject).agility).toBe(5 + modifier);
    },
  );

  it('damage.md "Wound modifiers": pools never drop below 0, and soak ignores wounds', async () => {
    const derived = await rules.derive(hurt(9, 9));
    expect(derived.woundModifier).toBe(-6);
    expect(derived.pools).toEqual({ pistols: 4, sneaking: 3, perception: 2 });
    expect((derived.attributePools as JsonObject).charisma).toBe(0);
    expect(derived.soak).toBe(8);
  });

  it('damage.md "Condition": ok, wounded, unconscious, dying, dead', async () => {
    const condition = async (actor: Actor) => (await rules.derive(actor)).condition;
    expect(await condition(hurt(0, 2))).toBe('ok');
    expect(await condition(hurt(3, 0))).toBe('wounded');
    expect(await condition(hurt(3, 10))).toBe('unconscious');
    expect(await condition(hurt(10, 0, 4))).toBe('dying');
    expect(await condition(hurt(10, 0, 5))).toBe('dead');
  });

  it('combat.md "Moving": Kestrel (Agility 5) walks 10 m and runs 20 m', async () => {
    expect((await rules.derive(kestrel())).movement).toEqual({ walk: 10, run: 20 });
  });

  it('dice-pools.md "Luck": luck points are the Luck attribute at most; a grunt\'s come from its rating', async () => {
    expect((await rules.derive(kestrel())).luck).toEqual({ max: 3, points: 3 });
    expect((await rules.derive(kestrel({ luckPoints: 1 }))).luck).toEqual({ max: 3, points: 1 });
    const { luckPoints: _, ...fresh } = kestrel().data;
    expect((await rules.derive({ ...kestrel(), data: fresh })).luck).toEqual({ max: 3, points: 3 });
    const derived = await rules.derive(ganger({ professionalRating: 3 }));
    expect(derived).toMatchObject({ luck: { max: 3, points: 3 }, professionalRating: 3 });
    expect((derived.attributes as JsonObject).luck).toBe(3);
  });

  it('combat.md "Armor": worn pieces add up; pieces not worn do not', async () => {
    const armor = [
      { name: 'Padded jacket', value: 4, worn: true },
      { name: 'Helmet', value: 2, worn: true },
      { name: 'Riot shield', value: 6, worn: false },
    ];
    expect(await rules.derive(kestrel({ armor }))).toMatchObject({ armorTotal: 6, soak: 10 });
  });

  it('derives a blank actor without failing: attributes 1, no skills, unarmed', async () => {
    const derived = await rules.derive({
      id: 'x',
      type: 'runner',
      name: 'X',
      owners: [],
      data: {},
    });
    expect(derived).toMatchObject({
      limits: { physical: 2, mental: 2, social: 2 },
      monitors: { physical: { max: 9 }, stun: { max: 9 } },
      condition: 'ok',
      pools: {},
      initiative: { score: 2, dice: 1, text: '2 + 1d6', roll: '2+1d6' },
    });
  });
});

describe('initiative', () => {
  it('combat.md "Initiative": Kestrel rolls 9 + 1d6, ties broken by Luck', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await rules.call('initiative', [kestrel()], { seed });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.draws).toHaveLength(1);
      expect(outcome.value).toBeCloseTo(9 + (outcome.draws[0]?.value as number) + 0.03, 10);
    }
  });

  it('combat.md "Initiative": initiative dice are added up, and wounds take their dice off', async () => {
    const outcome = await rules.call(
      'initiative',
      [kestrel({ initiativeDice: 3, damage: { physical: 0, stun: 3, overflow: 0 } })],
      {
        seed: 'beef',
      },
    );
    if (!outcome.ok) throw outcome.error;
    const rolled = outcome.draws.reduce((sum, draw) => sum + draw.value, 0);
    expect(outcome.draws).toHaveLength(3);
    expect(outcome.value).toBeCloseTo(9 + rolled - 1 + 0.03, 10);
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('initiative', [kestrel({ initiativeDice: 2 })], { seed: 'feed' });
  });
});
