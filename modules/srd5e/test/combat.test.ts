/**
 * Combat: srd5e:attack (reach and range, the attack roll, critical hits, damage types), and the
 * one damage path it shares with damage.apply (temporary hit points, resistances, dropping to 0,
 * instant death, monsters dying), checked with the worked numbers of SRD 5.1 and the dice the
 * sandbox recorded.
 */
import type { Actor, JsonObject, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actor,
  ana,
  appliedOf,
  bram,
  dataChanges,
  GM,
  goblin,
  intent,
  MODULE_DIR,
  PLAYER,
  SEEDS,
  seedWhere,
  table,
  token,
} from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

// biome-ignore lint/suspicious/noExplicitAny: roll cards and other data are free-form JSON.
type Any = Record<string, any>;

/** Applies an intent with a seed; returns the changes, the dice drawn and the data changes. */
async function applied(
  kind: string,
  payload: JsonObject,
  state: TableState,
  seed: string,
  author = PLAYER,
) {
  const request = intent(kind, payload, author);
  expect(await rules.validate(request, state)).toEqual({ ok: true });
  const outcome = await rules.call('apply', [request, state], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return {
    changes: appliedOf(outcome.value).changes,
    card: appliedOf(outcome.value).result as Any,
    faces: outcome.draws.map((draw) => draw.value),
    sides: outcome.draws.map((draw) => draw.sides),
    logs: outcome.logs,
    data: (id: string) => dataChanges(appliedOf(outcome.value).changes, id) as Any,
  };
}

const refused = async (kind: string, payload: JsonObject, state: TableState, author = PLAYER) =>
  rules.validate(intent(kind, payload, author), state);

describe('srd5e:attack — who, what and how far', () => {
  const state = table([ana(), bram(), goblin()]);

  it('accepts Ana’s longsword against the goblin beside her, named by id, token or name', async () => {
    for (const targetId of ['goblin', 't-goblin', 'GOBLIN']) {
      expect(
        await refused('srd5e:attack', { attackerId: 'ana', targetId, weapon: 'longsword' }, state),
      ).toEqual({
        ok: true,
      });
    }
  });

  it('SRD 5.1 "Melee Attacks": a melee attack reaches 5 feet (10 with the reach property); a thrown weapon throws', async () => {
    const far = table(
      [ana(), goblin()],
      [token('t-ana', 'ana', 0, 0), token('t-goblin', 'goblin', 2, 1)],
    );
    expect(await refused('srd5e:attack', { attackerId: 'ana', targetId: 'goblin' }, far)).toEqual({
      ok: false,
      reason: 'Goblin is 10 ft away, out of reach of Longsword (5 ft)',
    });
    // The dagger is thrown (range 20/60): 10 feet is fine, 65 is not.
    expect(
      await refused(
        'srd5e:attack',
        { attackerId: 'ana', targetId: 'goblin', weapon: 'dagger' },
        far,
      ),
    ).toEqual({
      ok: true,
    });
    const farther = table(
      [ana(), goblin()],
      [token('t-ana', 'ana', 0, 0), token('t-goblin', 'goblin', 13, 5)],
    );
    expect(
      await refused(
        'srd5e:attack',
        { attackerId: 'ana', targetId: 'goblin', weapon: 'dagger' },
        farther,
      ),
    ).toEqual({
      ok: false,
      reason: 'Goblin is 65 ft away, beyond the 60 ft a thrown Dagger can reach',
    });
  });

  it('SRD 5.1 "Ranged Attacks": no attack beyond the long range', async () => {
    const away = table(
      [ana(), goblin()],
      [token('t-ana', 'ana', 0, 0), token('t-goblin', 'goblin', 121, 0)],
    );
    expect(
      await refused('srd5e:attack', { attackerId: 'ana', targetId: 'goblin', weapon: 1 }, away),
    ).toEqual({
      ok: false,
      reason: 'Goblin is 605 ft away, out of range of Longbow (150/600 ft)',
    });
  });

  it('SRD 5.1 "Movement and Position": a Large creature is measured from its nearest square', async () => {
    const ogre = actor('ogre', 'npc', 'Ogre', {
      size: 'large',
      cr: 2,
      abilities: { str: 19 },
      hitDice: '7d10',
      attacks: [{ name: 'Greatclub', damage: '2d8', damageType: 'bludgeoning' }],
    });
    // The ogre fills (2,0)–(3,1); Ana at (0,1) is 5 feet from its nearest square.
    const state2 = table(
      [ana(), ogre],
      [token('t-ana', 'ana', 1, 1), token('t-ogre', 'ogre', 2, 0, 2)],
    );
    expect(await refused('srd5e:attack', { attackerId: 'ana', targetId: 'ogre' }, state2)).toEqual({
      ok: true,
    });
  });

  it.each([
    [{ attackerId: 'bram', targetId: 'goblin' }, PLAYER, 'you do not control Bram'],
    [{ attackerId: 'ana', targetId: 'nobody' }, PLAYER, 'there is no creature "nobody"'],
    [{ attackerId: 'ana', targetId: 'ana' }, PLAYER, 'Ana cannot attack themselves'],
    [
      { attackerId: 'ana', targetId: 'goblin', weapon: 'halberd' },
      PLAYER,
      'Ana has no attack called "halberd" (Longsword, Longbow or Dagger)',
    ],
    [
      { attackerId: 'ana', targetId: 'goblin', weapon: 7 },
      PLAYER,
      'Ana has 3 attacks (0 to 2), no attack 7',
    ],
    [
      { attackerId: 'ana', targetId: 'goblin', weapon: 'dagger', twoHanded: true },
      PLAYER,
      'Dagger is not versatile: it has no two-handed damage',
    ],
    [
      { attackerId: 'ana', targetIds: ['goblin', 'bram'] },
      PLAYER,
      'Longsword is an attack roll against one target; only saving-throw actions take several',
    ],
    [
      { attackerId: 'ana', targetId: 'goblin', mode: 'lucky' },
      PLAYER,
      'mode must be "normal", "advantage" or "disadvantage", not "lucky"',
    ],
    [
      { attackerId: 'ana', targetId: 'goblin', power: 9000 },
      PLAYER,
      'srd5e:attack has no field "power" (it takes attackerId, targetId, targetIds, weapon, mode, advantage, disadvantage and twoHanded)',
    ],
    [{ attackerId: 'ana' }, PLAYER, 'srd5e:attack needs a target (targetId)'],
    [{ targetId: 'goblin' }, PLAYER, 'srd5e:attack needs attackerId'],
  ])('refuses %j, saying why', async (payload, author, reason) => {
    expect(await refused('srd5e:attack', payload, state, author)).toEqual({ ok: false, reason });
  });

  it('refuses attacks by the dead, the unconscious and the stunned, and on the dead', async () => {
    const cases: [Actor[], string][] = [
      [
        [ana({ hp: 0, conditions: ['unconscious', 'prone'] }), goblin()],
        'Ana is unconscious and can’t take actions',
      ],
      [[ana({ conditions: ['stunned'] }), goblin()], 'Ana is stunned and can’t take actions'],
      [[ana({ dead: true }), goblin()], 'Ana is dead'],
      [[ana(), goblin('goblin', { hp: 0, dead: true })], 'Goblin is already dead'],
    ];
    for (const [actors, reason] of cases) {
      const result = await refused(
        'srd5e:attack',
        { attackerId: 'ana', targetId: 'goblin' },
        table(actors),
      );
      expect(result).toEqual({ ok: false, reason: reason.replace('’', "'") });
    }
  });

  it('refuses an attack across scenes, and lets the GM attack with a monster', async () => {
    const apart = table(
      [ana(), goblin()],
      [token('t-ana', 'ana', 0, 0), { ...token('t-goblin', 'goblin', 1, 0), sceneId: 's2' }],
    );
    expect(await refused('srd5e:attack', { attackerId: 'ana', targetId: 'goblin' }, apart)).toEqual(
      {
        ok: false,
        reason: 'Ana and Goblin are not on the same scene',
      },
    );
    expect(
      await refused('srd5e:attack', { attackerId: 'goblin', targetId: 'ana' }, state, GM),
    ).toEqual({ ok: true });
    expect(await refused('srd5e:attack', { attackerId: 'goblin', targetId: 'ana' }, state)).toEqual(
      {
        ok: false,
        reason: 'you do not control Goblin',
      },
    );
  });

  it('leaves reach to the table when the creatures have no tokens', async () => {
    const nowhere = table([ana(), goblin()], []);
    expect(
      await refused('srd5e:attack', { attackerId: 'ana', targetId: 'goblin' }, nowhere),
    ).toEqual({ ok: true });
  });
});

describe('srd5e:attack — the roll and the damage', () => {
  const state = table([ana(), bram(), goblin()]);

  it('SRD 5.1 "Attack Rolls": d20 + 5 against the goblin’s AC 15; a hit deals 1d8 + 3, and the goblin dies at 0 ("Monsters and Death")', async () => {
    const seen = { hit: 0, miss: 0, critical: 0, killed: 0 };
    for (const seed of SEEDS) {
      const result = await applied(
        'srd5e:attack',
        { attackerId: 'ana', targetId: 'goblin' },
        state,
        seed,
      );
      const [d20, ...damage] = result.faces as [number, ...number[]];
      const hits = d20 === 20 || (d20 !== 1 && d20 + 5 >= 15);
      const card = result.card;
      // The receipt shows the roll card; the attacker's sheet is not written.
      expect(result.data('ana')).toEqual({});
      expect(card.results[0]).toMatchObject({
        target: 'goblin',
        ac: 15,
        hit: hits,
        critical: d20 === 20,
      });
      expect(card.results[0].roll.natural).toBe(d20);
      if (!hits) {
        seen.miss++;
        expect(damage).toEqual([]);
        expect(result.data('goblin')).toEqual({});
        continue;
      }
      seen[d20 === 20 ? 'critical' : 'hit']++;
      // A critical hit rolls the d8 twice and adds the modifier once.
      expect(result.sides.slice(1)).toEqual(d20 === 20 ? [8, 8] : [8]);
      const dealt = damage.reduce((sum, face) => sum + face, 0) + 3;
      const hp = Math.max(0, 7 - dealt);
      expect(result.data('goblin').hp).toBe(hp);
      expect(card.results[0].dealt).toBe(dealt);
      if (hp === 0) {
        seen.killed++;
        expect(result.data('goblin').dead).toBe(true);
        expect(result.changes).toContainEqual({
          op: 'set',
          collection: 'tokens',
          id: 't-goblin',
          path: ['conditions'],
          value: ['dead'],
        });
      }
    }
    expect(seen.hit).toBeGreaterThan(0);
    expect(seen.miss).toBeGreaterThan(0);
    expect(seen.killed).toBeGreaterThan(0);
  });

  it('SRD 5.1 "Critical Hits": a natural 20 rolls the damage dice twice (2d8 + 3)', async () => {
    const seed = seedWhere([20], ([d20]) => d20 === 20);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin' },
      table([ana(), goblin('goblin', { hp: 40, maxHpOverride: 40 })]),
      seed,
    );
    const [, a, b] = result.faces as [number, number, number];
    expect(result.sides).toEqual([20, 8, 8]);
    expect(result.data('goblin').hp).toBe(40 - (a + b + 3));
    expect(result.card.text).toContain('natural 20: critical hit');
  });

  it('SRD 5.1 "Weapon Properties: Versatile": a longsword held in two hands deals 1d10', async () => {
    const seed = seedWhere([20], ([d20]) => d20 >= 10 && d20 < 20);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin', twoHanded: true },
      state,
      seed,
    );
    expect(result.sides).toEqual([20, 10]);
  });

  it('SRD 5.1 "Ranged Attacks: Range": beyond the normal range the attack has disadvantage', async () => {
    const far = table(
      [ana(), goblin()],
      [token('t-ana', 'ana', 0, 0), token('t-goblin', 'goblin', 40, 0)],
    );
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin', weapon: 'longbow' },
      far,
      'a1',
    );
    const [a, b] = result.faces as [number, number];
    const roll = result.card.results[0].roll;
    expect(roll).toMatchObject({
      mode: 'disadvantage',
      natural: Math.min(a, b),
      disadvantage: ['long range'],
    });
  });

  it('SRD 5.1 "Prone": an attacker within 5 feet has advantage, one farther away disadvantage', async () => {
    const prone = goblin('goblin', { conditions: ['prone'] });
    const close = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin' },
      table([ana(), prone]),
      'b2',
    );
    expect(close.card.results[0].roll).toMatchObject({
      mode: 'advantage',
      advantage: ['target prone within 5 ft'],
    });
    const far = table(
      [ana(), prone],
      [token('t-ana', 'ana', 0, 0), token('t-goblin', 'goblin', 10, 0)],
    );
    const shot = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin', weapon: 'longbow' },
      far,
      'b2',
    );
    expect(shot.card.results[0].roll).toMatchObject({
      mode: 'disadvantage',
      disadvantage: ['target prone beyond 5 ft'],
    });
  });

  it('SRD 5.1 "Poisoned" and "Advantage and Disadvantage": a poisoned attacker who asks for advantage rolls one d20', async () => {
    const sick = table([ana({ conditions: ['poisoned'] }), goblin()]);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'ana', targetId: 'goblin', mode: 'advantage' },
      sick,
      'c3',
    );
    expect(result.sides[0]).toBe(20);
    expect(result.sides[1]).not.toBe(20);
    expect(result.card.results[0].roll).toMatchObject({
      mode: 'normal',
      advantage: ['asked'],
      disadvantage: ['attacker poisoned'],
    });
  });

  it('SRD 5.1 "Unconscious": a hit from within 5 feet is a critical hit, and at 0 hit points it is two death save failures', async () => {
    const down = bram({ hp: 0, conditions: ['unconscious', 'prone'] });
    const state2 = table(
      [ana(), down, goblin()],
      [token('t-bram', 'bram', 1, 1), token('t-goblin', 'goblin', 1, 0)],
    );
    // Advantage (two d20): the higher + 4 must reach Bram's AC 12 without a natural 20.
    const seed = seedWhere([20, 20], ([a, b]) => Math.max(a, b) + 4 >= 12 && Math.max(a, b) < 20);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'goblin', targetId: 'bram' },
      state2,
      seed,
      GM,
    );
    const card = result.card.results[0];
    expect(card).toMatchObject({ hit: true, critical: true });
    expect(card.roll.advantage).toEqual(['target unconscious', 'target prone within 5 ft']);
    expect(result.sides).toEqual([20, 20, 6, 6]);
    expect(result.data('bram').deathSaves).toEqual({ successes: 0, failures: 2 });
    expect(result.card.text).toContain('critical hit (unconscious within 5 ft)');
  });

  it('SRD 5.1 "Saving Throws" (spells): Fireball rolls 8d6 once, and each goblin saves on its own, halving on a success', async () => {
    const goblins = [
      goblin('goblin-1', { hp: 7 }),
      goblin('goblin-2', { maxHpOverride: 60, hp: 60 }),
    ];
    const state2 = table([bram(), ...goblins], []);
    let halves = 0;
    for (const seed of SEEDS.slice(0, 12)) {
      const result = await applied(
        'srd5e:attack',
        { attackerId: 'bram', targetIds: ['goblin-1', 'goblin-2'], weapon: 'fireball' },
        state2,
        seed,
        'u-bo',
      );
      expect(result.sides).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 20, 20]);
      const fire = result.faces.slice(0, 8).reduce((sum, face) => sum + face, 0);
      const saves = result.faces.slice(8) as [number, number];
      // A goblin's Dexterity save is +2 against DC 14.
      const taken = saves.map((d20) => (d20 + 2 >= 14 ? Math.floor(fire / 2) : fire));
      if (saves.some((d20) => d20 + 2 >= 14)) halves++;
      expect(result.data('goblin-1').hp).toBe(Math.max(0, 7 - (taken[0] as number)));
      expect(result.data('goblin-2').hp).toBe(60 - (taken[1] as number));
      expect(result.card.results.map((r: Any) => r.dealt)).toEqual(taken);
    }
    expect(halves).toBeGreaterThan(0);
  });

  it('SRD 5.1 "Wolf": a bite that hits knocks the target prone unless it makes a DC 11 Strength save', async () => {
    const wolf = actor('wolf', 'npc', 'Wolf', {
      cr: '1/4',
      abilities: { str: 12, dex: 15, con: 12, int: 3, wis: 12, cha: 6 },
      hitDice: '2d8',
      attacks: [
        {
          name: 'Bite',
          damage: '2d4',
          damageType: 'piercing',
          ability: 'dex',
          onHitCondition: 'prone',
          onHitSaveAbility: 'str',
          onHitSaveDc: 11,
        },
      ],
    });
    const state2 = table(
      [ana(), wolf],
      [token('t-ana', 'ana', 0, 0), token('t-wolf', 'wolf', 1, 0)],
    );
    // Bite +4 against AC 18; then 2d4; then Ana's Strength save, +5, fails below 6.
    const seed = seedWhere([20, 4, 4, 20], ([hit, , , save]) => hit >= 14 && hit < 20 && save < 6);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'wolf', targetId: 'ana' },
      state2,
      seed,
      GM,
    );
    const [, a, b] = result.faces as [number, number, number];
    expect(result.data('ana')).toMatchObject({ hp: 28 - (a + b + 2), conditions: ['prone'] });
    expect(result.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['prone'],
    });
    const saved = seedWhere(
      [20, 4, 4, 20],
      ([hit, , , save]) => hit >= 14 && hit < 20 && save >= 6,
    );
    const resisted = await applied(
      'srd5e:attack',
      { attackerId: 'wolf', targetId: 'ana' },
      state2,
      saved,
      GM,
    );
    expect(resisted.data('ana').conditions).toBeUndefined();
  });

  it('SRD 5.1 "Giant Spider": the bite’s poison takes a Constitution save for half, and doubles its dice on a critical hit', async () => {
    const spider = actor('spider', 'npc', 'Giant Spider', {
      size: 'large',
      cr: 1,
      abilities: { str: 14, dex: 16, con: 12 },
      hitDice: '4d10',
      attacks: [
        {
          name: 'Bite',
          damage: '1d8',
          damageType: 'piercing',
          ability: 'dex',
          extraDamage: [
            {
              damage: '2d8',
              damageType: 'poison',
              saveAbility: 'con',
              saveDc: 11,
              saveEffect: 'half',
            },
          ],
        },
      ],
    });
    const tough = ana({ hp: 28 });
    const state2 = table(
      [tough, spider],
      [token('t-ana', 'ana', 0, 0), token('t-spider', 'spider', 1, 0, 2)],
    );
    const seed = seedWhere([20, 8, 8, 8, 20], ([hit, , , , save]) => hit === 20 && save + 4 >= 11);
    const result = await applied(
      'srd5e:attack',
      { attackerId: 'spider', targetId: 'ana' },
      state2,
      seed,
      GM,
    );
    // Critical: 2d8 piercing + 3, 4d8 poison halved by the save.
    expect(result.sides).toEqual([20, 8, 8, 8, 8, 8, 8, 20]);
    const f = result.faces;
    const piercing = (f[1] as number) + (f[2] as number) + 3;
    const poison = Math.floor(
      ((f[3] as number) + (f[4] as number) + (f[5] as number) + (f[6] as number)) / 2,
    );
    expect(result.data('ana').hp).toBe(Math.max(0, 28 - piercing - poison));
  });

  it('is deterministic, as every peer re-running the ruling needs', async () => {
    await rules.checkDeterminism(
      'apply',
      [intent('srd5e:attack', { attackerId: 'ana', targetId: 'goblin' }), state],
      {
        seed: 'feed',
      },
    );
  });
});

