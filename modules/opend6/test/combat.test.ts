/**
 * Combat and damage (OpenD6 "Combat": "Base Combat Difficulty", "Active Defense", "Full
 * Defense", "Range", "Determining Success", "Step 3: Determining Damage"; "Damage": "Damage and
 * Wound Levels", "Wound Levels", "Stun Damage"), checked against the dice each ruling drew.
 */
import type { JsonObject, JsonValue, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Applied,
  actor,
  attributes,
  changed,
  drawn,
  GM,
  inCombat,
  intent,
  MODULE_DIR,
  resultOf,
  SEEDS,
  sheet,
  table,
} from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/**
 * Reads one pool of `count` dice from the faces at `at` (the Wild Die's chain first), as the
 * rules must total it, and where the next pool starts.
 */
function pool(dice: number[], at: number, count: number, pips: number, rule = 'remove') {
  let end = at;
  while (dice[end] === 6) end++;
  const wild = dice.slice(at, end + 1);
  const normal = dice.slice(end + 1, end + count);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const critical = wild[0] === 1;
  const total =
    critical && rule === 'remove'
      ? sum(normal) - (normal.length === 0 ? 0 : Math.max(...normal)) + pips
      : sum(wild) + sum(normal) + pips;
  return { total, next: end + count, critical };
}

/** The wound level of a damage total over the resistance total ("Wound Levels"). */
function level(difference: number) {
  if (difference <= 0) return 0;
  if (difference <= 3) return 1;
  if (difference <= 8) return 2;
  if (difference <= 12) return 4;
  if (difference <= 15) return 5;
  return 6;
}

const ana = actor('ana');
/** A hired gun: 3D Strength and no armor, so it resists with 3D. */
const merc = actor(
  'merc',
  sheet({
    attributes: attributes(
      { agility: '3D', strength: '3D', knowledge: '2D', perception: '2D+1' },
      { agility: [{ name: 'dodge', adds: '1D', specialization: '', bonus: '0D' }] },
    ),
    equipment: [],
    characterPoints: 0,
    fatePoints: 0,
  }),
  [],
  'npc',
);
/** Ana 12 m from the merc: Medium range for her pistol (3-10/30/120). */
const state = table([ana, merc], { ana: [0, 0], merc: [400, 0] });

