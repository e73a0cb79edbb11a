/**
 * Character Points, Fate Points ("Game Basics": "Improving a Roll", "Character Points", "Fate
 * Points"), healing ("Healing": "Wounds") and the chat commands.
 */
import type { JsonObject, JsonValue } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANA,
  type Applied,
  actor,
  changed,
  drawn,
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

const ana = actor('ana');
const merc = actor('merc', sheet({ wounds: 2, characterPoints: 0, fatePoints: 0 }), [], 'npc');
const state = table([ana, merc], { ana: [0, 0], merc: [400, 0] });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Chains of exploding dice from the faces at `at`. */
function chains(dice: number[], at: number, count: number) {
  const out: number[][] = [];
  let from = at;
  for (let i = 0; i < count; i++) {
    let end = from;
    while (dice[end] === 6) end++;
    out.push(dice.slice(from, end + 1));
    from = end + 1;
  }
  return { chains: out, next: from };
}

describe('opend6:spend-cp', () => {
  const spend = (payload: JsonObject, author = ANA) =>
    intent('opend6:spend-cp', { actorId: 'ana', ...payload }, author);

  it('OpenD6 "Character Points": spent before a roll, each adds an exploding die to it', async () => {
    for (const seed of SEEDS.slice(0, 30)) {
      const order = spend({ points: 2, roll: { notation: '4D+1 vs 15' } });
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, state], seed);
      const changes = changed(value);
      expect(changes['actors ana data.characterPoints']).toBe(3);
      const card = resultOf(value);
      const wild = chains(dice, 0, 1);
      const normal = dice.slice(wild.next, wild.next + 3);
      const points = chains(dice, wild.next + 3, 2);
      expect(
        ((card.dice as JsonObject).characterPoints as JsonObject[]).map((c) => c.rolls),
      ).toEqual(points.chains);
      const base =
        wild.chains[0]?.[0] === 1
          ? sum(normal) - Math.max(...normal)
          : sum(wild.chains[0] ?? []) + sum(normal);
      expect(card.total).toBe(base + 1 + sum(points.chains.flat()));
      expect(card.success).toBe((card.total as number) >= 15);
      // The sheet keeps what a later /cp N last needs: the total, the difficulty, the points.
      expect(changes['actors ana data.lastRoll']).toEqual({
        kind: 'roll',
        total: card.total,
        characterPoints: 2,
        fatePoint: false,
        text: card.text,
        difficulty: { value: 15, level: 'Moderate' },
      });
    }
  });

  it('OpenD6 "Combat Example": a dodge of 13 and a Character Point die of 5 make 18', async () => {
    let found = 0;
    for (const seed of SEEDS) {
      const order = spend({ points: 1, addTo: { total: 13, difficulty: 17 } });
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, state], seed);
      const card = resultOf(value);
      expect(card.total).toBe(13 + sum(dice));
      expect(card.success).toBe(13 + sum(dice) >= 17);
      if (dice.length === 1 && dice[0] === 5) {
        expect(card.text).toBe('roll 13 + CP [5] = 18 vs Difficult 17: success');
        found++;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('adds to the last roll within the per-roll limit, counting what that roll already took', async () => {
    const last = {
      kind: 'roll',
      total: 12,
      characterPoints: 4,
      fatePoint: false,
      label: 'Sneak',
      difficulty: { value: 15, level: 'Moderate' },
      text: '',
    };
    const rich = table([actor('ana', sheet({ characterPoints: 10, lastRoll: last }))]);
    expect(await rules.validate(spend({ points: 2, addTo: 'last' }), rich)).toEqual({
      ok: false,
      reason: 'at most 5 Character Points go on one roll at this table (4 already spent on it)',
    });
    const { value, dice } = await drawn<Applied>(
      rules,
      'apply',
      [spend({ points: 1, addTo: 'last' }), rich],
      SEEDS[0] as string,
    );
    const card = resultOf(value);
    expect(card).toMatchObject({ total: 12 + sum(dice), characterPoints: 5, label: 'Sneak' });
    expect(card.success).toBe(12 + sum(dice) >= 15);
    expect(changed(value)['actors ana data.lastRoll']).toMatchObject({
      total: 12 + sum(dice),
      characterPoints: 5,
    });
  });

  it('takes no limit when the GM sets none (0)', async () => {
    const unlimited = table([actor('ana', sheet({ characterPoints: 10, cpLimit: 0 }))]);
    expect(await rules.validate(spend({ points: 8 }), unlimited)).toEqual({ ok: true });
  });

  it.each([
    ['more points than the character has', { points: 6 }, 'Ana has 5 Character Point(s), not 6'],
    ['no points', { points: 0 }, 'points must be a whole number from 1 to 1000000'],
    [
      'a last roll that is not there',
      { points: 1, addTo: 'last' },
      'Ana has no last roll to add to',
    ],
    [
      'both before and after',
      { points: 1, roll: { notation: '3D' }, addTo: 'last' },
      'spend Character Points before a roll (roll) or after one (addTo), not both',
    ],
    [
      'a Fate Point in the same roll',
      { points: 1, roll: { notation: '3D', fatePoint: true } },
      'Character Points and a Fate Point cannot go on the same roll',
    ],
    [
      'a malformed code',
      { points: 1, roll: { notation: '3D+x' } },
      'the roll "3D+x" cannot contain "x": write it like "3D+2"',
    ],
  ])('refuses %s', async (_what, payload, reason) => {
    expect(await rules.validate(spend(payload), state)).toEqual({ ok: false, reason });
  });

  it('refuses Character Points on a last roll that took a Fate Point', async () => {
    const last = { kind: 'roll', total: 30, characterPoints: 0, fatePoint: true, text: '' };
    const where = table([actor('ana', sheet({ lastRoll: last }))]);
    expect(await rules.validate(spend({ points: 1, addTo: 'last' }), where)).toEqual({
      ok: false,
      reason: 'the last roll took a Fate Point: no Character Points on it',
    });
  });
});

