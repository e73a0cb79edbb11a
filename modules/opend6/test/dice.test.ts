/**
 * Die codes and rolls (OpenD6 "Game Basics": "Rolling Dice", "Wild Die", "Character Points",
 * "Fate Points", "Multi-action Penalty"; "Using Skills": "Choosing Difficulties"), run in the
 * real sandbox. Every roll is checked against the dice it drew, over a fixed list of seeds,
 * and the seeds are shown to cover the cases (explosions, Critical Failures) so no test passes
 * by luck.
 */
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Card, drawn, GM, intent, MODULE_DIR, SEEDS, table } from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/**
 * What a roll must come to, worked out here from the faces drawn: the Wild Die's chain first,
 * then the normal dice, then one chain per Character Point.
 */
function expected(
  dice: number[],
  count: number,
  pips: number,
  cp: number,
  rule: 'remove' | 'flag',
) {
  const chain = (from: number) => {
    let end = from;
    while (dice[end] === 6) end++;
    return dice.slice(from, end + 1);
  };
  const wild = count > 0 ? chain(0) : [];
  const normal = dice.slice(wild.length, wild.length + Math.max(0, count - 1));
  let at = wild.length + normal.length;
  const points: number[][] = [];
  for (let i = 0; i < cp; i++) {
    const one = chain(at);
    points.push(one);
    at += one.length;
  }
  expect(at, 'every die drawn is accounted for').toBe(dice.length);
  const critical = wild[0] === 1;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const cpTotal = sum(points.map(sum));
  if (critical && rule === 'remove') {
    const highest = normal.length === 0 ? 0 : Math.max(...normal);
    return { wild, normal, points, critical, total: sum(normal) - highest + cpTotal + pips };
  }
  return { wild, normal, points, critical, total: sum(wild) + sum(normal) + cpTotal + pips };
}