describe('damage.apply and the wound levels', () => {
  const hurt = (amount: number, data: JsonObject = {}, type?: string, author = GM) =>
    rules.ruling(
      intent('damage.apply', { actorId: 'merc', amount, ...(type ? { type } : {}) }, author),
      table([ana, actor('merc', { ...(merc.data as JsonObject), ...data }, [], 'npc')]),
      { seed: 'a1' },
    );

  it.each([
    [1, 1, 'stunned'],
    [3, 1, 'stunned'],
    [4, 2, 'wounded'],
    [8, 2, 'wounded'],
    [13, 5, 'mortally-wounded'],
    [15, 5, 'mortally-wounded'],
    [16, 6, 'dead'],
    [40, 6, 'dead'],
  ])(
    'OpenD6 "Wound Levels": damage over resistance by %i sets level %i',
    async (amount, wounds, condition) => {
      const changes = changed(await hurt(amount));
      expect(changes['actors merc data.wounds']).toBe(wounds);
      expect(changes['actors merc data.unconscious']).toBe(wounds === 5);
      const conditions = wounds === 5 ? [condition, 'unconscious'] : [condition];
      expect(changes['tokens t-merc conditions']).toEqual(conditions);
    },
  );

  it('OpenD6 "Combat Example": 18 damage against a resistance total of 2 is 16 over: Dead', async () => {
    const changes = changed(await hurt(18 - 2));
    expect(changes['actors merc data.wounds']).toBe(6);
    expect(changes['tokens t-merc conditions']).toEqual(['dead']);
  });

  it('OpenD6 "Wound Levels" note: Wounded again is Severely Wounded; a lesser injury raises one level', async () => {
    expect(changed(await hurt(5, { wounds: 2 }))['actors merc data.wounds']).toBe(3);
    expect(changed(await hurt(2, { wounds: 2 }))['actors merc data.wounds']).toBe(3);
    expect(changed(await hurt(2, { wounds: 3 }))['actors merc data.wounds']).toBe(4);
    expect(changed(await hurt(14, { wounds: 2 }))['actors merc data.wounds']).toBe(5);
  });

  it('OpenD6 "Wound Levels": reaching Incapacitated, a Moderate stamina roll keeps one up', async () => {
    const seen = { up: 0, out: 0 };
    for (const seed of SEEDS.slice(0, 60)) {
      const order = intent('damage.apply', { actorId: 'ana', amount: 10 }, GM);
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, state], seed);
      const changes = changed(value);
      expect(changes['actors ana data.wounds']).toBe(4);
      // Ana's stamina (4D) beats her willpower (3D+1): she rolls it against 15.
      const stayUp = pool(dice, 0, 4, 0);
      if (stayUp.total >= 15) {
        seen.up++;
        expect(dice).toHaveLength(stayUp.next);
        expect(changes['actors ana data.unconscious']).toBe(false);
      } else {
        seen.out++;
        // Out for 10D minutes: ten more dice (a Wild Die chain and nine).
        const out = pool(dice, stayUp.next, 10, 0, 'flag');
        expect(dice).toHaveLength(out.next);
        expect(changes['actors ana data.unconscious']).toBe(true);
        expect(resultOf(value)).toMatchObject({
          kind: 'injury',
          levelName: 'Incapacitated',
          unconsciousMinutes: out.total,
        });
      }
    }
    expect(seen.up).toBeGreaterThan(0);
    expect(seen.out).toBeGreaterThan(0);
  });

  it('counts "levels" as wound levels to add', async () => {
    expect(changed(await hurt(2, { wounds: 1 }, 'levels'))['actors merc data.wounds']).toBe(3);
  });

  it('OpenD6 "Stun Damage": two levels less, at least Stunned, and unconscious for the difference in minutes', async () => {
    const stunned = await hurt(10, {}, 'stun');
    const incapacitating = changed(stunned);
    expect(incapacitating['actors merc data.wounds']).toBe(2);
    expect(incapacitating['actors merc data.unconscious']).toBe(true);
    expect(resultOf(stunned).unconsciousMinutes).toBe(10);
    expect(changed(await hurt(2, {}, 'stun'))['actors merc data.wounds']).toBe(1);
  });

  it('lets the GM heal levels with a negative amount', async () => {
    const changes = changed(await hurt(-2, { wounds: 3 }));
    expect(changes['actors merc data.wounds']).toBe(1);
    expect(changes['tokens t-merc conditions']).toEqual(['stunned']);
  });

  it.each([
    [
      'a player healing with damage',
      { actorId: 'ana', amount: -1 },
      'healing takes a medicine roll or rest: use /heal (opend6:heal)',
    ],
    [
      'a fraction of damage',
      { actorId: 'ana', amount: 2.5 },
      'damage is a whole number: the damage total less the resistance total, or levels',
    ],
    [
      'a character that does not exist',
      { actorId: 'nobody', amount: 3 },
      'there is no character "nobody"',
    ],
  ])('refuses %s', async (_what, payload, reason) => {
    expect(await rules.validate(intent('damage.apply', payload), state)).toEqual({
      ok: false,
      reason,
    });
  });

  it('refuses damage on the dead, and on a record without OpenD6 attributes', async () => {
    const dead = table([actor('ana', sheet({ wounds: 6 }))]);
    expect(
      await rules.validate(intent('damage.apply', { actorId: 'ana', amount: 3 }, GM), dead),
    ).toEqual({
      ok: false,
      reason: 'Ana is already dead',
    });
    const blank = table([actor('ana', {})]);
    expect(
      await rules.validate(intent('damage.apply', { actorId: 'ana', amount: 3 }, GM), blank),
    ).toEqual({
      ok: false,
      reason: 'Ana has no OpenD6 attributes to take damage with',
    });
  });
});