describe('opend6:spend-fp', () => {
  const spend = (payload: JsonObject = {}, author = ANA) =>
    intent('opend6:spend-fp', { actorId: 'ana', ...payload }, author);

  it('OpenD6 "Fate Points": doubles one roll and takes the point off the sheet', async () => {
    const ruled = await rules.ruling(spend({ roll: { notation: '4D+2 vs heroic' } }), state, {
      seed: 'a1',
    });
    expect(changed(ruled)['actors ana data.fatePoints']).toBe(0);
    expect(resultOf(ruled)).toMatchObject({ rolled: '8D+4', fatePoint: true });
  });

  it('OpenD6 "Fate Points": refuses when none is left', async () => {
    const spent = table([actor('ana', sheet({ fatePoints: 0 }))]);
    expect(await rules.validate(spend(), spent)).toEqual({
      ok: false,
      reason: 'Ana has no Fate Points left',
    });
  });

  it('OpenD6 "Fate Points": spent climactically, doubles all the character\'s rolls for the round', async () => {
    const round1 = inCombat(state, 1);
    const climactic = await rules.ruling(spend(), round1, { seed: 'a1' });
    expect(changed(climactic)).toEqual({
      'actors ana data.fatePoints': 0,
      'actors ana data.fateActive': true,
      'actors ana data.fateRound': { combatId: 'c1', round: 1 },
    });
    expect(resultOf(climactic)).toEqual({
      kind: 'fate-point',
      actorId: 'ana',
      fatePoints: 0,
      round: 1,
      text: 'Ana spends a Fate Point: all rolls doubled for round 1',
    });
    const doubling = actor(
      'ana',
      sheet({ fatePoints: 0, fateActive: true, fateRound: { combatId: 'c1', round: 1 } }),
    );
    const during = inCombat(table([doubling, merc], { ana: [0, 0], merc: [400, 0] }), 1);
    const after = inCombat(table([doubling, merc], { ana: [0, 0], merc: [400, 0] }), 2);
    const attack = intent('opend6:attack', { attackerId: 'ana', targetId: 'merc' });
    const rolled = async (where: typeof during) =>
      (resultOf(await rules.ruling(attack, where, { seed: 'a1' })).attack as JsonObject).rolled;
    expect(await rolled(during)).toBe('10D+2');
    expect(await rolled(after)).toBe('5D+1');
    const roll = intent('roll', { notation: '3D', fatePoint: true, actorId: 'ana' });
    expect(await rules.validate(roll, during)).toEqual({ ok: true });
    expect(await rules.validate(roll, after)).toMatchObject({ ok: false });
    expect(await rules.validate(spend(), during)).toEqual({
      ok: false,
      reason: 'Ana has no Fate Points left',
    });
  });
});