describe('die codes', () => {
  it.each([
    ['3D+1+0D+2', '4D'],
    ['3D+3', '4D'],
    ['3D+5', '4D+2'],
    ['4D-1', '3D+2'],
    ['3d6+2', '3D+2'],
    [' 2 D + 1 ', '2D+1'],
    ['3D+1++1D', '4D+1'],
    ['0D+2', '0D+2'],
  ])('OpenD6 "Skills": three pips make a die, so %s is %s', async (notation, code) => {
    const card = (await rules.roll({ notation }, { seed: 'ab' })) as unknown as Card;
    expect(card.code).toBe(code);
  });

  it.each([
    ['', 'the roll is empty: write it like "3D+2"'],
    ['D+2', 'the roll "D+2": a die code starts with its number of dice ("1D", not "D")'],
    ['3D+', 'the roll "3D+" ends with a sign: add dice or pips after it'],
    ['3d8', 'the roll "3d8": OpenD6 rolls six-sided dice only, not d8'],
    ['3.5D', 'the roll "3.5D": dice and pips are whole numbers'],
    ['3X', 'the roll "3X" cannot contain "X": write it like "3D+2"'],
    ['2', 'the roll "2" has no dice: write "2D" for dice or "0D+2" for pips'],
    ['101D', 'the roll "101D" has more than 100D'],
    ['1D-2D', 'the roll "1D-2D" comes to less than 0D'],
    [
      '1D+2-1D',
      'the roll "1D+2-1D" leaves no dice: a character cannot rely on a skill or attribute reduced to zero',
    ],
    ['3D vs 5 vs 6', '"3D vs 5 vs 6" has "vs" twice'],
    [
      '3D vs tricky',
      '"tricky" is not a difficulty: give a number or one of very easy, easy, moderate, difficult, very difficult, heroic',
    ],
  ])('refuses the malformed code "%s", saying why', async (notation, reason) => {
    const outcome = await rules.call('roll', [{ notation }], { seed: 'ab' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(`RangeError: ${reason}`);
    expect(outcome.draws).toEqual([]);
    // The same request as a roll intent is refused by validate, before any die is drawn.
    const state = table([]);
    expect(await rules.validate(intent('roll', { notation }), state)).toEqual({
      ok: false,
      reason,
    });
  });
});

describe('the Wild Die', () => {
  it('OpenD6 "Wild Die": 3D+1 is two regular dice and one Wild Die, plus one pip', async () => {
    const seen = { exploded: 0, critical: 0 };
    for (const seed of SEEDS) {
      const { value, dice } = await drawn<Card>(rules, 'roll', [{ notation: '3D+1' }], seed);
      const want = expected(dice, 3, 1, 0, 'remove');
      expect(value.dice.wild?.rolls).toEqual(want.wild);
      expect(value.dice.normal).toEqual(want.normal);
      expect(value.total).toBe(want.total);
      expect(value.criticalFailure).toBe(want.critical);
      expect(value.criticalSuccess).toBe(want.wild[0] === 6);
      if (want.wild.length > 1) seen.exploded++;
      if (want.critical) seen.critical++;
    }
    // The fixed seeds cover both special cases (this cannot flake: the seeds never change).
    expect(seen.exploded).toBeGreaterThan(5);
    expect(seen.critical).toBeGreaterThan(5);
  });

  it('OpenD6 "Wild Die": with only 1D to roll, that die is the Wild Die', async () => {
    for (const seed of SEEDS.slice(0, 30)) {
      const { value, dice } = await drawn<Card>(rules, 'roll', [{ notation: '1D' }], seed);
      expect(value.dice.normal).toEqual([]);
      expect(value.dice.wild?.rolls).toEqual(dice);
      // A Critical Failure on 1D removes the Wild Die, and there is no other die to remove.
      expect(value.total).toBe(dice[0] === 1 ? 0 : dice.reduce((a, b) => a + b, 0));
    }
  });

  it('OpenD6 "Wild Die": a 6 adds and rolls again for as long as sixes come', async () => {
    const chains: number[][] = [];
    for (const seed of SEEDS) {
      const { value, dice } = await drawn<Card>(rules, 'roll', [{ notation: '2D' }], seed);
      const wild = value.dice.wild as NonNullable<Card['dice']['wild']>;
      expect(dice.slice(0, wild.rolls.length)).toEqual(wild.rolls);
      expect(wild.rolls.slice(0, -1).every((face) => face === 6)).toBe(true);
      expect(wild.rolls.at(-1)).not.toBe(6);
      expect(wild.total).toBe(wild.rolls.reduce((a, b) => a + b, 0));
      if (wild.rolls.length > 2) chains.push(wild.rolls);
    }
    expect(chains.length).toBeGreaterThan(0); // some seed rolled 6, 6, … in a row
  });

  it('OpenD6 "Wild Die" option 1: a Critical Failure cancels the Wild Die and the highest die', async () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const { value, dice } = await drawn<Card>(rules, 'roll', [{ notation: '4D+2' }], seed);
      if (dice[0] !== 1) continue;
      const normal = dice.slice(1);
      const highest = Math.max(...normal);
      expect(value.removed).toEqual([
        { die: 'wild', index: 0, value: 1 },
        { die: 'normal', index: normal.indexOf(highest), value: highest },
      ]);
      expect(value.total).toBe(normal.reduce((a, b) => a + b, 0) - highest + 2);
      expect(value.complication).toBe(false);
      expect(value.text).toContain('wild [~~1~~]');
      expect(value.text).toContain(`~~${highest}~~`);
      expect(value.text).toContain('Critical Failure: the Wild Die and the highest die removed');
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('OpenD6 "Wild Die" option 2: the total stands and a complication is flagged', async () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const request = { notation: '4D+2', criticalFailure: 'flag' };
      const { value, dice } = await drawn<Card>(rules, 'roll', [request], seed);
      expect(value.total).toBe(expected(dice, 4, 2, 0, 'flag').total);
      expect(value.complication).toBe(dice[0] === 1);
      expect(value.removed).toEqual([]);
      if (dice[0] === 1) {
        expect(value.text).toContain('Critical Failure: a complication');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('OpenD6 "Wild Die" note: a 1 on a later toss of the Wild Die is no complication', async () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const { value, dice } = await drawn<Card>(rules, 'roll', [{ notation: '3D' }], seed);
      const wild = value.dice.wild as NonNullable<Card['dice']['wild']>;
      if (wild.rolls[0] !== 6 || wild.rolls.at(-1) !== 1) continue;
      expect(value.criticalFailure).toBe(false);
      expect(value.removed).toEqual([]);
      expect(value.total).toBe(dice.reduce((a, b) => a + b, 0));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('difficulties', () => {
  it.each([
    [0, 'Automatic'],
    [5, 'Very Easy'],
    [6, 'Easy'],
    [10, 'Easy'],
    [11, 'Moderate'],
    [15, 'Moderate'],
    [20, 'Difficult'],
    [25, 'Very Difficult'],
    [30, 'Heroic'],
    [31, 'Legendary'],
  ])('OpenD6 "Standard Difficulties": %i is %s', async (value, level) => {
    const card = (await rules.roll(
      { notation: `2D vs ${value}` },
      { seed: 'ab' },
    )) as unknown as Card;
    expect(card.difficulty).toEqual({ value, level });
  });

  it.each([
    ['very easy', 5],
    ['Easy', 10],
    ['moderate', 15],
    ['DIFFICULT', 20],
    ['very-difficult', 25],
    ['heroic', 30],
  ])(
    'OpenD6 "Standard Difficulties": "%s" stands for the top of its range, %i',
    async (name, value) => {
      const card = (await rules.roll(
        { notation: '3D', difficulty: name },
        { seed: 'ab' },
      )) as unknown as Card;
      expect(card.difficulty?.value).toBe(value);
    },
  );

  it('OpenD6 "Using Skills": a total that meets or beats the difficulty succeeds', async () => {
    const verdicts = new Set<boolean>();
    for (const seed of SEEDS.slice(0, 60)) {
      const { value } = await drawn<Card>(rules, 'roll', [{ notation: '3D+1 vs 11' }], seed);
      expect(value.success).toBe(value.total >= 11);
      expect(value.margin).toBe(value.total - 11);
      expect(value.text).toMatch(/ vs Moderate 11: (success by \d+|failure by \d+)/);
      verdicts.add(value.success as boolean);
    }
    expect(verdicts).toEqual(new Set([true, false]));
  });

  it('OpenD6 "Opposed Difficulties": the higher total wins, ties go to the initiator', async () => {
    const first = (await rules.roll({ notation: '3D' }, { seed: 'ab' })) as unknown as Card;
    const tie = { notation: '3D', opposed: first.total };
    expect(await rules.roll(tie, { seed: 'ab' })).toMatchObject({ success: true, margin: 0 });
    expect(await rules.roll({ ...tie, initiator: false }, { seed: 'ab' })).toMatchObject({
      success: false,
    });
  });
});

describe('bonuses, penalties and points on a roll', () => {
  it('OpenD6 "Rolling Dice": a +1D bonus adds a die (a 4D lifting with a shovel rolls five)', async () => {
    const { value, dice } = await drawn<Card>(
      rules,
      'roll',
      [{ notation: '4D', modifier: '+1D' }],
      SEEDS[0] as string,
    );
    expect(value.rolled).toBe('5D');
    expect(value.dice.normal).toHaveLength(4);
    expect(value.total).toBe(expected(dice, 5, 0, 0, 'remove').total);
  });

  it('OpenD6 "Rolling Dice": a +2 bonus adds to the total, not to the dice', async () => {
    const card = (await rules.roll(
      { notation: '3D+2', modifier: '+2' },
      { seed: 'ab' },
    )) as unknown as Card;
    expect(card.rolled).toBe('3D+4');
    expect(card.pips).toBe(4);
  });

  it('OpenD6 "Fate Points": 4D+2 doubled is seven regular dice, one Wild Die and four pips', async () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const { value, dice } = await drawn<Card>(
        rules,
        'roll',
        [{ notation: '4D+2', fatePoint: true }],
        seed,
      );
      expect(value.rolled).toBe('8D+4');
      expect(value.dice.normal).toHaveLength(7);
      expect(value.total).toBe(expected(dice, 8, 4, 0, 'remove').total);
      expect(value.text).toContain('Fate Point: dice doubled');
    }
  });

  it('OpenD6 "Fate Points": the code is doubled before a bonus is added (equipment is not doubled)', async () => {
    const card = (await rules.roll(
      { notation: '3D', fatePoint: true, modifier: '+1D' },
      { seed: 'ab' },
    )) as unknown as Card;
    expect(card.rolled).toBe('7D');
  });

  it('OpenD6 "Character Points": each adds a die that explodes on 6 and whose 1 is only a 1', async () => {
    const seen = { cpOne: 0, cpSix: 0 };
    for (const seed of SEEDS) {
      const request = { notation: '3D', characterPoints: 2 };
      const { value, dice } = await drawn<Card>(rules, 'roll', [request], seed);
      const want = expected(dice, 3, 0, 2, 'remove');
      expect(value.dice.characterPoints.map((chain) => chain.rolls)).toEqual(want.points);
      expect(value.total).toBe(want.total);
      // A Character Point die's 1 never removes anything: only the Wild Die's first roll does.
      expect(value.removed.length > 0).toBe(want.critical);
      for (const chain of want.points) {
        if (chain[0] === 1) seen.cpOne++;
        if (chain[0] === 6) seen.cpSix++;
      }
    }
    expect(seen.cpOne).toBeGreaterThan(5);
    expect(seen.cpSix).toBeGreaterThan(5);
  });

  it('OpenD6 "Improving a Roll": Character Points and a Fate Point do not go on one roll', async () => {
    const outcome = await rules.call(
      'roll',
      [{ notation: '3D', characterPoints: 1, fatePoint: true }],
      { seed: 'ab' },
    );
    expect(outcome.ok).toBe(false);
    // …except in a cinematic moment the GM allows.
    const cinematic = { notation: '3D', characterPoints: 1, fatePoint: true, cinematic: true };
    expect(await rules.roll(cinematic, { seed: 'ab' })).toMatchObject({ rolled: '6D' });
  });

  it('OpenD6 "Multi-action Penalty": four actions take 3D off each roll', async () => {
    const card = (await rules.roll(
      { notation: '5D+1', actions: 4 },
      { seed: 'ab' },
    )) as unknown as Card;
    expect(card.rolled).toBe('2D+1');
    expect(card.dice.normal).toHaveLength(1);
  });

  it('OpenD6 "Multi-action Penalty": a skill reduced to zero cannot be relied on', async () => {
    const outcome = await rules.call('roll', [{ notation: '2D+2', actions: 3 }], { seed: 'ab' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.message).toBe(
        'RangeError: 2D+2 less 2D leaves no dice: a character cannot rely on a skill or attribute reduced to zero',
      );
    }
  });

  it('writes a roll card line with every die', async () => {
    const { value, dice } = await drawn<Card>(
      rules,
      'roll',
      [{ notation: '3D+2 vs 10', label: 'Dodge' }],
      SEEDS[3] as string,
    );
    const want = expected(dice, 3, 2, 0, 'remove');
    const wild = want.wild.map((face) => (face === 6 ? '6!' : `${face}`)).join(', ');
    expect(value.text.startsWith(`Dodge: 3D+2: [${want.normal.join(', ')}] wild [`)).toBe(true);
    expect(value.text).toContain(wild);
    expect(value.text).toContain(`= ${value.total} vs Easy 10`);
  });

  it('is deterministic: the same request and seed give the same dice on every peer', async () => {
    await rules.checkDeterminism(
      'roll',
      [{ notation: '5D+2 vs heroic', characterPoints: 2, actions: 2 }],
      { seed: 'feed' },
    );
  });
});

describe('roll intents', () => {
  const ana = {
    id: 'ana',
    type: 'character',
    name: 'Ana',
    owners: ['u-ana'],
    data: { attributes: {}, criticalFailure: 'remove', fatePoints: 1, characterPoints: 3 },
  };
  const state = table([ana]);
  const protocol = {
    rollId: 'r1',
    playerNonce: 'aa'.repeat(16),
    chainHead: 'bb'.repeat(32),
    engine: 1,
  };

  it('accepts a roll request with the protocol fields beside the module options', async () => {
    const request = { notation: '3D+1 vs moderate', actions: 2, ...protocol };
    expect(await rules.validate(intent('roll', request), state)).toEqual({ ok: true });
  });

  it.each([
    [
      'Character Points, which only opend6:spend-cp takes off the sheet',
      { notation: '3D', characterPoints: 1, actorId: 'ana' },
      'spend Character Points with /cp (opend6:spend-cp), which takes them off the sheet',
    ],
    [
      'a Fate Point, which only opend6:spend-fp takes off the sheet',
      { notation: '3D', fatePoint: true, actorId: 'ana' },
      'spend a Fate Point with /fp (opend6:spend-fp), which takes it off the sheet',
    ],
    [
      "a player's choice of the Critical Failure rule",
      { notation: '3D', criticalFailure: 'flag', actorId: 'ana' },
      'the GM chooses what a Critical Failure does (here: remove)',
    ],
    [
      'a character that does not exist',
      { notation: '3D', actorId: 'nobody' },
      'there is no character "nobody"',
    ],
  ])('refuses a roll with %s', async (_what, request, reason) => {
    expect(await rules.validate(intent('roll', request), state)).toEqual({ ok: false, reason });
  });

  it('lets the GM choose the Critical Failure rule of a roll', async () => {
    const request = { notation: '3D', criticalFailure: 'flag', actorId: 'ana' };
    expect(await rules.validate(intent('roll', request, GM), state)).toEqual({ ok: true });
  });

  it('lets a roll double while a Fate Point spent for the round is active', async () => {
    const doubling = { ...ana, data: { ...ana.data, fateActive: true } };
    const request = { notation: '3D', fatePoint: true, actorId: 'ana' };
    expect(await rules.validate(intent('roll', request), table([doubling]))).toEqual({ ok: true });
  });
});
