/**
 * Personal combat: initiative, the attack roll by weapon type and range band, damage from the
 * weapon's dice and the Effect, armour, and movement in a combat round. Attacks are checked
 * against the dice they drew, over fixed seeds.
 */
import type { Actor, Change, JsonObject, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ana,
  CELL,
  cardOf,
  character,
  fight,
  grub,
  intent,
  MODULE_DIR,
  ruled,
  SEEDS,
  sceneWith,
  stateWith,
  sum,
  token,
} from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

describe('initiative', () => {
  it('SRD Ch. 5 "Initiative": 2D6 + the Dexterity DM, with DEX/100 and a fixed hash below 0.001 to order ties', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await rules.call('initiative', [ana], { seed });
      if (!outcome.ok) throw outcome.error;
      const dice = sum(outcome.draws.map((draw) => draw.value));
      expect(outcome.draws).toHaveLength(2);
      // Ana: DEX 10, DM +1.
      const rest = (outcome.value as number) - dice - 1 - 0.1;
      expect(rest).toBeGreaterThanOrEqual(0);
      expect(rest).toBeLessThan(0.001);
    }
  });

  it('SRD Ch. 5 "The Combat Round": on the same roll the higher Dexterity goes first, even with the same DM', async () => {
    const quick = character('quick', {
      current: { str: 7, dex: 11, end: 8, int: 9, edu: 8, soc: 7 },
    });
    const slow = character('slow', { current: { str: 7, dex: 9, end: 8, int: 9, edu: 8, soc: 7 } });
    expect(await rules.initiative(quick, { seed: '1111' })).toBeGreaterThan(
      await rules.initiative(slow, { seed: '1111' }),
    );
  });

  it('orders two characters with the same roll and Dexterity by a fixed hash of their ids, the same on every peer', async () => {
    const first = await rules.initiative(character('alpha'), { seed: '2222' });
    const second = await rules.initiative(character('bravo'), { seed: '2222' });
    expect(Math.floor(first * 100)).toBe(Math.floor(second * 100));
    expect(first).not.toBe(second);
    await rules.checkDeterminism('initiative', [character('alpha')], { seed: '2222' });
  });

  it('uses the damaged Dexterity', async () => {
    const hurt = character('ana', { current: { str: 7, dex: 2, end: 0, int: 9, edu: 8, soc: 7 } });
    const outcome = await rules.call('initiative', [hurt], { seed: '3333' });
    if (!outcome.ok) throw outcome.error;
    const dice = sum(outcome.draws.map((draw) => draw.value));
    expect(Math.floor(outcome.value as number)).toBe(dice - 2);
  });
});