describe('opend6:heal', () => {
  const heal = (payload: JsonObject, author = ANA) => intent('opend6:heal', payload, author);

  it('OpenD6 "Wounds": a medicine roll against 15 brings a Wounded patient to Stunned', async () => {
    const outcomes = new Set<JsonValue>();
    for (const seed of SEEDS.slice(0, 40)) {
      const order = heal({ patientId: 'merc', healerId: 'ana' });
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, state], seed);
      const changes = changed(value);
      // Ana's medicine is 3D+2: a Wild Die chain, two dice, two pips.
      const wild = chains(dice, 0, 1);
      const normal = dice.slice(wild.next);
      const total =
        wild.chains[0]?.[0] === 1
          ? sum(normal) - Math.max(...normal) + 2
          : sum(wild.chains[0] ?? []) + sum(normal) + 2;
      expect(changes['actors merc data.wounds']).toBe(total >= 15 ? 1 : 2);
      outcomes.add(changes['actors merc data.wounds'] as JsonValue);
    }
    expect(outcomes).toEqual(new Set([1, 2]));
  });

  it.each([
    [1, 10],
    [2, 15],
    [3, 15],
    [4, 20],
    [5, 30],
  ])(
    'OpenD6 "Assisted Healing": wound level %i takes a medicine total of %i',
    async (wounds, difficulty) => {
      const patient = actor('merc', sheet({ wounds, unconscious: wounds === 5 }), [], 'npc');
      const ruled = await rules.ruling(
        heal({ patientId: 'merc', healerId: 'ana', kit: '+1D' }),
        table([ana, patient]),
        { seed: 'a1' },
      );
      expect(resultOf(ruled)).toMatchObject({
        kind: 'healing',
        patientId: 'merc',
        difficulty: { value: difficulty },
        rolled: '4D+2', // medicine 3D+2 and the kit's +1D
      });
      // The healer rolled: the healer's sheet keeps it, for Character Points after the roll.
      expect(changed(ruled)['actors ana data.lastRoll']).toMatchObject({
        kind: 'healing',
        difficulty: { value: difficulty },
      });
    },
  );

  it('OpenD6 "Wounds Healing": rest and a Strength roll of 6 heal Wounded; a Critical Failure worsens it', async () => {
    const seen = new Set<number>();
    const resting = table([actor('ana', sheet({ wounds: 2 }))]);
    for (const seed of SEEDS) {
      const order = heal({ patientId: 'ana', method: 'natural' });
      const { value, dice } = await drawn<Applied>(rules, 'apply', [order, resting], seed);
      const wounds = changed(value)['actors ana data.wounds'] as number;
      // Full Strength, 3D, no wound penalty; a Critical Failure's total does not matter.
      const expected = dice[0] === 1 ? 3 : sum(dice) >= 6 ? 0 : 2;
      expect(wounds).toBe(expected);
      seen.add(wounds);
    }
    expect(seen).toEqual(new Set([0, 2, 3]));
  });

  it('OpenD6 "Wounds Healing": twice the rest adds 1D, working through it takes 1D', async () => {
    const resting = table([actor('ana', sheet({ wounds: 4 }))]);
    for (const [rest, rolled] of [
      ['extra', '4D'],
      ['active', '2D'],
    ] as const) {
      const ruled = await rules.ruling(
        heal({ patientId: 'ana', method: 'natural', rest }),
        resting,
        {
          seed: 'a1',
        },
      );
      expect(resultOf(ruled)).toMatchObject({ rolled });
    }
  });

  it('OpenD6 "Wounds Healing": a minute of rest ends a stun, with no roll', async () => {
    const stunned = table([actor('ana', sheet({ wounds: 1 }))]);
    const outcome = await rules.call(
      'apply',
      [heal({ patientId: 'ana', method: 'natural' }), stunned],
      {
        seed: 'a1',
      },
    );
    expect(outcome.ok && changed(outcome.value)['actors ana data.wounds']).toBe(0);
    expect(outcome.draws).toEqual([]);
  });

  it.each([
    [
      'the dead',
      { patientId: 'gone', healerId: 'ana' },
      'Gone is dead: no healing brings the dead back',
    ],
    ['someone unhurt', { patientId: 'ana' }, 'Ana is not hurt'],
    [
      'with a healer the player does not control',
      { patientId: 'merc', healerId: 'merc' },
      'you do not control Merc',
    ],
    [
      'natural healing of another',
      { patientId: 'merc', method: 'natural' },
      'you do not control Merc',
    ],
    [
      'a method OpenD6 lacks',
      { patientId: 'merc', method: 'prayer' },
      'method is "medicine" or "natural"',
    ],
  ])('refuses healing %s', async (_what, payload, reason) => {
    const where = table([ana, merc, actor('gone', sheet({ wounds: 6 }), [], 'npc')]);
    expect(await rules.validate(heal(payload), where)).toEqual({ ok: false, reason });
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('apply', [heal({ patientId: 'merc', healerId: 'ana' }), state], {
      seed: 'cafe',
    });
  });
});