describe('opend6:attack', () => {
  const attack = (payload: JsonObject = {}, author = 'u-ana') =>
    intent('opend6:attack', { attackerId: 'ana', targetId: 'merc', ...payload }, author);

  it('OpenD6 "Combat": skill against 10 plus range, then damage against Strength, then the wound level', async () => {
    const seen = { miss: 0, hit: 0 };
    for (const seed of SEEDS.slice(0, 80)) {
      const { value, dice } = await drawn<Applied>(rules, 'apply', [attack(), state], seed);
      const changes = changed(value);
      const record = resultOf(value);
      // firearms: energy pistols 5D+1 against passive 10 + Medium range 5.
      const hit = pool(dice, 0, 5, 1);
      expect(record.difficulty).toEqual({ value: 15, level: 'Moderate' });
      expect((record.attack as JsonObject).total).toBe(hit.total);
      expect(record.hit).toBe(hit.total >= 15);
      if (hit.total < 15) {
        seen.miss++;
        expect(dice).toHaveLength(hit.next);
        expect(changes['actors merc data.wounds']).toBeUndefined();
        continue;
      }
      seen.hit++;
      const damage = pool(dice, hit.next, 4, 0); // the pistol's 4D
      const resistance = pool(dice, damage.next, 3, 0); // the merc's 3D Strength
      expect(record.difference).toBe(damage.total - resistance.total);
      const wounds = level(damage.total - resistance.total);
      expect(changes['actors merc data.wounds']).toBe(wounds);
      expect(record.injury).toMatchObject({ actorId: 'merc', level: wounds });
      if (wounds !== 4) expect(dice).toHaveLength(resistance.next);
    }
    expect(seen.miss).toBeGreaterThan(0);
    expect(seen.hit).toBeGreaterThan(0);
  });

  it.each([
    [100, 'point-blank', 5],
    [150, 'short', 10],
    [400, 'medium', 15],
    [1500, 'long', 20],
  ])(
    'OpenD6 "Range": a target %i px (1.5 m a cell) away is at %s range, difficulty %i',
    async (x, _band, difficulty) => {
      const where = table([ana, merc], { ana: [0, 0], merc: [x, 0] });
      const { result } = await rules.ruling(attack(), where, { seed: 'a1' });
      expect((result as JsonObject).difficulty).toMatchObject({ value: difficulty });
    },
  );

  it('OpenD6 "Active Defense": a dodge total this round replaces the passive defense', async () => {
    const dodging = (round: number, value: number) =>
      inCombat(
        table(
          [
            ana,
            actor(
              'merc',
              {
                ...(merc.data as JsonObject),
                defense: {
                  skill: 'dodge',
                  total: value,
                  value,
                  full: false,
                  combatId: 'c1',
                  round: 1,
                },
              },
              [],
              'npc',
            ),
          ],
          { ana: [0, 0], merc: [400, 0] },
        ),
        round,
      );
    const difficulty = async (where: TableState) =>
      resultOf(await rules.ruling(attack(), where, { seed: 'a1' })).difficulty;
    expect(await difficulty(dodging(1, 18))).toEqual({ value: 23, level: 'Very Difficult' });
    expect(await difficulty(dodging(2, 18))).toEqual({ value: 23, level: 'Very Difficult' });
    // Two rounds on, the dodge has lapsed.
    expect(await difficulty(dodging(3, 18))).toEqual({ value: 15, level: 'Moderate' });
    // A dodge worse than 10 makes the target easier to hit; no difficulty goes below 3.
    const close = (value: number) =>
      ({
        ...dodging(1, value),
        tokens: table([ana, merc], { ana: [0, 0], merc: [50, 0] }).tokens,
      }) as TableState;
    expect(await difficulty(close(4))).toEqual({ value: 3, level: 'Very Easy' });
  });

  it('OpenD6 "Multi-action Penalty" and "Wound Levels": the attacker loses 1D per extra action and per wound', async () => {
    const rolled = async (data: JsonObject, payload: JsonObject = {}) => {
      const where = table([actor('ana', sheet(data)), merc], { ana: [0, 0], merc: [400, 0] });
      const record = resultOf(await rules.ruling(attack(payload), where, { seed: 'a1' }));
      return (record.attack as JsonObject).rolled;
    };
    expect(await rolled({}, { actions: 2 })).toBe('4D+1');
    expect(await rolled({ wounds: 3 })).toBe('3D+1');
    expect(await rolled({ wounds: 2 }, { actions: 3 })).toBe('2D+1');
  });

  it('OpenD6 "Character Points" and "Fate Points": spends them on the attack roll', async () => {
    const withCp = await rules.ruling(attack({ characterPoints: 2 }), state, { seed: 'a1' });
    expect(changed(withCp)['actors ana data.characterPoints']).toBe(3);
    const cpRoll = resultOf(withCp).attack as JsonObject;
    expect(((cpRoll.dice as JsonObject).characterPoints as JsonValue[]).length).toBe(2);
    const withFp = await rules.ruling(attack({ fatePoint: true }), state, { seed: 'a1' });
    expect(changed(withFp)['actors ana data.fatePoints']).toBe(0);
    expect((resultOf(withFp).attack as JsonObject).rolled).toBe('10D+2');
  });

  it('OpenD6 "Improving a Roll": the sheet keeps the attack roll, so Character Points can follow it', async () => {
    const ruled = await rules.ruling(attack(), state, { seed: 'a1' });
    const roll = resultOf(ruled).attack as JsonObject;
    const kept = changed(ruled)['actors ana data.lastRoll'] as JsonObject;
    expect(kept).toEqual({
      kind: 'attack',
      label: 'firearms: energy pistols attack on Merc',
      total: roll.total,
      difficulty: { value: 15, level: 'Moderate' },
      characterPoints: 0,
      fatePoint: false,
      text: expect.stringMatching(/^firearms: energy pistols attack on Merc: 5D\+1: /),
    });
    const later = table([actor('ana', sheet({ lastRoll: kept })), merc]);
    const more = intent('opend6:spend-cp', { actorId: 'ana', points: 1, addTo: 'last' });
    const { value, dice } = await drawn<Applied>(rules, 'apply', [more, later], 'b2');
    const added = dice.reduce((a, b) => a + b, 0);
    expect(resultOf(value)).toMatchObject({
      total: (roll.total as number) + added,
      characterPoints: 1,
      success: (roll.total as number) + added >= 15,
    });
  });

  it('adds Strength Damage to a "+" weapon and reaches Point Blank only in melee', async () => {
    const brawler = actor(
      'ana',
      sheet({
        equipment: [
          {
            name: 'shock baton',
            kind: 'weapon',
            skill: 'melee combat',
            damage: '+1D',
            ranges: '',
            armor: '',
            stun: false,
            equipped: true,
            notes: '',
          },
        ],
      }),
    );
    const near = table([brawler, merc], { ana: [0, 0], merc: [50, 0] });
    for (const seed of SEEDS.slice(0, 40)) {
      const { value } = await drawn<Applied>(rules, 'apply', [attack(), near], seed);
      const record = resultOf(value);
      expect(record.difficulty).toEqual({ value: 10, level: 'Easy' }); // no range modifier
      if (record.hit === true) expect((record.damage as JsonObject).rolled).toBe('3D'); // 2D + 1D
    }
    const far = table([brawler, merc], { ana: [0, 0], merc: [400, 0] });
    expect(await rules.validate(attack(), far)).toEqual({
      ok: false,
      reason: 'Merc is 12 m away: out of reach of shock baton (Point Blank, 3 m)',
    });
  });

  it('OpenD6 "Fate Points": a climactic Fate Point doubles Strength Damage, not the weapon\'s dice', async () => {
    const baton = {
      name: 'shock baton',
      kind: 'weapon',
      skill: 'melee combat',
      damage: '+1D',
      ranges: '',
      armor: '',
      stun: false,
      equipped: true,
      notes: '',
    };
    const damageOf = async (data: JsonObject, payload: JsonObject = {}) => {
      const where = inCombat(
        table([actor('ana', sheet({ equipment: [baton], ...data })), merc], { merc: [50, 0] }),
      );
      for (const seed of SEEDS) {
        const record = resultOf(await rules.ruling(attack(payload), where, { seed }));
        if (record.hit === true) return (record.damage as JsonObject).rolled;
      }
      throw new Error('no seed hit');
    };
    const climactic = { fatePoints: 0, fateActive: true, fateRound: { combatId: 'c1', round: 1 } };
    expect(await damageOf(climactic)).toBe('5D'); // Strength Damage 2D doubled, and the baton's 1D
    expect(await damageOf({}, { fatePoint: true })).toBe('3D'); // one Fate Point: the attack only
  });

  it.each([
    [
      'a target beyond Long range',
      attack(),
      table([ana, merc], { ana: [0, 0], merc: [4100, 0] }),
      "Merc is 123 m away, beyond the energy pistol's Long range (120 m)",
    ],
    [
      'a character the player does not control',
      intent('opend6:attack', { attackerId: 'merc', targetId: 'ana' }),
      state,
      'you do not control Merc',
    ],
    ['an attack on oneself', attack({ targetId: 'ana' }), state, 'Ana cannot attack themselves'],
    [
      'a weapon the attacker lacks',
      attack({ weapon: 'rifle' }),
      state,
      'Ana has no weapon "rifle"',
    ],
    [
      'a range the tokens contradict',
      attack({ range: 'short' }),
      state,
      'Merc is 12 m away: medium range, not short',
    ],
    [
      'a difficulty set by a player',
      attack({ difficulty: 5 }),
      state,
      "only the GM sets an attack's difficulty",
    ],
    [
      'more Character Points than the character has',
      attack({ characterPoints: 6 }),
      state,
      'Ana has 5 Character Point(s), not 6',
    ],
    [
      'Character Points and a Fate Point together',
      attack({ characterPoints: 1, fatePoint: true }),
      state,
      'Character Points and a Fate Point cannot go on the same roll',
    ],
    [
      'a field the attack does not take',
      attack({ bonus: 3 }),
      state,
      'opend6:attack has no field "bonus" (it takes attackerId, targetId, weapon, skill, range, cover, actions, characterPoints, fatePoint, difficulty, criticalFailure)',
    ],
    [
      'an attacker who is out cold',
      attack(),
      table([actor('ana', sheet({ wounds: 4, unconscious: true })), merc], { merc: [400, 0] }),
      'Ana is unconscious and cannot act',
    ],
  ])('refuses %s', async (_what, refused, where, reason) => {
    expect(await rules.validate(refused, where)).toEqual({ ok: false, reason });
  });

  it('refuses more Character Points than the table allows on one roll', async () => {
    const rich = table([actor('ana', sheet({ characterPoints: 20, cpLimit: 2 })), merc], {
      merc: [400, 0],
    });
    expect(await rules.validate(attack({ characterPoints: 3 }), rich)).toEqual({
      ok: false,
      reason: 'at most 2 Character Points go on one roll at this table',
    });
  });

  it('lets the GM attack with an NPC, and set the difficulty and range the tokens do not show', async () => {
    const punch = { attackerId: 'merc', targetId: 'ana' };
    expect(await rules.validate(intent('opend6:attack', punch, GM), state)).toEqual({
      ok: false,
      reason: 'Ana is 12 m away: out of reach of bare hands (Point Blank, 3 m)',
    });
    const ruled = { ...punch, difficulty: 12, range: 'point-blank' };
    expect(await rules.validate(intent('opend6:attack', ruled, GM), state)).toEqual({ ok: true });
  });

  it('is deterministic, as every peer re-running the ruling needs', async () => {
    await rules.checkDeterminism('apply', [attack({ characterPoints: 1 }), state], {
      seed: 'feed',
    });
  });
});