describe('cepheus:attack', () => {
  it('SRD Ch. 5 "Attack" and "Damage": 2D6 + gun skill + DEX DM against 8; a hit does the weapon\'s dice plus the Effect, less armour, to END first', async () => {
    // Ana shoots Grub with her auto pistol from 4 squares (6 m, Short: Average for a pistol):
    // Slug Pistol-1 and DEX 10 (+1). Grub wears a jack (3); END 7, then STR 8, then DEX 6.
    const state = stateWith();
    const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub' });
    expect(await rules.validate(attack, state)).toEqual({ ok: true });
    const seen = { hit: 0, miss: 0, strength: 0 };
    for (const seed of SEEDS) {
      const outcome = await rules.call('apply', [attack, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const [a, b, ...damageDice] = outcome.draws.map((draw) => draw.value) as [
        number,
        number,
        ...number[],
      ];
      const effect = a + b + 2 - 8;
      const card = cardOf(ruled(outcome.value));
      expect(card).toMatchObject({
        kind: 'attack',
        label: 'Ana attacks Grub with Auto Pistol',
        modifiers: [
          { label: 'Slug Pistol-1', value: 1 },
          { label: 'DEX', value: 1 },
        ],
        effect,
        hit: effect >= 0,
      });
      if (effect < 0) {
        seen.miss++;
        expect(damageDice).toEqual([]);
        expect(ruled(outcome.value).changes).toEqual([]);
        continue;
      }
      seen.hit++;
      expect(damageDice).toHaveLength(2);
      const dealt = Math.max(0, sum(damageDice) + effect - 3);
      const end = Math.max(0, 7 - dealt);
      const str = Math.max(0, 8 - (dealt - (7 - end)));
      if (str < 8) seen.strength++;
      expect(card.damage).toMatchObject({ rolled: sum(damageDice), effect, armor: 3, dealt });
      const expected: Change[] = [];
      if (str !== 8) expected.push(set('grub', 'str', str));
      if (end !== 7) expected.push(set('grub', 'end', end));
      const { changes } = ruled(outcome.value);
      expect(changes.filter((change) => change.path[1] === 'current')).toEqual(expected);
    }
    expect(seen.hit).toBeGreaterThan(0);
    expect(seen.miss).toBeGreaterThan(0);
    expect(seen.strength).toBeGreaterThan(0);
  });

  it('SRD Ch. 5 "Armor": a hit with Effect 6+ always does at least one point, whatever the armour', async () => {
    const fortress = character(
      'grub',
      { armor: [{ name: 'Bulkhead', protection: 40 }] },
      [],
      'npc',
    );
    const state = stateWith([ana, fortress]);
    const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', dm: 4 });
    const seen = { exceptional: 0, stopped: 0 };
    for (const seed of SEEDS) {
      const outcome = await rules.call('apply', [attack, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const card = cardOf(ruled(outcome.value));
      if (card.hit !== true) continue;
      const effect = card.effect as number;
      expect((card.damage as JsonObject).dealt).toBe(effect >= 6 ? 1 : 0);
      if (effect >= 6) seen.exceptional++;
      else seen.stopped++;
    }
    expect(seen.exceptional).toBeGreaterThan(0);
    expect(seen.stopped).toBeGreaterThan(0);
  });

  it('SRD Ch. 4 "Armor": reflec stops lasers (0/14) and nothing else', async () => {
    const shiny = character('grub', { armor: [{ name: 'Reflec', protection: 0, laser: 14 }] }, []);
    const state = stateWith([ana, shiny]);
    const armorAgainst = async (weapon: string) => {
      for (const seed of SEEDS) {
        const attack = intent('cepheus:attack', {
          attackerId: 'ana',
          targetId: 'grub',
          weapon,
          dm: 6,
        });
        const card = cardOf(await rules.ruling(attack, state, { seed }));
        if (card.hit === true) return (card.damage as JsonObject).armor;
      }
      throw new Error('no hit in the seeds');
    };
    expect(await armorAgainst('Laser Pistol')).toBe(14);
    expect(await armorAgainst('auto pistol')).toBe(0);
  });

  it('SRD Ch. 5 "Range": the bands by squares to target (Personal 0, Close 1-2, Short 3-8, Medium 9-34, Long 35-166, Very Long 167-334)', async () => {
    const bands: Array<[number, string]> = [
      [0, 'personal'],
      [1, 'close'],
      [2, 'close'],
      [3, 'short'],
      [8, 'short'],
      [9, 'medium'],
      [34, 'medium'],
      [35, 'long'],
      [166, 'long'],
      [167, 'very long'],
      [334, 'very long'],
      [335, 'distant'],
    ];
    const rifle = character('ana', {
      weapons: [{ name: 'Rifle', damage: '3D6', range: 'ranged (rifle)', skill: 'Slug Rifle' }],
    });
    for (const [cells, band] of bands) {
      const state = stateWith([rifle, grub], cells);
      const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub' });
      const card = cardOf(await rules.ruling(attack, state, { seed: 'aa' }));
      expect(card.range, `${cells} squares`).toBe(band);
    }
  });

  it('SRD Ch. 5 "Range": a diagonal neighbour is at Close range, and a large token is measured from its edge', async () => {
    const state = stateWith([ana, grub], 0, {
      tokens: { 't-ana': token('t-ana', 'ana', 0, 0), 't-grub': token('t-grub', 'grub', 1, 1) },
    });
    const dagger = intent('cepheus:attack', {
      attackerId: 'ana',
      targetId: 'grub',
      weapon: 'Dagger',
    });
    expect(cardOf(await rules.ruling(dagger, state, { seed: 'bb' })).modifiers).toContainEqual({
      label: 'Difficult (close range)',
      value: -2,
    });
    // A 3-square beast whose edge is 2 squares from Ana: still Close.
    const big = stateWith([ana, grub], 0, {
      tokens: { 't-ana': token('t-ana', 'ana', 0, 0), 't-grub': token('t-grub', 'grub', 2, -1, 3) },
    });
    expect(cardOf(await rules.ruling(dagger, big, { seed: 'bb' })).modifiers).toContainEqual({
      label: 'Difficult (close range)',
      value: -2,
    });
  });

  it('SRD Ch. 5 "Range": every row of the attack difficulties table, "—" refused', async () => {
    const table: Record<string, Array<string | null>> = {
      'close quarters': ['Average', 'Difficult', null, null, null, null, null],
      'extended reach': ['Difficult', 'Average', null, null, null, null, null],
      thrown: [null, 'Average', 'Difficult', 'Difficult', null, null, null],
      pistol: ['Difficult', 'Average', 'Average', 'Difficult', 'Very Difficult', null, null],
      rifle: [
        'Very Difficult',
        'Difficult',
        'Average',
        'Average',
        'Average',
        'Difficult',
        'Very Difficult',
      ],
      shotgun: ['Difficult', 'Average', 'Difficult', 'Difficult', 'Very Difficult', null, null],
      'assault weapon': [
        'Difficult',
        'Average',
        'Average',
        'Average',
        'Difficult',
        'Very Difficult',
        'Formidable',
      ],
      rocket: [
        'Very Difficult',
        'Difficult',
        'Difficult',
        'Average',
        'Average',
        'Difficult',
        'Very Difficult',
      ],
    };
    const dms: Record<string, number> = {
      Average: 0,
      Difficult: -2,
      'Very Difficult': -4,
      Formidable: -6,
    };
    const squares = [0, 1, 5, 20, 100, 250, 400];
    const bands = ['personal', 'close', 'short', 'medium', 'long', 'very long', 'distant'];
    for (const [range, row] of Object.entries(table)) {
      const shooter = character('ana', { weapons: [{ name: 'W', damage: '1D6', range }] });
      for (const [i, difficulty] of row.entries()) {
        const state = stateWith([shooter, grub], squares[i]);
        const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub' });
        const verdict = await rules.validate(attack, state);
        if (difficulty === null) {
          expect(verdict, `${range} at ${bands[i]}`).toEqual({
            ok: false,
            reason: `Grub is at ${bands[i]} range, which a ${range === 'thrown' ? 'thrown weapon' : `${range} weapon`} like W cannot reach`,
          });
          continue;
        }
        expect(verdict, `${range} at ${bands[i]}`).toEqual({ ok: true });
        const card = cardOf(await rules.ruling(attack, state, { seed: 'cc' }));
        expect(card, `${range} at ${bands[i]}`).toMatchObject({ range: bands[i], difficulty });
        const dm = dms[difficulty] as number;
        if (dm !== 0) {
          expect(card.modifiers).toContainEqual({
            label: `${difficulty} (${bands[i]} range)`,
            value: dm,
          });
        }
      }
    }
  });

  it('SRD Ch. 5 "Attack": melee uses the better of STR and DEX, or the one the attacker chooses; throwing uses Athletics and DEX', async () => {
    const state = stateWith([ana, grub], 1);
    const stab = await rules.ruling(
      intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', weapon: 'Dagger' }),
      state,
      { seed: 'dd' },
    );
    expect(cardOf(stab).modifiers).toEqual([
      { label: 'Piercing Weapons (unskilled)', value: -3 },
      { label: 'DEX', value: 1 },
      { label: 'Difficult (close range)', value: -2 },
    ]);
    const shove = await rules.ruling(
      intent('cepheus:attack', {
        attackerId: 'ana',
        targetId: 'grub',
        weapon: 'Dagger',
        characteristic: 'str',
      }),
      state,
      { seed: 'dd' },
    );
    expect(cardOf(shove).modifiers).toContainEqual({
      label: 'Piercing Weapons (unskilled)',
      value: -3,
    });
    expect(cardOf(shove).modifiers).not.toContainEqual({ label: 'DEX', value: 1 });
    const throwAt = await rules.ruling(
      intent('cepheus:attack', {
        attackerId: 'ana',
        targetId: 'grub',
        weapon: 'dagger',
        thrown: true,
      }),
      stateWith([ana, grub], 5),
      { seed: 'dd' },
    );
    expect(cardOf(throwAt).modifiers).toEqual([
      { label: 'DEX', value: 1 },
      { label: 'Difficult (short range)', value: -2 },
    ]);
    expect(cardOf(throwAt).label).toBe('Ana attacks Grub with Dagger');
  });

  it('SRD Ch. 5 "Aiming": each minor action of aim is +1, at most +6; boon and bane change the dice', async () => {
    const state = stateWith();
    const outcome = await rules.call(
      'apply',
      [
        intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', aim: 3, boon: true }),
        state,
      ],
      { seed: 'ee' },
    );
    if (!outcome.ok) throw outcome.error;
    const card = cardOf(ruled(outcome.value));
    expect(card.modifiers).toContainEqual({ label: 'aiming', value: 3 });
    expect(card.mode).toBe('boon');
    expect((card.dice as unknown[]).length).toBe(3);
    expect(
      await rules.validate(
        intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', aim: 7 }),
        state,
      ),
    ).toEqual({ ok: false, reason: 'aiming is 0 to 6 minor actions, +1 each' });
  });

  it('takes the range band from the payload when the two are not on one scene', async () => {
    const offMap: TableState = { ...stateWith(), tokens: {} };
    const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub' });
    expect(await rules.validate(attack, offMap)).toEqual({
      ok: false,
      reason:
        'Ana and Grub are not on one scene: give the range band (personal, close, short, medium, long, very long, distant)',
    });
    const told = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', range: 'medium' });
    expect(await rules.validate(told, offMap)).toEqual({ ok: true });
    expect(cardOf(await rules.ruling(told, offMap, { seed: 'ff' })).modifiers).toContainEqual({
      label: 'Difficult (medium range)',
      value: -2,
    });
  });

  it("marks the target's tokens unconscious or dead", async () => {
    const frail = character(
      'grub',
      {
        characteristics: { str: 1, dex: 1, end: 1, int: 5, edu: 4, soc: 3 },
        current: { str: 1, dex: 1, end: 1, int: 5, edu: 4, soc: 3 },
        armor: [],
      },
      [],
    );
    const state = stateWith([ana, frail]);
    const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', dm: 6 });
    const changes = await rules.apply(attack, state, { seed: '0123' });
    expect(changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-grub',
      path: ['conditions'],
      value: ['dead'],
    });
  });

  it('is deterministic', async () => {
    const attack = intent('cepheus:attack', { attackerId: 'ana', targetId: 'grub', boon: true });
    await rules.checkDeterminism('apply', [attack, stateWith()], { seed: 'feed' });
  });

  const dead = character(
    'grub',
    { current: { str: 0, dex: 0, end: 0, int: 5, edu: 4, soc: 3 } },
    [],
  );
  const out = character('ana', { current: { str: 0, dex: 10, end: 0, int: 9, edu: 8, soc: 7 } });
  it.each([
    [{ attackerId: 'grub', targetId: 'ana' }, [ana, grub], 'you do not control Grub'],
    [{ attackerId: 'ana', targetId: 'zed' }, [ana, grub], 'there is no target "zed"'],
    [{ attackerId: 'zed', targetId: 'ana' }, [ana, grub], 'there is no attacker "zed"'],
    [{ attackerId: 'ana', targetId: 'ana' }, [ana, grub], 'Ana cannot attack themselves'],
    [
      { attackerId: 'ana', targetId: 'grub', weapon: 'Gauss Rifle' },
      [ana, grub],
      'Ana has no weapon called "Gauss Rifle"',
    ],
    [
      { attackerId: 'ana', targetId: 'grub', weapon: 9 },
      [ana, grub],
      'Ana has no weapon number 9 on the sheet',
    ],
    [
      { attackerId: 'ana', targetId: 'grub', weapon: 'Auto Pistol', thrown: true },
      [ana, grub],
      'Auto Pistol cannot be thrown',
    ],
    [
      { attackerId: 'ana', targetId: 'grub', characteristic: 'str' },
      [ana, grub],
      'only a melee attack may choose its characteristic',
    ],
    [
      { attackerId: 'ana', targetId: 'grub', dm: 'lots' },
      [ana, grub],
      '"dm" is a whole number from -20 to +20',
    ],
    [{ attackerId: 'ana', targetId: 'grub', bane: 1 }, [ana, grub], '"bane" is true or false'],
    [{ attackerId: 'ana', targetId: 'grub' }, [ana, dead], 'Grub is already dead'],
    [{ attackerId: 'ana', targetId: 'grub' }, [out, grub], 'Ana is unconscious and cannot attack'],
    [['ana', 'grub'], [ana, grub], 'an attack needs { attackerId, targetId }'],
  ] as Array<[JsonObject | string[], Actor[], string]>)(
    'refuses %j',
    async (payload, actors, reason) => {
      expect(await rules.validate(intent('cepheus:attack', payload), stateWith(actors))).toEqual({
        ok: false,
        reason,
      });
    },
  );

  it('lets the GM attack with an NPC, and refuses a cudgel beyond its reach', async () => {
    const club = intent('cepheus:attack', { attackerId: 'grub', targetId: 'ana' }, 'u-gm');
    expect(await rules.validate(club, stateWith([ana, grub], 1))).toEqual({ ok: true });
    expect(await rules.validate(club, stateWith([ana, grub], 4))).toEqual({
      ok: false,
      reason: 'Ana is at short range, which a close quarters weapon like Cudgel cannot reach',
    });
    const card = cardOf(await rules.ruling(club, stateWith([ana, grub], 1), { seed: '4444' }));
    expect(card.modifiers).toEqual([
      { label: 'Bludgeoning Weapons-1', value: 1 },
      { label: 'Difficult (close range)', value: -2 },
    ]);
  });
});

describe('/attack', () => {
  it('asks for an attack with the weapon, aim and boon named', async () => {
    expect(
      await rules.command('attack', { text: 'grub Laser Pistol aim 2 boon', actor: ana }),
    ).toEqual({
      message: 'Ana attacks grub with Laser Pistol.',
      intent: {
        kind: 'cepheus:attack',
        payload: {
          attackerId: 'ana',
          targetId: 'grub',
          weapon: 'Laser Pistol',
          aim: 2,
          boon: true,
        },
      },
    });
    expect(await rules.command('attack', { text: 'grub', actor: ana })).toEqual({
      message: 'Ana attacks grub.',
      intent: { kind: 'cepheus:attack', payload: { attackerId: 'ana', targetId: 'grub' } },
    });
  });

  it('explains itself without a target or a character', async () => {
    expect((await rules.command('attack', { text: '', actor: ana })).message).toMatch(
      /^Usage: \/attack/,
    );
    expect(await rules.command('attack', { text: 'grub' })).toEqual({
      message: 'Select the character who attacks first.',
    });
  });
});

describe('token.move', () => {
  const move = (x: number, y: number, author = 'u-ana', tokenId = 't-ana') =>
    intent('token.move', { tokenId, x: x * CELL, y: y * CELL }, author);
  const inFight = (actors: Actor[] = [ana, grub]) => stateWith(actors, 30, { combat: fight });

  it('SRD Ch. 5 "Movement": six metres, four squares, per minor action; three minor actions make 18 m a round', async () => {
    expect(await rules.validate(move(12, 0), inFight())).toEqual({ ok: true });
    expect(await rules.validate(move(13, 0), inFight())).toEqual({
      ok: false,
      reason:
        'Ana moves at most 18 m in a combat round (three minor actions of 6 m); that move is 19.5 m',
    });
  });

  it('measures a diagonal move in straight-line metres', async () => {
    expect(await rules.validate(move(8, 8), inFight())).toEqual({ ok: true });
    expect(await rules.validate(move(9, 9), inFight())).toEqual({
      ok: false,
      reason:
        'Ana moves at most 18 m in a combat round (three minor actions of 6 m); that move is 19.1 m',
    });
  });

  it('SRD Ch. 5 "Injury and Recovery": the seriously wounded hobble 1.5 m a round; the unconscious do not move', async () => {
    const hurt = character('ana', { current: { str: 6, dex: 9, end: 7, int: 9, edu: 8, soc: 7 } });
    expect(await rules.validate(move(1, 0), inFight([hurt, grub]))).toEqual({ ok: true });
    expect(await rules.validate(move(2, 0), inFight([hurt, grub]))).toEqual({
      ok: false,
      reason:
        'Ana is seriously wounded and can only hobble 1.5 m in a combat round; that move is 3 m',
    });
    const out = character('ana', { current: { str: 0, dex: 9, end: 0, int: 9, edu: 8, soc: 7 } });
    expect(await rules.validate(move(1, 0), stateWith([out, grub]))).toEqual({
      ok: false,
      reason: 'Ana is unconscious and cannot move',
    });
  });

  it('lets players move freely outside a fight, and the GM always', async () => {
    expect(await rules.validate(move(30, 30), stateWith())).toEqual({ ok: true });
    expect(await rules.validate(move(30, 30, 'u-gm'), inFight())).toEqual({ ok: true });
  });

  it("uses a creature's own speed (metres per minor action)", async () => {
    const hound = character('ana', { speed: 12 });
    expect(await rules.validate(move(24, 0), inFight([hound, grub]))).toEqual({ ok: true });
    expect((await rules.validate(move(25, 0), inFight([hound, grub]))).ok).toBe(false);
  });

  it('reads a scene in feet, or in units it does not know as 1.5 m squares', async () => {
    const feet = stateWith([ana, grub], 30, {
      combat: fight,
      scenes: { s1: sceneWith({ distance: 5, units: 'ft' }) },
    });
    // 11 squares of 5 ft is 16.8 m; 12 is 18.3 m.
    expect(await rules.validate(move(11, 0), feet)).toEqual({ ok: true });
    expect((await rules.validate(move(12, 0), feet)).ok).toBe(false);
    const hexes = stateWith([ana, grub], 30, {
      combat: fight,
      scenes: { s1: sceneWith({ distance: 1, units: 'hex' }) },
    });
    expect(await rules.validate(move(12, 0), hexes)).toEqual({ ok: true });
  });
});

function set(id: string, key: string, value: number): Change {
  return { op: 'set', collection: 'actors', id, path: ['data', 'current', key], value };
}