describe('intents the module does not know', () => {
  it('refuses them, naming its own', async () => {
    expect(await rules.validate(intent('opend6:fly', {}), state)).toEqual({
      ok: false,
      reason:
        'OpenD6 knows no "opend6:fly" intent (its own are opend6:attack, opend6:resist, opend6:defend, opend6:spend-cp, opend6:spend-fp, opend6:heal)',
    });
  });

  it('accepts core intents it has no rule on', async () => {
    expect(await rules.validate(intent('chat.command', { name: 'd6', text: '3D' }), state)).toEqual(
      { ok: true },
    );
  });

  it('refuses a payload that is not an object', async () => {
    expect(await rules.validate(intent('opend6:spend-fp', 'ana'), state)).toEqual({
      ok: false,
      reason: 'opend6:spend-fp needs a payload object',
    });
  });
});

describe('chat commands', () => {
  it('lists its commands', () => {
    expect(rules.commands.map((command) => command.name)).toEqual([
      'd6',
      'attack',
      'resist',
      'defend',
      'cp',
      'fp',
      'heal',
    ]);
  });

  it('/d6 rolls a code against a difficulty, passed as an option beside the notation', async () => {
    const asked = await rules.command('d6', { text: '4D+2 moderate', actor: ana });
    expect(asked).toEqual({
      roll: { notation: '4D+2', label: 'Ana', options: { difficulty: 15 } },
    });
    expect(await rules.command('d6', { text: '3D+3' })).toEqual({ roll: { notation: '4D' } });
    // The table rolls it as the roll hook's request: the options beside notation and label.
    const request = { ...asked.roll?.options, notation: '4D+2', label: 'Ana' };
    expect(await rules.roll(request, { seed: 'ab' })).toMatchObject({
      label: 'Ana',
      difficulty: { value: 15, level: 'Moderate' },
    });
  });

  it('reads "vs" in a notation players type themselves (/r 4D+2 vs 15)', async () => {
    expect(await rules.roll({ notation: '4D+2 vs 15' }, { seed: 'ab' })).toMatchObject({
      difficulty: { value: 15, level: 'Moderate' },
    });
  });

  it('/d6 explains a malformed code', async () => {
    expect(await rules.command('d6', { text: '3d8' })).toEqual({
      message:
        'the code "3d8": OpenD6 rolls six-sided dice only, not d8. Usage: /d6 <code> [difficulty], e.g. /d6 3D+2 15',
    });
  });

  it('/attack asks for an attack with the character spoken as', async () => {
    expect(
      await rules.command('attack', {
        text: 'merc energy pistol range medium cp 1 actions 2',
        actor: ana,
      }),
    ).toEqual({
      message: 'Ana attacks merc with energy pistol.',
      intent: {
        kind: 'opend6:attack',
        payload: {
          attackerId: 'ana',
          targetId: 'merc',
          weapon: 'energy pistol',
          range: 'medium',
          actions: 2,
          characterPoints: 1,
        },
      },
    });
    expect(await rules.command('attack', { text: 'merc' })).toEqual({
      message:
        'select the character you speak as first. Usage: /attack <target id> [weapon] [range short] [cover 3] [actions 2] [cp 1] [fp]',
    });
  });

  it.each([
    [
      'resist',
      '18 stun',
      { kind: 'opend6:resist', payload: { actorId: 'ana', damage: 18, stun: true } },
    ],
    [
      'defend',
      'full',
      { kind: 'opend6:defend', payload: { actorId: 'ana', skill: 'dodge', full: true } },
    ],
    [
      'cp',
      '1 last',
      { kind: 'opend6:spend-cp', payload: { actorId: 'ana', points: 1, addTo: 'last' } },
    ],
    [
      'cp',
      '2 13 moderate',
      {
        kind: 'opend6:spend-cp',
        payload: { actorId: 'ana', points: 2, addTo: { total: 13, difficulty: 15 } },
      },
    ],
    [
      'cp',
      '1 roll 4D+1 15',
      {
        kind: 'opend6:spend-cp',
        payload: { actorId: 'ana', points: 1, roll: { notation: '4D+1', difficulty: 15 } },
      },
    ],
    ['fp', '', { kind: 'opend6:spend-fp', payload: { actorId: 'ana' } }],
    [
      'fp',
      '4D+2 difficult',
      {
        kind: 'opend6:spend-fp',
        payload: { actorId: 'ana', roll: { notation: '4D+2', difficulty: 20 } },
      },
    ],
    [
      'heal',
      'merc kit +1D',
      {
        kind: 'opend6:heal',
        payload: { patientId: 'merc', healerId: 'ana', method: 'medicine', kit: '+1D' },
      },
    ],
    [
      'heal',
      'rest extra',
      { kind: 'opend6:heal', payload: { patientId: 'ana', method: 'natural', rest: 'extra' } },
    ],
  ])('/%s %s asks for the intent', async (name, text, wanted) => {
    const result = await rules.command(name, { text, actor: ana });
    expect(result.intent).toEqual(wanted);
    // The intent it asks for is one validate accepts in a fitting situation.
    const last = { kind: 'roll', total: 10, characterPoints: 0, fatePoint: false, text: '' };
    const where = inCombat(
      table([actor('ana', sheet({ wounds: name === 'heal' ? 2 : 0, lastRoll: last })), merc], {
        ana: [0, 0],
        merc: [400, 0],
      }),
    );
    const asked = wanted as { kind: string; payload: JsonObject };
    expect(await rules.validate(intent(asked.kind, asked.payload), where)).toEqual({ ok: true });
  });

  it('/cp explains what it needs', async () => {
    expect(await rules.command('cp', { text: 'lots', actor: ana })).toEqual({
      message:
        'give the number of Character Points. Usage: /cp 1 | /cp 1 last | /cp 2 13 moderate | /cp 1 roll 4D+1 15',
    });
  });
});