describe('opend6:resist and opend6:defend', () => {
  it('OpenD6 "Combat Example": a resistance roll whose Wild Die shows 1 can leave 2 against 18 damage: Dead', async () => {
    let found = 0;
    for (const seed of SEEDS) {
      const order = intent('opend6:resist', { actorId: 'merc', damage: 18 }, GM);
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, state], seed);
      const resisted = pool(dice, 0, 3, 0);
      const changes = changed(value);
      expect(changes['actors merc data.wounds']).toBe(level(18 - resisted.total));
      if (resisted.critical && resisted.total === 2) {
        expect(changes['actors merc data.wounds']).toBe(6);
        found++;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('OpenD6 "Damage Resistance Total": Strength plus armor, with no wound penalty', async () => {
    const hurt = table([actor('ana', sheet({ wounds: 3 }))]);
    const order = intent('opend6:resist', { actorId: 'ana', damage: 5 });
    const record = resultOf(await rules.ruling(order, hurt, { seed: 'a1' }));
    expect((record.resistance as JsonObject).rolled).toBe('4D'); // 3D Strength + 1D vest
  });

  it('OpenD6 "Full Defense": the dodge total plus 10 stands until the next round; a partial one costs 1D', async () => {
    const fight = inCombat(state, 2);
    const full = changed(
      await rules.apply(intent('opend6:defend', { actorId: 'ana', full: true }), fight, {
        seed: 'a1',
      }),
    );
    const defense = full['actors ana data.defense'] as JsonObject;
    expect(defense).toMatchObject({ skill: 'dodge', full: true, combatId: 'c1', round: 2 });
    expect(defense.value).toBe((defense.total as number) + 10);
    const ruled = await rules.ruling(intent('opend6:defend', { actorId: 'ana' }), fight, {
      seed: 'a1',
    });
    const partial = changed(ruled);
    expect(resultOf(ruled)).toMatchObject({ kind: 'defense', rolled: '3D+1' }); // dodge 4D+1 less 1D
    expect((partial['actors ana data.defense'] as JsonObject).full).toBe(false);
  });

  it('refuses an active defense outside a combat, or a full defense with other actions', async () => {
    expect(await rules.validate(intent('opend6:defend', { actorId: 'ana' }), state)).toEqual({
      ok: false,
      reason: 'Ana is in no active combat: an active defense lasts a round',
    });
    expect(
      await rules.validate(
        intent('opend6:defend', { actorId: 'ana', full: true, actions: 2 }),
        inCombat(state),
      ),
    ).toEqual({ ok: false, reason: 'a full defense is the only action of its round' });
  });
});