describe('damage.apply — the same damage rules', () => {
  const damage = (state: TableState, actorId: string, amount: number, type?: string) =>
    applied(
      'damage.apply',
      { actorId, amount, ...(type === undefined ? {} : { type }) },
      state,
      '00',
      GM,
    );

  it('SRD 5.1 "Temporary Hit Points": with 5 temporary hit points, 7 damage takes them all and 2 more', async () => {
    const result = await damage(table([ana({ tempHp: 5 })]), 'ana', 7);
    expect(result.data('ana')).toEqual({ tempHp: 0, hp: 26 });
  });

  it('SRD 5.1 "Damage Resistance and Vulnerability": resistance halves (rounded down), vulnerability doubles, immunity stops it', async () => {
    const golem = (data: JsonObject) =>
      actor('g', 'npc', 'Statue', { hitDice: '20d8', hp: 90, ...data });
    expect(
      (await damage(table([golem({ resistances: ['bludgeoning'] })]), 'g', 25, 'bludgeoning')).data(
        'g',
      ).hp,
    ).toBe(90 - 12);
    expect(
      (
        await damage(table([golem({ vulnerabilities: ['bludgeoning'] })]), 'g', 7, 'bludgeoning')
      ).data('g').hp,
    ).toBe(90 - 14);
    expect(
      (await damage(table([golem({ immunities: ['poison'] })]), 'g', 30, 'poison')).data('g'),
    ).toEqual({});
    // Both: halved, then doubled. Another type is not affected.
    expect(
      (
        await damage(
          table([golem({ resistances: ['fire'], vulnerabilities: ['fire'] })]),
          'g',
          25,
          'fire',
        )
      ).data('g').hp,
    ).toBe(90 - 24);
    expect(
      (await damage(table([golem({ resistances: ['fire'] })]), 'g', 25, 'cold')).data('g').hp,
    ).toBe(90 - 25);
  });

  it('SRD 5.1 "Petrified": a petrified creature resists all damage', async () => {
    const statue = goblin('goblin', { conditions: ['petrified'], maxHpOverride: 40, hp: 40 });
    const result = await damage(table([statue]), 'goblin', 9, 'bludgeoning');
    expect(result.data('goblin').hp).toBe(40 - 4);
    expect(result.card).toEqual({
      kind: 'damage',
      actorId: 'goblin',
      dealt: 4,
      hp: 36,
      tempHp: 0,
      dead: false,
      text: 'Goblin takes 4 bludgeoning (petrified: resists all damage): 40 → 36 hp',
    });
  });

  it('SRD 5.1 "Falling Unconscious"": at 0 hit points a character falls unconscious and prone, its token too', async () => {
    const result = await damage(table([ana()]), 'ana', 30);
    expect(result.data('ana')).toEqual({ hp: 0, conditions: ['unconscious', 'prone'] });
    expect(result.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['unconscious', 'prone'],
    });
  });

  it('SRD 5.1 "Instant Death": a cleric with 12 maximum hit points at 6 who takes 18 damage dies; 17 leaves her dying', async () => {
    const cleric = (hp: number) =>
      actor(
        'c',
        'character',
        'Cleric',
        { classes: [{ name: 'Cleric', level: 1 }], abilities: { con: 18 }, hp },
        [PLAYER],
      );
    const state18 = table([cleric(6)]);
    expect((await rules.derive(cleric(6))).maxHp).toBe(12);
    expect((await damage(state18, 'c', 18)).data('c')).toEqual({ hp: 0, dead: true });
    expect((await damage(state18, 'c', 17)).data('c')).toEqual({
      hp: 0,
      conditions: ['unconscious', 'prone'],
    });
  });

  it('SRD 5.1 "Damage at 0 Hit Points": a failed death save per hit, death at the third or when it reaches the maximum', async () => {
    const dying = (failures: number) =>
      ana({ hp: 0, conditions: ['unconscious', 'prone'], deathSaves: { successes: 1, failures } });
    expect((await damage(table([dying(0)]), 'ana', 3)).data('ana')).toEqual({
      deathSaves: { successes: 1, failures: 1 },
    });
    expect((await damage(table([dying(2)]), 'ana', 3)).data('ana')).toEqual({
      deathSaves: { successes: 1, failures: 3 },
      dead: true,
    });
    expect((await damage(table([dying(0)]), 'ana', 28)).data('ana')).toEqual({ dead: true });
    // A stable creature that takes damage is dying again.
    const stable = ana({ hp: 0, conditions: ['unconscious'], stable: true });
    expect((await damage(table([stable]), 'ana', 1)).data('ana')).toEqual({
      deathSaves: { successes: 0, failures: 1 },
      stable: false,
    });
  });

  it('SRD 5.1 "Monsters and Death": a monster dies at 0, unless the GM gives it death saves', async () => {
    expect((await damage(table([goblin()]), 'goblin', 7)).data('goblin')).toEqual({
      hp: 0,
      dead: true,
    });
    const boss = goblin('goblin', { usesDeathSaves: true });
    expect((await damage(table([boss]), 'goblin', 7)).data('goblin')).toEqual({
      hp: 0,
      conditions: ['unconscious', 'prone'],
    });
  });

  it('SRD 5.1 "Healing": hit points never rise above the maximum; any healing at 0 wakes the creature and resets its death saves', async () => {
    expect((await damage(table([ana({ hp: 20 })]), 'ana', -15)).data('ana')).toEqual({ hp: 28 });
    const down = ana({
      hp: 0,
      conditions: ['unconscious', 'prone'],
      deathSaves: { successes: 2, failures: 1 },
    });
    const result = await damage(table([down]), 'ana', -4);
    // Prone stays: a creature that wakes must still stand up.
    expect(result.data('ana')).toEqual({
      hp: 4,
      conditions: ['prone'],
      deathSaves: { successes: 0, failures: 0 },
    });
  });

  it.each([
    [{ actorId: 'ana', amount: 2.5 }, 'damage is a whole number of hit points (negative to heal)'],
    [
      { actorId: 'ana', amount: 5, type: 'sonic' },
      '"sonic" is not a damage type: acid, bludgeoning, cold, fire, force, lightning, necrotic, piercing, poison, psychic, radiant, slashing or thunder',
    ],
    [{ actorId: 'nobody', amount: 5 }, 'there is no character "nobody"'],
  ])('refuses %j', async (payload, reason) => {
    expect(await refused('damage.apply', payload, table([ana()]), GM)).toEqual({
      ok: false,
      reason,
    });
  });

  it('refuses to change the hit points of the dead', async () => {
    expect(
      await refused(
        'damage.apply',
        { actorId: 'ana', amount: -5 },
        table([ana({ hp: 0, dead: true })]),
        GM,
      ),
    ).toEqual({
      ok: false,
      reason: 'Ana is dead: only magic that raises the dead brings hit points back',
    });
  });
});
